/**
 * A forwarding proxy that lets a test change a registry's answer headers (a Docker-Content-Digest
 * that contradicts the bytes). Bodies pass unchanged; Host is kept, so upload Locations come back
 * here. It stores nothing.
 */
import http from 'node:http';
import { listenOnLoopback } from '../../harness/loopback';
import { forwardBuffered } from './forward';

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
  const server = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    forwardBuffered(
      target,
      req,
      (status, answered, body) => {
        const headers = { ...answered };
        rewrite(line, headers, body);
        delete headers['transfer-encoding'];
        res.writeHead(status, headers);
        res.end(body);
      },
      () => res.destroy()
    );
  });
  const listening = await listenOnLoopback(server);
  return { host: listening.host, stop: () => listening.close() };
}
