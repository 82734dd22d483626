/**
 * Purge on registries whose DELETE means something else (issue #8), through personality proxies
 * in front of real distribution 2.8 registries, running dist/index.js as the runner does:
 * - Harbor, where DELETE of a tag deletes the artifact and every tag on it: purge proves that on
 *   a throwaway manifest with two throwaway tags and then removes the real tags the placeholder
 *   way, so the manifest (a child of the list) and its other tags stay.
 * - Google Artifact Registry, where DELETE of a tag removes only that tag: purge proves it and
 *   deletes the tags themselves.
 * - Docker Hub, with no DELETE at all (405): a warning naming the tags left, success, nothing
 *   written to the registry by purge.
 */
import { getManifest, listTags, pushImage, putManifest } from '../../harness/images';
import {
  PERSONALITY_NAMES,
  startPersonality,
  type Personality,
  type PersonalityName
} from '../../harness/personalities';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { assertListComplete, commandLines, expectExit, ref, type ListDoc } from '../../harness/checks';

const started: Array<{ stop(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

async function behind(name: PersonalityName): Promise<{ reg: TestRegistry; p: Personality }> {
  const reg = await startRegistry();
  const p = await startPersonality(reg, name);
  started.push(p, reg);
  return { reg, p };
}

/** Two per-arch source tags, one with a second tag on its digest, combined under `latest` with purge. */
async function purgeRun(reg: TestRegistry, p: Personality, repo: string) {
  const amd = await pushImage(reg, repo, 'amd64', { architecture: 'amd64' });
  const arm = await pushImage(reg, repo, 'arm64', { architecture: 'arm64' });
  await pushImage(reg, repo, 'keep', { architecture: 'amd64' }); // an unrelated tag
  // A second tag on the amd64 digest: deleting amd64 the Harbor way would take it along.
  await putManifest(reg, repo, 'amd64-also', amd.mediaType, amd.manifest);
  const r = await runAction({
    tags: ref(p, repo, 'latest'),
    sources: `${ref(p, repo, 'amd64')}\n${ref(p, repo, 'arm64')}`,
    purge: 'true'
  });
  return { amd, arm, r };
}

/** DELETEs and PUTs that purge sent for a tag (not a digest) of `repo`. */
const tagWrites = (p: Personality, repo: string, method: 'DELETE' | 'PUT') =>
  p.requests
    .filter((q) => q.method === method && q.path.startsWith(`/v2/${repo}/manifests/`) && !q.path.includes('sha256:'))
    .map((q) => q.path.split('/manifests/')[1]);

test('Harbor: no real tag is deleted by DELETE; the tags go the placeholder way; the manifest and its other tags stay', async () => {
  const { reg, p } = await behind('harbor');
  const { amd, arm, r } = await purgeRun(reg, p, 'hb/app');
  expectExit(r, 0);
  expect(commandLines(r.stdout, 'warning')).toEqual([]);

  expect((await listTags(reg, 'hb/app')).sort()).toEqual(['amd64-also', 'keep', 'latest']);
  expect((await getManifest(reg, 'hb/app', 'amd64-also')).digest).toBe(amd.digest);
  const list = JSON.parse((await getManifest(reg, 'hb/app', 'latest')).body) as ListDoc;
  expect(list.manifests.map((d) => d.digest)).toEqual([amd.digest, arm.digest]);
  await assertListComplete(reg, 'hb/app', list);

  // The proof ran on throwaway tags only; the real tags were moved onto placeholders, never DELETEd.
  const deletes = tagWrites(p, 'hb/app', 'DELETE');
  expect(deletes.length).toBeGreaterThan(0);
  expect(deletes.every((t) => t.startsWith('fanin-purge-probe-'))).toBe(true);
  expect(
    tagWrites(p, 'hb/app', 'PUT')
      .filter((t) => !t.startsWith('fanin-purge-probe-'))
      .sort()
  ).toEqual(['amd64', 'arm64', 'latest']);
});

test('Harbor 2.x (DELETE of a tag is 400 UNSUPPORTED): the placeholder way', async () => {
  const reg = await startRegistry();
  const p = await startPersonality(reg, 'harbor', { tagDelete: 'unsupported' });
  started.push(p, reg);
  const { amd, r } = await purgeRun(reg, p, 'hb2/app');
  expectExit(r, 0);
  expect(commandLines(r.stdout, 'warning')).toEqual([]);
  expect((await listTags(reg, 'hb2/app')).sort()).toEqual(['amd64-also', 'keep', 'latest']);
  expect((await getManifest(reg, 'hb2/app', 'amd64-also')).digest).toBe(amd.digest);
  await assertListComplete(reg, 'hb2/app', JSON.parse((await getManifest(reg, 'hb2/app', 'latest')).body) as ListDoc);
});

test('Google Artifact Registry: DELETE of a tag is proven to remove only the tag, so the tags themselves are deleted', async () => {
  const { reg, p } = await behind('gar');
  const { amd, arm, r } = await purgeRun(reg, p, 'gar/app');
  expectExit(r, 0);
  expect(commandLines(r.stdout, 'warning')).toEqual([]);

  expect((await listTags(reg, 'gar/app')).sort()).toEqual(['amd64-also', 'keep', 'latest']);
  expect((await getManifest(reg, 'gar/app', 'amd64-also')).digest).toBe(amd.digest);
  expect((await getManifest(reg, 'gar/app', arm.digest)).status).toBe(200);
  await assertListComplete(reg, 'gar/app', JSON.parse((await getManifest(reg, 'gar/app', 'latest')).body) as ListDoc);

  // Deleted by tag, not moved onto a placeholder.
  expect(
    tagWrites(p, 'gar/app', 'DELETE')
      .filter((t) => !t.startsWith('fanin-purge-probe-'))
      .sort()
  ).toEqual(['amd64', 'arm64']);
  expect(tagWrites(p, 'gar/app', 'PUT').filter((t) => !t.startsWith('fanin-purge-probe-'))).toEqual(['latest']);
});

test('Docker Hub (no DELETE, 405): one warning naming the tags left, success, nothing written by purge', async () => {
  const { reg, p } = await behind('dockerhub');
  const { amd, arm, r } = await purgeRun(reg, p, 'hub/app');
  expectExit(r, 0);
  const warnings = commandLines(r.stdout, 'warning');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(`${ref(p, 'hub/app', 'amd64')}, ${ref(p, 'hub/app', 'arm64')} left in place`);
  expect(warnings[0]).toContain('does not allow deleting tags or manifests (DELETE answered HTTP 405');
  expect((await getManifest(reg, 'hub/app', 'amd64')).digest).toBe(amd.digest);
  expect((await getManifest(reg, 'hub/app', 'arm64')).digest).toBe(arm.digest);
  expect((await listTags(reg, 'hub/app')).sort()).toEqual(['amd64', 'amd64-also', 'arm64', 'keep', 'latest']);
  // One DELETE of a tag that does not exist told it all: no throwaway manifest was written.
  expect(tagWrites(p, 'hub/app', 'PUT')).toEqual(['latest']);
  expect(tagWrites(p, 'hub/app', 'DELETE')).toHaveLength(1);
});

/**
 * Every personality, whatever its DELETE does: the run succeeds, the list is complete, the other
 * tag on a source's digest stays, no throwaway tag is left, and each source tag is either gone or
 * named in a warning, still on the digest the list used.
 */
test.each(PERSONALITY_NAMES.map((n) => [n] as const))(
  '%s: purge never breaks the list and says what it left',
  async (name) => {
    const reg = await startRegistry();
    const repo = `sweep-${name}/app`;
    const p = await startPersonality(reg, name, name === 'ecr' ? { repositories: [repo] } : {});
    started.push(p, reg);
    const { amd, arm, r } = await purgeRun(reg, p, repo);
    expectExit(r, 0);
    const list = JSON.parse((await getManifest(reg, repo, 'latest')).body) as ListDoc;
    expect(list.manifests.map((d) => d.digest)).toEqual([amd.digest, arm.digest]);
    await assertListComplete(reg, repo, list);
    expect((await getManifest(reg, repo, 'amd64-also')).digest).toBe(amd.digest);
    const tags = await listTags(reg, repo);
    expect(tags.filter((t) => t.startsWith('fanin-purge-probe-'))).toEqual([]);
    // One cause per registry here, so at most one warning naming what it left.
    expect(commandLines(r.stdout, 'warning').filter((w) => w.includes('left in place')).length).toBeLessThanOrEqual(1);
    const warnings = commandLines(r.stdout, 'warning').join('\n');
    for (const [tag, img] of [
      ['amd64', amd],
      ['arm64', arm]
    ] as const) {
      if (!tags.includes(tag)) continue;
      expect([tag, (await getManifest(reg, repo, tag)).digest]).toEqual([tag, img.digest]);
      expect(warnings).toContain(ref(p, repo, tag));
    }
  }
);
