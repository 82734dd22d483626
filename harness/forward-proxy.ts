/**
 * A recording, throttling forward proxy (what a corporate proxy is to a self-hosted runner), on
 * 127.0.0.1: CONNECT tunnels and absolute-URI requests (`GET http://host:port/path`). Names under
 * `.corp.test` are resolved to 127.0.0.1 here (the proxy resolves, not the client), so registries
 * are reached by names that are not loopback. It counts tunnels and forwarded requests, can ask
 * for credentials (407), and can throttle the bytes it relays, each way. node:http / node:net only.
 */
import http from 'node:http';
import net from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { listenOnLoopback } from './loopback';

export interface ForwardProxyOptions {
  /** Require `Proxy-Authorization: Basic base64(user:password)`; otherwise 407. */
  auth?: { user: string; password: string };
  /** Relay at most this many bytes per second in each direction (default: unthrottled). */
  bytesPerSecond?: number;
}

export interface ForwardProxy {
  /** "127.0.0.1:PORT" */
  host: string;
  /** "http://127.0.0.1:PORT" */
  url: string;
  /** CONNECT targets (host:port), one per tunnel opened. */
  tunnels: string[];
  /** Per tunnel (same order), the plain-HTTP requests it carried. */
  tunnelRequests: number[];
  /** Absolute-URI requests forwarded (method and URL). */
  forwarded: string[];
  /** Requests answered 407. */
  refused: number;
  stop(): Promise<void>;
}

const REQUEST_LINE = /(?:^|\r\n)(?:GET|HEAD|PUT|POST|PATCH|DELETE) \S+ HTTP\/1\.1\r\n/g;

/** `.corp.test` names are this machine; anything else as given. */
function resolve(host: string): string {
  return host.endsWith('.corp.test') ? '127.0.0.1' : host;
}

/** Passes bytes on at `rate` per second, in slices of a tenth of a second. */
function throttle(rate: number | undefined): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (!rate) return done(null, chunk);
      const slice = Math.max(1, Math.floor(rate / 10));
      let at = 0;
      const next = () => {
        if (at >= chunk.length) return done();
        this.push(chunk.subarray(at, at + slice));
        at += slice;
        setTimeout(next, 100);
      };
      next();
    }
  });
}

export async function startForwardProxy(opts: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const sockets = new Set<net.Socket>();
  const tunnels: string[] = [];
  const tunnelRequests: number[] = [];
  const forwarded: string[] = [];
  const state = { refused: 0 };
  const expected = opts.auth
    ? `Basic ${Buffer.from(`${opts.auth.user}:${opts.auth.password}`).toString('base64')}`
    : undefined;
  const allowed = (req: http.IncomingMessage) => !expected || req.headers['proxy-authorization'] === expected;
  const agent = new http.Agent({ keepAlive: true });

  const server = http.createServer((req, res) => {
    if (!allowed(req)) {
      state.refused++;
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="corp"', 'Content-Length': '0' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    forwarded.push(`${req.method} ${target.href}`);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = http.request(
      {
        host: resolve(target.hostname),
        port: target.port || 80,
        path: target.pathname + target.search,
        method: req.method,
        headers,
        agent
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(throttle(opts.bytesPerSecond)).pipe(res);
      }
    );
    up.on('error', () => res.destroy());
    req.on('error', () => up.destroy());
    res.on('error', () => up.destroy());
    req.pipe(throttle(opts.bytesPerSecond)).pipe(up);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    // A client that hangs up (after a 407, or at the end of its run) is not the proxy's failure.
    client.on('error', () => client.destroy());
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (!allowed(req)) {
      state.refused++;
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n'
      );
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    tunnels.push(req.url ?? '');
    const index = tunnelRequests.push(0) - 1;
    // Plain HTTP inside a tunnel can be read: count the request lines it carries (TLS cannot, and stays 0).
    client.on('data', (d: Buffer) => {
      tunnelRequests[index] += (d.toString('latin1').match(REQUEST_LINE) ?? []).length;
    });
    const up = net.connect(Number(port), resolve(host), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      client.pipe(throttle(opts.bytesPerSecond)).pipe(up);
      up.pipe(throttle(opts.bytesPerSecond)).pipe(client);
    });
    sockets.add(up);
    up.on('close', () => {
      sockets.delete(up);
      client.destroy();
    });
    up.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    client.on('close', () => up.destroy());
  });
  const listening = await listenOnLoopback(server);
  return {
    host: listening.host,
    url: `http://${listening.host}`,
    tunnels,
    tunnelRequests,
    forwarded,
    get refused() {
      return state.refused;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await listening.close();
    }
  };
}
