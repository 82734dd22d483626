/**
 * The run's registries, opened from the settings the edge read: one transport (user agent,
 * timeout, certificate directories, agents direct or through the proxy) and docker's credentials, every secret
 * masked; one client per registry. Shared by publish and inspect.
 */
import { TransportError } from '../model/errors';
import { type InputCredential } from '../model/credential-inputs';
import { type Logger } from '../model/logger';
import { canonicalRegistry } from '../model/reference';
import { type Settings } from '../model/settings';
import { environmentAgents } from './agents';
import { RegistryClient } from './client';
import { CredentialStore } from './credentials';
import { type ClientOptions } from './session';
import { Transport } from './transport';

export const USER_AGENT = 'manifest-fanin/1.0';

export function openRegistries(
  settings: Settings,
  insecure: boolean,
  log: Logger,
  inputs: InputCredential[] = []
): Registries {
  const credentials = new CredentialStore(
    {
      dockerConfig: settings.dockerConfig,
      buildxConfig: settings.buildxConfig,
      dockerAuthConfig: settings.dockerAuthConfig,
      containersAuthFiles: settings.containersAuthFiles,
      inputs
    },
    (s) => log.secret(s)
  );
  return new Registries({
    transport: new Transport({
      userAgent: USER_AGENT,
      timeoutMs: settings.timeoutMs,
      certsDir: settings.certsDir,
      agents: environmentAgents(settings.proxy, settings.timeoutMs)
    }),
    credentials,
    insecure,
    log,
    edge: settings.edge,
    certsDir: settings.certsDir
  });
}

/** One client per registry for the whole run (one ping and one token each). */
export class Registries {
  private readonly clients = new Map<string, RegistryClient>();
  private readonly done = new AbortController();
  private readonly opts: ClientOptions;
  constructor(opts: ClientOptions) {
    this.opts = { ...opts, signal: this.done.signal };
  }

  /** Aborted by dispose(): work still waiting after a failure stops instead of holding the step open. */
  get signal(): AbortSignal {
    return this.done.signal;
  }

  get(name: string): RegistryClient {
    // One client per registry however it is spelled (LOCALHOST:5000 is localhost:5000).
    const registry = canonicalRegistry(name);
    let c = this.clients.get(registry);
    if (!c) {
      c = new RegistryClient(registry, this.opts);
      this.clients.set(registry, c);
    }
    return c;
  }

  get requestCount(): number {
    return [...this.clients.values()].reduce((n, c) => n + c.requests, 0);
  }

  dispose(): void {
    this.done.abort(new TransportError('the run is over', 'CANCELLED'));
    this.opts.transport.dispose();
  }
}
