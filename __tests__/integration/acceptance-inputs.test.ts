/**
 * Acceptance: inputs a user mistypes. Each gives one clear error line and writes nothing to a
 * real distribution 2.8 registry.
 */
import { listTags, pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { expectExit, ref } from '../../harness/checks';
import { theErrorLine } from '../../harness/fanin-checks';

let reg: TestRegistry;

beforeAll(async () => {
  reg = await startRegistry();
  await pushImage(reg, 'acc/src', 'amd64', { architecture: 'amd64' });
}, 30_000);

afterAll(async () => {
  await reg?.stop();
});

// `manifest-descriptor[linux/amd64]foo=bar` (the ':' forgotten) used to be pushed as an index
// annotation whose key is "manifest-descriptor[linux/amd64]foo".
test.each([
  'manifest-descriptor[linux/amd64]org.opencontainers.image.title=x',
  'index[linux/amd64]foo=bar',
  'manifest-descriptor[linux/amd64];foo=bar'
])('a level line without its ":" is an error, not an odd index annotation: %s', async (line) => {
  const r = await runAction({
    tags: ref(reg, 'acc/typo', 'v1'),
    sources: ref(reg, 'acc/src', 'amd64'),
    annotations: line
  });
  expectExit(r, 1);
  expect(theErrorLine(r.stdout)).toMatch(/annotations line 1 .*KEY=VALUE/);
  expect(await listTags(reg, 'acc/typo')).toEqual([]);
});
