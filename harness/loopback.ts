/**
 * Where the harness's stand-in servers (proxies, personalities, token server, Packages API)
 * listen: 127.0.0.1 on a free port, every socket tracked so that close() ends kept-alive
 * connections at once instead of waiting for them, and garbage (a TLS probe: the action and
 * docker try HTTPS first) answered 400 and closed.
 */
import type http from 'node:http';
import type net from 'node:net';

export interface Listening {
  /** `127.0.0.1:PORT` */
  host: string;
  /** Stop accepting, end every open connection, and resolve once the server is closed. */
  close(): Promise<void>;
}

export async function listenOnLoopback(server: http.Server): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket: net.Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    host: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await closed;
    }
  };
}
