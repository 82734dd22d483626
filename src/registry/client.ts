import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { IntegrityError, RegistryError, TransportError } from '../model/errors';
import { parseErrorBody } from './error-body';
import { describeRateLimit } from './rate-limit';
import { Logger } from '../model/logger';
import { streamedBytes } from '../util/memory';
import { ACCEPT_MANIFESTS, MAX_MANIFEST_BYTES, sha256 } from '../model/manifest';
import { apiHost } from '../model/reference';
import { RegistryAuth, repoScope } from './auth';
import { CredentialStore } from './credentials';
import { Endpoint, ping } from './ping';
import { DEFAULT_RETRY, RetryPolicy, isRetryable, parseRetryAfter, retrying } from './retry';
import { HttpRequest, HttpResponse, Transport } from './transport';

/** The registry operations the action needs, for one registry, over ping → auth → retry. */
export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

export interface ClientOptions {
  transport: Transport;
  credentials: CredentialStore;
  insecure: boolean;
  log: Logger;
  retry?: RetryPolicy;
  /** Aborted when the run is over (failed or done): waits end, no new request starts. */
  signal?: AbortSignal;
}

interface Call {
  method: HttpRequest['method'];
  /** Path below /v2/, or an absolute URL (upload locations). */
  path: string;
  scopes: string[];
  headers?: Record<string, string>;
  body?: Buffer | string | Readable;
  stream?: boolean;
  maxBytes?: number;
}

/** What to do about an error status, for the failure line. */
function hintFor(status: number, registry: string, retryAfterMs?: number): string {
  if (status === 401) return `log in to ${registry} before this step (docker/login-action) or check the credentials`;
  if (status === 403) return `the credentials for ${registry} lack permission: sources need pull, targets need push`;
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? ` and asks to wait ${formatWait(retryAfterMs)}` : '';
    return `rate limited: ${registry} refuses more requests for now${wait}; log in for a higher limit or retry later`;
  }
  if (status === 431) return `the request's headers were too large for ${registry} (or a proxy in front of it), most likely a token that covers many repositories: publish to fewer repositories per run`;
  if (status === 414) return `the request's URL was too long for ${registry} (or a proxy in front of it)`;
  if (status >= 500) return `${registry} failed; retry the job later`;
  return '';
}

function formatWait(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s >= 7200) return `${Math.round(s / 360) / 10} h`;
  return s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`;
}

/** A status in words where the bare number says little. */
function statusText(status: number): string {
  if (status === 429) return 'HTTP 429 (rate limited)';
  if (status === 431) return 'HTTP 431 (request headers too large)';
  if (status === 414) return 'HTTP 414 (URL too long)';
  return `HTTP ${status}`;
}

const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

export class RegistryClient {
  private endpoint?: Promise<Endpoint>;
  private auth?: RegistryAuth;
  /** Requests sent, for the debug log and the benchmark. */
  requests = 0;
  /** The rate-limit headers are logged once per run. */
  private rateLimitLogged = false;

  constructor(
    /** Registry as users name it (docker.io, ghcr.io, 127.0.0.1:5000). */
    readonly registry: string,
    private readonly opts: ClientOptions
  ) {}

  private get log(): Logger {
    return this.opts.log;
  }

  /** Declare the repositories this run touches, so one token covers every request. */
  async declareScopes(pull: string[], push: string[]): Promise<void> {
    const auth = await this.authFor();
    auth.addRunScopes([...pull.map((r) => repoScope(r, false)), ...push.map((r) => repoScope(r, true))]);
  }

  /** Ping once, then authenticate with what the ping's challenge asks for. */
  private async authFor(): Promise<RegistryAuth> {
    this.endpoint ??= this.retry(`ping ${this.registry}`, () => ping(this.opts.transport, apiHost(this.registry), this.opts.insecure, (m) => this.log.warning(m))).catch((err) => {
      if (err instanceof TransportError && isRetryable(err)) {
        throw new TransportError(
          `registry ${this.registry} is unreachable (${err.message}, after retries): check the host and port, and that it is up and reachable from the runner`,
          err.code
        );
      }
      throw err;
    });
    const ep = await this.endpoint;
    if (!this.auth) {
      const credential = await this.opts.credentials.lookup(this.registry);
      this.log.debug(`${this.registry}: ${ep.base}, ${credential ? `credentials from ${credential.from}` : 'anonymous'}`);
      this.auth = new RegistryAuth({
        registry: this.registry,
        transport: this.opts.transport,
        credential,
        insecure: ep.insecure,
        allowPlainHttp: this.opts.insecure,
        onSecret: (s) => this.log.secret(s),
        debug: (m) => this.log.debug(m)
      });
      if (ep.ping.status === 401) this.auth.setChallenge(ep.ping.headers['www-authenticate']);
    }
    return this.auth;
  }

  /** One request with auth; a 401 refreshes the token once. Not retried here. */
  private async send(call: Call): Promise<HttpResponse> {
    if (this.opts.signal?.aborted) throw new TransportError(`${this.registry}: the run has already failed`, 'CANCELLED');
    const auth = await this.authFor();
    const ep = await this.endpoint!;
    const url = /^https?:\/\//.test(call.path) ? call.path : `${ep.base}/v2/${call.path}`;
    // Credentials belong to the registry's own host: an upload Location elsewhere gets none.
    const own = new URL(url).host === new URL(ep.base).host;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...(call.headers ?? {}) };
      const authorization = own ? await auth.header(call.scopes) : undefined;
      if (authorization) headers.Authorization = authorization;
      this.requests++;
      const res = await this.opts.transport.request({
        method: call.method,
        url,
        headers,
        body: call.body,
        insecure: ep.insecure,
        stream: call.stream,
        maxBytes: call.maxBytes,
        signal: this.opts.signal
      });
      this.log.debug(`${call.method} ${url} → ${res.status}`);
      this.noteRateLimit(res);
      // A stream body cannot be sent twice; the caller's retry restarts the whole operation.
      if (res.status === 401 && own && attempt === 0 && !(call.body instanceof Readable) && auth.unauthorized(res, call.scopes)) continue;
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

  /** Retry transient failures of an operation that is safe to repeat. */
  private retry<T>(what: string, op: () => Promise<T>): Promise<T> {
    return retrying(
      op,
      this.opts.retry ?? DEFAULT_RETRY,
      (err, delay, attempt) => {
        // After a fatal error nothing more is said: a request cut short by it is not news.
        if (this.opts.signal?.aborted) return;
        const m = (err as Error).message;
        this.log.info(`${m.startsWith(what) ? m : `${what}: ${m}`}; retry ${attempt} in ${(delay / 1000).toFixed(1)} s`);
      },
      this.opts.signal
    );
  }

  /** A RegistryError for an unexpected status, with every error the registry's body gives. */
  error(res: HttpResponse, what: string): RegistryError {
    const { errors, said } = parseErrorBody(res.body, res.headers['content-type']);
    const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
    const hint = hintFor(res.status, this.registry, retryAfterMs);
    return new RegistryError(
      `${what}: ${this.registry} answered ${statusText(res.status)}${said ? ` ${said}` : ''}${hint ? `; ${hint}` : ''}`,
      res.status,
      errors[0]?.code,
      retryAfterMs,
      errors
    );
  }

  /** `registry/repo:tag` or `registry/repo@sha256:…`, for messages. */
  private manifestName(repo: string, ref: string): string {
    return `${this.registry}/${repo}${ref.startsWith('sha256:') ? '@' : ':'}${ref}`;
  }

  /** GET a manifest by tag or digest; the digest is verified when asked by digest. */
  getManifest(repo: string, ref: string): Promise<FetchedManifest> {
    const what = `GET manifest ${this.manifestName(repo, ref)}`;
    return this.retry(what, async () => {
      const res = await this.send({ method: 'GET', path: `${repo}/manifests/${ref}`, scopes: [repoScope(repo, false)], headers: { Accept: ACCEPT_MANIFESTS }, maxBytes: MAX_MANIFEST_BYTES });
      if (res.status !== 200) throw this.error(res, what);
      const digest = sha256(res.body);
      const claimed = res.headers['docker-content-digest'];
      const expected = ref.startsWith('sha256:') ? ref : typeof claimed === 'string' && claimed.startsWith('sha256:') ? claimed : undefined;
      if (expected && digest !== expected) {
        throw new IntegrityError(`${what}: the registry sent content whose digest is ${digest}, not ${expected}; refusing it`);
      }
      const mediaType = String(res.headers['content-type'] ?? '').split(';')[0].trim();
      return { bytes: res.body, mediaType, digest };
    });
  }

  /**
   * HEAD a manifest: its digest, or undefined when absent. The spec only says a registry SHOULD
   * send Docker-Content-Digest; where it does not, the digest of a GET's bytes answers instead.
   */
  async headManifest(repo: string, ref: string, push = false): Promise<{ digest: string; mediaType?: string } | undefined> {
    const what = `HEAD manifest ${this.manifestName(repo, ref)}`;
    const head = await this.retry(what, async () => {
      const res = await this.send({ method: 'HEAD', path: `${repo}/manifests/${ref}`, scopes: [repoScope(repo, push)], headers: { Accept: ACCEPT_MANIFESTS } });
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw this.error(res, what);
      const claimed = res.headers['docker-content-digest'];
      // Asked by digest, a 200 says it all.
      const digest = typeof claimed === 'string' && SHA256_DIGEST.test(claimed) ? claimed : ref.startsWith('sha256:') ? ref : undefined;
      return { digest, mediaType: String(res.headers['content-type'] ?? '').split(';')[0].trim() || undefined };
    });
    if (!head || head.digest) return head as { digest: string; mediaType?: string } | undefined;
    this.log.debug(`${what}: the answer has no Docker-Content-Digest; reading the manifest for its digest`);
    try {
      const got = await this.getManifest(repo, ref);
      return { digest: got.digest, mediaType: got.mediaType || head.mediaType };
    } catch (err) {
      // Deleted between the two requests: absent.
      if (err instanceof RegistryError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** PUT a manifest under a tag or its digest; returns the digest the registry computed. */
  putManifest(repo: string, ref: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
    const what = `PUT manifest ${this.manifestName(repo, ref)}`;
    return this.retry(what, async () => {
      const res = await this.send({ method: 'PUT', path: `${repo}/manifests/${ref}`, scopes: [repoScope(repo, true)], headers: { 'Content-Type': mediaType }, body: bytes });
      if (res.status !== 201 && res.status !== 200) throw this.error(res, what);
      const d = res.headers['docker-content-digest'];
      return typeof d === 'string' ? d : undefined;
    });
  }

  /** DELETE a manifest by tag or digest. Returns the status: 202 deleted, 404 absent, else refused. */
  deleteManifest(repo: string, ref: string): Promise<HttpResponse> {
    const what = `DELETE manifest ${this.manifestName(repo, ref)}`;
    return this.retry(what, async () => {
      const res = await this.send({ method: 'DELETE', path: `${repo}/manifests/${ref}`, scopes: [`repository:${repo}:delete`, repoScope(repo, true)] });
      if (res.status >= 500 || res.status === 429) throw this.error(res, what);
      return res;
    });
  }

  /**
   * Whether a repository exists, to tell a missing repository from a missing tag: registries
   * answer a manifest GET with MANIFEST_UNKNOWN for both, and tags/list with 404 for a repository
   * that does not exist (distribution spec, "Listing Tags"). Undefined when it cannot tell.
   */
  async repositoryExists(repo: string): Promise<boolean | undefined> {
    try {
      const res = await this.send({ method: 'GET', path: `${repo}/tags/list?n=1`, scopes: [repoScope(repo, false)], maxBytes: 64 * 1024 });
      return res.status === 200 ? true : res.status === 404 ? false : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether a blob is in this repository. */
  hasBlob(repo: string, digest: string): Promise<boolean> {
    const what = `HEAD blob ${this.registry}/${repo}@${digest}`;
    return this.retry(what, async () => {
      const res = await this.send({ method: 'HEAD', path: `${repo}/blobs/${digest}`, scopes: [repoScope(repo, false)] });
      if (res.status === 200) return true;
      if (res.status === 404) return false;
      throw this.error(res, what);
    });
  }

  /** GET a small blob (a config) into memory, digest verified. */
  getBlob(repo: string, digest: string, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
    const what = `GET blob ${this.registry}/${repo}@${digest}`;
    return this.retry(what, async () => {
      const res = await this.send({ method: 'GET', path: `${repo}/blobs/${digest}`, scopes: [repoScope(repo, false)], maxBytes });
      if (res.status !== 200) throw this.error(res, what);
      if (sha256(res.body) !== digest) throw new IntegrityError(`${what}: content does not match its digest`);
      return res.body;
    });
  }

  /**
   * Cross-repository mount. True when mounted; false when the registry declined (it may answer
   * 202 with an upload session instead, which we cancel so nothing dangles).
   */
  mountBlob(repo: string, digest: string, fromRepo: string): Promise<boolean> {
    const what = `mount blob ${digest} from ${fromRepo} into ${this.registry}/${repo}`;
    return this.retry(what, async () => {
      const path = `${repo}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepo)}`;
      const res = await this.send({ method: 'POST', path, scopes: [repoScope(repo, true), repoScope(fromRepo, false)], headers: { 'Content-Length': '0' } });
      if (res.status === 201) return true;
      if (res.status === 202 && res.headers.location) await this.cancelUpload(res).catch(() => undefined);
      if (res.status >= 500 || res.status === 429) throw this.error(res, what);
      this.log.debug(`${what}: not mounted (HTTP ${res.status}); streaming instead`);
      return false;
    });
  }

  private async cancelUpload(res: HttpResponse): Promise<void> {
    await this.send({ method: 'DELETE', path: new URL(String(res.headers.location), res.url).toString(), scopes: [] });
  }

  /** Open a blob for streaming; the stream must be consumed or destroyed. */
  async openBlob(repo: string, digest: string): Promise<{ stream: Readable; size?: number }> {
    const what = `GET blob ${this.registry}/${repo}@${digest}`;
    return this.retry(what, async () => {
      const res = await this.send({ method: 'GET', path: `${repo}/blobs/${digest}`, scopes: [repoScope(repo, false)], stream: true });
      if (res.status !== 200 || !res.stream) throw this.error(res, what);
      const len = Number(res.headers['content-length']);
      return { stream: res.stream, size: Number.isFinite(len) ? len : undefined };
    });
  }

  /**
   * Upload a blob from a stream the way docker push does, which every registry accepts: POST a
   * session, PATCH the bytes, then PUT ?digest= to commit. The bytes are hashed on the way and
   * the upload is committed only if they match, so a bad blob is never stored. POST and PUT are
   * retried on their own; an interrupted PATCH restarts the upload from a fresh session (`open` is
   * called again).
   */
  uploadBlob(repo: string, digest: string, size: number, open: () => Promise<Readable>): Promise<void> {
    const what = `upload blob ${digest} to ${this.registry}/${repo}`;
    const scopes = [repoScope(repo, true)];
    // The start and the commit retry on their own; when they give up, the whole upload does too.
    const final = (err: unknown) => Object.assign(err as Error, { final: true });
    return this.retry(what, async () => {
      const session = await this.retry(`${what} (start)`, async () => {
        const start = await this.send({ method: 'POST', path: `${repo}/blobs/uploads/`, scopes, headers: { 'Content-Length': '0' } });
        if (start.status !== 202 || !start.headers.location) throw this.error(start, what);
        return new URL(String(start.headers.location), start.url);
      }).catch((err) => {
        throw final(err);
      });

      const source = await open();
      const hash = createHash('sha256');
      let seen = 0;
      const hashing = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          seen += chunk.length;
          streamedBytes(chunk.length);
          if (seen > size) return done(new IntegrityError(`blob ${digest}: the source sent more than the ${size} bytes its descriptor says`));
          done(null, chunk);
        },
        flush(done) {
          // A short body would leave the registry waiting for the rest until the timeout.
          done(seen === size ? null : new IntegrityError(`blob ${digest}: the source ended after ${seen} of ${size} bytes`));
        }
      });
      source.on('error', (err) => hashing.destroy(Object.assign(err, { code: (err as NodeJS.ErrnoException).code ?? 'ECONNRESET' })));
      source.pipe(hashing);
      let patch: HttpResponse;
      try {
        patch = await this.send({ method: 'PATCH', path: session.toString(), scopes, headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) }, body: hashing });
      } catch (err) {
        await this.send({ method: 'DELETE', path: session.toString(), scopes }).catch(() => undefined);
        throw err;
      } finally {
        source.destroy();
      }
      // ECR answers 201 where the spec says 202.
      if (patch.status !== 202 && patch.status !== 201) throw this.error(patch, what);
      const got = `sha256:${hash.digest('hex')}`;
      if (seen !== size || got !== digest) {
        await this.send({ method: 'DELETE', path: session.toString(), scopes }).catch(() => undefined);
        throw new IntegrityError(`blob ${digest}: the source sent ${seen} bytes with digest ${got}, expected ${size} bytes with that digest; refusing to store it`);
      }
      const commit = new URL(String(patch.headers.location ?? session), patch.url);
      commit.searchParams.set('digest', digest);
      await this.retry(`${what} (commit)`, async () => {
        const res = await this.send({ method: 'PUT', path: commit.toString(), scopes, headers: { 'Content-Length': '0' } });
        if (res.status === 201) return;
        // A repeated commit finds its session gone when the first one landed unheard.
        if (res.status === 404 && (await this.hasBlob(repo, digest))) return;
        throw this.error(res, what);
      }).catch((err) => {
        throw final(err);
      });
    });
  }
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
    // Host names are case-insensitive (RFC 3986 §3.2.2): LOCALHOST:5000 is localhost:5000.
    const registry = name.toLowerCase();
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
