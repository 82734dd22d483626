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
import { listenOnLoopback } from './loopback';
import { Delays } from './proxy-delays';
import { drip, faultAnswer, FaultPicker, type FaultKind, type FaultPlan } from './proxy-faults';

export { retryKey, type FaultKind, type FaultPlan } from './proxy-faults';

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

/** One request in flight: its log entry, its fault, and how to drop it. */
interface Flight {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  entry: ProxyRequest;
  fault?: FaultKind;
  /** record "dropped" and destroy the client's socket */
  drop: () => void;
}

/** The proxy's settings and state; each step of a request is a method. */
class LatencyProxy {
  readonly target: URL;
  readonly delayMs: number;
  readonly handshakeMs: number;
  readonly upstreamTimeoutMs: number;
  readonly faults: FaultPlan;
  readonly picker: FaultPicker;
  readonly delays = new Delays();
  // Keep-alive to the backend; destroyed on stop.
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  readonly requests: ProxyRequest[] = [];
  private seqCounter = 0;
  // Per client connection: its id and how many requests it carried.
  private readonly connInfo = new WeakMap<net.Socket, { id: number; requests: number }>();
  private connCounter = 0;
  accepted = 0; // connections accepted since the last reset
  used = 0; // of those (or older ones), connections whose first request came since the last reset
  proxyHost = ''; // set after listen

  constructor(readonly opts: ProxyOptions) {
    this.target = new URL(opts.target);
    if (this.target.protocol !== 'http:') throw new Error(`startProxy: target must be plain http, got ${opts.target}`);
    if (opts.rttMs !== undefined && opts.delayMs !== undefined)
      throw new Error('startProxy: rttMs and delayMs are exclusive');
    const rttMs = Math.max(0, opts.rttMs ?? 0);
    this.delayMs = opts.rttMs !== undefined ? rttMs / 2 : Math.max(0, opts.delayMs ?? 0);
    this.handshakeMs = Math.max(0, opts.handshakeRtts ?? (opts.rttMs !== undefined ? 2 : 0)) * rttMs;
    this.faults = opts.faults ?? {};
    this.picker = new FaultPicker(this.faults);
    this.upstreamTimeoutMs = opts.upstreamTimeoutMs ?? 30_000;
  }

  /** A request arrives: log it, pick its fault, then take it the way in. */
  onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const seq = ++this.seqCounter;
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    let info = this.connInfo.get(req.socket);
    if (!info) {
      info = { id: ++this.connCounter, requests: 0 };
      this.connInfo.set(req.socket, info);
    }
    const newConn = info.requests++ === 0;
    if (newConn) this.used++;
    const entry: ProxyRequest = { seq, conn: info.id, newConn, method, path, status: 0, start: performance.now() };
    this.requests.push(entry);
    const started = Date.now();
    const fault = this.picker.choose(seq, method, path);
    if (fault) entry.fault = fault;
    let finished = false;
    const finish = (status: number) => {
      if (finished) return;
      finished = true;
      entry.status = status;
      entry.ms = Date.now() - started;
      entry.end ??= performance.now();
      if (this.opts.logRequests) {
        process.stderr.write(
          `[proxy ${this.proxyHost}] #${seq} conn ${entry.conn}${newConn ? ' (new)' : ''} ${method} ${path} -> ${status || 'dropped'}${fault ? ` (fault ${fault})` : ''} ${entry.ms} ms\n`
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
    this.wayIn({ req, res, entry, fault, drop }).catch(() => drop());
  }

  /** The way in; a new connection first pays its handshake. Then a fault's answer, or the backend. */
  private async wayIn(f: Flight): Promise<void> {
    const overshoot = await this.delays.delay(this.delayMs + (f.entry.newConn ? this.handshakeMs : 0));
    if (this.delays.stopped) return f.drop();
    if (f.fault === 'drop-before') return f.drop();
    if (f.fault === '500' || f.fault === '503' || f.fault === '429') return this.answerFault(f, f.fault, overshoot);
    this.forward(f, overshoot);
  }

  /** Discard the request body (streamed, not kept), then answer like a registry would. */
  private async answerFault(f: Flight, fault: '500' | '503' | '429', overshoot: number): Promise<void> {
    f.req.resume();
    await new Promise<void>((resolve) => {
      f.req.once('end', resolve);
      f.req.once('close', resolve);
      f.req.once('error', () => resolve());
    });
    await this.delays.delay(this.delayMs - overshoot);
    if (this.delays.stopped || f.res.destroyed) return f.drop();
    const a = faultAnswer(fault, this.faults.retryAfterSeconds ?? 1);
    f.res.writeHead(a.status, a.headers);
    f.res.end(f.entry.method === 'HEAD' ? undefined : a.body);
  }

  /** Stream the request to the backend (or a route's target); its answer comes back through relay(). */
  private forward(f: Flight, overshoot: number): void {
    const { req, res, entry } = f;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || HOP_BY_HOP.has(k.toLowerCase())) continue;
      headers[k] = v;
    }
    const route = this.opts.routes?.find((r) => entry.path.startsWith(r.prefix));
    const to = route ? new URL(route.target) : this.target;
    headers.host = to.host;
    const upstream = http.request(
      {
        host: to.hostname,
        port: to.port || 80,
        method: entry.method,
        path: entry.path,
        headers,
        agent: this.agent,
        timeout: this.upstreamTimeoutMs
      },
      (up) => void this.relay(f, up, overshoot)
    );
    upstream.on('timeout', () =>
      upstream.destroy(new Error(`backend did not answer within ${this.upstreamTimeoutMs} ms`))
    );
    upstream.on('error', (err) => {
      if (res.headersSent || res.destroyed) return f.drop();
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
  }

  /** The way out: the rest of the round trip, then the backend's answer (headers rewritten), streamed. */
  private async relay(f: Flight, up: http.IncomingMessage, overshoot: number): Promise<void> {
    const { res, fault, drop } = f;
    await this.delays.delay(this.delayMs - overshoot);
    if (this.delays.stopped || res.destroyed) {
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
          ? this.rewriteLocation(v)
          : lk === 'www-authenticate'
            ? this.rewriteRealm(v)
            : v;
    }
    res.writeHead(up.statusCode ?? 502, up.statusMessage, out);
    const body = fault === 'slow' ? up.pipe(this.slowBody()) : up;
    body.on('error', () => drop());
    up.on('error', () => drop());
    res.once('close', () => {
      if (!up.complete) up.destroy();
    });
    body.pipe(res);
  }

  private slowBody() {
    const bytes = Math.max(1, this.faults.slowChunkBytes ?? 64);
    const everyMs = Math.max(1, this.faults.slowChunkMs ?? 25);
    const maxMs = Math.max(0, this.faults.slowMaxMs ?? 3000);
    return drip(bytes, everyMs, maxMs, this.delays.wait);
  }

  private rewriteRealm(value: string | string[]): string | string[] {
    const r = this.opts.realm;
    if (!r) return value;
    const to = r.to === 'self' ? `http://${this.proxyHost}` : r.to;
    const one = (v: string) => v.split(`realm="${r.from}`).join(`realm="${to}`);
    return Array.isArray(value) ? value.map(one) : one(value);
  }

  private rewriteLocation(value: string): string {
    try {
      const u = new URL(value, this.target);
      if (u.host === this.target.host && /^https?:$/.test(u.protocol) && /^https?:\/\//i.test(value)) {
        u.protocol = 'http:';
        u.host = this.proxyHost;
        return u.toString();
      }
    } catch {
      /* not a URL: leave it */
    }
    return value;
  }
}

export async function startProxy(opts: ProxyOptions): Promise<Proxy> {
  const p = new LatencyProxy(opts);
  const server = http.createServer({ keepAliveTimeout: 5000, requestTimeout: 120_000 }, (req, res) =>
    p.onRequest(req, res)
  );
  server.on('connection', () => p.accepted++);
  const listening = await listenOnLoopback(server);
  p.proxyHost = listening.host;
  let stopped = false;
  return {
    host: p.proxyHost,
    url: `http://${p.proxyHost}`,
    requests: p.requests,
    stats: () => ({
      requests: p.requests.length,
      connections: p.used,
      idleConnections: Math.max(0, p.accepted - p.used)
    }),
    reset() {
      p.requests.length = 0;
      p.accepted = 0;
      p.used = 0;
    },
    faultCounts: () => ({ ...p.picker.counts }),
    async stop() {
      if (stopped) return;
      stopped = true;
      p.delays.stop();
      p.agent.destroy();
      await listening.close();
    }
  };
}
