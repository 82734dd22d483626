/**
 * What a failure says when the action itself retries, when the registry keeps failing, when the
 * source (not the target) stalls, and when a certificate does not cover the host name (issue 17,
 * items 10 and 13). Real registries behind the harness's fault proxy; nothing mocked.
 */
import { commandLines } from '../../harness/checks';
import { getManifest, pushImage } from '../../harness/images';
import { startProxy, type Proxy } from '../../harness/proxy';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';

const FAST = { FANIN_SOURCE_WAIT_SECONDS: '0' };

let reg: TestRegistry;
let configA: string;
let other: TestRegistry;
const proxies: Proxy[] = [];

beforeAll(async () => {
  [reg, other] = await Promise.all([startRegistry(), startRegistry()]);
  configA = (await pushImage(reg, 'src/a', 'v1', { architecture: 'amd64' })).configDigest;
  await pushImage(reg, 'src/b', 'v1', { architecture: 'arm64' });
}, 30_000);
afterAll(async () => {
  await Promise.all([...proxies.map((p) => p.stop()), reg?.stop(), other?.stop()]);
});

async function proxyFor(r: TestRegistry, faults: Parameters<typeof startProxy>[0]['faults']): Promise<Proxy> {
  const p = await startProxy({ target: r.url, faults });
  proxies.push(p);
  return p;
}

test('a 500 that stays 500: the retry lines say the action retries; the failure says the registry failed, with its body, and no "retry the job later"', async () => {
  // The list PUT (only it) answers 500 UNKNOWN every time.
  const proxy = await proxyFor(reg, {
    status500Always: (r) => r.method === 'PUT' && r.path.includes('/manifests/')
  });
  const r = await runAction(
    { tags: `${proxy.host}/out/app:v1`, sources: `${proxy.host}/src/a:v1\n${proxy.host}/src/b:v1` },
    { env: FAST, timeoutMs: 60_000 }
  );
  expect(r.code).not.toBe(0);
  const log = r.stdout + r.stderr;
  const retries = r.stdout.split('\n').filter((l) => /; retry(ing)? /.test(l));
  expect(retries.length).toBeGreaterThan(0);
  for (const l of retries) {
    expect(l).not.toContain('retry the job later');
    expect(l).toMatch(/retrying in [\d.]+ s \(attempt \d+ of \d+\)/);
  }
  const errors = commandLines(r.stdout, 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain('HTTP 500 UNKNOWN');
  expect(errors[0]).toContain('storage backend failed');
  expect(errors[0]).toMatch(/failed \d+ times in a row/);
  expect(log).not.toContain('retry the job later');
  expect((await getManifest(reg, 'out/app', 'v1')).status).toBe(404);
}, 90_000);

test('a source that stalls mid-blob is blamed on the source (registry and ref), not the target', async () => {
  // Only the source's layer bodies stall: one byte, then nothing for longer than the idle timeout.
  const source = await proxyFor(reg, {
    slowBodyEveryN: 1,
    slowChunkBytes: 1,
    slowChunkMs: 5_000,
    slowMaxMs: 60_000,
    exempt: (q) => !/\/blobs\/sha256:/.test(q.path) || q.path.includes(configA)
  });
  const r = await runAction(
    { tags: `${other.host}/copy/app:v1`, sources: `${source.host}/src/a:v1` },
    { env: { ...FAST, FANIN_TIMEOUT_SECONDS: '1' }, timeoutMs: 60_000 }
  );
  expect(r.code).not.toBe(0);
  const errors = commandLines(r.stdout, 'error');
  expect(errors).toHaveLength(1);
  const blamed = [...errors, ...r.stdout.split('\n').filter((l) => /; retry/.test(l))];
  for (const l of blamed) {
    expect(l).toContain(`the source ${source.host}/src/a@sha256:`);
    expect(l).toMatch(/stopped sending/);
    expect(l).not.toContain(`${other.host}: no answer`);
  }
  expect((await getManifest(other, 'copy/app', 'v1')).status).toBe(404);
}, 90_000);

test('a certificate for another name says which name it lacks and which it has', async () => {
  const tls = await startRegistry({ tls: true, tlsAltName: 'DNS:registry.other.example' });
  try {
    const r = await runAction(
      { tags: `${tls.host}/team/app:v1`, sources: `${tls.host}/team/a:v1` },
      { env: { ...FAST, NODE_EXTRA_CA_CERTS: tls.caCert! } }
    );
    expect(r.code).not.toBe(0);
    const errors = commandLines(r.stdout, 'error');
    expect(errors).toHaveLength(1);
    const line = errors[0];
    expect(line).toContain(`registry ${tls.host}`);
    expect(line).not.toMatch(/not trusted/);
    expect(line).toContain('does not cover 127.0.0.1');
    expect(line).toContain('DNS:registry.other.example');
    expect(line).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
  } finally {
    await tls.stop();
  }
}, 60_000);
