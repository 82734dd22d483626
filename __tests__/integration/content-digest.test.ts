/**
 * Issue 20.4 (Docker-Content-Digest is a MUST on manifest responses) and 20.2 (digests other than
 * sha256) on a real distribution 2.8 registry, behind a proxy that changes only that header: where
 * the header is given it is verified against the bytes with its own algorithm (sha256, sha512), and
 * an answer that contradicts the bytes fails in one line naming the registry and both digests.
 */
import crypto from 'node:crypto';
import { getManifest, pushImage, type PushedImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { commandLines, expectExit } from '../../harness/checks';
import { startRewriteProxy, type RewriteProxy } from '../support/rewrite-proxy';

const FAST = { FANIN_SOURCE_WAIT_SECONDS: '0', FANIN_TIMEOUT_SECONDS: '10' };
let reg: TestRegistry;
let amd: PushedImage;
const proxies: RewriteProxy[] = [];

beforeAll(async () => {
  reg = await startRegistry();
  amd = await pushImage(reg, 'cd/src', 'amd64', { architecture: 'amd64' });
}, 30_000);

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await reg?.stop();
});

const sha512 = (b: Buffer | string) => `sha512:${crypto.createHash('sha512').update(b).digest('hex')}`;

/** Run the action through a proxy whose `claim` replaces Docker-Content-Digest on matching answers. */
async function runVia(match: RegExp, claim: (body: Buffer) => string, target: string) {
  const proxy = await startRewriteProxy(reg, (line, headers, body) => {
    if (match.test(line)) headers['docker-content-digest'] = claim(body);
  });
  proxies.push(proxy);
  const r = await runAction(
    { tags: `${proxy.host}/${target}:1`, sources: `${proxy.host}/cd/src:amd64` },
    { env: FAST }
  );
  return { r, proxy };
}

test('a source manifest whose Docker-Content-Digest contradicts its bytes: one line naming the registry and both digests', async () => {
  const wrong = `sha256:${'0'.repeat(64)}`;
  const { r, proxy } = await runVia(/^GET \/v2\/cd\/src\/manifests\/amd64$/, () => wrong, 'cd/app1');
  expectExit(r, 1);
  const errors = commandLines(r.stdout, 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain(`${proxy.host} answered Docker-Content-Digest ${wrong}`);
  expect(errors[0]).toContain(`the bytes it sent have digest ${amd.digest}`);
  expect((await getManifest(reg, 'cd/app1', '1')).status).toBe(404);
});

test('a sha512 Docker-Content-Digest is verified with sha512: the right one is taken, a wrong one refused', async () => {
  const right = await runVia(/^GET \/v2\/cd\/src\/manifests\/amd64$/, (b) => sha512(b), 'cd/app2');
  expectExit(right.r, 0);
  const wrong = sha512('something else');
  const { r, proxy } = await runVia(/^GET \/v2\/cd\/src\/manifests\/amd64$/, () => wrong, 'cd/app3');
  expectExit(r, 1);
  expect(commandLines(r.stdout, 'error')[0]).toContain(`${proxy.host} answered Docker-Content-Digest ${wrong}`);
});

test("a PUT answered with another digest than the list's: one line naming the registry and both digests", async () => {
  const wrong = `sha256:${'1'.repeat(64)}`;
  const { r, proxy } = await runVia(/^PUT \/v2\/cd\/app4\/manifests\/1$/, () => wrong, 'cd/app4');
  expectExit(r, 1);
  const errors = commandLines(r.stdout, 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain(`${proxy.host} answered Docker-Content-Digest ${wrong}`);
  expect(errors[0]).toMatch(/the manifest sent has digest sha256:[a-f0-9]{64}/);
});
