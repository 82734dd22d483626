/** One client request to a personality: read it, answer it, or forward it (possibly changed). */
import type http from 'node:http';
import type { PersonalityRequest } from './types';
import {
  ALL_MANIFEST_TYPES,
  HOP_BY_HOP,
  MAX_BUFFERED_BODY,
  parseRoute,
  registryError,
  type Buffered,
  type PassOptions,
  type Reply,
  type Route
} from './wire';

/** What an intercepted request needs of the backend connection (./forwarding-proxy.ts's ForwardingProxy). */
export interface BackendLink {
  forward(c: InterceptedRequest, o: PassOptions): Promise<number>;
  request(method: string, pathAndQuery: string, headers: Record<string, string>, body?: Buffer): Promise<Buffered>;
}

/** A client's request as a personality holds it before the backend sees it (if ever). */
export class InterceptedRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly url: URL;
  readonly route: Route;
  private buffered?: Promise<Buffer>;

  constructor(
    readonly req: http.IncomingMessage,
    readonly res: http.ServerResponse,
    readonly entry: PersonalityRequest,
    private readonly backendLink: BackendLink
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
    const headers = new Map<string, [string, string | string[]]>([
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
    return this.backendLink.forward(this, o);
  }

  /** A request of the personality's own to the backend, with the client's credentials; buffered. */
  backend(
    method: string,
    pathAndQuery: string,
    headers: Record<string, string> = {},
    body?: Buffer
  ): Promise<Buffered> {
    const h: Record<string, string> = { ...headers };
    const auth = this.req.headers.authorization;
    if (auth) h.authorization = auth;
    return this.backendLink.request(method, pathAndQuery, h, body);
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

export type Handler = (c: InterceptedRequest) => Promise<number>;
