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
import { listenOnLoopback } from '../../harness/loopback';
import { forward, forwardBuffered } from './forward';

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
  /** Forward, read the whole answer; the returned function relays it. */
  const land = (req: http.IncomingMessage, res: http.ServerResponse): Promise<() => void> =>
    new Promise((done) => {
      forwardBuffered(
        target,
        req,
        (status, headers, body) =>
          done(() => {
            res.writeHead(status, headers);
            res.end(body);
          }),
        () => done(() => res.destroy())
      );
      req.resume();
    });
  const server = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    if (arrived >= count || !match.test(line)) return forward(target, req, res);
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
  const listening = await listenOnLoopback(server);
  return { host: listening.host, released: () => [...released], stop: () => listening.close() };
}
