/**
 * Fault tests: a real registry behind a fault-injecting loopback proxy (scripts/lib/proxy.ts).
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
import net from 'node:net';
import { startRegistry, type TestRegistry } from './helpers/registry';
import { MT, getManifest, pushBuildxStyle, pushImage } from './helpers/images';
import { runAction, type ActionResult } from './helpers/run-action';
import { retryKey, startProxy, type Proxy } from '../../scripts/lib/proxy';

let reg: TestRegistry;
const proxies: Proxy[] = [];
let sources: (host: string) => string;

beforeAll(async () => {
  reg = await startRegistry();
  const [amd64, arm64, armv7, s390x] = await Promise.all([
    pushImage(reg, 'src/amd64', 'v1', { architecture: 'amd64', layerSizes: [2048, 512] }),
    pushImage(reg, 'src/arm64', 'v1', { architecture: 'arm64', variant: 'v8' }),
    pushImage(reg, 'src/armv7', 'v1', { architecture: 'arm', variant: 'v7', format: 'oci' }),
    pushImage(reg, 'src/s390x', undefined, { architecture: 's390x' }),
    pushBuildxStyle(reg, 'src/ppc64le', 'v1', { architecture: 'ppc64le' })
  ]);
  void amd64;
  void arm64;
  void armv7;
  // By tag, by digest, and an index with an attestation: every kind of source read.
  sources = (host) =>
    [`${host}/src/amd64:v1`, `${host}/src/arm64:v1`, `${host}/src/armv7:v1`, `${host}/src/s390x@${s390x.digest}`, `${host}/src/ppc64le:v1`].join('\n');
}, 30_000);

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await reg?.stop();
});

function errorLines(r: ActionResult): string[] {
  return r.stdout.split('\n').filter((l) => l.startsWith('::error'));
}

function explain(r: ActionResult, proxy?: Proxy): string {
  const log = proxy ? proxy.requests.map((q) => `#${q.seq} ${q.method} ${q.path} -> ${q.status}${q.fault ? ` [${q.fault}]` : ''}`).join('\n') : '';
  return `exit ${r.code}${r.timedOut ? ' (killed)' : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}\n--- proxy\n${log}\n--- registry\n${reg.logs()}`;
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
  expect(retryKey('PUT', puts[0].path)).toMatch(/^PUT \/v2\/via-proxy\/blobs\/uploads\/\*\?digest=sha256%3A[0-9a-f]{64}$/);
  await proxy.stop();
});

test('under 503 (Retry-After), 429, dropped connections and slow bodies the action pushes the same list', async () => {
  // Without faults, straight to the registry: the reference digest.
  const clean = await runAction({ tags: `${reg.host}/clean/app:v1`, sources: sources(reg.host) }, { timeoutMs: 60_000 });
  expect({ code: clean.code, out: clean.outputs.digest }).toEqual({ code: 0, out: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  expect(clean.outputs['media-type']).toBe(MT.ociIndex); // the buildx source brings OCI children

  const proxy = await startProxy({
    target: reg.url,
    delayMs: 2,
    faults: { dropEveryN: 6, status503EveryN: 7, retryAfterSeconds: 1, status429EveryN: 5, slowBodyEveryN: 4 }
  });
  proxies.push(proxy);
  // Fresh target repositories, two tags: every child and blob is copied (mounted) again.
  const tags = `${proxy.host}/faulty/one:v1\n${proxy.host}/faulty/two:v1`;
  const started = Date.now();
  const faulty = await runAction({ tags, sources: sources(proxy.host) }, { timeoutMs: 50_000 });
  const elapsed = Date.now() - started;
  if (faulty.code !== 0) throw new Error(explain(faulty, proxy));

  // Same bytes, same digest.
  expect(faulty.outputs.digest).toBe(clean.outputs.digest);
  expect(faulty.outputs.manifest).toBe(clean.outputs.manifest);
  expect(faulty.outputs.platforms).toBe(clean.outputs.platforms);

  // The proxy really injected each kind of fault, and the clients saw them.
  const f = proxy.faultCounts();
  expect(f['503']).toBeGreaterThanOrEqual(1);
  expect(f['429']).toBeGreaterThanOrEqual(1);
  expect(f['drop-before'] + f['drop-after']).toBeGreaterThanOrEqual(2);
  expect(f['drop-after']).toBeGreaterThanOrEqual(1);
  expect(f.slow).toBeGreaterThanOrEqual(1);
  expect(proxy.requests.filter((r) => r.status === 503).length).toBe(f['503']);
  expect(proxy.requests.filter((r) => r.status === 429).length).toBe(f['429']);
  expect(proxy.requests.filter((r) => r.fault === 'slow' && r.status === 200).length).toBe(f.slow);

  // Retries are logged, and a 503's Retry-After: 1 is honoured (no retry of it sooner than 1 s).
  const retries = faulty.stdout.split('\n').filter((l) => /; retry \d+ in [\d.]+ s/.test(l));
  expect(retries.length).toBeGreaterThanOrEqual(3);
  const after503 = retries.filter((l) => /HTTP 503/.test(l));
  expect(after503.length).toBeGreaterThanOrEqual(1);
  for (const l of after503) expect(Number(/retry \d+ in ([\d.]+) s/.exec(l)![1])).toBeGreaterThanOrEqual(1);
  expect(errorLines(faulty)).toEqual([]);

  // The registry holds the list under both tags, and every child it references in both repos.
  const list = JSON.parse(faulty.outputs.manifest) as { manifests: Array<{ digest: string }> };
  for (const repo of ['faulty/one', 'faulty/two']) {
    expect((await getManifest(reg, repo, 'v1')).digest).toBe(clean.outputs.digest);
    for (const m of list.manifests) expect((await getManifest(reg, repo, m.digest)).status).toBe(200);
  }
  // Bounded: faults cost retries, not minutes.
  expect(elapsed).toBeLessThan(40_000);
  await proxy.stop();
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
    expect(line).not.toMatch(/\n|    at /);
    expect(elapsed).toBeLessThan(35_000);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
}, 50_000);
