/** The registry operations the action needs, for one registry, over ping → auth → retry. */
import { Readable } from 'node:stream';
import { IntegrityError, RegistryError, TransportError } from '../model/errors';
import { type Logger } from '../model/logger';
import { ACCEPT_MANIFESTS, MAX_MANIFEST_BYTES, sha256 } from '../model/manifest';
import { canonicalRegistry } from '../model/reference';
import { type Access, RegistryAuth, repoScope } from './auth';
import { type Credential, type CredentialStore } from './credentials';
import { type Edge, insecureStep, unauthorizedHint } from './login-hint';
import { parseErrorBody } from './error-body';
import { type HostSettings, hostSettings, plainHttpAllowedTo } from './hosts';
import { type Endpoint, firstBase, ping } from './ping';
import { describeRateLimit } from './rate-limit';
import { DEFAULT_RETRY, type RetryPolicy, doNotRetry, isRetryable, parseRetryAfter, retrying } from './retry';
import { type HttpRequest, type HttpResponse, MAX_SOCKETS, type Transport } from './transport';
import { checkedBytes } from './upload';

export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

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

export interface UploadOptions {
  /**
   * Hears of every chunk sent (its size in bytes), for a progress display. A retried upload
   * starts again from its first byte, so the sum can pass the blob's size.
   */
  onBytes?: (n: number) => void;
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

/** One registry's endpoint and authentication, set up once. */
interface Session {
  ep: Endpoint;
  auth: RegistryAuth;
  /** ep.base's host: what an absolute URL (an upload Location) must name to get credentials. */
  host: string;
}

/** What to do about an error status, for the failure line. */
function hintFor(status: number, registry: string, retryAfterMs?: number): string {
  if (status === 403) return `the credentials for ${registry} lack permission: sources need pull, targets need push`;
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? ` and asks to wait ${formatWait(retryAfterMs)}` : '';
    return `rate limited: ${registry} refuses more requests for now${wait}; log in for a higher limit or retry later`;
  }
  if (status === 431)
    return `the request's headers were too large for ${registry} (or a proxy in front of it), most likely a token that covers many repositories: publish to fewer repositories per run`;
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
export function statusText(status: number): string {
  if (status === 429) return 'HTTP 429 (rate limited)';
  if (status === 431) return 'HTTP 431 (request headers too large)';
  if (status === 414) return 'HTTP 414 (URL too long)';
  return `HTTP ${status}`;
}

const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

export class RegistryClient {
  private session?: Promise<Session>;
  /** What the docker config gave for this registry (undefined: nothing, anonymous). */
  private credential?: Credential;
  /** Requests sent, for the debug log and the benchmark. */
  requests = 0;
  /** The rate-limit headers are logged once per run. */
  private rateLimitLogged = false;
  /** This registry's host settings: scheme, TLS, plain HTTP (one value, decided once). */
  readonly host: HostSettings;
  /** Connections to open while the token is fetched (see warm()). */
  private parallel = 1;

  constructor(
    /** Registry as users name it (docker.io, ghcr.io, 127.0.0.1:5000). */
    readonly registry: string,
    private readonly opts: ClientOptions
  ) {
    this.host = hostSettings(registry, opts.insecure);
  }

  private get log(): Logger {
    return this.opts.log;
  }

  /**
   * Declare the repositories this run touches, so one token covers every request. `parallel`:
   * how many requests the run's first waves send here at once (connections worth opening early).
   */
  async declareScopes(pull: string[], push: string[], parallel = 1): Promise<void> {
    this.parallel = Math.max(this.parallel, Math.min(parallel, MAX_SOCKETS));
    const { auth } = await this.connect();
    auth.addRunScopes([...pull.map((r) => repoScope(r, 'pull')), ...push.map((r) => repoScope(r, 'push'))]);
  }

  /** Ping once, then authenticate with what the ping's challenge asks for; shared by every request. */
  private connect(): Promise<Session> {
    this.session ??= (async () => {
      this.warm();
      // The docker config is read while the ping is out (a cold process's first file read also
      // starts libuv's thread pool); credential helpers run only after it, as before.
      this.opts.credentials.preload();
      const ep = await this.retry(`ping ${this.registry}`, () =>
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
      const credential = await this.opts.credentials.lookup(this.registry);
      this.credential = credential;
      this.log.debug(
        `${this.registry}: ${ep.base}, ${credential ? `credentials from ${credential.from}` : 'anonymous'}`
      );
      const auth = new RegistryAuth({
        registry: this.registry,
        transport: this.opts.transport,
        credential,
        skipVerify: ep.skipVerify,
        plainHttpAllowed: (host) => plainHttpAllowedTo(this.host, host),
        onSecret: (s) => this.log.secret(s),
        debug: (m) => this.log.debug(m),
        unauthorizedHint: () => unauthorizedHint(this.registry, credential, this.opts.edge, this.opts.credentials.file),
        insecureStep: insecureStep(this.opts.edge)
      });
      if (ep.ping.status === 401) auth.setChallenge(ep.ping.headers['www-authenticate']);
      return { ep, auth, host: new URL(ep.base).host };
    })();
    return this.session;
  }

  /**
   * Open the first wave's connections alongside the ping: its requests then find them ready
   * instead of paying TCP and TLS handshakes after the token (round trips nothing else can hide).
   * Each is an unauthenticated `GET /v2/` on the scheme the ping tries first; its answer is not
   * needed, only the keep-alive connection it leaves in the pool.
   */
  private warm(): void {
    const base = firstBase(this.host);
    for (let i = 1; i < this.parallel; i++) {
      this.requests++;
      this.opts.transport
        .request({
          method: 'GET',
          url: `${base}/v2/`,
          skipVerify: this.host.skipVerify,
          maxBytes: 64 * 1024,
          signal: this.opts.signal
        })
        .catch(() => undefined);
    }
  }

  /** One request with auth; a 401 refreshes the token once. Not retried here. */
  private async send(call: Call): Promise<HttpResponse> {
    if (this.opts.signal?.aborted)
      throw new TransportError(`${this.registry}: the run has already failed`, 'CANCELLED');
    const { ep, auth, host } = await this.connect();
    const absolute = /^https?:\/\//.test(call.path);
    const url = absolute ? call.path : `${ep.base}/v2/${call.path}`;
    // Credentials belong to the registry's own host: an upload Location elsewhere gets none.
    const own = !absolute || new URL(url).host === host;
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
        skipVerify: ep.skipVerify,
        stream: call.stream,
        maxBytes: call.maxBytes,
        signal: this.opts.signal
      });
      this.log.debug(`${call.method} ${url} → ${res.status}`);
      this.noteRateLimit(res);
      // A stream body cannot be sent twice; the caller's retry restarts the whole operation.
      if (
        res.status === 401 &&
        own &&
        attempt === 0 &&
        !(call.body instanceof Readable) &&
        auth.unauthorized(res, call.scopes)
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

  /** Retry transient failures of an operation that is safe to repeat. */
  private retry<T>(what: string, op: (attempt: number) => Promise<T>): Promise<T> {
    return retrying(
      op,
      this.opts.retry ?? DEFAULT_RETRY,
      (err, delay, attempt) => {
        // After a fatal error nothing more is said: a request cut short by it is not news.
        if (this.opts.signal?.aborted) return;
        const m = (err as Error).message;
        this.log.info(
          `${m.startsWith(what) ? m : `${what}: ${m}`}; retry ${attempt} in ${(delay / 1000).toFixed(1)} s`
        );
      },
      this.opts.signal
    );
  }

  /** A RegistryError for an unexpected status, with every error the registry's body gives. */
  error(res: HttpResponse, what: string): RegistryError {
    const { errors, said } = parseErrorBody(res.body, res.headers['content-type']);
    const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
    const hint =
      res.status === 401
        ? unauthorizedHint(this.registry, this.credential, this.opts.edge, this.opts.credentials.file)
        : hintFor(res.status, this.registry, retryAfterMs);
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
      const res = await this.send({
        method: 'GET',
        path: `${repo}/manifests/${ref}`,
        scopes: [repoScope(repo, 'pull')],
        headers: { Accept: ACCEPT_MANIFESTS },
        maxBytes: MAX_MANIFEST_BYTES
      });
      if (res.status !== 200) throw this.error(res, what);
      const digest = sha256(res.body);
      const claimed = res.headers['docker-content-digest'];
      const expected = ref.startsWith('sha256:')
        ? ref
        : typeof claimed === 'string' && claimed.startsWith('sha256:')
          ? claimed
          : undefined;
      if (expected && digest !== expected) {
        throw new IntegrityError(
          `${what}: the registry sent content whose digest is ${digest}, not ${expected}; refusing it`
        );
      }
      const mediaType = String(res.headers['content-type'] ?? '')
        .split(';')[0]
        .trim();
      return { bytes: res.body, mediaType, digest };
    });
  }

  /**
   * HEAD a manifest: its digest, or undefined when absent. The spec only says a registry SHOULD
   * send Docker-Content-Digest; where it does not, the digest of a GET's bytes answers instead.
   * `access`: the right the caller will need next ('push' before copying into the repository).
   */
  async headManifest(
    repo: string,
    ref: string,
    access: Access = 'pull'
  ): Promise<{ digest: string; mediaType?: string } | undefined> {
    const what = `HEAD manifest ${this.manifestName(repo, ref)}`;
    const head = await this.retry(what, async () => {
      const res = await this.send({
        method: 'HEAD',
        path: `${repo}/manifests/${ref}`,
        scopes: [repoScope(repo, access)],
        headers: { Accept: ACCEPT_MANIFESTS }
      });
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw this.error(res, what);
      const claimed = res.headers['docker-content-digest'];
      // Asked by digest, a 200 says it all.
      const digest =
        typeof claimed === 'string' && SHA256_DIGEST.test(claimed)
          ? claimed
          : ref.startsWith('sha256:')
            ? ref
            : undefined;
      return {
        digest,
        mediaType:
          String(res.headers['content-type'] ?? '')
            .split(';')[0]
            .trim() || undefined
      };
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
  async putManifest(repo: string, ref: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
    return (await this.putManifestDetailed(repo, ref, bytes, mediaType)).digest;
  }

  /**
   * PUT a manifest; also says whether the registry indexed its `subject` itself (OCI 1.1: the
   * `OCI-Subject` header), which spares the client the fallback tag index.
   */
  putManifestDetailed(
    repo: string,
    ref: string,
    bytes: Buffer,
    mediaType: string
  ): Promise<{ digest?: string; subject?: string }> {
    const what = `PUT manifest ${this.manifestName(repo, ref)}`;
    return this.retry(what, async () => {
      const res = await this.send({
        method: 'PUT',
        path: `${repo}/manifests/${ref}`,
        scopes: [repoScope(repo, 'push')],
        headers: { 'Content-Type': mediaType },
        body: bytes
      });
      if (res.status !== 201 && res.status !== 200) throw this.error(res, what);
      const d = res.headers['docker-content-digest'];
      const s = res.headers['oci-subject'];
      return { digest: typeof d === 'string' ? d : undefined, subject: typeof s === 'string' ? s : undefined };
    });
  }

  /**
   * The OCI 1.1 referrers API: the index of what refers to `digest`, every page of it; undefined
   * where the registry has no such API (404, as the distribution spec says it must answer then).
   */
  getReferrers(repo: string, digest: string): Promise<Buffer[] | undefined> {
    const what = `GET referrers of ${this.registry}/${repo}@${digest}`;
    return this.retry(what, async () => {
      const pages: Buffer[] = [];
      let path = `${repo}/referrers/${digest}`;
      for (let page = 0; page < 50; page++) {
        const res = await this.send({
          method: 'GET',
          path,
          scopes: [repoScope(repo, 'pull')],
          headers: { Accept: 'application/vnd.oci.image.index.v1+json' },
          maxBytes: MAX_MANIFEST_BYTES
        });
        if (res.status === 404 && page === 0) return undefined;
        if (res.status !== 200) throw this.error(res, what);
        pages.push(res.body);
        const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ''));
        if (!next) break;
        path = new URL(next[1], res.url).toString();
      }
      return pages;
    });
  }

  /** DELETE a manifest by tag or digest. Returns the status: 202 deleted, 404 absent, else refused. */
  deleteManifest(repo: string, ref: string): Promise<HttpResponse> {
    const what = `DELETE manifest ${this.manifestName(repo, ref)}`;
    return this.retry(what, async () => {
      const res = await this.send({
        method: 'DELETE',
        path: `${repo}/manifests/${ref}`,
        scopes: [repoScope(repo, 'delete'), repoScope(repo, 'push')]
      });
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
      const res = await this.send({
        method: 'GET',
        path: `${repo}/tags/list?n=1`,
        scopes: [repoScope(repo, 'pull')],
        maxBytes: 64 * 1024
      });
      return res.status === 200 ? true : res.status === 404 ? false : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether a blob is in this repository. */
  hasBlob(repo: string, digest: string): Promise<boolean> {
    const what = `HEAD blob ${this.registry}/${repo}@${digest}`;
    return this.retry(what, async () => {
      const res = await this.send({
        method: 'HEAD',
        path: `${repo}/blobs/${digest}`,
        scopes: [repoScope(repo, 'pull')]
      });
      if (res.status === 200) return true;
      if (res.status === 404) return false;
      throw this.error(res, what);
    });
  }

  /** GET a small blob (a config) into memory, digest verified. */
  getBlob(repo: string, digest: string, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
    const what = `GET blob ${this.registry}/${repo}@${digest}`;
    return this.retry(what, async () => {
      const res = await this.send({
        method: 'GET',
        path: `${repo}/blobs/${digest}`,
        scopes: [repoScope(repo, 'pull')],
        maxBytes
      });
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
      const res = await this.send({
        method: 'POST',
        path,
        scopes: [repoScope(repo, 'push'), repoScope(fromRepo, 'pull')],
        headers: { 'Content-Length': '0' }
      });
      if (res.status === 201) return true;
      if (res.status === 202 && res.headers.location)
        await this.cancelUpload(locationOf(res), repo).catch(() => undefined);
      if (res.status >= 500 || res.status === 429) throw this.error(res, what);
      this.log.debug(`${what}: not mounted (HTTP ${res.status}); streaming instead`);
      return false;
    });
  }

  /** Open a blob for streaming; the stream must be consumed or destroyed. */
  async openBlob(repo: string, digest: string): Promise<{ stream: Readable; size?: number }> {
    const what = `GET blob ${this.registry}/${repo}@${digest}`;
    return this.retry(what, async () => {
      const res = await this.send({
        method: 'GET',
        path: `${repo}/blobs/${digest}`,
        scopes: [repoScope(repo, 'pull')],
        stream: true
      });
      if (res.status !== 200 || !res.stream) throw this.error(res, what);
      const len = Number(res.headers['content-length']);
      return { stream: res.stream, size: Number.isFinite(len) ? len : undefined };
    });
  }

  /**
   * Upload a blob from a stream the way docker push does, which every registry accepts: start a
   * session (POST, while the source is opened), stream the bytes (PATCH), commit (PUT ?digest=), structured as
   * go-containerregistry's remote/write.go uploadOne. The whole is retried: a failure while the
   * bytes stream starts a fresh session and calls `open` again. The start and the commit carry no
   * bytes and are retried on their own first (a commit whose answer was lost is asked again, and
   * a blob that landed counts as done); when they give up, so does the upload.
   */
  uploadBlob(
    repo: string,
    digest: string,
    size: number,
    open: () => Promise<Readable>,
    options: UploadOptions = {}
  ): Promise<void> {
    const what = `upload blob ${digest} to ${this.registry}/${repo}`;
    const own = <T>(step: string, op: () => Promise<T>) =>
      this.retry(`${what} (${step})`, op).catch((err: unknown) => Promise.reject(doNotRetry(err)));
    return this.retry(what, async () => {
      // The source is opened while the session starts: its round trip hides behind the POST's.
      // Until its bytes flow, an error of the opened stream (a reset while the POST is retried)
      // must find a listener, or Node ends the process; streamUpload then sees it destroyed.
      const opening = open().then((s) => s.on('error', () => undefined));
      opening.catch(() => undefined); // awaited, and reported, by streamUpload
      let session: URL;
      try {
        session = await own('start', () => this.startUpload(repo, what));
      } catch (err) {
        opening.then(
          (s) => s.destroy(),
          () => undefined
        );
        throw err;
      }
      const commit = await this.streamUpload(repo, digest, size, session, () => opening, what, options.onBytes);
      await own('commit', () => this.commitUpload(repo, digest, commit, what));
    });
  }

  /** Start: POST a session; its Location is where the bytes go. */
  private async startUpload(repo: string, what: string): Promise<URL> {
    const res = await this.send({
      method: 'POST',
      path: `${repo}/blobs/uploads/`,
      scopes: [repoScope(repo, 'push')],
      headers: { 'Content-Length': '0' }
    });
    if (res.status !== 202 || !res.headers.location) throw this.error(res, what);
    return locationOf(res);
  }

  /** Stream: PATCH the source's bytes, hashed on the way; returns where to commit. Cancels the session on any failure. */
  private async streamUpload(
    repo: string,
    digest: string,
    size: number,
    session: URL,
    open: () => Promise<Readable>,
    what: string,
    onBytes?: (n: number) => void
  ): Promise<URL> {
    let source: Readable;
    try {
      // Opening the source is retried on its own (openBlob): its failure ends the upload.
      source = await open();
    } catch (err) {
      await this.cancelUpload(session, repo).catch(() => undefined);
      throw doNotRetry(err);
    }
    if (source.destroyed) {
      // It broke off before a byte was sent: a dropped connection, retried with a fresh source and session.
      await this.cancelUpload(session, repo).catch(() => undefined);
      const why = source.errored?.message ?? 'closed';
      throw new TransportError(
        `${what}: the source's connection broke off before the upload began (${why})`,
        'ECONNRESET'
      );
    }
    const bytes = checkedBytes(source, digest, size, onBytes);
    let patch: HttpResponse;
    try {
      patch = await this.send({
        method: 'PATCH',
        path: session.toString(),
        scopes: [repoScope(repo, 'push')],
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
        body: bytes.body
      });
    } catch (err) {
      await this.cancelUpload(session, repo).catch(() => undefined);
      throw err;
    } finally {
      source.destroy();
    }
    // ECR answers 201 where the spec says 202.
    if (patch.status !== 202 && patch.status !== 201) throw this.error(patch, what);
    const got = bytes.result();
    if (got.seen !== size || got.digest !== digest) {
      await this.cancelUpload(session, repo).catch(() => undefined);
      throw new IntegrityError(
        `blob ${digest}: the source sent ${got.seen} bytes with digest ${got.digest}, expected ${size} bytes with that digest; refusing to store it`
      );
    }
    const commit = patch.headers.location ? locationOf(patch) : session;
    commit.searchParams.set('digest', digest);
    return commit;
  }

  /** Commit: PUT ?digest=. A session gone (404) because an earlier try landed unheard counts as done. */
  private async commitUpload(repo: string, digest: string, commit: URL, what: string): Promise<void> {
    const res = await this.send({
      method: 'PUT',
      path: commit.toString(),
      scopes: [repoScope(repo, 'push')],
      headers: { 'Content-Length': '0' }
    });
    if (res.status === 201) return;
    if (res.status === 404 && (await this.hasBlob(repo, digest))) return;
    throw this.error(res, what);
  }

  private async cancelUpload(session: URL, repo: string): Promise<void> {
    await this.send({ method: 'DELETE', path: session.toString(), scopes: [repoScope(repo, 'push')] });
  }
}

/** A response's Location, resolved against the URL that answered (relative Locations are allowed). */
function locationOf(res: HttpResponse): URL {
  return new URL(String(res.headers.location), res.url);
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
