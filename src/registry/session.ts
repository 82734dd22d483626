/**
 * One registry's session: ping once, authenticate with what the ping's challenge asks for, then
 * send every request with auth (a 401 refreshes the token once), counted, and retried where the
 * operation is safe to repeat. The operations (manifests.ts, blobs.ts, upload-sequence.ts) build on it.
 */
import { Readable } from 'node:stream';
import { type RegistryError, TransportError, isServerFailure, withHint } from '../model/errors';
import { type Logger } from '../model/logger';
import { RegistryAuth, repoScope } from './auth';
import { type Credential, type CredentialAccess, type CredentialStore } from './credentials';
import { type HostSettings, hostSettings, plainHttpAllowedTo } from './hosts';
import { type Edge, insecureStep, unauthorizedHint } from './login-hint';
import { type Endpoint, ping } from './ping';
import { describeRateLimit } from './rate-limit';
import { policies } from './policies';
import { type RetryPolicy, isRetryable, retryWith } from './retry';
import { statusError } from './status-hint';
import { type HttpRequest, type HttpResponse, MAX_SOCKETS, type Transport } from './transport';
import { warmUp } from './warm-up';

export interface ClientOptions {
  transport: Transport;
  credentials: CredentialStore;
  /** The `insecure` input: skip verification and allow plain HTTP (see hosts.ts). */
  insecure: boolean;
  log: Logger;
  retry?: RetryPolicy;
  /** Which edge runs, for the words of a hint (docker/login-action, or docker login HOST). */
  edge?: Edge;
  /** docker's certs.d base directory, for hints. */
  certsDir?: string;
  /** Aborted when the run is over (failed or done): waits end, no new request starts. */
  signal?: AbortSignal;
}

/** One request of an operation, before auth. */
export interface RegistryRequest {
  method: HttpRequest['method'];
  /** Path below /v2/, or an absolute URL (upload locations). */
  path: string;
  scopes: string[];
  headers?: Record<string, string>;
  body?: Buffer | string | Readable;
  stream?: boolean;
  maxBytes?: number;
}

/** The endpoint, set up once; authentication is per credential (see authFor). */
interface Connection {
  ep: Endpoint;
  /** ep.base's host: what an absolute URL (an upload Location) must name to get credentials. */
  host: string;
}

/** The repository and access a request's scopes name: the first push scope's, else the first one's. */
export function scopeRepository(scopes: string[]): { repository: string; access: CredentialAccess } {
  const parsed = scopes.map((s) => /^repository:(.+):([^:]*)$/.exec(s)).filter((m) => m !== null);
  // Deleting is a right beyond pushing: the credential for pushing is the one to ask with.
  const push = parsed.find((m) => m[2].split(',').some((a) => a === 'push' || a === 'delete' || a === '*'));
  const m = push ?? parsed[0];
  return { repository: m?.[1] ?? '', access: push ? 'push' : 'pull' };
}

export class RegistrySession {
  private connection?: Promise<Connection>;
  /** One authentication per credential the lookup gives (most runs: one per registry). */
  private readonly auths = new Map<string, RegistryAuth>();
  /** The credential each response was sent with, for the words of its error. */
  private readonly sentWith = new WeakMap<HttpResponse, Credential | undefined>();
  /** Requests sent, for the debug log and the benchmark. */
  requests = 0;
  /** The rate-limit headers are logged once per run. */
  private rateLimitLogged = false;
  /** This registry's host settings: scheme, TLS, plain HTTP (one value, decided once). */
  readonly host: HostSettings;
  /** Connections to open while the token is fetched (see warm-up.ts). */
  private parallel = 1;

  constructor(
    /** Registry as users name it (docker.io, ghcr.io, 127.0.0.1:5000). */
    readonly registry: string,
    private readonly opts: ClientOptions
  ) {
    this.host = hostSettings(registry, opts.insecure);
  }

  get log(): Logger {
    return this.opts.log;
  }

  /**
   * Declare the repositories this run touches, so one token covers every request. `parallel`:
   * how many requests the run's first waves send here at once (connections worth opening early).
   */
  async declareScopes(pull: string[], push: string[], parallel = 1): Promise<void> {
    this.parallel = Math.max(this.parallel, Math.min(parallel, MAX_SOCKETS));
    await this.connect();
    const wanted: Array<[string, CredentialAccess]> = [
      ...pull.map((r): [string, CredentialAccess] => [r, 'pull']),
      ...push.map((r): [string, CredentialAccess] => [r, 'push'])
    ];
    for (const [repository, access] of wanted)
      (await this.authFor(repository, access)).addRunScopes([repoScope(repository, access)]);
  }

  /** Ping once, then authenticate with what the ping's challenge asks for; shared by every request. */
  private connect(): Promise<Connection> {
    this.connection ??= (async () => {
      warmUp(this.opts.transport, this.host, this.parallel, () => this.requests++, this.opts.signal);
      // The docker config is read while the ping is out (a cold process's first file read also
      // starts libuv's thread pool); credential helpers run only after it, as before.
      this.opts.credentials.preload();
      const ep = await this.pinged();
      this.log.debug(`${this.registry}: ${ep.base}`);
      return { ep, host: new URL(ep.base).host };
    })();
    return this.connection;
  }

  /**
   * The authentication for a repository and access: the credential store's answer for them
   * (first match wins, see credentials/lookup.ts), one RegistryAuth per distinct credential, so
   * one token still covers every repository that credential serves.
   */
  private async authFor(repository: string, access: CredentialAccess): Promise<RegistryAuth> {
    const { ep } = await this.connect();
    const credential = await this.opts.credentials.lookup(this.registry, repository, access);
    const key = credential ? credential.from : '';
    let auth = this.auths.get(key);
    if (!auth) {
      this.log.debug(`${this.registry}: ${credential ? `credentials from ${credential.from}` : 'anonymous'}`);
      auth = new RegistryAuth({
        registry: this.registry,
        transport: this.opts.transport,
        credential,
        skipVerify: ep.skipVerify,
        plainHttpAllowed: (host) => plainHttpAllowedTo(this.host, host),
        onSecret: (s) => this.log.secret(s),
        debug: (m) => this.log.debug(m),
        unauthorizedHint: () => this.unauthorizedHint(credential),
        insecureStep: insecureStep(this.opts.edge)
      });
      if (ep.ping.status === 401) auth.setChallenge(ep.ping.headers['www-authenticate']);
      this.auths.set(key, auth);
    }
    return auth;
  }

  private unauthorizedHint(credential: Credential | undefined): string {
    return unauthorizedHint(this.registry, credential, this.opts.edge, this.opts.credentials.searched());
  }

  /** The ping, retried; an unreachable registry said as such. */
  private pinged(): Promise<Endpoint> {
    return this.retry(`ping ${this.registry}`, () =>
      ping(this.opts.transport, this.host, (m) => this.log.warning(m), this.opts.signal, {
        insecure: insecureStep(this.opts.edge),
        certsDir: this.opts.certsDir ?? '/etc/docker/certs.d'
      })
    ).catch((err) => {
      if (err instanceof TransportError && isRetryable(err)) {
        throw new TransportError(
          `registry ${this.registry} is unreachable (${err.message}, after retries): check the host and port, and that it is up and reachable from the runner`,
          err.code
        );
      }
      throw err;
    });
  }

  /** One request with auth; a 401 refreshes the token once. Not retried here. */
  async send(request: RegistryRequest): Promise<HttpResponse> {
    if (this.opts.signal?.aborted)
      throw new TransportError(`${this.registry}: the run has already failed`, 'CANCELLED');
    const { ep, host } = await this.connect();
    const { repository, access } = scopeRepository(request.scopes);
    const auth = await this.authFor(repository, access);
    const absolute = /^https?:\/\//.test(request.path);
    const url = absolute ? request.path : `${ep.base}/v2/${request.path}`;
    // Credentials belong to the registry's own host: an upload Location elsewhere gets none.
    const onRegistryHost = !absolute || new URL(url).host === host;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...(request.headers ?? {}) };
      const authorization = onRegistryHost ? await auth.header(request.scopes) : undefined;
      if (authorization) headers.Authorization = authorization;
      this.requests++;
      const res = await this.opts.transport.request({
        method: request.method,
        url,
        headers,
        body: request.body,
        skipVerify: ep.skipVerify,
        stream: request.stream,
        maxBytes: request.maxBytes,
        signal: this.opts.signal
      });
      this.sentWith.set(res, auth.credential);
      this.log.debug(`${request.method} ${url} → ${res.status}`);
      this.noteRateLimit(res);
      // A stream body cannot be sent twice; the caller's retry restarts the whole operation.
      if (
        res.status === 401 &&
        onRegistryHost &&
        attempt === 0 &&
        !(request.body instanceof Readable) &&
        auth.unauthorized(res, request.scopes)
      )
        continue;
      return res;
    }
  }

  /** Docker Hub's pull allowance (`RateLimit-Remaining`), said once per run and registry. */
  private noteRateLimit(res: HttpResponse): void {
    if (this.rateLimitLogged) return;
    const note = describeRateLimit(res.headers);
    if (!note) return;
    this.rateLimitLogged = true;
    this.log.info(`${this.registry}: ${note}`);
  }

  /** Retry an operation that is safe to repeat under a named policy (default policies.request). */
  retry<T>(what: string, op: (attempt: number) => Promise<T>, named: RetryPolicy = policies.request): Promise<T> {
    // Tests shorten every policy at once through opts.retry.
    const policy = this.opts.retry ? { ...named, ...this.opts.retry } : named;
    return retryWith(policy, op, {
      signal: this.opts.signal,
      onRetry: (err, delay, attempt) => {
        // After a fatal error nothing more is said: a request cut short by it is not news.
        if (this.opts.signal?.aborted) return;
        const m = (err as Error).message;
        // The action itself tries again: say so, and when (never "retry the job later" here).
        this.log.info(
          `${m.startsWith(what) ? m : `${what}: ${m}`}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.attempts})`
        );
      },
      // A server error that outlived the retries: the registry failed, said with its own words.
      onGiveUp: (err, attempts) =>
        isServerFailure(err) ? withHint(err, `; ${this.registry} failed ${attempts} times in a row`) : err
    });
  }

  /** A RegistryError for an unexpected status, with every error the registry's body gives. */
  error(res: HttpResponse, what: string): RegistryError {
    const credential = this.sentWith.get(res);
    return statusError(res, what, this.registry, () => this.unauthorizedHint(credential), credential);
  }
}
