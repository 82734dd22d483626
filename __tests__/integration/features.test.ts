/**
 * Issue #3, against a real distribution 2.8 registry: index sources with attestations, duplicate
 * platforms across an index and a single image, and every format rule of the interface.
 * (Annotations: features-annotations.test.ts; tags/copy/amend/dry run/timing:
 * features-copy.test.ts; purge: features-purge.test.ts.)
 */
import { MT, getManifest, listTags, pushBuildxStyle, pushImage, type PushedImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { assertListComplete, commandLines, expectExit, ref, type ListDoc } from '../../harness/checks';

let reg: TestRegistry;

beforeAll(async () => {
  reg = await startRegistry();
}, 30_000);

afterAll(async () => {
  await reg?.stop();
});

describe('index sources', () => {
  test('buildx indexes with attestations are flattened; attestations travel with their subjects', async () => {
    const amd = await pushBuildxStyle(reg, 'f1/amd', 'build-amd64', { architecture: 'amd64' });
    const arm = await pushBuildxStyle(reg, 'f1/arm', 'build-arm64', { architecture: 'arm64' });
    const r = await runAction({
      tags: ref(reg, 'f1/app', '1.0'),
      sources: `${ref(reg, 'f1/amd', 'build-amd64')}\n${ref(reg, 'f1/arm', 'build-arm64')}`
    });
    expectExit(r, 0);

    const got = await getManifest(reg, 'f1/app', '1.0');
    expect(got.status).toBe(200);
    expect(got.mediaType).toBe(MT.ociIndex);
    expect(got.digest).toBe(r.outputs.digest);
    expect(got.body).toBe(r.outputs.manifest);
    expect(r.outputs['media-type']).toBe(MT.ociIndex);
    expect(r.outputs.ref).toBe(`${reg.host}/f1/app@${got.digest}`);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64');

    const list = JSON.parse(got.body) as ListDoc;
    expect(list.mediaType).toBe(MT.ociIndex);
    expect(list.manifests).toHaveLength(4);
    const platforms = list.manifests.filter((d) => d.platform?.os !== 'unknown');
    const attestations = list.manifests.filter((d) => d.platform?.os === 'unknown');
    expect(platforms.map((d) => [d.digest, d.platform])).toEqual([
      [amd.imageDigest, { architecture: 'amd64', os: 'linux' }],
      [arm.imageDigest, { architecture: 'arm64', os: 'linux' }]
    ]);
    expect(platforms.every((d) => d.mediaType === MT.ociManifest)).toBe(true);
    expect(attestations).toHaveLength(2);
    for (const [img, att] of [
      [amd.imageDigest, amd.attestationDigest],
      [arm.imageDigest, arm.attestationDigest]
    ]) {
      const d = attestations.find((a) => a.annotations?.['vnd.docker.reference.digest'] === img);
      expect(d).toBeDefined();
      expect(d!.digest).toBe(att);
      expect(d!.platform).toEqual({ architecture: 'unknown', os: 'unknown' });
      expect(d!.annotations).toEqual({
        'vnd.docker.reference.digest': img,
        'vnd.docker.reference.type': 'attestation-manifest'
      });
    }

    // Platform children, attestation manifests and all their blobs are in the target repository.
    const blobs = await assertListComplete(reg, 'f1/app', list);
    expect(blobs).toBe(8); // 2 images (config + 1 layer) + 2 attestations (config + in-toto layer)
    const att = JSON.parse((await getManifest(reg, 'f1/app', amd.attestationDigest)).body);
    expect(att.layers[0].mediaType).toBe(MT.inToto);
  });

  test('duplicate platform across an index source and a single image fails, naming both', async () => {
    await pushBuildxStyle(reg, 'f2/idx', 'amd64', { architecture: 'amd64' });
    await pushImage(reg, 'f2/single', 'amd64', { architecture: 'amd64' });
    const idx = ref(reg, 'f2/idx', 'amd64');
    const single = ref(reg, 'f2/single', 'amd64');
    const r = await runAction({ tags: ref(reg, 'f2/app', '1'), sources: `${idx}\n${single}` });
    expectExit(r, 'nonzero');
    const errors = commandLines(r.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(idx);
    expect(errors[0]).toContain(single);
    expect(errors[0]).toMatch(/duplicate/i);
    expect(errors[0]).toContain('linux/amd64');
    expect((await getManifest(reg, 'f2/app', '1')).status).toBe(404);
    expect(await listTags(reg, 'f2/app')).toEqual([]);
  });
});

describe('format rules', () => {
  let amd: PushedImage;
  let arm: PushedImage;
  let armOci: PushedImage;
  const src = (tag: string) => ref(reg, 'f3/src', tag);

  beforeAll(async () => {
    amd = await pushImage(reg, 'f3/src', 'amd64', { architecture: 'amd64' });
    arm = await pushImage(reg, 'f3/src', 'arm64', { architecture: 'arm64' });
    armOci = await pushImage(reg, 'f3/src', 'arm64-oci', { architecture: 'arm64', format: 'oci' });
  });

  async function pushed(repo: string, r: { outputs: Record<string, string> }): Promise<ListDoc> {
    const got = await getManifest(reg, repo, 'v1');
    expect(got.status).toBe(200);
    expect(got.digest).toBe(r.outputs.digest);
    expect(got.body).toBe(r.outputs.manifest);
    expect(got.mediaType).toBe(r.outputs['media-type']);
    const list = JSON.parse(got.body) as ListDoc;
    expect(list.mediaType).toBe(got.mediaType);
    await assertListComplete(reg, repo, list);
    return list;
  }

  test('auto with all-Docker children → Docker manifest list', async () => {
    const r = await runAction({ tags: ref(reg, 'f3/auto-docker', 'v1'), sources: `${src('amd64')}\n${src('arm64')}` });
    expectExit(r, 0);
    const list = await pushed('f3/auto-docker', r);
    expect(list.mediaType).toBe(MT.dockerList);
    expect(list.annotations).toBeUndefined();
    expect(list.manifests.map((d) => [d.mediaType, d.digest])).toEqual([
      [MT.dockerManifest, amd.digest],
      [MT.dockerManifest, arm.digest]
    ]);
  });

  test('auto with one OCI child → OCI index', async () => {
    const r = await runAction({ tags: ref(reg, 'f3/auto-oci', 'v1'), sources: `${src('amd64')}\n${src('arm64-oci')}` });
    expectExit(r, 0);
    const list = await pushed('f3/auto-oci', r);
    expect(list.mediaType).toBe(MT.ociIndex);
    expect(list.manifests.map((d) => [d.mediaType, d.digest])).toEqual([
      [MT.dockerManifest, amd.digest],
      [MT.ociManifest, armOci.digest]
    ]);
  });

  test('auto with Docker children and an index: annotation → OCI index', async () => {
    const r = await runAction({
      tags: ref(reg, 'f3/auto-annot', 'v1'),
      sources: `${src('amd64')}\n${src('arm64')}`,
      annotations: 'index:org.opencontainers.image.title=fan-in'
    });
    expectExit(r, 0);
    const list = await pushed('f3/auto-annot', r);
    expect(list.mediaType).toBe(MT.ociIndex);
    expect(list.annotations).toEqual({ 'org.opencontainers.image.title': 'fan-in' });
    expect(list.manifests.map((d) => d.mediaType)).toEqual([MT.dockerManifest, MT.dockerManifest]);
  });

  test('format docker with an OCI child is an error; nothing is tagged', async () => {
    const r = await runAction({
      tags: ref(reg, 'f3/docker-oci-child', 'v1'),
      sources: `${src('amd64')}\n${src('arm64-oci')}`,
      format: 'docker'
    });
    expectExit(r, 'nonzero');
    const errors = commandLines(r.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('format "docker"');
    expect(errors[0]).toContain(armOci.digest);
    expect((await getManifest(reg, 'f3/docker-oci-child', 'v1')).status).toBe(404);
    expect(await listTags(reg, 'f3/docker-oci-child')).toEqual([]);
    expect(r.outputs.digest).toBeUndefined();
  });

  test('format docker with an OCI annotation is an error; nothing is tagged', async () => {
    const r = await runAction({
      tags: ref(reg, 'f3/docker-annot', 'v1'),
      sources: `${src('amd64')}\n${src('arm64')}`,
      format: 'docker',
      annotations: 'index:org.opencontainers.image.title=fan-in'
    });
    expectExit(r, 'nonzero');
    const errors = commandLines(r.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('format "docker"');
    expect(errors[0]).toMatch(/annotation/);
    expect((await getManifest(reg, 'f3/docker-annot', 'v1')).status).toBe(404);
    expect(await listTags(reg, 'f3/docker-annot')).toEqual([]);
  });

  test('format oci with Docker children → OCI index referencing the Docker manifests', async () => {
    const r = await runAction({
      tags: ref(reg, 'f3/oci', 'v1'),
      sources: `${src('amd64')}\n${src('arm64')}`,
      format: 'oci'
    });
    expectExit(r, 0);
    const list = await pushed('f3/oci', r);
    expect(list.mediaType).toBe(MT.ociIndex);
    expect(list.manifests.map((d) => [d.mediaType, d.digest, d.platform])).toEqual([
      [MT.dockerManifest, amd.digest, { architecture: 'amd64', os: 'linux' }],
      [MT.dockerManifest, arm.digest, { architecture: 'arm64', os: 'linux' }]
    ]);
  });
});
