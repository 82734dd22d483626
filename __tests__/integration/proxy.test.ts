/**
 * Self-hosted runners behind a corporate proxy (issue 21, "Behind a proxy"): the bundled action
 * through a recording, throttling forward proxy (harness/forward-proxy.ts), the registries reached
 * by `.corp.test` names (not loopback, so the proxy is used; the proxy resolves them, and the
 * preloaded harness/corp-resolver.cjs does for direct connections).
 */
import path from 'node:path';
import net from 'node:net';
import { pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { startForwardProxy, type ForwardProxy } from '../../harness/forward-proxy';
import { commandLines } from '../../harness/checks';

const RESOLVER = path.resolve(__dirname, '../../harness/corp-resolver.cjs');
const corp = (reg: { host: string }, name: string) => `${name}.corp.test:${reg.host.split(':')[1]}`;

let src: TestRegistry;
let dst: TestRegistry;
beforeAll(async () => {
  [src, dst] = await Promise.all([startRegistry(), startRegistry()]);
});
afterAll(async () => {
  await Promise.all([src?.stop(), dst?.stop()]);
});

function env(proxy: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    NO_PROXY: '',
    NODE_OPTIONS: `--require ${RESOLVER}`,
    ACTIONS_STEP_DEBUG: 'true',
    ...extra
  };
}

async function withProxy<T>(p: ForwardProxy, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } finally {
    await p.stop();
  }
}

test('a blob that takes three timeouts to stream through the proxy is copied (timeouts are idle timeouts)', async () => {
  const repo = `slow/app-${Date.now()}`;
  await pushImage(src, repo, 'amd64', { architecture: 'amd64', layerSizes: [600_000] });
  const proxy = await startForwardProxy({ bytesPerSecond: 100_000 });
  await withProxy(proxy, async () => {
    const t0 = Date.now();
    const r = await runAction(
      { tags: `${corp(dst, 'dst')}/${repo}:latest`, sources: `${corp(src, 'src')}/${repo}:amd64`, insecure: 'true' },
      { env: env(proxy.url, { FANIN_TIMEOUT_SECONDS: '2' }), timeoutMs: 60_000 }
    );
    const seconds = (Date.now() - t0) / 1000;
    expect(commandLines(r.stdout, 'error')).toEqual([]);
    expect(r.code).toBe(0);
    // It really went through the throttled proxy and took longer than the timeout many times over.
    expect(seconds).toBeGreaterThan(5);
    expect(proxy.tunnels.length + proxy.forwarded.length).toBeGreaterThan(0);
  });
}, 90_000);

test('a 407 from the proxy is final at once: one line naming the proxy and its answer, never its credentials; the process exits', async () => {
  const repo = `auth/app-${Date.now()}`;
  await pushImage(src, repo, 'amd64', { architecture: 'amd64' });
  const proxy = await startForwardProxy({ auth: { user: 'corp', password: 'right-one' } });
  await withProxy(proxy, async () => {
    const url = `http://corp:Wr0ng-Pa55@${proxy.host}`;
    const t0 = Date.now();
    const r = await runAction(
      { tags: `${corp(dst, 'dst')}/${repo}:latest`, sources: `${corp(src, 'src')}/${repo}:amd64`, insecure: 'true' },
      { env: env(url, { FANIN_TIMEOUT_SECONDS: '20' }), timeoutMs: 60_000 }
    );
    const seconds = (Date.now() - t0) / 1000;
    const errors = commandLines(r.stdout, 'error');
    expect(r.code).not.toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`proxy ${proxy.host}`);
    expect(errors[0]).toMatch(/407/);
    expect(errors[0]).not.toMatch(/unreachable|check the host and port/);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Wr0ng-Pa55|retry \d/);
    expect(r.stderr).not.toMatch(/DEP0005|DeprecationWarning/);
    expect(seconds).toBeLessThan(8);
  });
}, 90_000);

test('an unreachable proxy is final at once, named, and the process exits', async () => {
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const t0 = Date.now();
  const r = await runAction(
    { tags: `${corp(dst, 'dst')}/down/app:latest`, sources: `${corp(src, 'src')}/down/app:amd64`, insecure: 'true' },
    { env: env(`http://127.0.0.1:${port}`, { FANIN_TIMEOUT_SECONDS: '20' }), timeoutMs: 60_000 }
  );
  const errors = commandLines(r.stdout, 'error');
  expect(r.code).not.toBe(0);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain(`proxy 127.0.0.1:${port}`);
  expect(errors[0]).toMatch(/ECONNREFUSED/);
  expect(r.stdout).not.toMatch(/retry \d/);
  expect((Date.now() - t0) / 1000).toBeLessThan(8);
}, 90_000);

test('through a proxy with credentials, tunnels are kept alive and reused; no deprecation warning', async () => {
  const repo = `reuse/app-${Date.now()}`;
  const sources: string[] = [];
  for (const arch of ['amd64', 'arm64', 's390x', 'ppc64le']) {
    await pushImage(src, repo, arch, { architecture: arch, layerSizes: [1024, 2048] });
    sources.push(`${corp(src, 'src')}/${repo}:${arch}`);
  }
  const proxy = await startForwardProxy({ auth: { user: 'corp', password: 'p@ss:word' } });
  await withProxy(proxy, async () => {
    const r = await runAction(
      { tags: `${corp(dst, 'dst')}/${repo}:latest`, sources: sources.join('\n'), insecure: 'true' },
      { env: env(`http://corp:${encodeURIComponent('p@ss:word')}@${proxy.host}`), timeoutMs: 60_000 }
    );
    expect(commandLines(r.stdout, 'error')).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/DEP0005|DeprecationWarning/);
    expect(`${r.stdout}${r.stderr}`).not.toContain('p@ss:word');
    const requests = proxy.tunnelRequests.reduce((a, b) => a + b, 0);
    const reused = proxy.tunnelRequests.filter((n) => n > 1).length;
    // Before: one tunnel per request (none carried two). Kept alive, the tunnels carry the run's requests in turns.
    expect(requests).toBeGreaterThan(30);
    expect(reused).toBeGreaterThan(0);
    expect(proxy.tunnels.length).toBeLessThan(requests * 0.75);
  });
}, 90_000);

test('NO_PROXY=*.corp.test sends the requests direct (uppercase over lowercase)', async () => {
  const repo = `direct/app-${Date.now()}`;
  await pushImage(src, repo, 'amd64', { architecture: 'amd64' });
  const proxy = await startForwardProxy();
  await withProxy(proxy, async () => {
    const r = await runAction(
      { tags: `${corp(dst, 'dst')}/${repo}:latest`, sources: `${corp(src, 'src')}/${repo}:amd64`, insecure: 'true' },
      { env: env(proxy.url, { NO_PROXY: '*.corp.test', no_proxy: 'other.test' }), timeoutMs: 60_000 }
    );
    expect(commandLines(r.stdout, 'error')).toEqual([]);
    expect(r.code).toBe(0);
    expect(proxy.tunnels).toEqual([]);
    expect(proxy.forwarded).toEqual([]);
  });
}, 90_000);
