/**
 * A forwarding proxy that orders writes for race tests: the first `count` requests whose
 * "METHOD path" matches are held until all `count` have arrived, then forwarded one after another
 * (in arrival order, each once the previous one was answered), and only then are their answers
 * relayed: two runs that both read the old state land their writes back to back, before either
 * hears of its own, every time. Later requests, and all others, pass at once.
 * It stores nothing: the registry behind it holds every byte. Host is kept, so upload Locations
 * come back here.
 */
import http from 'node:http';
import type net from 'node:net';

export interface OrderProxy {
  host: string;
  /** "METHOD path" of the held requests, in the order they were forwarded. */
  released(): string[];
  stop(): Promise<void>;
}

export async function startOrderProxy(backend: { url: string }, match: RegExp, count: number): Promise<OrderProxy> {
  const target = new URL(backend.url);
  const held: { line: string; go: () => Promise<() => void> }[] = [];
  const released: string[] = [];
  let arrived = 0;
  const sockets = new Set<net.Socket>();
  const forward = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const up = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      }
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
  /** Forward, read the whole answer; the returned function relays it. */
  const land = (req: http.IncomingMessage, res: http.ServerResponse): Promise<() => void> =>
    new Promise((done) => {
      const up = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (ur) => {
          const chunks: Buffer[] = [];
          ur.on('data', (c: Buffer) => chunks.push(c));
          ur.on('end', () =>
            done(() => {
              res.writeHead(ur.statusCode ?? 502, ur.headers);
              res.end(Buffer.concat(chunks));
            })
          );
        }
      );
      up.on('error', () => done(() => res.destroy()));
      req.pipe(up);
      req.resume();
    });
  const server = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    if (arrived >= count || !match.test(line)) return forward(req, res);
    arrived++;
    req.pause();
    held.push({ line, go: () => land(req, res) });
    if (held.length < count) return;
    void (async () => {
      const answers: (() => void)[] = [];
      for (const h of held.splice(0)) {
        released.push(h.line);
        answers.push(await h.go());
      }
      answers.forEach((relay) => relay());
    })();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    released: () => [...released],
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      })
  };
}
