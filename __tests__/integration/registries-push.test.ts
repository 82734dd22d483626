/**
 * Pushing tags the way every registry accepts, on real distribution 2.8: a tag that already
 * holds the list is read, not written again (a re-run of the same inputs writes nothing, as
 * ECR's immutable tags need), several tags of one repository and several repositories at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getManifest, listTags, pushBuildxStyle, pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { assertListComplete, expectExit, ref, type ListDoc } from '../../harness/checks';

let a: TestRegistry;
let c: TestRegistry;

beforeAll(async () => {
  [a, c] = await Promise.all([startRegistry(), startRegistry()]);
}, 30_000);

afterAll(async () => {
  await Promise.all([a?.stop(), c?.stop()]);
});

/** distribution's tag link file: rewritten (new mtime) whenever the tag is PUT. */
function tagLink(reg: TestRegistry, repo: string, tag: string): string {
  return path.join(reg.root, 'docker/registry/v2/repositories', repo, '_manifests/tags', tag, 'current/link');
}

test('a re-run of the same inputs writes no tag and no child again: every tag is "already up to date"', async () => {
  await pushImage(a, 'p1/src', 'amd64', { architecture: 'amd64' });
  await pushBuildxStyle(a, 'p1/src', 'arm64', { architecture: 'arm64' });
  const tags = [
    ref(a, 'p1/app', 'v1'),
    ref(a, 'p1/app', 'latest'),
    ref(a, 'p1/app', '1'),
    ref(c, 'p1/app', 'v1'),
    ref(c, 'p1/mirror', 'v1')
  ];
  const inputs = { tags: tags.join('\n'), sources: `${ref(a, 'p1/src', 'amd64')}\n${ref(a, 'p1/src', 'arm64')}` };
  const first = await runAction(inputs);
  expectExit(first, 0);
  for (const [reg, repo] of [
    [a, 'p1/app'],
    [c, 'p1/app'],
    [c, 'p1/mirror']
  ] as const) {
    const got = await getManifest(reg, repo, 'v1');
    expect(got.digest).toBe(first.outputs.digest);
    await assertListComplete(reg, repo, JSON.parse(got.body) as ListDoc);
  }
  expect((await listTags(a, 'p1/app')).sort()).toEqual(['1', 'latest', 'v1']);
  const links = [tagLink(a, 'p1/app', 'v1'), tagLink(a, 'p1/app', 'latest'), tagLink(c, 'p1/mirror', 'v1')];
  const mtimes = links.map((l) => fs.statSync(l).mtimeMs);

  const again = await runAction(inputs);
  expectExit(again, 0);
  expect(again.outputs.digest).toBe(first.outputs.digest);
  for (const t of tags) expect(again.stdout).toContain(`${t} → ${first.outputs.digest} (already up to date)`);
  expect(again.stdout).toMatch(/^0 manifest\(s\) copied, 9 already present/m);
  expect(links.map((l) => fs.statSync(l).mtimeMs)).toEqual(mtimes);
});

test('a tag holding something else is moved onto the list', async () => {
  const old = await pushImage(a, 'p2/app', 'v1', { architecture: 'amd64' });
  await pushImage(a, 'p2/src', 'arm64', { architecture: 'arm64' });
  const r = await runAction({
    tags: `${ref(a, 'p2/app', 'v1')}\n${ref(a, 'p2/app', 'v2')}`,
    sources: ref(a, 'p2/src', 'arm64')
  });
  expectExit(r, 0);
  expect(r.stdout).not.toContain('already up to date');
  const got = await getManifest(a, 'p2/app', 'v1');
  expect(got.digest).toBe(r.outputs.digest);
  expect(got.digest).not.toBe(old.digest);
  expect((await getManifest(a, 'p2/app', 'v2')).digest).toBe(r.outputs.digest);
});
