/**
 * Issue 8 through the ecr and harbor personalities (harness/personalities/) in front of a real
 * distribution 2.8 registry, with BuildKit ≥ 0.32 sources. ECR: immutable tags refuse every
 * re-push (so a tag or child already holding the content is read, not written), mounts are off
 * (202: stream instead), a repository must exist (one clear line). Harbor: a mount from another
 * project answers 401, which falls back to streaming too.
 */
import { pushBuildkitArtifactStyle } from '../../harness/artifacts';
import { getManifest, listTags, pushImage } from '../../harness/images';
import { startPersonality, type Personality } from '../../harness/personalities';
import { startOci11Proxy } from '../../harness/oci11-proxy';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { expectExit, ref } from '../../harness/checks';
import { expectListIn, theErrorLine } from '../../harness/fanin-checks';

let reg: TestRegistry;
let ecr: Personality;
let harbor: Personality;

beforeAll(async () => {
  reg = await startRegistry();
  [ecr, harbor] = await Promise.all([
    startPersonality(reg, 'ecr', { repositories: ['e1/src', 'e1/app', 'e1/mirror', 'e2/src'] }),
    startPersonality(reg, 'harbor')
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all([ecr?.stop(), harbor?.stop()]);
  await reg?.stop();
});

describe('ecr', () => {
  test("the list and every child reach each repository with mounts off; a re-run of the same inputs succeeds; a changed list fails with the registry's message", async () => {
    const amd = await pushBuildkitArtifactStyle(reg, 'e1/src', 'amd64', { architecture: 'amd64' });
    const arm = await pushBuildkitArtifactStyle(reg, 'e1/src', 'arm64', { architecture: 'arm64' });
    const tags = [ref(ecr, 'e1/app', 'v1'), ref(ecr, 'e1/app', 'latest'), ref(ecr, 'e1/mirror', 'v1')];
    const inputs = { tags: tags.join('\n'), sources: `${ref(ecr, 'e1/src', 'amd64')}\n${ref(ecr, 'e1/src', 'arm64')}` };
    const r = await runAction(inputs);
    expectExit(r, 0);
    for (const [repo, tag] of [
      ['e1/app', 'v1'],
      ['e1/app', 'latest'],
      ['e1/mirror', 'v1']
    ]) {
      const list = await expectListIn(reg, repo, tag, r.outputs.digest);
      expect(list.manifests.map((d) => d.digest)).toEqual([
        amd.image.digest,
        arm.image.digest,
        amd.attestation.digest,
        arm.attestation.digest
      ]);
    }
    // ECR ignored the mount requests (202): every blob was streamed.
    expect(r.stdout).toMatch(/blobs: \d+ present, 0 mounted, [1-9]\d* streamed/);

    const again = await runAction(inputs);
    expectExit(again, 0);
    for (const t of tags) expect(again.stdout).toContain(`${t} → ${r.outputs.digest} (already up to date)`);
    expect(ecr.requests.filter((q) => q.note?.startsWith('immutable tag'))).toEqual([]);

    // Another list for the same immutable tags: ECR's own refusal, in one line, and the tags keep the old list.
    await pushImage(reg, 'e1/src', 'riscv64', { architecture: 'riscv64' });
    const changed = await runAction({ ...inputs, sources: `${inputs.sources}\n${ref(ecr, 'e1/src', 'riscv64')}` });
    expectExit(changed, 'nonzero');
    const line = theErrorLine(changed.stdout);
    expect(line).toContain(tags[0]);
    expect(line).toContain('400 TAG_INVALID');
    expect(line).toContain('cannot be overwritten because the repository is immutable');
    expect((await getManifest(reg, 'e1/app', 'v1')).digest).toBe(r.outputs.digest);
  });

  test('a target repository that does not exist: one clear line naming it, nothing tagged', async () => {
    await pushBuildkitArtifactStyle(reg, 'e2/src', 'amd64', { architecture: 'amd64' });
    const r = await runAction({
      tags: `${ref(ecr, 'e2/src', 'v1')}\n${ref(ecr, 'e2/missing', 'v1')}`,
      sources: ref(ecr, 'e2/src', 'amd64')
    });
    expectExit(r, 'nonzero');
    const line = theErrorLine(r.stdout);
    expect(line).toContain(`${ecr.host}/e2/missing`);
    expect(line).toContain('404 NAME_UNKNOWN');
    expect(line).toContain("The repository with name 'e2/missing' does not exist");
    expect(line).toContain(`create the repository ${ecr.host}/e2/missing first`);
    expect(await listTags(reg, 'e2/missing')).toEqual([]);
    // Nothing is tagged anywhere: the copy phase failed before any tag was written.
    expect(await listTags(reg, 'e2/src')).toEqual(['amd64']);
  });
});

test('harbor: a mount from another project answers 401 and the blob is streamed instead; a mount within the project works', async () => {
  const amd = await pushBuildkitArtifactStyle(reg, 'proja/src', 'amd64', {
    architecture: 'amd64',
    layerSizes: [128 * 1024]
  });
  const arm = await pushBuildkitArtifactStyle(reg, 'proja/src', 'arm64', {
    architecture: 'arm64',
    layerSizes: [128 * 1024]
  });
  const r = await runAction({
    tags: `${ref(harbor, 'projb/app', 'v1')}\n${ref(harbor, 'proja/app', 'v1')}`,
    sources: `${ref(harbor, 'proja/src', 'amd64')}\n${ref(harbor, 'proja/src', 'arm64')}`
  });
  expectExit(r, 0);
  for (const repo of ['projb/app', 'proja/app']) {
    const list = await expectListIn(reg, repo, 'v1', r.outputs.digest);
    expect(list.manifests.map((d) => d.digest)).toEqual([
      amd.image.digest,
      arm.image.digest,
      amd.attestation.digest,
      arm.attestation.digest
    ]);
  }
  const refused = harbor.requests.filter((q) => q.note?.startsWith('mount from another project'));
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.every((q) => q.status === 401 && q.path.startsWith('/v2/projb/app/'))).toBe(true);
  // Each refused mount was followed by an upload into projb, and proja's mounts succeeded.
  expect(r.stdout).toMatch(new RegExp(`blobs: \\d+ present, ${refused.length} mounted, ${refused.length} streamed`));
});

test('a mount that keeps failing with 503 (through its retries) falls back to streaming', async () => {
  const amd = await pushBuildkitArtifactStyle(reg, 'm1/src', 'amd64', { architecture: 'amd64' });
  const p = await startOci11Proxy(reg.url, { mountStatus: 503 });
  try {
    const r = await runAction({ tags: ref(p, 'm1/app', 'v1'), sources: ref(p, 'm1/src', 'amd64') });
    expectExit(r, 0);
    const list = await expectListIn(reg, 'm1/app', 'v1', r.outputs.digest);
    expect(list.manifests.map((d) => d.digest)).toEqual([amd.image.digest, amd.attestation.digest]);
    const mounts = p.requests.filter((q) => q.includes('mount='));
    expect(mounts.length).toBeGreaterThan(3); // retried before giving up
    expect(r.stdout).toMatch(/blobs: \d+ present, 0 mounted, [1-9]\d* streamed/);
  } finally {
    await p.stop();
  }
}, 90_000);
