/**
 * A forwarding proxy for tests of races: everything goes to the backend as sent (Host kept, so
 * upload Locations come back here), and before the first request whose path matches, the test's
 * `onFirst` runs (it pushes to the registry itself); `answer` may refuse requests the way a
 * registry does. It stores nothing.
 */
import http from 'node:http';
import { listenOnLoopback } from '../../harness/loopback';
import { forward } from './forward';

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
  const server = http.createServer((req, res) => {
    const go = () => forward(target, req, res);
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
  const listening = await listenOnLoopback(server);
  return { host: listening.host, fired: () => fired, stop: () => listening.close() };
}
