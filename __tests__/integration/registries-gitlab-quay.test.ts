/**
 * Issue 8 through the gitlab and quay personalities (harness/personalities/) in front of a real
 * distribution 2.8 registry, with BuildKit ≥ 0.32 sources (attestations as OCI artifacts with a
 * `subject`): GitLab refuses a manifest whose subject is not yet in the repository, so each
 * subject goes first; Quay refuses the same manifest PUT to two tags of one repository at once,
 * so one repository's tags are written one after another (repositories still in parallel).
 */
import { fallbackTagOf, pushBuildkitArtifactStyle, pushSigstoreSignature } from '../../harness/artifacts';
import { getManifest } from '../../harness/images';
import { startPersonality, type Personality } from '../../harness/personalities';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { expectExit, ref } from '../../harness/checks';
import { expectListIn } from '../../harness/fanin-checks';

let reg: TestRegistry;
let gitlab: Personality;
let quay: Personality;

beforeAll(async () => {
  reg = await startRegistry();
  [gitlab, quay] = await Promise.all([startPersonality(reg, 'gitlab'), startPersonality(reg, 'quay', { holdMs: 150 })]);
}, 30_000);

afterAll(async () => {
  await Promise.all([gitlab?.stop(), quay?.stop()]);
  await reg?.stop();
});

test('gitlab: attestations (OCI artifacts with a subject) and a signature referrer are put after their subject in every target repository', async () => {
  const amd = await pushBuildkitArtifactStyle(reg, 'gl/src', 'amd64', {
    architecture: 'amd64',
    layerSizes: [256 * 1024, 64 * 1024]
  });
  const arm = await pushBuildkitArtifactStyle(reg, 'gl/src', 'arm64', {
    architecture: 'arm64',
    layerSizes: [256 * 1024, 64 * 1024]
  });
  const sig = await pushSigstoreSignature(reg, 'gl/src', amd.image, '{"gl":1}');
  const targets = ['gl/app', 'gl/mirror'];
  const r = await runAction({
    tags: targets.map((t) => ref(gitlab, t, 'v1')).join('\n'),
    sources: `${ref(gitlab, 'gl/src', 'amd64')}\n${ref(gitlab, 'gl/src', 'arm64')}`,
    referrers: 'true'
  });
  expectExit(r, 0);
  for (const t of targets) {
    const list = await expectListIn(reg, t, 'v1', r.outputs.digest);
    expect(list.manifests.map((d) => d.digest)).toEqual([
      amd.image.digest,
      arm.image.digest,
      amd.attestation.digest,
      arm.attestation.digest
    ]);
    expect((await getManifest(reg, t, sig.digest)).status).toBe(200);
    expect((await getManifest(reg, t, fallbackTagOf(amd.image.digest))).status).toBe(200);
  }
  // The personality did refuse nothing: no subject ever arrived after what names it.
  expect(gitlab.requests.filter((q) => q.note?.includes('not in'))).toEqual([]);
});

test("gitlab: a promoted index's own signature (subject: the index) is put only once the index is there", async () => {
  const idx = await pushBuildkitArtifactStyle(reg, 'gl/promo', 'v1', { architecture: 'amd64' });
  const sig = await pushSigstoreSignature(reg, 'gl/promo', idx, '{"gl":"index"}');
  const r = await runAction({
    tags: ref(gitlab, 'gl/prod', 'v1'),
    sources: ref(gitlab, 'gl/promo', 'v1'),
    referrers: 'true'
  });
  expectExit(r, 0);
  expect(r.outputs.digest).toBe(idx.digest);
  await expectListIn(reg, 'gl/prod', 'v1', idx.digest);
  expect((await getManifest(reg, 'gl/prod', sig.digest)).status).toBe(200);
  expect(gitlab.requests.filter((q) => q.note?.includes('not in'))).toEqual([]);
});

test("quay: several tags of one repository and of two repositories get the list, one repository's tags one after another", async () => {
  const amd = await pushBuildkitArtifactStyle(reg, 'qy/src', 'amd64', { architecture: 'amd64' });
  const arm = await pushBuildkitArtifactStyle(reg, 'qy/src', 'arm64', { architecture: 'arm64' });
  const tags = [
    ref(quay, 'qy/app', 'v1'),
    ref(quay, 'qy/app', 'latest'),
    ref(quay, 'qy/app', '1'),
    ref(quay, 'qy/other', 'v1'),
    ref(quay, 'qy/other', 'latest')
  ];
  const t0 = Date.now();
  const r = await runAction({
    tags: tags.join('\n'),
    sources: `${ref(quay, 'qy/src', 'amd64')}\n${ref(quay, 'qy/src', 'arm64')}`
  });
  const ms = Date.now() - t0;
  expectExit(r, 0);
  for (const [repo, tag] of [
    ['qy/app', 'v1'],
    ['qy/app', 'latest'],
    ['qy/app', '1'],
    ['qy/other', 'v1'],
    ['qy/other', 'latest']
  ]) {
    const list = await expectListIn(reg, repo, tag, r.outputs.digest);
    expect(list.manifests.map((d) => d.digest)).toEqual([
      amd.image.digest,
      arm.image.digest,
      amd.attestation.digest,
      arm.attestation.digest
    ]);
  }
  expect(quay.requests.filter((q) => q.note?.includes('concurrent PUT'))).toEqual([]);
  // Every tag was written once: nothing was refused and retried.
  const tagPuts = quay.requests.filter((q) => q.method === 'PUT' && /\/manifests\/(v1|latest|1)$/.test(q.path));
  expect(tagPuts).toHaveLength(5);
  expect(ms).toBeLessThan(15_000);
});
