/**
 * Issue #8 (and #13 item 6), against a real distribution 2.8 registry: a list is never pushed
 * empty, entries that are not platforms are kept, attestations are what they say they are
 * (BuildKit >= 0.32 OCI artifacts included), annotate flags complete a config, index platforms
 * are validated, and annotation lines that cannot be parsed say why.
 */
import {
  MT,
  getBlob,
  getManifest,
  listTags,
  pushBuildxStyle,
  pushImage,
  pushIndex,
  sha256,
  type Descriptor
} from '../../harness/images';
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

const oneError = (r: { stdout: string }): string => {
  const errors = commandLines(r.stdout, 'error');
  expect(errors).toHaveLength(1);
  return errors[0];
};

/** The attestation descriptor of a pushBuildxStyle index. */
const attestationOf = (index: string): Descriptor => (JSON.parse(index) as ListDoc).manifests[1];

/** An artifact that is no platform and no attestation: unknown/unknown, no annotations, no subject. */
async function pushArtifact(repo: string): Promise<Descriptor> {
  const img = await pushImage(reg, repo, undefined, { os: 'unknown', architecture: 'unknown', format: 'oci' });
  return {
    mediaType: img.mediaType,
    digest: img.digest,
    size: img.size,
    platform: { os: 'unknown', architecture: 'unknown' }
  };
}

describe('a list is never pushed empty (defect 1)', () => {
  test('a source index of attestations only fails, naming it; the tag keeps its list', async () => {
    await pushImage(reg, 'd1/app', 'amd64', { architecture: 'amd64' });
    const good = await runAction({ tags: ref(reg, 'd1/app', '1'), sources: ref(reg, 'd1/app', 'amd64') });
    expectExit(good, 0);
    const b = await pushBuildxStyle(reg, 'd1/src', undefined, { architecture: 'arm64' });
    await pushIndex(reg, 'd1/src', 'att-only', [attestationOf(b.manifest)], { format: 'oci' });

    const r = await runAction({ tags: ref(reg, 'd1/app', '1'), sources: ref(reg, 'd1/src', 'att-only') });
    expectExit(r, 'nonzero');
    const err = oneError(r);
    expect(err).toContain(`source ${ref(reg, 'd1/src', 'att-only')}`);
    expect(err).toContain('contributes no platform: it is an index of 1 attestation only');
    expect(r.outputs.digest).toBeUndefined();
    expect((await getManifest(reg, 'd1/app', '1')).digest).toBe(good.outputs.digest);
  });

  test('manifests: [] fails, naming the source; nothing is tagged', async () => {
    await pushIndex(reg, 'd1/src', 'empty', [], { format: 'oci' });
    const r = await runAction({ tags: ref(reg, 'd1/empty-target', '1'), sources: ref(reg, 'd1/src', 'empty') });
    expectExit(r, 'nonzero');
    expect(oneError(r)).toContain(`source ${ref(reg, 'd1/src', 'empty')} (sha256:`);
    expect(oneError(r)).toContain('contributes no platform: it is an empty index');
    expect(await listTags(reg, 'd1/empty-target')).toEqual([]);
  });

  test('beside a good source it still fails, and purge removes nothing (not the source that gave nothing)', async () => {
    await pushImage(reg, 'd1/p', 'amd64', { architecture: 'amd64' });
    await pushIndex(reg, 'd1/p', 'empty', [], { format: 'oci' });
    const r = await runAction({
      tags: ref(reg, 'd1/p-target', '1'),
      sources: `${ref(reg, 'd1/p', 'amd64')}\n${ref(reg, 'd1/p', 'empty')}`,
      purge: 'true'
    });
    expectExit(r, 'nonzero');
    expect(oneError(r)).toContain(`source ${ref(reg, 'd1/p', 'empty')}`);
    expect((await listTags(reg, 'd1/p')).sort()).toEqual(['amd64', 'empty']);
    expect(await listTags(reg, 'd1/p-target')).toEqual([]);
  });
});

describe('entries that are not platforms are kept (defect 2)', () => {
  test('an unknown/unknown entry that is no attestation stays in the list, is copied, and is not a platform', async () => {
    const img = await pushImage(reg, 'd2/src', undefined, { architecture: 'amd64', format: 'oci' });
    const artifact = await pushArtifact('d2/src');
    await pushIndex(reg, 'd2/src', 'idx', [img, artifact], { format: 'oci' });
    const arm = await pushImage(reg, 'd2/src', 'arm64', { architecture: 'arm64' });

    const r = await runAction({
      tags: ref(reg, 'd2/app', '1'),
      sources: `${ref(reg, 'd2/src', 'idx')}\n${ref(reg, 'd2/src', 'arm64')}`
    });
    expectExit(r, 0);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64');
    const list = JSON.parse((await getManifest(reg, 'd2/app', '1')).body) as ListDoc;
    expect(list.manifests.map((d) => d.digest)).toEqual([img.digest, arm.digest, artifact.digest]);
    expect(list.manifests[2].platform).toEqual({ os: 'unknown', architecture: 'unknown' });
    await assertListComplete(reg, 'd2/app', list);
  });

  test('amend keeps the unknown/unknown entry of the existing list', async () => {
    const img = await pushImage(reg, 'd2/am', undefined, { architecture: 'amd64', format: 'oci' });
    const artifact = await pushArtifact('d2/am');
    await pushIndex(reg, 'd2/am', '1', [img, artifact], { format: 'oci' });
    const arm = await pushImage(reg, 'd2/am', 'arm64', { architecture: 'arm64' });

    const r = await runAction({ tags: ref(reg, 'd2/am', '1'), sources: ref(reg, 'd2/am', 'arm64'), amend: 'true' });
    expectExit(r, 0);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64');
    const list = JSON.parse((await getManifest(reg, 'd2/am', '1')).body) as ListDoc;
    expect(list.manifests.map((d) => d.digest)).toEqual([img.digest, arm.digest, artifact.digest]);
  });

  test('two unknown/unknown entries are not duplicate platforms', async () => {
    const a = await pushImage(reg, 'd2/dup', undefined, { architecture: 'amd64', format: 'oci' });
    const b = await pushImage(reg, 'd2/dup', undefined, { architecture: 'arm64', format: 'oci' });
    await pushIndex(reg, 'd2/dup', 'a', [a, await pushArtifact('d2/dup')], { format: 'oci' });
    await pushIndex(reg, 'd2/dup', 'b', [b, await pushArtifact('d2/dup')], { format: 'oci' });
    const r = await runAction({
      tags: ref(reg, 'd2/dup-app', '1'),
      sources: `${ref(reg, 'd2/dup', 'a')}\n${ref(reg, 'd2/dup', 'b')}`
    });
    expectExit(r, 0);
    expect((JSON.parse(r.outputs.manifest) as ListDoc).manifests).toHaveLength(4);
  });
});

describe('BuildKit >= 0.32 attestations (OCI artifacts with a subject)', () => {
  test('flattened and carried with their subject; the empty config and in-toto layer are copied', async () => {
    const amd = await pushBuildxStyle(reg, 'd3/src', 'amd64', { architecture: 'amd64', artifact: true });
    const arm = await pushBuildxStyle(reg, 'd3/src', 'arm64', { architecture: 'arm64', artifact: true });
    const r = await runAction({
      tags: ref(reg, 'd3/app', '1'),
      sources: `${ref(reg, 'd3/src', 'amd64')}\n${ref(reg, 'd3/src', 'arm64')}`
    });
    expectExit(r, 0);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64');
    const list = JSON.parse((await getManifest(reg, 'd3/app', '1')).body) as ListDoc;
    expect(list.manifests.map((d) => d.digest)).toEqual([
      amd.imageDigest,
      arm.imageDigest,
      amd.attestationDigest,
      arm.attestationDigest
    ]);
    expect(list.manifests[2].artifactType).toBe(MT.dockerAttestation);
    await assertListComplete(reg, 'd3/app', list);
    const empty = await getBlob(reg, 'd3/app', amd.attestationConfigDigest);
    expect(empty.status).toBe(200);
    expect(amd.attestationConfigDigest).toBe(sha256('{}'));
    expect(empty.body.toString()).toBe('{}');
  });

  test('an attestation without the annotations but with a subject is attached to that subject (drop leaves it out)', async () => {
    const amd = await pushBuildxStyle(reg, 'd3/bare', 'amd64', {
      architecture: 'amd64',
      artifact: true,
      annotate: false
    });
    const arm = await pushImage(reg, 'd3/bare', 'arm64', { architecture: 'arm64', format: 'oci' });
    const sources = `${ref(reg, 'd3/bare', 'amd64')}\n${ref(reg, 'd3/bare', 'arm64')}`;
    const keep = await runAction({ tags: ref(reg, 'd3/bare-app', 'keep'), sources });
    expectExit(keep, 0);
    expect(keep.outputs.platforms).toBe('linux/amd64,linux/arm64');
    // Platforms first, then the attestation: it went with its subject, not as a stray entry.
    expect((JSON.parse(keep.outputs.manifest) as ListDoc).manifests.map((d) => d.digest)).toEqual([
      amd.imageDigest,
      arm.digest,
      amd.attestationDigest
    ]);
    expect(keep.stdout).toContain('(+1 attestation)');

    const drop = await runAction({ tags: ref(reg, 'd3/bare-app', 'drop'), sources, attestations: 'drop' });
    expectExit(drop, 0);
    expect((JSON.parse(drop.outputs.manifest) as ListDoc).manifests.map((d) => d.digest)).toEqual([
      amd.imageDigest,
      arm.digest
    ]);
  });
});

describe('annotate flags complete a config without os/architecture (defect 9)', () => {
  test('--os and --arch fix it; without them the error says what to add', async () => {
    await pushImage(reg, 'd9/src', 'bare', { architecture: 'arm64', configWithoutPlatform: true });
    const src = ref(reg, 'd9/src', 'bare');
    const r = await runAction({
      tags: ref(reg, 'd9/app', '1'),
      sources: src,
      annotations: `${src} --os linux --arch arm64`
    });
    expectExit(r, 0);
    expect(r.outputs.platforms).toBe('linux/arm64');

    const bad = await runAction({ tags: ref(reg, 'd9/app', '2'), sources: src });
    expectExit(bad, 'nonzero');
    expect(oneError(bad)).toContain(`source ${src}: its config (sha256:`);
    expect(oneError(bad)).toContain(
      `gives no os and architecture; add an annotations line "${src} --os linux --arch amd64"`
    );
  });
});

describe('index platforms are validated (defect 10)', () => {
  test('a child whose platform lacks os fails, naming the source and the child', async () => {
    const img = await pushImage(reg, 'd10/src', undefined, { architecture: 'amd64', format: 'oci' });
    await pushIndex(reg, 'd10/src', 'bad', [{ ...img, platform: { architecture: 'amd64' } as never }], {
      format: 'oci'
    });
    const r = await runAction({ tags: ref(reg, 'd10/app', '1'), sources: ref(reg, 'd10/src', 'bad') });
    expectExit(r, 'nonzero');
    const err = oneError(r);
    expect(err).not.toContain('Cannot read properties');
    expect(err).toContain(
      `source ${ref(reg, 'd10/src', 'bad')} child ${img.digest} (manifests[0]) has an unusable platform {"architecture":"amd64"}: it has no "os"`
    );
    expect(await listTags(reg, 'd10/app')).toEqual([]);
  });

  test('the same under amend, for the existing list', async () => {
    const img = await pushImage(reg, 'd10/am', undefined, { architecture: 'amd64', format: 'oci' });
    await pushIndex(reg, 'd10/am', '1', [{ ...img, platform: { os: 'linux' } as never }], { format: 'oci' });
    await pushImage(reg, 'd10/am', 'arm64', { architecture: 'arm64' });
    const r = await runAction({ tags: ref(reg, 'd10/am', '1'), sources: ref(reg, 'd10/am', 'arm64'), amend: 'true' });
    expectExit(r, 'nonzero');
    expect(oneError(r)).toContain(
      `existing ${ref(reg, 'd10/am', '1')} child ${img.digest} (manifests[0]) has an unusable platform {"os":"linux"}: it has no "architecture"`
    );
  });
});

describe('annotation lines that cannot be read say why (issue 8 item 12, issue 13 item 6)', () => {
  const src = () => ref(reg, 'd12/src', 'amd64');

  test('index:=value is an error', async () => {
    const r = await runAction({ tags: ref(reg, 'd12/app', '1'), sources: src(), annotations: 'index:=value' });
    expectExit(r, 'nonzero');
    expect(oneError(r)).toContain('annotations line 1 "index:=value": the key is empty');
  });

  test('index:KEY without =VALUE says that', async () => {
    const r = await runAction({
      tags: ref(reg, 'd12/app', '1'),
      sources: src(),
      annotations: 'index:org.opencontainers.image.title'
    });
    expectExit(r, 'nonzero');
    expect(oneError(r)).toContain('there is no =VALUE');
    expect(oneError(r)).not.toContain('not one of the sources');
  });

  test('--variant on an index source says the flag needs a single-platform source', async () => {
    await pushBuildxStyle(reg, 'd12/src', 'idx', { architecture: 'arm' });
    const idx = ref(reg, 'd12/src', 'idx');
    const r = await runAction({ tags: ref(reg, 'd12/app', '1'), sources: idx, annotations: `${idx} --variant v7` });
    expectExit(r, 'nonzero');
    expect(oneError(r)).toContain(`source ${idx} is an index (2 manifests): --variant needs a single-platform source`);
    expect(await listTags(reg, 'd12/app')).toEqual([]);
  });
});
