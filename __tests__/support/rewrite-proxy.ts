/**
 * A forwarding proxy that lets a test change a registry's answer headers (a Docker-Content-Digest
 * that contradicts the bytes). Bodies pass unchanged; Host is kept, so upload Locations come back
 * here. It stores nothing.
 */
import http from 'node:http';
import type net from 'node:net';

export interface RewriteProxy {
  host: string;
  stop(): Promise<void>;
}

/** `rewrite` may change the answer's headers in place, given the request line and the answer's body. */
export async function startRewriteProxy(
  backend: { url: string },
  rewrite: (line: string, headers: http.IncomingHttpHeaders, body: Buffer) => void
): Promise<RewriteProxy> {
  const target = new URL(backend.url);
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    const up = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (ur) => {
        const chunks: Buffer[] = [];
        ur.on('data', (c: Buffer) => chunks.push(c));
        ur.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers = { ...ur.headers };
          rewrite(line, headers, body);
          delete headers['transfer-encoding'];
          res.writeHead(ur.statusCode ?? 502, headers);
          res.end(body);
        });
      }
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      })
  };
}
