/**
 * Acceptance: purge of a wide matrix build on plain distribution 2.8. Its DELETE by digest
 * removes the manifest first and then looks up the tags to untag; a DELETE in the same
 * repository untagging at that moment makes the lookup fail (500 UNKNOWN) after the manifest
 * went, so a retry answers 404 and the tag dangles. Tags were left behind with warnings that
 * named placeholders that were already gone.
 */
import { listTags, pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { commandLines, expectExit, ref } from '../../harness/checks';

let reg: TestRegistry;
const ARCHS = ['amd64', 'arm64', 'ppc64le', 's390x', 'riscv64', '386', 'mips64le', 'loong64', 'mips', 'wasm'];

beforeAll(async () => {
  reg = await startRegistry();
}, 30_000);

afterAll(async () => {
  await reg?.stop();
});

test('ten per-arch tags in one repository are all purged, with no warning (three runs)', async () => {
  for (const run of [1, 2, 3]) {
    const repo = `acc/purge${run}`;
    await Promise.all(ARCHS.map((a) => pushImage(reg, repo, `build-${a}`, { architecture: a })));
    const r = await runAction({
      tags: ref(reg, repo, '1.0'),
      sources: ARCHS.map((a) => ref(reg, repo, `build-${a}`)).join('\n'),
      purge: 'true'
    });
    expectExit(r, 0);
    expect(commandLines(r.stdout, 'warning')).toEqual([]);
    expect(await listTags(reg, repo)).toEqual(['1.0']);
  }
}, 120_000);
