/**
 * Registry personalities: a loopback proxy in front of a REAL registry (a `docker-registry`
 * process from ./registry, CNCF distribution 2.8) that changes that registry's answers to
 * reproduce another registry's documented behaviour. Each behaviour below cites its source.
 *
 * Rules every personality keeps:
 * - It never stores data. Manifests, blobs and tags live in the backend registry only; a
 *   personality keeps nothing but bookkeeping (counters, in-flight PUTs, timestamps, a list of
 *   repository names). Where a behaviour needs the registry to do something its HTTP API cannot
 *   (GAR's "DELETE by tag removes the tag only"), the personality makes the same change to the
 *   registry's own storage that distribution itself makes for that operation (see `gar`).
 * - It keeps the client's Host header, so distribution's absolute Location headers (upload
 *   sessions) point back at the personality and every upload keeps going through it. (That is
 *   the difference from ./proxy, which rewrites Host to the backend and Location back.)
 * - Anything it does not change is forwarded as is, streamed both ways; requests are recorded.
 * - Where it needs to ask the backend something (does a tag exist, which tags point at a
 *   digest), it asks over the registry API with the client's own Authorization header, so it
 *   never answers more than the client's credential could learn itself (with token auth, a
 *   token without `pull` on the repository makes such a lookup answer 401, which is relayed to
 *   the client with the backend's challenge). When the backend wants
 *   credentials and the client sent none, the request is forwarded untouched first: the backend
 *   answers its usual 401 challenge (auth runs before any handler, so nothing happens) and the
 *   client authenticates as it would against the real registry.
 *
 * Plain HTTP on 127.0.0.1 only. The backend may be plain HTTP or HTTPS (certificate not
 * verified; distribution is told `X-Forwarded-Proto: http` so its Locations stay plain HTTP).
 * node:http / node:https / node:fs only.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { listenOnLoopback } from './loopback';
import type { TestRegistry } from './registry';

export type PersonalityName = 'gitlab' | 'quay' | 'ecr' | 'harbor' | 'dockerhub' | 'gar' | 'ghcr' | 'acr' | 'cdn';

export const PERSONALITY_NAMES: readonly PersonalityName[] = [
  'gitlab',
  'quay',
  'ecr',
  'harbor',
  'dockerhub',
  'gar',
  'ghcr',
  'acr',
  'cdn'
];

/** What a personality needs of its backend: a TestRegistry fits (its `root` enables `gar` tag deletes). */
export type PersonalityBackend = Pick<TestRegistry, 'url'> & Partial<Pick<TestRegistry, 'root'>>;

export interface PersonalityOptions {
  /** quay: how long each manifest PUT is held before it is forwarded (default 150 ms). */
  holdMs?: number;

  /** ecr: repositories that exist (pushes to any other answer 404 NAME_UNKNOWN). */
  repositories?: string[];
  /**
   * ecr: asked about a push to a repository that does not exist; resolve true to create it (as
   * ECR's create-on-push repository creation templates do). Default: never.
   */
  createRepository?: (name: string) => boolean | Promise<boolean>;
  /** ecr: the registry id (account) named in NAME_UNKNOWN messages (default "123456789012"). */
  registryId?: string;
  /** ecr: tag immutability (default true: every PUT to an existing tag is refused). */
  immutableTags?: boolean;
  /** ecr: the registry's BLOB_MOUNTING account setting (default false: mounts are ignored). */
  blobMounting?: boolean;

  /**
   * harbor: what `DELETE /v2/<r>/manifests/<tag>` does. "artifact" (default): the artifact and
   * every tag on it are deleted (Harbor's documented behaviour, goharbor/harbor#11988);
   * "unsupported": 400 UNSUPPORTED, as the /v2 handler of Harbor 2.x does (see `harbor`).
   */
  tagDelete?: 'artifact' | 'unsupported';

  /** dockerhub: answer 429 once this many manifest GETs (pulls) were served in the window. Default: never. */
  rateLimitAfter?: number;
  /** dockerhub: Retry-After of the 429, in seconds (default 60); the window restarts after it. */
  retryAfterSeconds?: number;
  /** dockerhub: the limit announced in RateLimit-Limit (default rateLimitAfter, else 100). */
  rateLimitLimit?: number;
  /**
   * dockerhub: which 429. "abuse" (default): Docker Hub's overall limit, a plain-text body
   * "Too Many Requests (HAP429)." with Retry-After. "pull": the pull rate limit, JSON
   * TOOMANYREQUESTS "You have reached your pull rate limit…" (also sent with Retry-After here).
   */
  rateLimitKind?: 'abuse' | 'pull';

  /** cdn: how long a manifest just PUT stays unknown (default 1500 ms). */
  lagMs?: number;

  /** print one line per finished request to stderr */
  logRequests?: boolean;
}

export interface PersonalityRequest {
  /** 1-based arrival order */
  seq: number;
  method: string;
  /** path and query as the client sent them */
  path: string;
  /** status sent to the client (0: none was sent) */
  status: number;
  /** the client's Accept header, if any */
  accept?: string;
  /** "personality": answered (or rewritten) by the personality; "backend": the registry's own answer */
  by: 'personality' | 'backend';
  /** what the personality did, when it did something */
  note?: string;
  ms?: number;
}

export interface Personality {
  name: PersonalityName;
  /** "127.0.0.1:PORT" */
  host: string;
  /** "http://127.0.0.1:PORT" */
  url: string;
  /** the backend registry's URL */
  backend: string;
  requests: PersonalityRequest[];
  /** dockerhub: manifest GETs served so far (a HEAD is not a pull); 0 elsewhere */
  pulls(): number;
  /** ecr: the repositories that exist (add to create one); empty elsewhere */
  repositories: Set<string>;
  stop(): Promise<void>;
}

const MT = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json'
} as const;
const ALL_MANIFEST_TYPES = [MT.ociIndex, MT.dockerList, MT.ociManifest, MT.dockerManifest].join(', ');

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-authorization',
  'proxy-authenticate'
]);
const MAX_BUFFERED_BODY = 16 << 20; // manifests are at most 4 MiB in practice

const sha256 = (b: Buffer): string => `sha256:${crypto.createHash('sha256').update(b).digest('hex')}`;
const isDigest = (ref: string): boolean => ref.includes(':');
// distribution's reference grammar (tag and path components): anything else is no file name to build.
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const REPO_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

type Route =
  | { kind: 'base' }
  | { kind: 'manifest'; repo: string; ref: string }
  | { kind: 'upload'; repo: string; session?: string }
  | { kind: 'blob'; repo: string; digest: string }
  | { kind: 'tags'; repo: string }
  | { kind: 'other' };

function parseRoute(pathname: string): Route {
  if (pathname === '/v2/' || pathname === '/v2') return { kind: 'base' };
  let m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(pathname);
  if (m) return { kind: 'manifest', repo: m[1], ref: m[2] };
  m = /^\/v2\/(.+)\/blobs\/uploads\/?([^/]*)$/.exec(pathname);
  if (m) return { kind: 'upload', repo: m[1], session: m[2] || undefined };
  m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(pathname);
  if (m) return { kind: 'blob', repo: m[1], digest: m[2] };
  m = /^\/v2\/(.+)\/tags\/list$/.exec(pathname);
  if (m) return { kind: 'tags', repo: m[1] };
  return { kind: 'other' };
}

/** Media types a client's Accept names explicitly (distribution, ACR and GHCR ignore wildcards). */
function acceptedTypes(accept: string | string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const h of Array.isArray(accept) ? accept : accept ? [accept] : []) {
    for (const part of h.split(',')) {
      const [type, ...params] = part.split(';').map((s) => s.trim());
      if (!type) continue;
      if (params.some((p) => /^q=0(?:\.0*)?$/.test(p))) continue;
      out.add(type.toLowerCase());
    }
  }
  return out;
}

interface Buffered {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

interface PassOptions {
  method?: string;
  /** path and query to send instead of the client's */
  path?: string;
  /** the request body, when the personality has read it (else the client's is streamed) */
  body?: Buffer;
  /** headers set on the forwarded request */
  headers?: Record<string, string>;
  /** headers added to the response */
  responseHeaders?: Record<string, string>;
  /** look at the backend's answer; return a replacement to send instead (the backend body is dropped) */
  intercept?: (status: number, headers: http.IncomingHttpHeaders) => Reply | undefined;
  /** recorded when the personality changed something on the way */
  note?: string;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  note: string;
}

/** distribution's error envelope: {"errors":[{code, message, detail}]} */
function registryError(
  status: number,
  code: string,
  message: string,
  detail: unknown,
  note: string,
  headers: Record<string, string> = {}
): Reply {
  const body = JSON.stringify({ errors: [{ code, message, ...(detail !== undefined ? { detail } : {}) }] });
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body, note };
}

class Call {
  readonly method: string;
  readonly rawPath: string;
  readonly url: URL;
  readonly route: Route;
  private buffered?: Promise<Buffer>;

  constructor(
    readonly req: http.IncomingMessage,
    readonly res: http.ServerResponse,
    readonly entry: PersonalityRequest,
    private readonly core: Core
  ) {
    this.method = (req.method ?? 'GET').toUpperCase();
    this.rawPath = req.url ?? '/';
    this.url = new URL(this.rawPath, 'http://personality.invalid');
    this.route = parseRoute(this.url.pathname);
  }

  /** The client's request body, read once (manifests: small). */
  body(): Promise<Buffer> {
    this.buffered ??= new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      this.req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BUFFERED_BODY) {
          reject(new Error(`request body over ${MAX_BUFFERED_BODY} bytes`));
          this.req.destroy();
          return;
        }
        chunks.push(c);
      });
      this.req.on('end', () => resolve(Buffer.concat(chunks)));
      this.req.on('error', reject);
    });
    return this.buffered;
  }

  /** Answer without the backend (the request body, if any, is read and dropped). */
  async reply(r: Reply): Promise<number> {
    if (!this.req.complete) {
      this.req.resume();
      await new Promise<void>((resolve) => {
        this.req.once('end', resolve);
        this.req.once('close', resolve);
      });
    }
    this.mark(r.note);
    const body = r.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
    if (this.res.destroyed) return 0;
    // Header names are case-insensitive: a relayed answer's own names win over the defaults.
    const headers = new Map<string, [string, string]>([
      ['docker-distribution-api-version', ['Docker-Distribution-Api-Version', 'registry/2.0']]
    ]);
    for (const [k, v] of Object.entries(r.headers ?? {})) headers.set(k.toLowerCase(), [k, v]);
    headers.set('content-length', ['Content-Length', String(body.length)]);
    this.res.writeHead(r.status, Object.fromEntries([...headers.values()]));
    this.res.end(this.method === 'HEAD' ? undefined : body);
    return r.status;
  }

  /** Send a buffered backend answer to the client as it is (e.g. a 401 challenge met on the way). */
  relay(b: Buffered, note: string): Promise<number> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(b.headers)) {
      if (v === undefined || HOP_BY_HOP.has(k) || k === 'content-length') continue;
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    return this.reply({ status: b.status, headers, body: b.body, note });
  }

  private mark(note: string | undefined): void {
    if (note === undefined) return;
    this.entry.by = 'personality';
    this.entry.note = this.entry.note ? `${this.entry.note}; ${note}` : note;
  }

  /** Forward to the backend (Host kept) and stream its answer back; resolves with the status once sent. */
  pass(o: PassOptions = {}): Promise<number> {
    this.mark(o.note);
    return this.core.forward(this, o);
  }

  /** A request of the personality's own to the backend, with the client's credentials; buffered. */
  backend(method: string, pathAndQuery: string, headers: Record<string, string> = {}): Promise<Buffered> {
    const h: Record<string, string> = { ...headers };
    const auth = this.req.headers.authorization;
    if (auth) h.authorization = auth;
    return this.core.request(method, pathAndQuery, h);
  }

  /** A HEAD that found no manifest: distribution's 404 body (a HEAD answer has none), else the answer itself. */
  notResolved(answer: Buffered, ref: string): Promise<number> {
    if (answer.status === 404)
      return this.reply(
        registryError(404, 'MANIFEST_UNKNOWN', 'manifest unknown', { Tag: ref }, `tag ${ref} not found`)
      );
    return this.relay(answer, `tag ${ref} not resolved`);
  }

  /** HEAD a manifest on the backend: its digest, or the answer that says why not. */
  async resolve(repo: string, ref: string): Promise<{ digest?: string; answer: Buffered }> {
    const answer = await this.backend('HEAD', `/v2/${repo}/manifests/${ref}`, { accept: ALL_MANIFEST_TYPES });
    const d = answer.headers['docker-content-digest'];
    return { digest: answer.status === 200 && typeof d === 'string' ? d : undefined, answer };
  }

  /** The tags of `repo` that point at `digest` (tags/list, then a HEAD per tag). */
  async tagsPointingAt(repo: string, digest: string): Promise<{ tags: string[]; refused?: Buffered }> {
    const list = await this.backend('GET', `/v2/${repo}/tags/list`);
    if (list.status === 404) return { tags: [] };
    if (list.status !== 200) return { tags: [], refused: list };
    const names = (JSON.parse(list.body.toString('utf8')) as { tags?: string[] | null }).tags ?? [];
    const out: string[] = [];
    for (const t of names) {
      const r = await this.resolve(repo, t);
      if (r.answer.status === 401 || r.answer.status === 403) return { tags: [], refused: r.answer };
      if (r.digest === digest) out.push(t);
    }
    return { tags: out.sort() };
  }
}

type Handler = (c: Call) => Promise<number>;

class Core {
  readonly target: URL;
  readonly mod: typeof http | typeof https;
  readonly agent: http.Agent;
  backendWantsAuth = false;
  /** pending sleeps: stop() clears the timer and resolves the sleeper */
  readonly timers = new Map<NodeJS.Timeout, () => void>();
  stopped = false;

  constructor(backendUrl: string) {
    this.target = new URL(backendUrl);
    if (this.target.protocol !== 'http:' && this.target.protocol !== 'https:')
      throw new Error(`startPersonality: backend must be http(s), got ${backendUrl}`);
    this.mod = this.target.protocol === 'https:' ? https : http;
    this.agent =
      this.target.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false })
        : new http.Agent({ keepAlive: true, maxSockets: 64 });
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (ms <= 0 || this.stopped) return resolve();
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.set(t, resolve);
    });
  }

  private options(method: string, pathAndQuery: string, headers: http.OutgoingHttpHeaders): https.RequestOptions {
    return {
      protocol: this.target.protocol,
      hostname: this.target.hostname,
      port: this.target.port || (this.target.protocol === 'https:' ? 443 : 80),
      method,
      path: pathAndQuery,
      headers,
      agent: this.agent,
      timeout: 30_000
    };
  }

  /** The personality's own backend request (Host: the backend), buffered. */
  request(method: string, pathAndQuery: string, headers: Record<string, string>): Promise<Buffered> {
    return new Promise((resolve, reject) => {
      const req = this.mod.request(
        this.options(method, pathAndQuery, { ...headers, host: this.target.host }),
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
          );
          res.on('error', reject);
        }
      );
      req.on('timeout', () => req.destroy(new Error('backend did not answer within 30 s')));
      req.on('error', reject);
      req.end();
    });
  }

  rewriteLocation(value: string, clientHost: string): string {
    // distribution builds Locations from the Host we kept; one that still names the backend
    // (a registry configured with http.host) is pointed back at us too.
    try {
      if (!/^https?:\/\//i.test(value)) return value;
      const u = new URL(value);
      if (u.host === this.target.host) {
        u.protocol = 'http:';
        u.host = clientHost;
        return u.toString();
      }
    } catch {
      /* not a URL */
    }
    return value;
  }

  forward(c: Call, o: PassOptions): Promise<number> {
    return new Promise<number>((resolve) => {
      const { req, res } = c;
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined || HOP_BY_HOP.has(k)) continue;
        headers[k] = v;
      }
      // Keep the client's Host: distribution's absolute Locations then name this proxy.
      const clientHost = req.headers.host ?? '';
      if (this.target.protocol === 'https:') headers['x-forwarded-proto'] = 'http';
      for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;
      if (o.body) {
        headers['content-length'] = String(o.body.length);
        delete headers['transfer-encoding'];
      }
      const method = o.method ?? c.method;
      let settled = false;
      const done = (status: number) => {
        if (settled) return;
        settled = true;
        resolve(status);
      };
      res.once('close', () => done(res.headersSent ? res.statusCode : 0));

      const upstream = this.mod.request(this.options(method, o.path ?? c.rawPath, headers), (up) => {
        if (this.stopped || res.destroyed) {
          up.destroy();
          res.destroy();
          return;
        }
        const status = up.statusCode ?? 502;
        const replacement = o.intercept?.(status, up.headers);
        if (replacement) {
          up.resume();
          void c.reply(replacement).then(
            () => undefined,
            () => res.destroy()
          );
          return;
        }
        const out: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(up.headers)) {
          if (v === undefined || HOP_BY_HOP.has(k)) continue;
          out[k] = k === 'location' && typeof v === 'string' ? this.rewriteLocation(v, clientHost) : v;
        }
        for (const [k, v] of Object.entries(o.responseHeaders ?? {})) out[k.toLowerCase()] = v;
        res.writeHead(status, up.statusMessage, out);
        up.on('error', () => res.destroy());
        res.once('close', () => {
          if (!up.complete) up.destroy();
        });
        up.pipe(res);
      });
      upstream.on('timeout', () => upstream.destroy(new Error('backend did not answer within 30 s')));
      upstream.on('error', (err) => {
        if (res.headersSent || res.destroyed) {
          res.destroy();
          return;
        }
        void c.reply(
          registryError(
            502,
            'UNAVAILABLE',
            `personality: backend error: ${err.message}`,
            undefined,
            'backend unreachable'
          )
        );
      });
      if (o.body) upstream.end(o.body);
      else {
        req.once('close', () => {
          if (!req.complete) upstream.destroy();
        });
        req.pipe(upstream);
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The personalities. Each is a Handler: it answers (c.reply), or forwards (c.pass), possibly
// changed. Sources are cited at each behaviour; "unconfirmed" marks a detail no source showed.
// ---------------------------------------------------------------------------------------------

/**
 * GitLab (gitlab.com container registry): a manifest with a `subject` is refused while the subject
 * manifest is not yet in the repository. moby/buildkit#7007 ("Attestations as OCI artifacts fail
 * to push to gitlab.com when the subject manifest is new"; the error names the image manifest:
 * "blob unknown to registry - sha256:<image manifest digest>"), moby/buildkit#5561 (docker's
 * rendering: "manifest blob unknown: blob unknown to registry: sha256:…", i.e. code
 * MANIFEST_BLOB_UNKNOWN, message "blob unknown to registry", the digest as detail). The status (400,
 * distribution's for MANIFEST_BLOB_UNKNOWN) is unconfirmed for GitLab.
 */
function gitlab(): Handler {
  return async (c) => {
    const r = c.route;
    if (r.kind !== 'manifest' || c.method !== 'PUT') return c.pass();
    const body = await c.body();
    let subject: unknown;
    try {
      subject = (JSON.parse(body.toString('utf8')) as { subject?: unknown }).subject;
    } catch {
      /* not JSON: the backend says what is wrong with it */
    }
    const digest = subject && typeof subject === 'object' ? (subject as { digest?: unknown }).digest : undefined;
    if (typeof digest === 'string') {
      const s = await c.resolve(r.repo, digest);
      if (s.answer.status === 401 || s.answer.status === 403) return c.relay(s.answer, 'subject lookup refused');
      if (!s.digest)
        return c.reply(
          registryError(
            400,
            'MANIFEST_BLOB_UNKNOWN',
            'blob unknown to registry',
            digest,
            `subject ${digest} not in ${r.repo}`
          )
        );
    }
    return c.pass({ body });
  };
}

/**
 * Quay: the same manifest PUT to two tags of one repository at once fails MANIFEST_INVALID
 * (GoogleContainerTools/jib#2470: jib PUT one manifest to `:latest` and `:<ts>` in parallel and
 * one got 400 MANIFEST_INVALID; a Quay maintainer there: "a parallel push of the manifest occurs
 * at the same time and our attempt to create the manifest fails"; fixed later in quay/quay#498).
 * Every manifest PUT is held `holdMs` before it is forwarded, so an overlap is observable: while
 * a PUT of bytes with digest D to repository R is in flight (by tag or by digest), a PUT of D to
 * another tag of R answers 400 MANIFEST_INVALID (a concurrent PUT of D by digest, or to the same
 * tag, is let through). The code and message are Quay's as jib#2470 shows them ("manifest
 * invalid"); the detail is ours.
 */
function quay(core: Core, opts: PersonalityOptions): Handler {
  const holdMs = opts.holdMs ?? 150;
  const inFlight = new Map<string, Map<string, number>>(); // R@D -> reference -> count
  return async (c) => {
    const r = c.route;
    if (r.kind !== 'manifest' || c.method !== 'PUT') return c.pass();
    const body = await c.body();
    const key = `${r.repo}@${sha256(body)}`;
    const refs = inFlight.get(key) ?? new Map<string, number>();
    const other = isDigest(r.ref) ? undefined : [...refs.keys()].find((ref) => ref !== r.ref);
    if (other !== undefined) {
      return c.reply(
        registryError(
          400,
          'MANIFEST_INVALID',
          'manifest invalid',
          { message: `manifest ${key} is being created for ${other}` },
          `concurrent PUT of the same manifest (also to ${other})`
        )
      );
    }
    refs.set(r.ref, (refs.get(r.ref) ?? 0) + 1);
    inFlight.set(key, refs);
    try {
      await core.sleep(holdMs);
      return await c.pass({ body, note: `held ${holdMs} ms` });
    } finally {
      const n = (refs.get(r.ref) ?? 1) - 1;
      if (n > 0) refs.set(r.ref, n);
      else refs.delete(r.ref);
      if (refs.size === 0) inFlight.delete(key);
    }
  };
}

/**
 * Amazon ECR.
 * - Immutable tags refuse every re-push, even of the same digest (aws/containers-roadmap#2179:
 *   "even when the digest has not changed, it fails with ImageTagAlreadyExistsException"). The
 *   registry API answer is code TAG_INVALID with "The image tag 'T' already exists in the 'R'
 *   repository and cannot be overwritten because the repository is immutable." (docker prints it
 *   as "tag invalid: …": moby/buildkit#3776, aws/containers-roadmap#862). Status 400 (distribution's
 *   for TAG_INVALID) is unconfirmed for ECR. A PUT by digest is always allowed.
 * - Cross-repository mounts are off unless the registry's BLOB_MOUNTING setting is enabled
 *   (docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html: an account setting,
 *   `aws ecr put-account-setting --name BLOB_MOUNTING --value ENABLED`). Off, a mount request is
 *   a plain upload: the mount parameters are removed and the backend answers 202 with a session.
 * - A repository must exist before a push (ECR does not create on push: regclient/regclient#869,
 *   zarf-dev/zarf#1938): a push (POST uploads, PUT manifest) to another repository answers 404
 *   NAME_UNKNOWN "The repository with name 'R' does not exist in the registry with id 'ID'"
 *   (aws-actions/amazon-ecr-login#166, #202). Reads pass through.
 */
function ecr(opts: PersonalityOptions, repositories: Set<string>): Handler {
  const registryId = opts.registryId ?? '123456789012';
  const immutable = opts.immutableTags ?? true;
  return async (c) => {
    const r = c.route;
    const push = (r.kind === 'upload' && c.method === 'POST') || (r.kind === 'manifest' && c.method === 'PUT');
    if (push && 'repo' in r && !repositories.has(r.repo)) {
      if (opts.createRepository && (await opts.createRepository(r.repo))) repositories.add(r.repo);
      else {
        return c.reply(
          registryError(
            404,
            'NAME_UNKNOWN',
            `The repository with name '${r.repo}' does not exist in the registry with id '${registryId}'`,
            undefined,
            `no repository ${r.repo}`
          )
        );
      }
    }
    if (
      r.kind === 'upload' &&
      c.method === 'POST' &&
      !opts.blobMounting &&
      (c.url.searchParams.has('mount') || c.url.searchParams.has('from'))
    ) {
      const u = new URL(c.url);
      u.searchParams.delete('mount');
      u.searchParams.delete('from');
      return c.pass({ path: u.pathname + u.search, note: 'mount parameters removed (blob mounting off)' });
    }
    if (r.kind === 'manifest' && c.method === 'PUT' && immutable && !isDigest(r.ref)) {
      const existing = await c.resolve(r.repo, r.ref);
      if (existing.answer.status === 401 || existing.answer.status === 403)
        return c.relay(existing.answer, 'tag lookup refused');
      if (existing.digest) {
        return c.reply(
          registryError(
            400,
            'TAG_INVALID',
            `The image tag '${r.ref}' already exists in the '${r.repo}' repository and cannot be overwritten because the repository is immutable.`,
            undefined,
            `immutable tag ${r.ref}`
          )
        );
      }
    }
    return c.pass();
  };
}

/**
 * Harbor.
 * - DELETE of a tag deletes the artifact and every tag on it: Harbor's documentation, "If
 *   multiple tags refer to the same image, then deleting one tag results in the deletion of all
 *   tags for that image" (docs updated in goharbor/harbor#11988; see also goharbor/harbor#2663,
 *   "registry only accepts using digest to DELETE tag", and #22170, where a maintainer says
 *   this holds for older Harbor). Translated here into: resolve the tag's digest (HEAD), then
 *   DELETE by digest on the backend (which needs storage.delete enabled), which removes every
 *   tag on it. `tagDelete: "unsupported"` instead models Harbor 2.x's /v2 handler
 *   (src/server/registry/manifest.go: "v2 doesn't support delete by tag", answered with
 *   errors.UNSUPPORTED, which src/lib/http/error.go maps to 400).
 * - A mount from another project (first path component differs) answers 401 UNAUTHORIZED, not
 *   202 (goharbor/harbor#17097: "harbor fails and returns a 401 with `UNAUTHORIZED: project
 *   examplegroup not found: project examplegroup not found`, whereas it should return a 202").
 *   No challenge header is sent with it. A mount within the project passes through.
 */
function harbor(opts: PersonalityOptions): Handler {
  const tagDelete = opts.tagDelete ?? 'artifact';
  return async (c) => {
    const r = c.route;
    if (r.kind === 'manifest' && c.method === 'DELETE' && !isDigest(r.ref)) {
      if (tagDelete === 'unsupported') {
        return c.reply(
          registryError(
            400,
            'UNSUPPORTED',
            `unsupported digest ${r.ref}: invalid checksum digest format`,
            undefined,
            'DELETE by tag unsupported (Harbor 2.x)'
          )
        );
      }
      const t = await c.resolve(r.repo, r.ref);
      if (!t.digest) return c.notResolved(t.answer, r.ref);
      return c.pass({
        path: `/v2/${r.repo}/manifests/${t.digest}`,
        note: `DELETE by tag -> DELETE ${t.digest} (every tag on it)`
      });
    }
    const from = c.url.searchParams.get('from');
    if (r.kind === 'upload' && c.method === 'POST' && c.url.searchParams.has('mount') && from) {
      const project = from.split('/')[0];
      if (project !== r.repo.split('/')[0]) {
        return c.reply(
          registryError(
            401,
            'UNAUTHORIZED',
            `project ${project} not found: project ${project} not found`,
            undefined,
            `mount from another project (${project})`
          )
        );
      }
    }
    return c.pass();
  };
}

/**
 * Docker Hub.
 * - No DELETE: 405 UNSUPPORTED (docker/hub-feedback#2360, "Support the OCI delete API":
 *   deleting manifests through the registry API "fails with a 405 (method not allowed)"; the body
 *   is distribution's "The operation is unsupported.").
 * - A manifest GET counts as a pull, a HEAD does not (docs.docker.com/docker-hub/usage/pulls:
 *   a version check with HEAD is not counted); `pulls()` exposes the count.
 * - `RateLimit-Limit` / `RateLimit-Remaining` on manifest GET and HEAD answers, "100;w=21600"
 *   (the docs' own check is a HEAD; values as captured in public gists), plus
 *   `docker-ratelimit-source`.
 * - After `rateLimitAfter` pulls: 429. The overall ("abuse") limit answers a plain-text body
 *   "Too Many Requests (HAP429)." with `Retry-After` (docker/hub-feedback#1907 shows the raw
 *   response: Content-Type text/plain, Retry-After: 60); the pull limit answers JSON
 *   TOOMANYREQUESTS "You have reached your pull rate limit. You may increase the limit by
 *   authenticating and upgrading: https://www.docker.com/increase-rate-limit" (ScribeMD/docker-cache#829).
 *   Only GETs are refused. Test convenience (not Hub's 6 h window): the window restarts once
 *   Retry-After has passed.
 */
function dockerhub(opts: PersonalityOptions, counters: { pulls: number }): Handler {
  const retryAfter = opts.retryAfterSeconds ?? 60;
  const limit = opts.rateLimitLimit ?? opts.rateLimitAfter ?? 100;
  let windowPulls = 0;
  let limitedUntil = 0;
  return async (c) => {
    const r = c.route;
    if (c.method === 'DELETE')
      return c.reply(
        registryError(405, 'UNSUPPORTED', 'The operation is unsupported.', undefined, 'no DELETE on Docker Hub')
      );
    if (r.kind !== 'manifest' || (c.method !== 'GET' && c.method !== 'HEAD')) return c.pass();
    const now = Date.now();
    if (limitedUntil && now >= limitedUntil) {
      limitedUntil = 0;
      windowPulls = 0;
    }
    const rateHeaders = (remaining: number) => ({
      'RateLimit-Limit': `${limit};w=21600`,
      'RateLimit-Remaining': `${Math.max(0, remaining)};w=21600`,
      'Docker-RateLimit-Source': '127.0.0.1'
    });
    if (
      c.method === 'GET' &&
      opts.rateLimitAfter !== undefined &&
      (limitedUntil || windowPulls >= opts.rateLimitAfter)
    ) {
      if (!limitedUntil) limitedUntil = now + retryAfter * 1000;
      const ra = String(Math.max(1, Math.ceil((limitedUntil - now) / 1000)));
      if ((opts.rateLimitKind ?? 'abuse') === 'abuse') {
        return c.reply({
          status: 429,
          headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache', 'Retry-After': ra },
          body: 'Too Many Requests (HAP429).\n',
          note: 'rate limited (abuse limit)'
        });
      }
      return c.reply(
        registryError(
          429,
          'TOOMANYREQUESTS',
          'You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
          undefined,
          'rate limited (pull limit)',
          { ...rateHeaders(0), 'Retry-After': ra }
        )
      );
    }
    const counts = c.method === 'GET';
    const status = await c.pass({
      responseHeaders: rateHeaders(limit - windowPulls - (counts ? 1 : 0)),
      note: counts ? 'pull counted' : 'HEAD: not a pull'
    });
    if (counts && status === 200) {
      windowPulls++;
      counters.pulls++;
    }
    return status;
  };
}

/**
 * Google Artifact Registry (and GCR before it): genuinetools/reg#136 shows both answers.
 * - DELETE by digest while a tag points at it: 400 GOOGLE_MANIFEST_DANGLING_TAG "Manifest is still
 *   referenced by tag: T" (several tags: sorted, listed with ", "; unconfirmed).
 * - DELETE by tag removes the tag only: 202, the manifest stays.
 * Distribution 2.8 has no tag DELETE over its API (a DELETE by tag answers 400 DIGEST_INVALID), so
 * the tag is removed the way distribution itself removes one when it untags (its tag store deletes
 * the directory <root>/docker/registry/v2/repositories/<repo>/_manifests/tags/<tag>): the registry
 * still holds all the data and answers every later request itself; nothing is kept here. That
 * needs the backend's storage root (TestRegistry.root). Before touching it, the client's own
 * DELETE by tag is sent to the backend as a probe: distribution checks the `delete` permission
 * before its handler refuses the tag (400), so 401/403 (no right) and 405 (deletes disabled) are
 * relayed and nothing is removed.
 */
function gar(backend: PersonalityBackend): Handler {
  return async (c) => {
    const r = c.route;
    if (r.kind !== 'manifest' || c.method !== 'DELETE') return c.pass();
    if (isDigest(r.ref)) {
      const { tags, refused } = await c.tagsPointingAt(r.repo, r.ref);
      if (refused) return c.relay(refused, 'tag lookup refused');
      if (tags.length > 0) {
        return c.reply(
          registryError(
            400,
            'GOOGLE_MANIFEST_DANGLING_TAG',
            `Manifest is still referenced by tag: ${tags.join(', ')}`,
            undefined,
            `still tagged ${tags.join(', ')}`
          )
        );
      }
      return c.pass();
    }
    if (!backend.root) {
      return c.reply(
        registryError(
          500,
          'UNKNOWN',
          'gar personality: DELETE by tag needs the backend storage root (TestRegistry.root)',
          undefined,
          'no storage root'
        )
      );
    }
    if (!REPO_RE.test(r.repo) || !TAG_RE.test(r.ref))
      return c.reply(registryError(400, 'TAG_INVALID', 'manifest tag did not match URI', undefined, 'bad tag'));
    const probe = await c.backend('DELETE', `/v2/${r.repo}/manifests/${r.ref}`);
    if (probe.status !== 400) return c.relay(probe, 'DELETE by tag refused by the backend');
    const t = await c.resolve(r.repo, r.ref);
    if (!t.digest) return c.notResolved(t.answer, r.ref);
    const tagDir = path.join(
      backend.root,
      'docker/registry/v2/repositories',
      ...r.repo.split('/'),
      '_manifests/tags',
      r.ref
    );
    fs.rmSync(tagDir, { recursive: true, force: true });
    return c.reply({ status: 202, note: `tag ${r.ref} removed (manifest ${t.digest} kept)` });
  };
}

/**
 * The OCI-index Accept rule: an OCI index is 404 MANIFEST_UNKNOWN "OCI index found, but accept
 * header does not support OCI indexes" to a client whose Accept lacks
 * application/vnd.oci.image.index.v1+json (Azure/azure-cli#25280 for ACR; the exact body is in
 * Azure/acr-cli#132). For GHCR the same rule and wording are assumed (unconfirmed).
 * Distribution 2.8 has the same rule built in (registry/handlers/manifests.go), so to make the
 * personality the one that rules, the request goes to the backend with the index type added to
 * its Accept (which changes nothing else distribution negotiates) and the personality decides on
 * the Content-Type the backend answers with.
 */
function passWithIndexAcceptRule(c: Call): Promise<number> {
  const accepted = acceptedTypes(c.req.headers.accept);
  if (accepted.has(MT.ociIndex)) return c.pass();
  const accept = [c.req.headers.accept, MT.ociIndex]
    .filter((s): s is string => typeof s === 'string' && s !== '')
    .join(', ');
  return c.pass({
    headers: { accept },
    intercept: (status, headers) => {
      const type = String(headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      if (status === 200 && type === MT.ociIndex) {
        return registryError(
          404,
          'MANIFEST_UNKNOWN',
          'OCI index found, but accept header does not support OCI indexes',
          undefined,
          'OCI index hidden from this Accept'
        );
      }
      return undefined;
    }
  });
}

/**
 * GitHub Container Registry: no manifest DELETE over the registry API, 405 UNSUPPORTED "The
 * operation is unsupported." (containers/skopeo#1880; package versions are deleted through the
 * REST API instead, see ./github-packages-api); the OCI-index Accept rule (see passWithIndexAcceptRule).
 */
function ghcr(): Handler {
  return async (c) => {
    if (c.method === 'DELETE')
      return c.reply(
        registryError(405, 'UNSUPPORTED', 'The operation is unsupported.', undefined, 'no DELETE on GHCR')
      );
    if (c.route.kind === 'manifest' && (c.method === 'GET' || c.method === 'HEAD')) return passWithIndexAcceptRule(c);
    return c.pass();
  };
}

/** Azure Container Registry: the OCI-index Accept rule (Azure/azure-cli#25280, Azure/acr-cli#132). */
function acr(): Handler {
  return async (c) => {
    if (c.route.kind === 'manifest' && (c.method === 'GET' || c.method === 'HEAD')) return passWithIndexAcceptRule(c);
    return c.pass();
  };
}

/**
 * A registry behind a CDN / with replication lag: a manifest just PUT is unknown for a moment
 * (int128/docker-manifest-create-action#857, "Image not available to get digest right after
 * pushing (registry replication latency)": docker.io answered "not found" right after the push;
 * estesp/manifest-tool#191 shows the list PUT failing on a child pushed just before). For `lagMs`
 * after a manifest PUT (by digest or tag), GET/HEAD of that digest or tag answer 404
 * MANIFEST_UNKNOWN, and a PUT of an index/list that references it answers 400
 * MANIFEST_BLOB_UNKNOWN (distribution's answer for a list child it cannot find).
 */
function cdn(opts: PersonalityOptions): Handler {
  const lagMs = opts.lagMs ?? 1500;
  const visibleAt = new Map<string, number>(); // R@ref -> when it becomes visible
  const lagging = (key: string): boolean => {
    const t = visibleAt.get(key);
    if (t === undefined) return false;
    if (Date.now() < t) return true;
    visibleAt.delete(key);
    return false;
  };
  return async (c) => {
    const r = c.route;
    if (r.kind !== 'manifest') return c.pass();
    if (c.method === 'GET' || c.method === 'HEAD') {
      if (lagging(`${r.repo}@${r.ref}`)) {
        return c.reply(
          registryError(
            404,
            'MANIFEST_UNKNOWN',
            'manifest unknown',
            isDigest(r.ref) ? undefined : { Tag: r.ref },
            'not yet visible (lag)'
          )
        );
      }
      return c.pass();
    }
    if (c.method !== 'PUT') return c.pass();
    const body = await c.body();
    let children: string[] = [];
    try {
      const m = JSON.parse(body.toString('utf8')) as { manifests?: Array<{ digest?: unknown }> };
      if (Array.isArray(m.manifests))
        children = m.manifests.map((d) => d.digest).filter((d): d is string => typeof d === 'string');
    } catch {
      /* the backend judges it */
    }
    const missing = children.find((d) => lagging(`${r.repo}@${d}`));
    if (missing)
      return c.reply(
        registryError(
          400,
          'MANIFEST_BLOB_UNKNOWN',
          'blob unknown to registry',
          missing,
          `child ${missing} not yet visible (lag)`
        )
      );
    const status = await c.pass({ body });
    if (status === 201) {
      const t = Date.now() + lagMs;
      visibleAt.set(`${r.repo}@${sha256(body)}`, t);
      visibleAt.set(`${r.repo}@${r.ref}`, t);
      c.entry.note = `unknown for ${lagMs} ms`;
      c.entry.by = 'personality';
    }
    return status;
  };
}

/** One GET /v2/ on the backend: does it want credentials? */
async function probeAuth(core: Core): Promise<boolean> {
  try {
    const r = await core.request('GET', '/v2/', {});
    return r.status === 401;
  } catch (e) {
    throw new Error(`startPersonality: backend ${core.target.href} not reachable: ${(e as Error).message}`, {
      cause: e
    });
  }
}

/** Start personality `name` in front of `backend` on 127.0.0.1 (a free port). */
export async function startPersonality(
  backend: PersonalityBackend,
  name: PersonalityName,
  opts: PersonalityOptions = {}
): Promise<Personality> {
  const core = new Core(backend.url);
  core.backendWantsAuth = await probeAuth(core);
  const repositories = new Set<string>(opts.repositories ?? []);
  const counters = { pulls: 0 };
  const handler: Handler = (() => {
    switch (name) {
      case 'gitlab':
        return gitlab();
      case 'quay':
        return quay(core, opts);
      case 'ecr':
        return ecr(opts, repositories);
      case 'harbor':
        return harbor(opts);
      case 'dockerhub':
        return dockerhub(opts, counters);
      case 'gar':
        return gar(backend);
      case 'ghcr':
        return ghcr();
      case 'acr':
        return acr();
      case 'cdn':
        return cdn(opts);
      default:
        throw new Error(`startPersonality: unknown personality ${String(name)}`);
    }
  })();

  const requests: PersonalityRequest[] = [];
  let host = '';
  const server = http.createServer({ keepAliveTimeout: 5000, requestTimeout: 120_000 }, (req, res) => {
    const entry: PersonalityRequest = {
      seq: requests.length + 1,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      status: 0,
      by: 'backend'
    };
    if (typeof req.headers.accept === 'string') entry.accept = req.headers.accept;
    requests.push(entry);
    const started = Date.now();
    res.once('close', () => {
      entry.status = res.headersSent ? res.statusCode : 0;
      entry.ms = Date.now() - started;
      if (opts.logRequests) {
        process.stderr.write(
          `[${name} ${host}] #${entry.seq} ${entry.method} ${entry.path} -> ${entry.status || 'dropped'} (${entry.by}${entry.note ? `: ${entry.note}` : ''}) ${entry.ms} ms\n`
        );
      }
    });
    const call = new Call(req, res, entry, core);
    // No credentials for a backend that wants them: let the backend challenge (nothing happens
    // before its auth check), as the real registry would before doing anything else.
    const run = core.backendWantsAuth && !req.headers.authorization ? call.pass() : handler(call);
    run.catch((err: Error) => {
      if (!res.headersSent && !res.destroyed) {
        void call.reply(
          registryError(500, 'UNKNOWN', `personality ${name}: ${err.message}`, undefined, 'personality error')
        );
      } else res.destroy();
    });
  });
  const listening = await listenOnLoopback(server);
  host = listening.host;

  let stopped = false;
  return {
    name,
    host,
    url: `http://${host}`,
    backend: backend.url,
    requests,
    pulls: () => counters.pulls,
    repositories,
    async stop() {
      if (stopped) return;
      stopped = true;
      core.stopped = true;
      for (const [t, wake] of core.timers) {
        clearTimeout(t);
        wake();
      }
      core.timers.clear();
      core.agent.destroy();
      await listening.close();
    }
  };
}
