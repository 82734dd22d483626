/**
 * Interface v2 inputs of issue #11 (promotion keeps the digest, `platforms`, `attestations`) and
 * issue #12 (source templates), against real distribution 2.8 registries, dist/index.js run as
 * the runner runs it.
 */
import { MT, getManifest, headBlob, listTags, pushBuildxStyle, pushImage, pushIndex } from '../../harness/images';
import { PERSONALITY_NAMES, startPersonality } from '../../harness/personalities';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { assertListComplete, commandLines, expectExit, ref, type ListDoc } from '../../harness/checks';

let reg: TestRegistry;
let other: TestRegistry;

beforeAll(async () => {
  [reg, other] = await Promise.all([startRegistry(), startRegistry()]);
}, 30_000);

afterAll(async () => {
  await Promise.all([reg?.stop(), other?.stop()]);
});

const oneError = (r: { stdout: string }): string => {
  const errors = commandLines(r.stdout, 'error');
  expect(errors).toHaveLength(1);
  return errors[0];
};

/** A multi-platform index as `docker buildx build --platform …` pushes it: images and attestations. */
async function pushMultiArch(r: TestRegistry, repo: string, tag: string) {
  const amd = await pushBuildxStyle(r, repo, undefined, { architecture: 'amd64' });
  const arm = await pushBuildxStyle(r, repo, undefined, { architecture: 'arm64', artifact: true });
  const [a, b] = [JSON.parse(amd.manifest) as ListDoc, JSON.parse(arm.manifest) as ListDoc];
  const index = await pushIndex(r, repo, tag, [a.manifests[0], b.manifests[0], a.manifests[1], b.manifests[1]], {
    format: 'oci',
    annotations: { 'org.opencontainers.image.source': 'https://example.com/app' }
  });
  return { index, amd, arm };
}

describe('promotion keeps the digest', () => {
  test('within a registry: the source bytes under every tag, digest output = source digest, children copied', async () => {
    const { index } = await pushMultiArch(reg, 'p1/build', 'sha-abc');
    const r = await runAction({
      tags: `${ref(reg, 'p1/app', '1.4')}\n${ref(reg, 'p1/app', 'latest')}`,
      sources: ref(reg, 'p1/build', index.digest)
    });
    expectExit(r, 0);
    expect(r.outputs.digest).toBe(index.digest);
    expect(r.outputs.manifest).toBe(index.manifest);
    expect(r.outputs['media-type']).toBe(MT.ociIndex);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64');
    for (const tag of ['1.4', 'latest']) {
      const got = await getManifest(reg, 'p1/app', tag);
      expect(got.digest).toBe(index.digest);
      expect(got.body).toBe(index.manifest);
    }
    expect(await assertListComplete(reg, 'p1/app', JSON.parse(index.manifest) as ListDoc)).toBe(8);
  });

  test('across registries: the same bytes and digest on the other registry, every child and blob there', async () => {
    const { index } = await pushMultiArch(reg, 'p2/build', 'rc1');
    const r = await runAction({
      tags: ref(other, 'p2/prod', '1.4'),
      sources: ref(reg, 'p2/build', 'rc1'),
      platforms: 'linux/arm64, linux/amd64'
    });
    expectExit(r, 0);
    expect(r.outputs.digest).toBe(index.digest);
    expect(r.outputs.ref).toBe(`${other.host}/p2/prod@${index.digest}`);
    const got = await getManifest(other, 'p2/prod', '1.4');
    expect(got.digest).toBe(index.digest);
    expect(got.body).toBe(index.manifest);
    await assertListComplete(other, 'p2/prod', JSON.parse(index.manifest) as ListDoc);
  });

  test('a Docker list with OCI children is promoted as it is (format auto keeps the source type)', async () => {
    const amd = await pushImage(reg, 'p4/build', undefined, { architecture: 'amd64', format: 'oci' });
    const arm = await pushImage(reg, 'p4/build', undefined, { architecture: 'arm64', format: 'oci' });
    const list = await pushIndex(reg, 'p4/build', 'rc1', [amd, arm]);
    const r = await runAction({ tags: ref(other, 'p4/app', '1'), sources: ref(reg, 'p4/build', 'rc1') });
    expectExit(r, 0);
    expect(r.outputs['media-type']).toBe(MT.dockerList);
    expect(r.outputs.digest).toBe(list.digest);
    expect((await getManifest(other, 'p4/app', '1')).body).toBe(list.manifest);
  });

  test('a dry run reports the source digest and writes nothing', async () => {
    const { index } = await pushMultiArch(reg, 'p5/build', 'rc1');
    const r = await runAction({ tags: ref(reg, 'p5/app', '1'), sources: ref(reg, 'p5/build', 'rc1'), push: 'false' });
    expectExit(r, 0);
    expect(r.outputs.digest).toBe(index.digest);
    expect(await listTags(reg, 'p5/app')).toEqual([]);
  });

  test('with purge, the source tag goes and the promoted list (the same digest) stays complete under the target tag', async () => {
    const { index } = await pushMultiArch(reg, 'p6/build', 'sha-1');
    const r = await runAction({ tags: ref(reg, 'p6/app', '1'), sources: ref(reg, 'p6/build', 'sha-1'), purge: 'true' });
    expectExit(r, 0);
    expect(r.outputs.digest).toBe(index.digest);
    expect(await listTags(reg, 'p6/build')).toEqual([]);
    const got = await getManifest(reg, 'p6/app', '1');
    expect(got.digest).toBe(index.digest);
    await assertListComplete(reg, 'p6/app', JSON.parse(got.body) as ListDoc);
  });

  test('with purge in the same repository, only the source tag goes; the target tag keeps the list', async () => {
    const { index } = await pushMultiArch(reg, 'p7/app', 'sha-1');
    const r = await runAction({ tags: ref(reg, 'p7/app', '1.4'), sources: ref(reg, 'p7/app', 'sha-1'), purge: 'true' });
    expectExit(r, 0);
    expect(await listTags(reg, 'p7/app')).toEqual(['1.4']);
    const got = await getManifest(reg, 'p7/app', '1.4');
    expect(got.digest).toBe(index.digest);
    await assertListComplete(reg, 'p7/app', JSON.parse(got.body) as ListDoc);
  });

  // Not here, as they hold for any list: cdn (lag after a PUT: the push step waits for children)
  // and gitlab (a subject before what refers to it: the copy step's order, tested with copy).
  test.each(PERSONALITY_NAMES.filter((n) => n !== 'cdn' && n !== 'gitlab').map((n) => [n]))(
    'onto a registry that behaves like %s: the same bytes and digest',
    async (name) => {
      const { index } = await pushMultiArch(reg, `p8/${name}`, 'rc1');
      const p = await startPersonality(other, name, { createRepository: () => true, immutableTags: false });
      try {
        const r = await runAction({ tags: `${p.host}/p8/${name}:1.4`, sources: ref(reg, `p8/${name}`, 'rc1') });
        expectExit(r, 0);
        expect(r.outputs.digest).toBe(index.digest);
        const got = await getManifest(other, `p8/${name}`, '1.4');
        expect(got.digest).toBe(index.digest);
        expect(got.body).toBe(index.manifest);
        await assertListComplete(other, `p8/${name}`, JSON.parse(index.manifest) as ListDoc);
      } finally {
        await p.stop();
      }
    }
  );

  test('a change (an index annotation) makes a new list with another digest', async () => {
    const { index } = await pushMultiArch(reg, 'p3/build', 'rc1');
    const r = await runAction({
      tags: ref(reg, 'p3/app', '1'),
      sources: ref(reg, 'p3/build', 'rc1'),
      annotations: 'index:org.opencontainers.image.version=1'
    });
    expectExit(r, 0);
    expect(r.outputs.digest).not.toBe(index.digest);
    expect((await getManifest(reg, 'p3/app', '1')).digest).toBe(r.outputs.digest);
  });
});

describe('platforms: the list must hold exactly these', () => {
  beforeAll(async () => {
    await pushImage(reg, 'e1/src', 'amd64', { architecture: 'amd64' });
    await pushImage(reg, 'e1/src', 'arm64', { architecture: 'arm64' });
  });
  const sources = () => `${ref(reg, 'e1/src', 'amd64')}\n${ref(reg, 'e1/src', 'arm64')}`;

  test('a missing platform fails before anything is written, naming it and what each source gave; the tag is absent', async () => {
    const r = await runAction({
      tags: ref(reg, 'e1/app', '1'),
      sources: sources(),
      platforms: 'linux/amd64,linux/arm64,linux/s390x'
    });
    expectExit(r, 'nonzero');
    const err = oneError(r);
    expect(err).toContain('missing linux/s390x');
    expect(err).toContain(
      `linux/amd64 (from ${ref(reg, 'e1/src', 'amd64')}), linux/arm64 (from ${ref(reg, 'e1/src', 'arm64')})`
    );
    expect(await listTags(reg, 'e1/app')).toEqual([]);
    expect((await getManifest(reg, 'e1/app', '1')).status).toBe(404);
  });

  test('an extra platform fails, naming its source', async () => {
    const r = await runAction({ tags: ref(reg, 'e1/app', '1'), sources: sources(), platforms: 'linux/amd64' });
    expectExit(r, 'nonzero');
    expect(oneError(r)).toContain(`extra linux/arm64 (from ${ref(reg, 'e1/src', 'arm64')})`);
    expect(await listTags(reg, 'e1/app')).toEqual([]);
  });

  test('the same set in another order and spelling passes', async () => {
    const r = await runAction({
      tags: ref(reg, 'e1/app', '2'),
      sources: sources(),
      platforms: 'linux/aarch64\nlinux/x86_64'
    });
    expectExit(r, 0);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64');
  });
});

describe('attestations: drop', () => {
  test('the list and the target repository lack the attestation manifests and their blobs', async () => {
    const amd = await pushBuildxStyle(reg, 'a1/src', 'amd64', { architecture: 'amd64' });
    const arm = await pushBuildxStyle(reg, 'a1/src', 'arm64', { architecture: 'arm64', artifact: true });
    const r = await runAction({
      tags: ref(reg, 'a1/app', '1'),
      sources: `${ref(reg, 'a1/src', 'amd64')}\n${ref(reg, 'a1/src', 'arm64')}`,
      attestations: 'drop'
    });
    expectExit(r, 0);
    const list = JSON.parse((await getManifest(reg, 'a1/app', '1')).body) as ListDoc;
    expect(list.manifests.map((d) => d.digest)).toEqual([amd.imageDigest, arm.imageDigest]);
    await assertListComplete(reg, 'a1/app', list);
    for (const b of [amd, arm]) {
      expect((await getManifest(reg, 'a1/app', b.attestationDigest)).status).toBe(404);
      expect(await headBlob(reg, 'a1/app', b.attestationLayerDigest)).toBe(404);
    }
  });

  test('on one index source with attestations it is a change: a new list, not the source digest', async () => {
    const { index, amd, arm } = await pushMultiArch(reg, 'a2/build', 'rc1');
    const r = await runAction({
      tags: ref(reg, 'a2/app', '1'),
      sources: ref(reg, 'a2/build', 'rc1'),
      attestations: 'drop'
    });
    expectExit(r, 0);
    expect(r.outputs.digest).not.toBe(index.digest);
    expect((JSON.parse(r.outputs.manifest) as ListDoc).manifests.map((d) => d.digest)).toEqual([
      amd.imageDigest,
      arm.imageDigest
    ]);
    expect((await getManifest(reg, 'a2/app', amd.attestationDigest)).status).toBe(404);
  });
});

describe('source templates', () => {
  const platforms = 'linux/amd64, linux/arm64, linux/arm/v7, linux/s390x';

  test('one template over four platforms (one with a variant) resolves to the per-arch tags, in the order of platforms', async () => {
    const amd = await pushImage(reg, 't1/app', '1-amd64', { architecture: 'amd64' });
    const arm64 = await pushImage(reg, 't1/app', '1-arm64', { architecture: 'arm64' });
    const armv7 = await pushImage(reg, 't1/app', '1-armv7', { architecture: 'arm', variant: 'v7' });
    const s390x = await pushImage(reg, 't1/app', '1-s390x', { architecture: 's390x' });
    const r = await runAction({
      tags: ref(reg, 't1/app', '1'),
      sources: ref(reg, 't1/app', '1-ARCHVARIANT'),
      platforms
    });
    expectExit(r, 0);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64,linux/arm/v7,linux/s390x');
    const list = JSON.parse((await getManifest(reg, 't1/app', '1')).body) as ListDoc;
    expect(list.manifests.map((d) => d.digest)).toEqual([amd.digest, arm64.digest, armv7.digest, s390x.digest]);
  });

  test('a tag that holds another platform fails, naming it; the target is untouched', async () => {
    await pushImage(reg, 't2/app', '1-amd64', { architecture: 'amd64' });
    await pushImage(reg, 't2/app', '1-arm64', { architecture: 'amd64' }); // pushed by the wrong job
    const r = await runAction({
      tags: ref(reg, 't2/app', '1'),
      sources: ref(reg, 't2/app', '1-ARCH'),
      platforms: 'linux/amd64,linux/arm64'
    });
    expectExit(r, 'nonzero');
    expect(oneError(r)).toContain(
      `source ${ref(reg, 't2/app', '1-arm64')} (template "${ref(reg, 't2/app', '1-ARCH')}" for linux/arm64) holds linux/amd64, not linux/arm64`
    );
    expect((await listTags(reg, 't2/app')).sort()).toEqual(['1-amd64', '1-arm64']);
  });

  test('a template without platforms is an error that says so', async () => {
    const r = await runAction({ tags: ref(reg, 't3/app', '1'), sources: ref(reg, 't3/app', '1-ARCH') });
    expectExit(r, 'nonzero');
    expect(oneError(r)).toContain('is a template (it holds ARCH), which needs the input "platforms"');
    expect(await listTags(reg, 't3/app')).toEqual([]);
  });
});
