/**
 * Fault tests: a real registry behind a fault-injecting loopback proxy (harness/proxy.ts).
 *
 * Fixtures are pushed to the registry directly; the bundled action then runs against the proxy
 * while it answers 503 with Retry-After, 429, drops connections (before forwarding, and after the
 * registry did the work) and drips response bodies. The action must still succeed and push the
 * same bytes as a run without faults, and the proxy must have injected every kind of fault.
 * A registry that accepts connections and never answers must fail the step quickly, in one line.
 *
 * Everything here is bounded: the proxy's faults are count-based and never hit the same request
 * twice in a row, each run has a kill timeout, and every server is stopped in afterAll.
 */
import http from 'node:http';
import net from 'node:net';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { ALL_MANIFEST_TYPES, MT, getManifest, pushBuildxStyle, pushImage } from '../../harness/images';
import { runAction, type ActionResult } from '../../harness/run-action';
import { retryKey, startProxy, type Proxy } from '../../harness/proxy';
import { commandLines } from '../../harness/checks';

let reg: TestRegistry;
/** A second registry: targets there get every blob streamed across (GET here, upload there). */
let reg2: TestRegistry;
const proxies: Proxy[] = [];
let sources: (host: string) => string;

beforeAll(async () => {
  [reg, reg2] = await Promise.all([startRegistry(), startRegistry()]);
  const [, , , s390x] = await Promise.all([
    pushImage(reg, 'src/amd64', 'v1', { architecture: 'amd64', layerSizes: [2048, 512] }),
    pushImage(reg, 'src/arm64', 'v1', { architecture: 'arm64', variant: 'v8' }),
    pushImage(reg, 'src/armv7', 'v1', { architecture: 'arm', variant: 'v7', format: 'oci' }),
    pushImage(reg, 'src/s390x', undefined, { architecture: 's390x' }),
    pushBuildxStyle(reg, 'src/ppc64le', 'v1', { architecture: 'ppc64le' })
  ]);
  // By tag, by digest, and an index with an attestation: every kind of source read.
  sources = (host) =>
    [
      `${host}/src/amd64:v1`,
      `${host}/src/arm64:v1`,
      `${host}/src/armv7:v1`,
      `${host}/src/s390x@${s390x.digest}`,
      `${host}/src/ppc64le:v1`
    ].join('\n');
}, 30_000);

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await Promise.all([reg?.stop(), reg2?.stop()]);
});

function errorLines(r: ActionResult): string[] {
  return commandLines(r.stdout, 'error');
}

function explain(r: ActionResult, ...via: Proxy[]): string {
  const log = via.map((p) =>
    p.requests
      .map((q) => `${p.host} #${q.seq} ${q.method} ${q.path} -> ${q.status}${q.fault ? ` [${q.fault}]` : ''}`)
      .join('\n')
  );
  return `exit ${r.code}${r.timedOut ? ' (killed)' : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}\n--- proxies\n${log.join('\n')}\n--- registry\n${reg.logs()}`;
}

test('the proxy rewrites upload Locations, so a client that follows them stays on the proxy', async () => {
  const proxy = await startProxy({ target: reg.url, delayMs: 5 });
  proxies.push(proxy);
  const img = await pushImage({ url: proxy.url }, 'via-proxy', 'v1', { architecture: 'amd64' });
  expect((await getManifest(reg, 'via-proxy', 'v1')).digest).toBe(img.digest);
  // The monolithic PUT went to the session URL the registry handed out: through the proxy.
  const puts = proxy.requests.filter((r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/'));
  expect(puts.length).toBe(2); // layer + config
  expect(puts.every((r) => r.status === 201)).toBe(true);
  expect(retryKey('PUT', puts[0].path)).toMatch(
    /^PUT \/v2\/via-proxy\/blobs\/uploads\/\*\?digest=sha256%3A[0-9a-f]{64}$/
  );
  await proxy.stop();
});

/** One request without keep-alive; 0 when the connection was dropped. Bounded by a 10 s timeout. */
function status(url: string, method = 'GET'): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method, agent: false, timeout: 10_000, headers: { accept: ALL_MANIFEST_TYPES.join(', ') } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      }
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

test('faults are deterministic, and a request that was faulted is not faulted on its next try', async () => {
  const plan = {
    seed: 7,
    dropEveryN: 4,
    status503EveryN: 4,
    retryAfterSeconds: 0,
    status429EveryN: 4,
    slowBodyEveryN: 3,
    slowChunkMs: 1
  };
  const sequences: string[][] = [];
  for (const faults of [plan, plan, { dropEveryN: 3, status503EveryN: 5 }]) {
    const proxy = await startProxy({ target: reg.url, faults });
    proxies.push(proxy);
    const paths = [
      '/v2/',
      '/v2/src/amd64/manifests/v1',
      '/v2/src/arm64/manifests/v1',
      '/v2/src/armv7/manifests/v1',
      '/v2/nope/manifests/v1'
    ];
    for (let round = 0; round < 6; round++) {
      for (const p of paths) {
        const first = await status(proxy.url + p);
        if ([0, 429, 503].includes(first)) {
          // The retry of a faulted request goes through (a bounded client succeeds).
          expect(await status(proxy.url + p)).toBe(p.includes('nope') ? 404 : 200);
        }
      }
    }
    sequences.push(proxy.requests.map((r) => `${r.method} ${r.path} ${r.status} ${r.fault ?? ''}`));
    const f = proxy.faultCounts();
    expect(f['503'] + f['429'] + f['drop-before'] + f['drop-after']).toBeGreaterThanOrEqual(3);
    await proxy.stop();
  }
  // Same seed, same sequence of requests: the same faults at the same places.
  expect(sequences[1]).toEqual(sequences[0]);
  // Count-based: request #k is dropped when 3 divides k, else answered 503 when 5 divides k, unless
  // the previous try of the same request was faulted. Drops alternate before/after forwarding.
  expect(sequences[2].slice(0, 9)).toEqual([
    'GET /v2/ 200 ',
    'GET /v2/src/amd64/manifests/v1 200 ',
    'GET /v2/src/arm64/manifests/v1 0 drop-before',
    'GET /v2/src/arm64/manifests/v1 200 ',
    'GET /v2/src/armv7/manifests/v1 503 503',
    'GET /v2/src/armv7/manifests/v1 200 ', // #6: a drop, but its previous try was faulted
    'GET /v2/nope/manifests/v1 404 ',
    'GET /v2/ 200 ',
    'GET /v2/src/amd64/manifests/v1 0 drop-after'
  ]);
});

test('under 503 (Retry-After), 429, dropped connections and slow bodies the action pushes the same list', async () => {
  // Without faults, straight to the registry: the reference digest.
  const clean = await runAction(
    { tags: `${reg.host}/clean/app:v1`, sources: sources(reg.host) },
    { timeoutMs: 60_000 }
  );
  expect({ code: clean.code, out: clean.outputs.digest }).toEqual({
    code: 0,
    out: expect.stringMatching(/^sha256:[0-9a-f]{64}$/)
  });
  expect(clean.outputs['media-type']).toBe(MT.ociIndex); // the buildx source brings OCI children

  const proxy = await startProxy({
    target: reg.url,
    delayMs: 2,
    faults: { dropEveryN: 6, status503EveryN: 7, retryAfterSeconds: 1, status429EveryN: 5, slowBodyEveryN: 4 }
  });
  // The second registry only receives: HEADs, upload sessions, PUTs of blobs and manifests.
  const proxy2 = await startProxy({
    target: reg2.url,
    delayMs: 2,
    faults: { dropEveryN: 4, status503EveryN: 7, retryAfterSeconds: 1, status429EveryN: 5 }
  });
  proxies.push(proxy, proxy2);
  // Fresh target repositories: every child and blob is mounted again in the first registry, and
  // streamed from the first registry into the second (interrupted uploads restart from scratch).
  const tags = `${proxy.host}/faulty/one:v1\n${proxy.host}/faulty/two:v1\n${proxy2.host}/faulty/three:v1`;
  const started = Date.now();
  const faulty = await runAction({ tags, sources: sources(proxy.host) }, { timeoutMs: 50_000 });
  const elapsed = Date.now() - started;
  if (faulty.code !== 0) throw new Error(explain(faulty, proxy, proxy2));

  // Same bytes, same digest.
  expect(faulty.outputs.digest).toBe(clean.outputs.digest);
  expect(faulty.outputs.manifest).toBe(clean.outputs.manifest);
  expect(faulty.outputs.platforms).toBe(clean.outputs.platforms);

  // The proxy really injected each kind of fault, and the clients saw them.
  const f = proxy.faultCounts();
  const f2 = proxy2.faultCounts();
  expect(f2['503'] + f2['429'] + f2['drop-before'] + f2['drop-after']).toBeGreaterThanOrEqual(2);
  // Blobs really went across: uploads to the second registry, blob GETs from the first.
  expect(
    proxy2.requests.some((r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/') && r.status === 201)
  ).toBe(true);
  expect(
    proxy.requests.some((r) => r.method === 'GET' && /\/blobs\/sha256:/.test(r.path) && r.path.startsWith('/v2/src/'))
  ).toBe(true);
  expect(f['503']).toBeGreaterThanOrEqual(1);
  expect(f['429']).toBeGreaterThanOrEqual(1);
  expect(f['drop-before'] + f['drop-after']).toBeGreaterThanOrEqual(2);
  expect(f['drop-after']).toBeGreaterThanOrEqual(1);
  expect(f.slow).toBeGreaterThanOrEqual(1);
  expect(proxy.requests.filter((r) => r.status === 503).length).toBe(f['503']);
  expect(proxy.requests.filter((r) => r.status === 429).length).toBe(f['429']);
  expect(proxy.requests.filter((r) => r.fault === 'slow' && r.status === 200).length).toBe(f.slow);

  // Retries are logged, and a 503's Retry-After: 1 is honoured (no retry of it sooner than 1 s).
  const retries = faulty.stdout.split('\n').filter((l) => /; retrying in [\d.]+ s \(attempt \d+ of \d+\)/.test(l));
  expect(retries.length).toBeGreaterThanOrEqual(3);
  const after503 = retries.filter((l) => /HTTP 503/.test(l));
  expect(after503.length).toBeGreaterThanOrEqual(1);
  for (const l of after503) expect(Number(/retrying in ([\d.]+) s/.exec(l)![1])).toBeGreaterThanOrEqual(1);
  expect(errorLines(faulty)).toEqual([]);

  // The registry holds the list under both tags, and every child it references in both repos.
  const list = JSON.parse(faulty.outputs.manifest) as { manifests: Array<{ digest: string }> };
  for (const [r, repo] of [
    [reg, 'faulty/one'],
    [reg, 'faulty/two'],
    [reg2, 'faulty/three']
  ] as const) {
    expect((await getManifest(r, repo, 'v1')).digest).toBe(clean.outputs.digest);
    for (const m of list.manifests) expect((await getManifest(r, repo, m.digest)).status).toBe(200);
  }
  // Bounded: faults cost retries, not minutes.
  expect(elapsed).toBeLessThan(40_000);
  await Promise.all([proxy.stop(), proxy2.stop()]);
}, 60_000);

test('a registry that accepts connections and never answers fails the step quickly, in one line', async () => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  const host = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  try {
    const started = Date.now();
    const r = await runAction(
      { tags: `${host}/app:v1`, sources: `${host}/src/amd64:v1` },
      { timeoutMs: 45_000, env: { FANIN_TIMEOUT_SECONDS: '2', FANIN_SOURCE_WAIT_SECONDS: '0' } }
    );
    const elapsed = Date.now() - started;
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    const errors = errorLines(r);
    expect(errors).toHaveLength(1);
    const line = errors[0];
    // Names the registry and says what happened.
    expect(line).toContain(host);
    expect(line).toMatch(/no answer within 2 s|timed? ?out/i);
    expect(line).not.toMatch(/\n| {4}at /);
    // 6 attempts of one ping, each bounded by the 2 s timeout (Node fires an HTTPS socket timeout
    // only after twice the setting when the TLS handshake gets no answer: ~4 s), plus backoff.
    expect(elapsed).toBeLessThan(40_000);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
}, 50_000);
