/**
 * The registry client on the wire (issue 8 "Right on every registry", issue 13 "One line means one
 * line"): a real registry, and in front of it a small loopback proxy that changes answers the way
 * some registry does (a HEAD without Docker-Content-Digest, a 500 whose body says the error is
 * permanent, a plain-text 429, a redirect loop, a token server that refuses…). The proxy keeps the
 * client's Host header, so the registry's upload Locations point back at it. It never stores data.
 */
// The client in-process (the upload tests below): the toolkit is ESM-only and jest cannot load
// it; those tests inject plain Node agents, so a stand-in is enough.
jest.mock('@actions/http-client', () => ({ HttpClient: class {} }), { virtual: true });

import crypto from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { Registries } from '../../src/registry/open';
import { CredentialStore } from '../../src/registry/credentials';
import { Transport, nodeAgents } from '../../src/registry/transport';
import { TransportError } from '../../src/model/errors';
import type { Logger } from '../../src/model/logger';
import type net from 'node:net';
import { basicAuthEntry, writeDockerConfig } from '../../harness/docker-config';
import { ALL_MANIFEST_TYPES, MT, getManifest, pushImage, pushIndex } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction, type ActionResult } from '../../harness/run-action';
import { commandLines, logOf } from '../../harness/checks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FAST = { FANIN_SOURCE_WAIT_SECONDS: '0', FANIN_TIMEOUT_SECONDS: '10' };

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}
interface Answer {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}
interface Personality {
  /** Answer without asking the registry (undefined: forward). */
  request?: (req: Seen) => Answer | undefined | Promise<Answer | undefined>;
  /** Change the registry's answer in place. */
  response?: (req: Seen, res: Answer) => void;
  /** Drop the connection: before forwarding (`res` undefined: the registry never sees it) or after the registry answered. */
  drop?: (req: Seen, res?: Answer) => boolean;
}
interface TestProxy {
  host: string;
  seen: Seen[];
  stop(): Promise<void>;
}

const proxies: TestProxy[] = [];

/** A tiny personality proxy: buffers each small request and answer, lets the test change the answer. */
async function startPersonality(target: TestRegistry, p: Personality): Promise<TestProxy> {
  const backend = new URL(target.url);
  const seen: Seen[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const s: Seen = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers };
        seen.push(s);
        const send = (a: Answer) => {
          const headers = { ...a.headers };
          delete headers['transfer-encoding'];
          delete headers.connection;
          headers['content-length'] =
            s.method === 'HEAD' && a.headers['content-length'] !== undefined
              ? a.headers['content-length']
              : String(a.body.length);
          res.writeHead(a.status, headers);
          res.end(s.method === 'HEAD' ? undefined : a.body);
        };
        if (p.drop?.(s)) return res.socket?.destroy();
        const own = await p.request?.(s);
        if (own) return send(own);
        const up = http.request(
          {
            host: backend.hostname,
            port: backend.port,
            method: s.method,
            path: s.path,
            headers: { ...req.headers },
            agent: false
          },
          (ur) => {
            const body: Buffer[] = [];
            ur.on('data', (c: Buffer) => body.push(c));
            ur.on('end', () => {
              const a: Answer = { status: ur.statusCode ?? 502, headers: { ...ur.headers }, body: Buffer.concat(body) };
              p.response?.(s, a);
              if (p.drop?.(s, a)) return res.socket?.destroy();
              send(a);
            });
          }
        );
        up.on('error', () => res.destroy());
        up.end(Buffer.concat(chunks));
      })().catch(() => res.destroy());
    });
  });
  server.on('connection', (c: net.Socket) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  server.on('clientError', (_e, socket: net.Socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: TestProxy = {
    host: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    seen,
    stop: async () => {
      for (const c of sockets) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
  proxies.push(proxy);
  return proxy;
}

const json = (status: number, body: object, headers: http.OutgoingHttpHeaders = {}): Answer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(JSON.stringify(body))
});
const isManifest = (r: Seen) => /\/manifests\//.test(r.path);
const errorsOf = (r: ActionResult) => commandLines(r.stdout, 'error');

let reg: TestRegistry;
let basic: TestRegistry;

beforeAll(async () => {
  [reg, basic] = await Promise.all([startRegistry(), startRegistry({ basicAuth: true })]);
  await Promise.all([
    pushImage(reg, 'src/amd64', 'v1', { architecture: 'amd64' }),
    pushImage(reg, 'src/arm64', 'v1', { architecture: 'arm64', variant: 'v8' }),
    pushImage(basic, 'src/amd64', 'v1', { architecture: 'amd64' })
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await Promise.all([reg?.stop(), basic?.stop()]);
});

describe('digests from HEAD (issue 8, 5)', () => {
  test('a registry whose HEAD omits Docker-Content-Digest: purge still verifies the push and removes the source tags', async () => {
    await Promise.all([
      pushImage(reg, 'nodigest/a', 'tmp', { architecture: 'amd64' }),
      pushImage(reg, 'nodigest/b', 'tmp', { architecture: 'arm64' })
    ]);
    const proxy = await startPersonality(reg, {
      response: (req, res) => {
        if (req.method === 'HEAD') delete res.headers['docker-content-digest'];
      }
    });
    const r = await runAction(
      {
        tags: `${proxy.host}/nodigest/app:1`,
        sources: `${proxy.host}/nodigest/a:tmp\n${proxy.host}/nodigest/b:tmp`,
        purge: 'true'
      },
      { env: FAST }
    );
    expect(r.code).toBe(0);
    expect(errorsOf(r)).toEqual([]);
    expect((await getManifest(reg, 'nodigest/app', '1')).digest).toBe(r.outputs.digest);
    expect((await getManifest(reg, 'nodigest/a', 'tmp')).status).toBe(404);
    expect((await getManifest(reg, 'nodigest/b', 'tmp')).status).toBe(404);
    // The HEADs really came without the header, and every GET of a manifest accepted all four types.
    expect(proxy.seen.some((s) => s.method === 'HEAD' && isManifest(s))).toBe(true);
  });
});

describe('header values (issue 8, 6)', () => {
  test('a registry token with CR/LF fails at once in one line naming the registry and the config, never the value', async () => {
    const tokenReg = await startRegistry({ tokenAuth: true });
    try {
      const dir = writeDockerConfig(fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-crlf-')), {
        auths: { [tokenReg.host]: { registrytoken: 'tok-secret\r\nX-Injected: 1' } }
      });
      const started = Date.now();
      const r = await runAction(
        { tags: `${tokenReg.host}/crlf/app:1`, sources: `${tokenReg.host}/crlf/a:v1` },
        { env: FAST, dockerConfig: dir, timeoutMs: 30_000 }
      );
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(r.code).toBe(1);
      const errors = errorsOf(r);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(tokenReg.host);
      expect(errors[0]).toContain('config.json');
      expect(errors[0]).toMatch(/line break/);
      expect(r.stdout + r.stderr).not.toContain('tok-secret');
      expect(r.stderr).not.toMatch(/ReferenceError|at .*\.js:\d+/);
    } finally {
      await tokenReg.stop();
    }
  });
});

describe('one context per caller (issue 8, 7)', () => {
  test('a token server that refuses, three sources: the failure names its source once', async () => {
    // A token server that refuses everyone, announced by the proxy in place of the registry's own auth.
    const refusals: string[] = [];
    const tokenServer = http.createServer((req, res) => {
      refusals.push(req.url ?? '');
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ errors: [{ code: 'DENIED', message: 'access to the requested resource is not authorized' }] })
      );
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    const realm = `http://127.0.0.1:${(tokenServer.address() as net.AddressInfo).port}/token`;
    try {
      const proxy = await startPersonality(reg, {
        request: (req) =>
          req.headers.authorization
            ? undefined
            : json(
                401,
                { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
                { 'www-authenticate': `Bearer realm="${realm}",service="test"` }
              )
      });
      const sources = ['src/amd64:v1', 'src/arm64:v1', 'src/amd64:v1-again'].map((s) => `${proxy.host}/${s}`);
      const r = await runAction({ tags: `${proxy.host}/refused/app:1`, sources: sources.join('\n') }, { env: FAST });
      expect(r.code).toBe(1);
      const errors = errorsOf(r);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('refused');
      expect(errors[0]).toContain('DENIED');
      // "source A: source B: source C: …" was the defect: one source, named once.
      expect(errors[0].match(/\bsource /g)).toHaveLength(1);
    } finally {
      tokenServer.closeAllConnections();
      await new Promise<void>((resolve) => tokenServer.close(() => resolve()));
    }
  });
});

describe("the registry's own words (issue 8, 11)", () => {
  test('every error of the body with its detail; a 500 that says MANIFEST_INVALID is not retried', async () => {
    const proxy = await startPersonality(reg, {
      request: (req) =>
        req.method === 'PUT' && req.path.endsWith('/manifests/1')
          ? json(500, {
              errors: [
                { code: 'MANIFEST_INVALID', message: 'manifest invalid', detail: 'platform entry 1 lacks os' },
                {
                  code: 'MANIFEST_BLOB_UNKNOWN',
                  message: 'blob unknown to registry',
                  detail: { digest: 'sha256:feedface' }
                }
              ]
            })
          : undefined
    });
    const r = await runAction(
      { tags: `${proxy.host}/words/app:1`, sources: `${proxy.host}/src/amd64:v1\n${proxy.host}/src/arm64:v1` },
      { env: FAST }
    );
    expect(r.code).toBe(1);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('HTTP 500');
    expect(errors[0]).toContain('MANIFEST_INVALID manifest invalid (detail: platform entry 1 lacks os)');
    expect(errors[0]).toContain(
      'MANIFEST_BLOB_UNKNOWN blob unknown to registry (detail: {"digest":"sha256:feedface"})'
    );
    expect(proxy.seen.filter((s) => s.method === 'PUT' && s.path.endsWith('/manifests/1'))).toHaveLength(1);
    expect(r.stdout).not.toMatch(/retry \d|retrying in/);
  });

  test("a real registry's 404 detail reaches the failure line", async () => {
    const r = await runAction(
      { tags: `${reg.host}/words/app:2`, sources: `${reg.host}/src/amd64:nope` },
      { env: FAST }
    );
    expect(r.code).toBe(1);
    expect(errorsOf(r)[0]).toMatch(/MANIFEST_UNKNOWN manifest unknown \(detail: .*nope/);
  });
});

describe('statuses in words, host names in any case (issue 8, 12)', () => {
  test('a redirect loop says so', async () => {
    const proxy = await startPersonality(reg, {
      request: (req) =>
        isManifest(req) ? { status: 302, headers: { location: req.path }, body: Buffer.alloc(0) } : undefined
    });
    const r = await runAction(
      { tags: `${proxy.host}/loop/app:1`, sources: `${proxy.host}/src/amd64:v1` },
      { env: FAST }
    );
    expect(r.code).toBe(1);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/redirect loop/);
    expect(errors[0]).toContain(`${proxy.host}/src/amd64:v1`);
  });

  test('431 says the headers were too large', async () => {
    const proxy = await startPersonality(reg, {
      request: (req) =>
        isManifest(req)
          ? { status: 431, headers: { 'content-type': 'text/html' }, body: Buffer.from('<html>431</html>') }
          : undefined
    });
    const r = await runAction(
      { tags: `${proxy.host}/big/app:1`, sources: `${proxy.host}/src/amd64:v1` },
      { env: FAST }
    );
    expect(r.code).toBe(1);
    expect(errorsOf(r)[0]).toMatch(/HTTP 431 \(request headers too large\).*too large/);
  });

  test('LOCALHOST:PORT is loopback and finds the credentials stored under localhost:PORT', async () => {
    const port = basic.host.split(':')[1];
    const dir = writeDockerConfig(fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-case-')), {
      auths: { [`localhost:${port}`]: basicAuthEntry(basic.user!, basic.password!) }
    });
    const r = await runAction(
      { tags: `LOCALHOST:${port}/case/app:1`, sources: `LocalHost:${port}/src/amd64:v1` },
      { env: FAST, dockerConfig: dir }
    );
    expect(r.code).toBe(0);
    expect((await getManifest(basic, 'case/app', '1')).digest).toBe(r.outputs.digest);
  });
});

describe('Docker Hub (issue 8 table)', () => {
  test('a 429 with a plain-text body and a long Retry-After fails at once, "rate limited", with its words', async () => {
    const proxy = await startPersonality(reg, {
      request: (req) =>
        req.method === 'GET' && isManifest(req)
          ? {
              status: 429,
              headers: { 'content-type': 'text/plain', 'retry-after': '21600' },
              body: Buffer.from('You have reached your pull rate limit.\n')
            }
          : undefined
    });
    const started = Date.now();
    const r = await runAction(
      { tags: `${proxy.host}/limited/app:1`, sources: `${proxy.host}/src/amd64:v1` },
      { env: FAST }
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    const errors = errorsOf(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/rate limited/);
    expect(errors[0]).toContain('You have reached your pull rate limit.');
    expect(errors[0]).toMatch(/6 h|360 min|21600 s/);
    expect(proxy.seen.filter((s) => s.method === 'GET' && isManifest(s))).toHaveLength(1);
  });

  test('RateLimit-Remaining is logged once per run and registry', async () => {
    const proxy = await startPersonality(reg, {
      response: (req, res) => {
        if (isManifest(req))
          Object.assign(res.headers, { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' });
      }
    });
    const r = await runAction(
      { tags: `${proxy.host}/counted/app:1`, sources: `${proxy.host}/src/amd64:v1\n${proxy.host}/src/arm64:v1` },
      { env: FAST }
    );
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.includes('pulls left'))).toEqual([
      `${proxy.host}: 76 of 100 pulls left in this 6 h window (RateLimit-Remaining)`
    ]);
  });
});

describe('Accept (GHCR/ACR: an index is 404 to a client whose Accept lacks its type)', () => {
  test('every GET and HEAD of a manifest accepts every manifest type', async () => {
    const children = await Promise.all([
      pushImage(reg, 'acr/src', undefined, { architecture: 'amd64', format: 'oci' }),
      pushImage(reg, 'acr/src', undefined, { architecture: 'arm64', format: 'oci' })
    ]);
    await pushIndex(reg, 'acr/src', 'tmp', children, { format: 'oci' });
    const lacking = (req: Seen) => ALL_MANIFEST_TYPES.filter((t) => !String(req.headers.accept ?? '').includes(t));
    const proxy = await startPersonality(reg, {
      request: (req) =>
        isManifest(req) && req.method !== 'PUT' && req.method !== 'DELETE' && lacking(req).length
          ? json(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] })
          : undefined
    });
    const r = await runAction(
      { tags: `${proxy.host}/acr/app:1`, sources: `${proxy.host}/acr/src:tmp`, purge: 'true' },
      { env: FAST }
    );
    expect(r.code).toBe(0);
    const reads = proxy.seen.filter((s) => isManifest(s) && (s.method === 'GET' || s.method === 'HEAD'));
    expect(reads.length).toBeGreaterThan(2);
    expect(reads.filter((s) => lacking(s).length)).toEqual([]);
    expect(reads.every((s) => String(s.headers.accept).includes(MT.ociIndex))).toBe(true);
  });
});

describe('after a fatal error, nothing else (issue 13)', () => {
  test('in-flight requests are cancelled silently: no retry line follows the failure', async () => {
    // Requests for one source hang until the proxy is stopped; another source fails at once.
    const proxy = await startPersonality(reg, {
      request: (req) => (req.path.includes('/slow/') ? new Promise<Answer | undefined>(() => undefined) : undefined)
    });
    const sources = [1, 2, 3, 4].map((i) => `${proxy.host}/slow/s${i}:v1`).concat(`${proxy.host}/src/amd64:nope`);
    const r = await runAction(
      { tags: `${proxy.host}/silent/app:1`, sources: sources.join('\n') },
      { env: FAST, timeoutMs: 30_000 }
    );
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.trim());
    expect(lines[lines.length - 1]).toMatch(/^::error::/);
    expect(errorsOf(r)).toHaveLength(1);
    expect(r.stdout).not.toMatch(/retry \d|retrying in|socket hang up|cancelled/);
    expect(logOf(r)).not.toContain('unexpected error');
  });
});

describe('uploads: start, stream and commit, retried as a whole (issue 9, 4)', () => {
  const blob = crypto.randomBytes(64 * 1024);
  const digest = `sha256:${crypto.createHash('sha256').update(blob).digest('hex')}`;
  const lines: string[] = [];
  const log: Logger = {
    info: (m) => lines.push(m),
    warning: (m) => lines.push(m),
    debug: () => undefined,
    secret: () => undefined,
    group: (_n, fn) => fn()
  };
  const clientFor = (host: string) => {
    const registries = new Registries({
      transport: new Transport({ userAgent: 'test', timeoutMs: 10_000, certsDir: '/nonexistent', agents: nodeAgents }),
      credentials: new CredentialStore(fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-upload-'))),
      insecure: false,
      log,
      retry: { attempts: 4, baseMs: 10, capMs: 20, deadlineMs: 10_000 }
    });
    return { registries, client: registries.get(host) };
  };
  const uploads = (proxy: TestProxy, repo: string) =>
    proxy.seen
      .filter((s) => s.path.includes(`/${repo}/blobs/`))
      .map((s) => `${s.method} ${s.path.includes('/uploads/') ? 'uploads' : 'blob'}`);
  const isCommit = (r: Seen) => r.method === 'PUT' && r.path.includes('/blobs/uploads/');

  test('a commit whose answer is lost after it landed: the commit is tried again, finds its session gone and the blob there, and is done', async () => {
    let dropped = 0;
    const proxy = await startPersonality(reg, {
      drop: (req, res) => !!res && isCommit(req) && res.status === 201 && dropped++ === 0
    });
    const { registries, client } = clientFor(proxy.host);
    let sent = 0;
    try {
      await client.uploadBlob('up/lost-commit', digest, blob.length, async () => Readable.from([blob]), {
        onBytes: (n) => (sent += n)
      });
    } finally {
      registries.dispose();
    }
    expect(uploads(proxy, 'up/lost-commit')).toEqual([
      'POST uploads',
      'PATCH uploads',
      'PUT uploads',
      'PUT uploads',
      'HEAD blob'
    ]);
    expect(sent).toBe(blob.length);
    expect((await fetch(`${reg.url}/v2/up/lost-commit/blobs/${digest}`, { method: 'HEAD' })).status).toBe(200);
  });

  test('a stream cut off: a fresh session, the source opened again, every byte sent again', async () => {
    let dropped = 0;
    const proxy = await startPersonality(reg, {
      drop: (req, res) => !res && req.method === 'PATCH' && dropped++ === 0
    });
    const { registries, client } = clientFor(proxy.host);
    let opened = 0;
    let sent = 0;
    try {
      await client.uploadBlob(
        'up/cut',
        digest,
        blob.length,
        async () => {
          opened++;
          return Readable.from([blob]);
        },
        { onBytes: (n) => (sent += n) }
      );
    } finally {
      registries.dispose();
    }
    expect(opened).toBe(2);
    expect(uploads(proxy, 'up/cut')).toEqual([
      'POST uploads',
      'PATCH uploads',
      'DELETE uploads',
      'POST uploads',
      'PATCH uploads',
      'PUT uploads'
    ]);
    expect(sent).toBeGreaterThanOrEqual(blob.length);
    expect((await fetch(`${reg.url}/v2/up/cut/blobs/${digest}`, { method: 'HEAD' })).status).toBe(200);
  });

  test('a source that breaks off while the upload session is still being started: no crash, a fresh source and session, the blob lands', async () => {
    // The first POST is refused (and retried after a moment); the source opened beside it is reset as that refusal goes out.
    const opened: Readable[] = [];
    let refused = 0;
    const proxy = await startPersonality(reg, {
      request: (req) => {
        if (!(req.method === 'POST' && req.path.includes('/up/reset/') && refused++ === 0)) return undefined;
        opened[0]?.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
        return json(503, { errors: [{ code: 'UNAVAILABLE', message: 'busy' }] }, { 'Retry-After': '0' });
      }
    });
    const { registries, client } = clientFor(proxy.host);
    try {
      await client.uploadBlob('up/reset', digest, blob.length, async () => {
        // The first source never sends a byte before it is reset; the second is whole.
        const s = opened.length === 0 ? new Readable({ read() {} }) : Readable.from([blob]);
        opened.push(s);
        return s;
      });
    } finally {
      registries.dispose();
    }
    expect(opened).toHaveLength(2);
    expect(uploads(proxy, 'up/reset')).toEqual([
      'POST uploads',
      'POST uploads',
      'DELETE uploads',
      'POST uploads',
      'PATCH uploads',
      'PUT uploads'
    ]);
    expect((await fetch(`${reg.url}/v2/up/reset/blobs/${digest}`, { method: 'HEAD' })).status).toBe(200);
  });

  test('a source that cannot be opened (already retried on its own) ends the upload: no second session', async () => {
    const proxy = await startPersonality(reg, {});
    const { registries, client } = clientFor(proxy.host);
    let opened = 0;
    const err = new TransportError('source: socket hang up', 'ECONNRESET');
    try {
      await expect(
        client.uploadBlob('up/no-source', digest, blob.length, async () => {
          opened++;
          throw err;
        })
      ).rejects.toBe(err);
    } finally {
      registries.dispose();
    }
    expect(opened).toBe(1);
    expect(uploads(proxy, 'up/no-source')).toEqual(['POST uploads', 'DELETE uploads']);
  });

  test('a start that fails for good ends the upload after its own retries, without starting over', async () => {
    const proxy = await startPersonality(reg, {
      request: (req) =>
        req.method === 'POST' && req.path.includes('/up/busy/')
          ? json(503, { errors: [{ code: 'UNAVAILABLE', message: 'busy' }] })
          : undefined
    });
    const { registries, client } = clientFor(proxy.host);
    const opened: Readable[] = [];
    try {
      await expect(
        client.uploadBlob('up/busy', digest, blob.length, async () => {
          const s = Readable.from([blob]);
          opened.push(s);
          return s;
        })
      ).rejects.toMatchObject({ status: 503 });
    } finally {
      registries.dispose();
    }
    // The policy's 4 attempts for the start, not 4 × 4 for start and upload nested.
    expect(uploads(proxy, 'up/busy')).toEqual(['POST uploads', 'POST uploads', 'POST uploads', 'POST uploads']);
    // The source is opened once, alongside the first start (not again for the start's retries), and closed when the start gives up.
    expect(opened).toHaveLength(1);
    expect(opened[0].destroyed).toBe(true);
  });
});
