/**
 * A forwarding proxy for tests of races: everything goes to the backend as sent (Host kept, so
 * upload Locations come back here), and before the first request whose path matches, the test's
 * `onFirst` runs (it pushes to the registry itself); `answer` may refuse requests the way a
 * registry does. It stores nothing.
 */
import http from 'node:http';
import type net from 'node:net';

export interface Trigger {
  host: string;
  fired(): boolean;
  stop(): Promise<void>;
}

/** Forward everything to `backend`; run `onFirst` before the first request whose "METHOD path" matches. */
export async function startTrigger(
  backend: { url: string },
  match: RegExp,
  onFirst: () => Promise<void>,
  /** Answer a request here instead of forwarding it (a registry's refusal); undefined forwards. */
  answer?: (method: string, path: string) => { status: number; body: string } | undefined
): Promise<Trigger> {
  const target = new URL(backend.url);
  let fired = false;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const go = () => {
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
    const own = answer?.(req.method ?? 'GET', req.url ?? '/');
    if (own) {
      req.resume();
      res.writeHead(own.status, {
        'Content-Type': 'application/json',
        'Docker-Distribution-API-Version': 'registry/2.0'
      });
      res.end(own.body);
      return;
    }
    if (!fired && match.test(`${req.method} ${req.url}`)) {
      fired = true;
      onFirst().then(go, () => res.destroy());
    } else go();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    fired: () => fired,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      })
  };
}
