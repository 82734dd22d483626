/**
 * A loopback reverse proxy in front of one registry (or its token server), for the benchmark (a
 * modelled network: round-trip time plus connection handshakes) and the fault tests
 * (deterministic 503 / 429 / dropped connections / slow bodies).
 *
 * The latency model (`rttMs`): a round trip costs rttMs in all, half on the way in (before the
 * request is forwarded) and half on the way out (before the response is relayed). A new
 * connection costs `handshakeRtts` more round trips (default 2: TCP, then TLS, as to any HTTPS
 * registry), charged to the first request on that connection, before it is forwarded. So the
 * first request on a connection takes 3 × rttMs, every later one on the same connection 1 × rttMs.
 * Connections that never carry an HTTP request (a client's TLS probe of this plain-HTTP port) are
 * answered at once and cost nothing: against a real HTTPS registry that TLS handshake would be
 * the handshake the model already charges. Body bytes are not throttled.
 *
 * Every request is logged with its connection id and its arrival and finish times
 * (performance.now(), so they can be compared with timestamps taken in the same process);
 * reset() starts a fresh count for the next run.
 *
 * Clients talk to it as if it were the registry: requests go to the backend with the backend's
 * Host, and response `Location` headers that point at the backend (distribution's absolute upload
 * URLs) are rewritten to point at the proxy. Bodies are streamed both ways, never buffered.
 *
 * Everything is bounded and stops by itself: upstream requests time out, slow bodies drip for a
 * bounded time, and stop() destroys every socket and clears every timer. It listens on 127.0.0.1
 * only. node:http / node:net only.
 */
import http from 'node:http';
import type net from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { listenOnLoopback } from './loopback';

export interface FaultPlan {
  /** Answer every Nth request with 503 (and Retry-After: retryAfterSeconds) without forwarding it. */
  status503EveryN?: number;
  /** Retry-After of the 503s, in seconds (default 1); 0 sends no Retry-After. */
  retryAfterSeconds?: number;
  /** Answer every Nth request with 429 TOOMANYREQUESTS (no Retry-After: the client backs off by itself). */
  status429EveryN?: number;
  /**
   * Destroy the client's socket on every Nth request, without an answer. Drops alternate between
   * "before forwarding" (the registry never sees the request) and "after the registry answered"
   * (the work is done, the client never hears of it), so both kinds of repeat are exercised.
   */
  dropEveryN?: number;
  /** Drip the response body of every Nth request in small chunks (slowChunkBytes every slowChunkMs). */
  slowBodyEveryN?: number;
  /** Default 64 bytes. */
  slowChunkBytes?: number;
  /** Default 25 ms. */
  slowChunkMs?: number;
  /** A slow body drips for at most this long, then the rest goes at once (default 3000 ms). */
  slowMaxMs?: number;
  /**
   * Without a seed, faults are count-based (request #k gets the fault whose N divides k). With a
   * seed, each request draws from a seeded PRNG and gets each fault with probability 1/N.
   */
  seed?: number;
  /** Requests that are never faulted (default: none). E.g. (r) => r.path === '/v2/'. */
  exempt?: (r: { method: string; path: string }) => boolean;
  /** Stop injecting after this many faults in all (default unbounded). */
  maxFaults?: number;
}

export type FaultKind = '503' | '429' | 'drop-before' | 'drop-after' | 'slow';

export interface ProxyRequest {
  /** 1-based arrival order (not reset by reset()) */
  seq: number;
  /** 1-based id of the client connection it came on (not reset by reset()) */
  conn: number;
  /** true for the first request on its connection: the one that pays the handshake */
  newConn: boolean;
  /** performance.now() when the request (its headers) arrived */
  start: number;
  /** performance.now() when the response was finished (or dropped) */
  end?: number;
  method: string;
  /** path and query as the client sent them */
  path: string;
  /** status sent to the client; 0 when the proxy dropped the connection (a fault, or the backend failed mid-way) or none was sent */
  status: number;
  /** the fault injected into this request, if any */
  fault?: FaultKind;
  /** milliseconds from arrival to the end of the response (or the drop) */
  ms?: number;
}

export interface ProxyOptions {
  /** the registry, e.g. http://127.0.0.1:5000 (plain HTTP) */
  target: string;
  /** added each way: before forwarding the request and before relaying the response (default 0) */
  delayMs?: number;
  /**
   * Round-trip time to model: rttMs / 2 each way (instead of delayMs), plus handshakeRtts × rttMs
   * before the first request on each new connection. Exclusive with delayMs.
   */
  rttMs?: number;
  /** round trips a new connection costs before its first request (default 2 with rttMs, else 0) */
  handshakeRtts?: number;
  /**
   * Rewrite the realm of WWW-Authenticate challenges: a realm starting with `from` gets `to`
   * instead of that prefix ('self': this proxy's own URL). Puts a token server's own proxy in the path of the token requests.
   */
  realm?: { from: string; to: string | 'self' };
  /**
   * Requests whose path starts with `prefix` go to `target` (plain http) instead: a token server
   * served from the registry's own host, as GHCR, Quay, Harbor, GAR and ACR have it.
   */
  routes?: Array<{ prefix: string; target: string }>;
  faults?: FaultPlan;
  /** print one line per finished request to stderr */
  logRequests?: boolean;
  /** abort a backend request that has not answered (headers) within this long (default 30 s) */
  upstreamTimeoutMs?: number;
}

export interface Proxy {
  /** "127.0.0.1:PORT" */
  host: string;
  /** "http://127.0.0.1:PORT" */
  url: string;
  /** every request since start (or the last reset()), in arrival order (status filled in when it finishes) */
  requests: ProxyRequest[];
  /** requests and connections since start (or the last reset()) */
  stats(): ProxyStats;
  /** forget the request log and the counts (the next run starts from zero); faults keep counting */
  reset(): void;
  /** faults injected so far, by kind */
  faultCounts(): Record<FaultKind, number>;
  stop(): Promise<void>;
}

export interface ProxyStats {
  requests: number;
  /** client connections that carried at least one request (each paid the handshake) */
  connections: number;
  /** client connections accepted that carried no request (TLS probes and the like; free) */
  idleConnections: number;
}

/** mulberry32: a tiny seeded PRNG, enough for reproducible fault draws. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The identity of a request across retries: method + path with the upload session id and its
 * signed _state removed, so a restarted upload (fresh session) counts as the same request.
 */
export function retryKey(method: string, rawPath: string): string {
  const u = new URL(rawPath, 'http://x');
  u.searchParams.delete('_state');
  const p = u.pathname.replace(/(\/blobs\/uploads\/)[^/]+$/, '$1*');
  const q = u.searchParams.toString();
  return `${method} ${p}${q ? `?${q}` : ''}`;
}

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

export async function startProxy(opts: ProxyOptions): Promise<Proxy> {
  const target = new URL(opts.target);
  if (target.protocol !== 'http:') throw new Error(`startProxy: target must be plain http, got ${opts.target}`);
  if (opts.rttMs !== undefined && opts.delayMs !== undefined)
    throw new Error('startProxy: rttMs and delayMs are exclusive');
  const rttMs = Math.max(0, opts.rttMs ?? 0);
  const delayMs = opts.rttMs !== undefined ? rttMs / 2 : Math.max(0, opts.delayMs ?? 0);
  const handshakeMs = Math.max(0, opts.handshakeRtts ?? (opts.rttMs !== undefined ? 2 : 0)) * rttMs;
  const faults = opts.faults ?? {};
  const upstreamTimeoutMs = opts.upstreamTimeoutMs ?? 30_000;
  const slowChunkBytes = Math.max(1, faults.slowChunkBytes ?? 64);
  const slowChunkMs = Math.max(1, faults.slowChunkMs ?? 25);
  const slowMaxMs = Math.max(0, faults.slowMaxMs ?? 3000);
  const random = faults.seed !== undefined ? prng(faults.seed) : undefined;
  const requests: ProxyRequest[] = [];
  let seqCounter = 0;
  // Per client connection: its id and how many requests it carried.
  const connInfo = new WeakMap<net.Socket, { id: number; requests: number }>();
  let connCounter = 0;
  let accepted = 0; // connections accepted since the last reset
  let used = 0; // of those (or older ones), connections whose first request came since the last reset
  const counts: Record<FaultKind, number> = { '503': 0, '429': 0, 'drop-before': 0, 'drop-after': 0, slow: 0 };
  let injected = 0;
  let drops = 0;
  // retry key -> whether its last appearance was faulted: never fault the same request twice in a row.
  const lastFaulted = new Map<string, boolean>();

  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || stopped) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  // The modelled delays: timers fire off their due time (late, mostly), which would add a few per
  // cent to every round trip. Each delay is started early by the mean lateness seen so far, and
  // resolves with how far it overshot its due time (negative: early), which the way out of the
  // same request gives back, so a request's delays add up to what the model says on average.
  let lateness = 0.5;
  const delay = (ms: number) =>
    new Promise<number>((resolve) => {
      if (ms <= 0 || stopped) return resolve(0);
      const from = performance.now();
      const planned = Math.max(0, ms - lateness);
      const t = setTimeout(() => {
        timers.delete(t);
        const took = performance.now() - from;
        lateness = Math.min(5, Math.max(-5, lateness + 0.05 * (took - planned - lateness)));
        resolve(took - ms);
      }, planned);
      timers.add(t);
    });

  // Keep-alive to the backend; destroyed on stop.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const backendHost = target.host;
  let proxyHost = ''; // set after listen

  function chooseFault(seq: number, method: string, path: string): FaultKind | undefined {
    if (faults.exempt?.({ method, path })) return undefined;
    if (faults.maxFaults !== undefined && injected >= faults.maxFaults) return undefined;
    const hit = (n: number | undefined) => {
      if (!n || n <= 0) return false;
      return random ? random() < 1 / n : seq % n === 0;
    };
    // Draw every kind (a seeded run consumes the same PRNG values whatever was chosen).
    const drop = hit(faults.dropEveryN);
    const s503 = hit(faults.status503EveryN);
    const s429 = hit(faults.status429EveryN);
    const slow = hit(faults.slowBodyEveryN);
    let kind: 'drop' | '503' | '429' | 'slow' | undefined;
    if (drop) kind = 'drop';
    else if (s503) kind = '503';
    else if (s429) kind = '429';
    else if (slow && method === 'GET') kind = 'slow'; // only a GET has a body worth dripping
    const key = retryKey(method, path);
    // A slow body is not a failure: it neither makes the next attempt immune nor is blocked by it.
    if (kind && kind !== 'slow' && lastFaulted.get(key)) kind = undefined;
    if (kind !== 'slow') lastFaulted.set(key, kind !== undefined);
    if (!kind) return undefined;
    const out: FaultKind = kind === 'drop' ? (drops++ % 2 === 0 ? 'drop-before' : 'drop-after') : kind;
    injected++;
    counts[out]++;
    return out;
  }

  function rewriteRealm(value: string | string[]): string | string[] {
    const r = opts.realm;
    if (!r) return value;
    const to = r.to === 'self' ? `http://${proxyHost}` : r.to;
    const one = (v: string) => v.split(`realm="${r.from}`).join(`realm="${to}`);
    return Array.isArray(value) ? value.map(one) : one(value);
  }

  function rewriteLocation(value: string): string {
    try {
      const u = new URL(value, target);
      if (u.host === backendHost && /^https?:$/.test(u.protocol) && /^https?:\/\//i.test(value)) {
        u.protocol = 'http:';
        u.host = proxyHost;
        return u.toString();
      }
    } catch {
      /* not a URL: leave it */
    }
    return value;
  }

  const server = http.createServer({ keepAliveTimeout: 5000, requestTimeout: 120_000 }, (req, res) => {
    const seq = ++seqCounter;
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    let info = connInfo.get(req.socket);
    if (!info) {
      info = { id: ++connCounter, requests: 0 };
      connInfo.set(req.socket, info);
    }
    const newConn = info.requests++ === 0;
    if (newConn) used++;
    const entry: ProxyRequest = { seq, conn: info.id, newConn, method, path, status: 0, start: performance.now() };
    requests.push(entry);
    const started = Date.now();
    const fault = chooseFault(seq, method, path);
    if (fault) entry.fault = fault;
    let finished = false;
    const finish = (status: number) => {
      if (finished) return;
      finished = true;
      entry.status = status;
      entry.ms = Date.now() - started;
      entry.end ??= performance.now();
      if (opts.logRequests) {
        process.stderr.write(
          `[proxy ${proxyHost}] #${seq} conn ${entry.conn}${newConn ? ' (new)' : ''} ${method} ${path} -> ${status || 'dropped'}${fault ? ` (fault ${fault})` : ''} ${entry.ms} ms\n`
        );
      }
    };
    const drop = () => {
      finish(0);
      req.socket.destroy();
    };
    // The last byte handed to the socket: when the client can have it ('close' comes a bit later).
    res.once('finish', () => (entry.end ??= performance.now()));
    // Done, or the client went away: record the status that was sent (0 if none was).
    res.on('close', () => finish(res.headersSent ? res.statusCode : 0));

    void (async () => {
      // The way in; a new connection first pays its handshake.
      const overshoot = await delay(delayMs + (newConn ? handshakeMs : 0));
      if (stopped) return drop();
      if (fault === 'drop-before') return drop();
      if (fault === '503' || fault === '429') {
        // Discard the request body (streamed, not kept), then answer like a registry would.
        req.resume();
        await new Promise<void>((resolve) => {
          req.once('end', resolve);
          req.once('close', resolve);
          req.once('error', () => resolve());
        });
        await delay(delayMs - overshoot);
        if (stopped || res.destroyed) return drop();
        const body =
          fault === '503'
            ? JSON.stringify({
                errors: [{ code: 'UNAVAILABLE', message: 'service unavailable (fault injected by the test proxy)' }]
              })
            : JSON.stringify({
                errors: [{ code: 'TOOMANYREQUESTS', message: 'too many requests (fault injected by the test proxy)' }]
              });
        const headers: Record<string, string> = {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          'Docker-Distribution-Api-Version': 'registry/2.0'
        };
        const ra = faults.retryAfterSeconds ?? 1;
        if (fault === '503' && ra > 0) headers['Retry-After'] = String(ra);
        res.writeHead(fault === '503' ? 503 : 429, headers);
        res.end(method === 'HEAD' ? undefined : body);
        return;
      }

      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined || HOP_BY_HOP.has(k.toLowerCase())) continue;
        headers[k] = v;
      }
      const route = opts.routes?.find((r) => path.startsWith(r.prefix));
      const to = route ? new URL(route.target) : target;
      headers.host = to.host;
      const upstream = http.request(
        { host: to.hostname, port: to.port || 80, method, path, headers, agent, timeout: upstreamTimeoutMs },
        (up) => {
          void (async () => {
            await delay(delayMs - overshoot);
            if (stopped || res.destroyed) {
              up.destroy();
              return drop();
            }
            if (fault === 'drop-after') {
              up.resume(); // let the backend finish; the client never hears
              return drop();
            }
            const out: http.OutgoingHttpHeaders = {};
            for (const [k, v] of Object.entries(up.headers)) {
              if (v === undefined || HOP_BY_HOP.has(k.toLowerCase())) continue;
              const lk = k.toLowerCase();
              out[k] =
                lk === 'location' && typeof v === 'string'
                  ? rewriteLocation(v)
                  : lk === 'www-authenticate'
                    ? rewriteRealm(v)
                    : v;
            }
            res.writeHead(up.statusCode ?? 502, up.statusMessage, out);
            const body = fault === 'slow' ? up.pipe(drip(slowChunkBytes, slowChunkMs, slowMaxMs, wait)) : up;
            body.on('error', () => drop());
            up.on('error', () => drop());
            res.once('close', () => {
              if (!up.complete) up.destroy();
            });
            body.pipe(res);
          })();
        }
      );
      upstream.on('timeout', () =>
        upstream.destroy(new Error(`backend did not answer within ${upstreamTimeoutMs} ms`))
      );
      upstream.on('error', (err) => {
        if (res.headersSent || res.destroyed) return drop();
        const body = JSON.stringify({
          errors: [{ code: 'UNAVAILABLE', message: `test proxy: backend error: ${err.message}` }]
        });
        res.writeHead(502, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
        res.end(body);
      });
      // The client went away before its request was complete: abandon the backend request too.
      req.once('close', () => {
        if (!req.complete) upstream.destroy();
      });
      req.pipe(upstream);
    })().catch(() => drop());
  });
  server.on('connection', () => accepted++);
  const listening = await listenOnLoopback(server);
  proxyHost = listening.host;

  return {
    host: proxyHost,
    url: `http://${proxyHost}`,
    requests,
    stats: () => ({ requests: requests.length, connections: used, idleConnections: Math.max(0, accepted - used) }),
    reset() {
      requests.length = 0;
      accepted = 0;
      used = 0;
    },
    faultCounts: () => ({ ...counts }),
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      agent.destroy();
      await listening.close();
    }
  };
}

/** Re-chunk a stream into `size`-byte pieces, `everyMs` apart, for at most `maxMs`; then pass through. */
function drip(size: number, everyMs: number, maxMs: number, wait: (ms: number) => Promise<void>): Transform {
  const started = Date.now();
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      void (async () => {
        for (let off = 0; off < chunk.length; off += size) {
          if (Date.now() - started >= maxMs) {
            this.push(chunk.subarray(off));
            break;
          }
          this.push(chunk.subarray(off, off + size));
          await wait(everyMs);
        }
        done();
      })().catch((err: Error) => done(err));
    }
  });
}
