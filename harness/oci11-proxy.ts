/**
 * An OCI 1.1 face for a real distribution 2.8 registry (which has neither the referrers API nor
 * the `OCI-Subject` header): a loopback proxy that changes answers and stores nothing.
 * - `GET /v2/<name>/referrers/<digest>` answers the registry's own `sha256-<hex>` fallback tag
 *   index as the referrers API would (an empty index where there is none), so a client that
 *   uses the API reads the same referrers without ever asking for the tag.
 * - A manifest PUT whose body has a `subject` gets `OCI-Subject: <digest>` on its 201, as a
 *   registry that indexes referrers itself answers (distribution-spec 1.1, "Pushing Manifests
 *   with Subject").
 * - With `mountStatus`, every cross-repository mount (`POST …/blobs/uploads/?mount=`) is
 *   answered with that status and a distribution error body, without reaching the registry (a
 *   registry whose mounts keep failing, e.g. 503 through every retry).
 * Everything else is forwarded as is, the client's Host kept (so upload Locations point back
 * here); requests are recorded. Plain HTTP on 127.0.0.1, node:http only.
 */
import http from 'node:http';
import { listenOnLoopback } from './loopback';

export interface Oci11Proxy {
  host: string;
  url: string;
  /** `METHOD path` of every request, in arrival order */
  requests: string[];
  stop(): Promise<void>;
}

const INDEX = 'application/vnd.oci.image.index.v1+json';

export async function startOci11Proxy(backendUrl: string, opts: { mountStatus?: number } = {}): Promise<Oci11Proxy> {
  const backend = new URL(backendUrl);
  const agent = new http.Agent({ keepAlive: true });
  const requests: string[] = [];

  const forward = (
    req: http.IncomingMessage,
    body: Buffer | undefined,
    path: string,
    method: string,
    headers: http.IncomingHttpHeaders
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const up = http.request({ host: backend.hostname, port: backend.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) })
        );
        res.on('error', reject);
      });
      up.on('error', reject);
      if (body) up.end(body);
      else req.pipe(up);
    });

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    requests.push(`${method} ${path}`);
    void (async () => {
      if (opts.mountStatus && method === 'POST' && /\/blobs\/uploads\/\?(.*&)?mount=/.test(path)) {
        req.resume();
        const body = JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'mount unavailable' }] });
        res.writeHead(opts.mountStatus, {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body))
        });
        return res.end(body);
      }
      const referrers = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})(\?.*)?$/.exec(path);
      if (referrers && method === 'GET') {
        const [, repo, digest] = referrers;
        const tag = await forward(req, Buffer.alloc(0), `/v2/${repo}/manifests/${digest.replace(':', '-')}`, 'GET', {
          ...req.headers,
          accept: INDEX
        });
        const body =
          tag.status === 200
            ? tag.body
            : Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [] }));
        if (tag.status !== 200 && tag.status !== 404) {
          res.writeHead(tag.status, tag.headers);
          return res.end(tag.body);
        }
        res.writeHead(200, { 'content-type': INDEX, 'content-length': String(body.length) });
        return res.end(body);
      }
      const isManifestPut = method === 'PUT' && /^\/v2\/.+\/manifests\/[^/]+$/.test(path);
      let body: Buffer | undefined;
      if (isManifestPut) {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        body = Buffer.concat(chunks);
      }
      const up = await forward(req, body, path, method, req.headers);
      const headers = { ...up.headers };
      if (isManifestPut && up.status === 201) {
        try {
          const subject = (JSON.parse(body!.toString('utf8')) as { subject?: { digest?: string } }).subject?.digest;
          if (subject) headers['oci-subject'] = subject;
        } catch {
          /* not JSON: the registry judged it */
        }
      }
      delete headers['transfer-encoding'];
      // A HEAD's length is the one its GET would have: keep the registry's.
      if (method !== 'HEAD') headers['content-length'] = String(up.body.length);
      res.writeHead(up.status, headers);
      res.end(method === 'HEAD' ? undefined : up.body);
    })().catch(() => res.destroy());
  });
  const listening = await listenOnLoopback(server);
  const { host } = listening;
  return {
    host,
    url: `http://${host}`,
    requests,
    stop: () => {
      agent.destroy();
      return listening.close();
    }
  };
}
