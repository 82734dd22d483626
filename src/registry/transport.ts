/**
 * HTTP for registries: one keep-alive agent per origin and TLS setting, timeouts on every
 * request, redirects followed by hand so credentials never leave the host they belong to.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SecureContext } from 'node:tls';
import { TransportError } from '../model/errors';
import { hasCertsDir, secureContextFor } from './tls';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** A buffer, or a stream (sent as is; give Content-Length in headers). */
  body?: Buffer | string | Readable;
  /** Skip certificate verification for this request's origin. */
  skipVerify?: boolean;
  /** Return the body as a stream instead of buffering it. */
  stream?: boolean;
  /** Refuse to buffer more than this many bytes. */
  maxBytes?: number;
  /** Aborts the request (the run is over): it ends at once with code CANCELLED, never retried. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Buffered body (absent when `stream` was asked for). */
  body: Buffer;
  /** The body stream when `stream` was asked for; the caller must consume or destroy it. */
  stream?: Readable;
  /** The URL that finally answered (after redirects). */
  url: string;
}

const MAX_REDIRECTS = 5;

/**
 * Connections per registry origin. A fan-in's waves (a HEAD, mounts and a PUT per child) are as
 * wide as the sources times the blobs; wider than this, a wave costs round trips in turns.
 */
export const MAX_SOCKETS = 64;
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** An agent for one origin and TLS setting, and how to let it go. */
export type AgentFactory = (
  origin: string,
  tls: { skipVerify: boolean; secureContext?: SecureContext }
) => { agent: http.Agent; dispose(): void };

/** Plain Node agents: direct connections (agents.ts adds the proxy's; tests inject these). */
export const nodeAgents: AgentFactory = (origin, { skipVerify, secureContext }) => {
  const agent = origin.startsWith('https:')
    ? new https.Agent({
        keepAlive: true,
        maxSockets: MAX_SOCKETS,
        rejectUnauthorized: !skipVerify,
        ...(secureContext ? { secureContext } : {})
      })
    : new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  return { agent, dispose: () => agent.destroy() };
};

export interface TransportOptions {
  userAgent: string;
  /** Idle-socket timeout: a stalled registry fails the request instead of hanging the job. */
  timeoutMs: number;
  /** docker's certs.d base directory. */
  certsDir: string;
  /**
   * Where agents come from: direct or through the environment's proxy in the action and CLI
   * (agents.ts, chosen by open.ts); plain Node agents in tests (nodeAgents).
   */
  agents: AgentFactory;
}

/** Node's error codes for a certificate that did not verify. */
export function isCertificateError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code ?? '';
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|LEAF_SIGNATURE/.test(code);
}

/** An HTTPS request answered in plain HTTP: OpenSSL says "wrong version number" or similar. */
export function isPlainHttpServer(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException;
  return (
    e?.code === 'EPROTO' &&
    /wrong version number|packet length too long|http request|unknown protocol/i.test(e.message ?? '')
  );
}

export class Transport {
  private readonly agents = new Map<string, { agent: http.Agent; dispose(): void }>();
  /** Hosts whose certificates are checked against the wider trust set (see tls.ts). */
  private readonly wideTrust = new Set<string>();
  private readonly makeAgent: AgentFactory;
  /**
   * Requests in flight per run signal. One abort listener per signal ends them all: Node's own
   * `signal` option adds a listener per request, and each add walks the signal's listeners for a
   * duplicate (quadratic in a fan-in's hundreds of requests, ~25 ms of CPU at N=32).
   */
  private readonly inFlight = new WeakMap<AbortSignal, Set<http.ClientRequest>>();
  /** The last Authorization value found clean: the run's token, sent with every request, is checked once. */
  private cleanAuthorization?: string;

  constructor(private readonly opts: TransportOptions) {
    this.makeAgent = opts.agents;
  }

  /**
   * Check this host against the system store and certs.d too. Building that context costs ~0.1 s,
   * so it is done only for hosts that need it: a certs.d entry, or a failed default verification.
   */
  trustWidely(host: string): boolean {
    if (this.wideTrust.has(host)) return false;
    this.wideTrust.add(host);
    const key = `https://${host}|false`;
    this.agents.get(key)?.dispose();
    this.agents.delete(key);
    return true;
  }

  private agent(origin: string, skipVerify: boolean): http.Agent {
    const key = `${origin}|${skipVerify}`;
    let a = this.agents.get(key);
    if (!a) {
      const host = new URL(origin).host;
      const wide =
        origin.startsWith('https:') &&
        !skipVerify &&
        (this.wideTrust.has(host) || hasCertsDir(host, this.opts.certsDir));
      a = this.makeAgent(origin, {
        skipVerify,
        secureContext: wide ? secureContextFor(host, this.opts.certsDir) : undefined
      });
      this.agents.set(key, a);
    }
    return a.agent;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    let url = new URL(req.url);
    const headers = { ...(req.headers ?? {}) };
    const firstHost = url.host;
    for (let hop = 0; ; hop++) {
      const res = await this.verified(req.method, url, headers, req.body, req.skipVerify ?? false, req.signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location) {
        res.resume();
        const next = new URL(location, url);
        if (hop >= MAX_REDIRECTS) {
          throw new TransportError(
            `${firstHost}: ${req.method} ${new URL(req.url).pathname} was redirected more than ${MAX_REDIRECTS} times (last to ${next.host}${next.pathname}); a redirect loop: check the registry's address and any proxy in front of it`,
            'REDIRECT_LOOP'
          );
        }
        if (url.protocol === 'https:' && next.protocol !== 'https:') {
          throw new TransportError(
            `${url.host} redirected ${req.method} to plain HTTP (${next.host}); refusing the downgrade`
          );
        }
        // Storage redirects (S3, GCS, CDNs) carry their own signed query: never our credentials.
        if (next.host !== firstHost) {
          for (const h of Object.keys(headers)) if (h.toLowerCase() === 'authorization') delete headers[h];
        }
        url = next;
        continue;
      }
      if (req.stream && status >= 200 && status < 300) {
        return { status, headers: res.headers, body: Buffer.alloc(0), stream: res, url: url.toString() };
      }
      const body = await readLimited(res, req.method === 'HEAD' ? 0 : (req.maxBytes ?? DEFAULT_MAX_BYTES), url);
      return { status, headers: res.headers, body, url: url.toString() };
    }
  }

  /** Node's bundled roots did not verify the host: try once more with the system store and certs.d. */
  private async verified(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: HttpRequest['body'],
    skipVerify: boolean,
    signal?: AbortSignal
  ): Promise<IncomingMessage> {
    try {
      return await this.once(method, url, headers, body, skipVerify, signal);
    } catch (err) {
      const retry =
        url.protocol === 'https:' &&
        !skipVerify &&
        !(body instanceof Readable) &&
        isCertificateError((err as { cause?: unknown }).cause ?? err);
      if (retry && this.trustWidely(url.host)) return this.once(method, url, headers, body, skipVerify, signal);
      throw err;
    }
  }

  /**
   * One request. The agent comes from the factory (keep-alive, proxy from the environment,
   * TLS setting); the request itself is ours so a failing body stream aborts the upload at once.
   */
  private once(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: HttpRequest['body'],
    skipVerify: boolean,
    signal?: AbortSignal
  ): Promise<IncomingMessage> {
    const h: Record<string, string> = { 'User-Agent': this.opts.userAgent, ...headers };
    if (typeof body === 'string' || Buffer.isBuffer(body)) h['Content-Length'] = String(Buffer.byteLength(body));
    const ms = this.opts.timeoutMs;
    const timeout = () => Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: 'TIMEOUT' });
    return new Promise<IncomingMessage>((resolve, reject) => {
      const bad = badHeader(h, this.cleanAuthorization);
      if (bad)
        return reject(
          new TransportError(
            `${url.host}: the ${bad} header would carry a line break or control character; refusing to send it`,
            'BAD_HEADER'
          )
        );
      if (h.Authorization !== undefined) this.cleanAuthorization = h.Authorization;
      if (signal?.aborted) return reject(cancelled(url));
      let req: http.ClientRequest;
      try {
        const agent = this.agent(url.origin, skipVerify);
        const mod = url.protocol === 'https:' ? https : http;
        req = mod.request(url, { method, headers: h, agent, timeout: ms }, (res) => {
          clearTimeout(idle);
          resolve(res);
        });
      } catch (err) {
        // Node refuses some requests synchronously (a header it will not send): fail now, no timer left.
        return reject(toTransportError(err, url));
      }
      const live = signal && this.track(signal);
      live?.add(req);
      // Node's socket timeout starts only once its socket says 'connect', which a socket an agent hands
      // over already connected (a proxy's tunnel) never says. So until the answer comes, an idle timer of
      // our own, whatever the agent: no socket, or no byte moved either way on it, for `ms`, ends the request.
      // Looked at four times per period: a stop is noticed at most a quarter period late.
      let socket: { bytesRead: number; bytesWritten: number } | undefined;
      const moved = () => (socket ? socket.bytesRead + socket.bytesWritten : 0);
      let seen = 0;
      let lastMove = Date.now();
      const watch = () => {
        const now = moved();
        if (now !== seen) [seen, lastMove] = [now, Date.now()];
        if (Date.now() - lastMove >= ms) return req.destroy(timeout());
        idle = setTimeout(watch, Math.max(ms / 4, 10));
      };
      let idle = setTimeout(watch, Math.max(ms / 4, 10));
      req.on('socket', (s) => {
        socket = s;
        seen = moved();
      });
      req.on('close', () => {
        clearTimeout(idle);
        live?.delete(req);
      });
      req.on('timeout', () => req.destroy(timeout()));
      req.on('error', (err) => reject(signal?.aborted ? cancelled(url) : toTransportError(err, url)));
      if (body instanceof Readable) {
        pipeline(body, req).catch((err) => req.destroy(err));
      } else {
        req.end(body);
      }
    });
  }

  /** The requests in flight under `signal`; its abort destroys each as Node's `signal` option would. */
  private track(signal: AbortSignal): Set<http.ClientRequest> {
    let live = this.inFlight.get(signal);
    if (!live) {
      const set = new Set<http.ClientRequest>();
      signal.addEventListener(
        'abort',
        () => {
          for (const req of set) req.destroy(abortError(signal));
          set.clear();
        },
        { once: true }
      );
      this.inFlight.set(signal, set);
      live = set;
    }
    return live;
  }

  dispose(): void {
    for (const a of this.agents.values()) a.dispose();
    this.agents.clear();
  }
}

/** What Node's `signal` option destroys a request with. */
function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR'
  });
}

/** The run is over: a request cut short for that is not a failure worth reporting or retrying. */
function cancelled(url: URL): TransportError {
  return new TransportError(`${url.host}: cancelled, the run is over`, 'CANCELLED');
}

/**
 * The name of a header whose value Node would refuse (CR, LF, other control characters), if any.
 * `known`: a value already found clean, not scanned again.
 */
export function badHeader(headers: Record<string, string>, known?: string): string | undefined {
  return Object.keys(headers).find(
    // eslint-disable-next-line no-control-regex
    (k) => headers[k] !== known && /[\u0000-\u0008\u000a-\u001f\u007f]/.test(String(headers[k]))
  );
}

/** Wrap a socket-level failure with the host it concerns; keep Node's code for retry decisions. */
export function toTransportError(err: unknown, url: URL): Error {
  if (err instanceof TransportError) return err;
  const e = err as NodeJS.ErrnoException;
  let code = e?.code;
  if (!code && /Request timeout/.test(e?.message ?? '')) code = 'TIMEOUT';
  if (!code && /socket hang up|aborted/i.test(e?.message ?? '')) code = 'ECONNRESET';
  const t = new TransportError(`${url.host}: ${e?.message ?? String(err)}`, code);
  (t as { cause?: unknown }).cause = err;
  return t;
}

/**
 * The body, refused past `maxBytes`. Read with plain listeners rather than `for await`: the async
 * iterator sets up a stream-finished watch and a promise per chunk for every response (~15 ms
 * of CPU over a fan-in's few hundred small bodies); the outcomes are the same.
 */
function readLimited(res: IncomingMessage, maxBytes: number, url: URL): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      reject(toTransportError(err, url));
    };
    res.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        fail(
          new TransportError(
            `${url.host}: response body larger than ${maxBytes} bytes from ${url.pathname}`,
            'TOO_LARGE'
          )
        );
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size));
    });
    res.on('error', fail);
    // Closed before its end without an error of its own: what the async iterator calls a premature close.
    res.on('close', () => fail(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })));
  });
}
