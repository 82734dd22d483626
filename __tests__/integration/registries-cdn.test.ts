/**
 * Issue 8 through the cdn personality (harness/personalities/) in front of a real distribution
 * 2.8 registry: a manifest just put stays unknown for a moment, so the list PUT (and a fallback
 * tag index naming referrers just put) is refused MANIFEST_BLOB_UNKNOWN; the action waits it out
 * (at most 30 s) for what this run put.
 */
import { fallbackTagOf, pushBuildkitArtifactStyle, pushSigstoreSignature } from '../../harness/artifacts';
import { getManifest } from '../../harness/images';
import { startPersonality, type Personality } from '../../harness/personalities';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { expectExit, ref } from '../../harness/checks';
import { expectListIn } from '../../harness/fanin-checks';

let reg: TestRegistry;
let other: TestRegistry;
let cdn: Personality;

beforeAll(async () => {
  [reg, other] = await Promise.all([startRegistry(), startRegistry()]);
  cdn = await startPersonality(reg, 'cdn', { lagMs: 1500 });
}, 30_000);

afterAll(async () => {
  await cdn?.stop();
  await Promise.all([reg?.stop(), other?.stop()]);
});

test('the list PUT refused for children this run just put is retried until they show', async () => {
  // Sources on another registry: every child is new in the target and put by this run.
  const amd = await pushBuildkitArtifactStyle(other, 'c1/src', 'amd64', { architecture: 'amd64' });
  const arm = await pushBuildkitArtifactStyle(other, 'c1/src', 'arm64', { architecture: 'arm64' });
  const t0 = Date.now();
  const r = await runAction({
    tags: `${ref(cdn, 'c1/app', 'v1')}\n${ref(cdn, 'c1/app', 'latest')}`,
    sources: `${ref(other, 'c1/src', 'amd64')}\n${ref(other, 'c1/src', 'arm64')}`
  });
  const ms = Date.now() - t0;
  expectExit(r, 0);
  for (const tag of ['v1', 'latest']) {
    const list = await expectListIn(reg, 'c1/app', tag, r.outputs.digest);
    expect(list.manifests.map((d) => d.digest)).toEqual([
      amd.image.digest,
      arm.image.digest,
      amd.attestation.digest,
      arm.attestation.digest
    ]);
  }
  // It really was refused first, then waited for: the list's PUT (by digest with both tags as
  // ?tag=, distribution spec "Pushing Manifests", or by tag) answered 400.
  const listPut = (path: string) =>
    path === '/v2/c1/app/manifests/v1' || path.startsWith(`/v2/c1/app/manifests/${r.outputs.digest}?tag=`);
  expect(cdn.requests.some((q) => q.method === 'PUT' && listPut(q.path) && q.status === 400)).toBe(true);
  expect(r.stdout).toMatch(/may not show what this run just put yet: retrying in/);
  expect(ms).toBeLessThan(25_000);
});

test('a fallback tag index naming referrers this run just put is retried until they show', async () => {
  const amd = await pushBuildkitArtifactStyle(other, 'c2/src', 'amd64', { architecture: 'amd64' });
  const sig = await pushSigstoreSignature(other, 'c2/src', amd.image, '{"c2":1}');
  const r = await runAction({
    tags: ref(cdn, 'c2/app', 'v1'),
    sources: ref(other, 'c2/src', 'amd64'),
    referrers: 'true'
  });
  expectExit(r, 0);
  await expectListIn(reg, 'c2/app', 'v1', r.outputs.digest);
  expect((await getManifest(reg, 'c2/app', sig.digest)).status).toBe(200);
  const tag = fallbackTagOf(amd.image.digest);
  const index = await getManifest(reg, 'c2/app', tag);
  expect(JSON.parse(index.body).manifests.map((d: { digest: string }) => d.digest)).toEqual([sig.digest]);
  const puts = cdn.requests
    .filter((q) => q.method === 'PUT' && q.path === `/v2/c2/app/manifests/${tag}`)
    .map((q) => q.status);
  expect(puts[0]).toBe(400);
  expect(puts[puts.length - 1]).toBe(201);
});
