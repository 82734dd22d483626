/**
 * Issue 17.3 on a real distribution 2.8 registry: two `amend` runs adding different platforms to
 * one tag, both reading the old list before either writes. Registries have no conditional PUT, so
 * the order is forced by a proxy that holds the two list PUTs until both have arrived and then
 * lands them back to back (not left to timing). Each run must end with its entries on the tag.
 */
import { getManifest, pushImage, pushIndex } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { assertListComplete, expectExit, ref, type ListDoc } from '../../harness/checks';
import { startOrderProxy } from '../support/order-proxy';

let reg: TestRegistry;

beforeAll(async () => {
  reg = await startRegistry();
}, 30_000);

afterAll(async () => {
  await reg?.stop();
});

test('two amend runs whose list PUTs land back to back: both exit 0 and the tag holds both entries', async () => {
  const amd = await pushImage(reg, 'ar/app', undefined, { architecture: 'amd64' });
  await pushIndex(reg, 'ar/app', 'latest', [amd]);
  const arm = await pushImage(reg, 'ar/arm', '1', { architecture: 'arm64' });
  const s390x = await pushImage(reg, 'ar/s390x', '1', { architecture: 's390x' });

  // The list PUT of each run (by tag, or by digest with ?tag=latest): the first two are held.
  const proxy = await startOrderProxy(
    reg,
    /^PUT \/v2\/ar\/app\/manifests\/(latest$|[a-z0-9]+:[a-f0-9]+\?(.*&)?tag=latest(&|$))/,
    2
  );
  try {
    const run = (source: string) =>
      runAction(
        { tags: ref(proxy, 'ar/app', 'latest'), sources: ref(proxy, source, '1'), amend: 'true' },
        { env: { RUNNER_DEBUG: '1' } }
      );
    const [a, b] = await Promise.all([run('ar/arm'), run('ar/s390x')]);
    expect(proxy.released()).toHaveLength(2);
    expectExit(a, 0);
    expectExit(b, 0);

    const got = await getManifest(reg, 'ar/app', 'latest');
    const list = JSON.parse(got.body) as ListDoc;
    expect(list.manifests.map((d) => d.digest).sort()).toEqual([amd.digest, arm.digest, s390x.digest].sort());
    await assertListComplete(reg, 'ar/app', list);
    // The run whose PUT was overwritten says so, and merged again.
    expect(a.stdout + b.stdout).toMatch(/amend: .*ar\/app:latest moved/);
  } finally {
    await proxy.stop();
  }
}, 120_000);
