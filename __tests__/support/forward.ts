/**
 * What the test proxies in this folder share: sending a request on to the real registry as it
 * came (Host kept, so upload Locations come back to the proxy), streamed or read whole. Where
 * they listen is the harness's `listenOnLoopback`.
 */
import http from 'node:http';

const upstream = (target: URL, req: http.IncomingMessage, onAnswer: (ur: http.IncomingMessage) => void) =>
  http.request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    onAnswer
  );

/** Forward `req` to `target` and stream the answer back. */
export function forward(target: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  const up = upstream(target, req, (ur) => {
    res.writeHead(ur.statusCode ?? 502, ur.headers);
    ur.pipe(res);
  });
  up.on('error', () => res.destroy());
  req.pipe(up);
}

/** Forward `req` to `target` and read the whole answer; `onError` when the backend cannot be reached. */
export function forwardBuffered(
  target: URL,
  req: http.IncomingMessage,
  onAnswer: (status: number, headers: http.IncomingHttpHeaders, body: Buffer) => void,
  onError: () => void
): void {
  const up = upstream(target, req, (ur) => {
    const chunks: Buffer[] = [];
    ur.on('data', (c: Buffer) => chunks.push(c));
    ur.on('end', () => onAnswer(ur.statusCode ?? 502, ur.headers, Buffer.concat(chunks)));
  });
  up.on('error', onError);
  req.pipe(up);
}
