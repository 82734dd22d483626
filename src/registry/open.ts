/**
 * The run's registries, opened from the settings the edge read: one transport (user agent,
 * timeout, certificate directories, the toolkit's agents) and docker's credentials, every secret
 * masked. Shared by publish and inspect.
 */
import { type Logger } from '../model/logger';
import { type Settings } from '../model/settings';
import { toolkitAgents } from './agents';
import { Registries } from './client';
import { CredentialStore } from './credentials';
import { Transport } from './transport';

export const USER_AGENT = 'manifest-fanin/1.0';

export function openRegistries(settings: Settings, insecure: boolean, log: Logger): Registries {
  return new Registries({
    transport: new Transport({
      userAgent: USER_AGENT,
      timeoutMs: settings.timeoutMs,
      certsDir: settings.certsDir,
      agents: toolkitAgents(USER_AGENT)
    }),
    credentials: new CredentialStore(settings.dockerConfig, (s) => log.secret(s)),
    insecure,
    log,
    edge: settings.edge,
    certsDir: settings.certsDir
  });
}
