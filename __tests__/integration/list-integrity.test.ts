/**
 * Issue #17 items 1, 2, 4, 6 and 7, against a real distribution 2.8 registry: `format: docker`
 * holds on every path, platform values are checked where they are written, amend keeps what it
 * does not change, a list over 4 MiB is refused before any write, and a nested index can be
 * promoted (but not flattened).
 */
import { MT, getManifest, listTags, pushImage, pushIndex, putManifest, sha256 } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { assertListComplete, expectExit, ref, type ListDoc } from '../../harness/checks';
import { theErrorLine } from '../../harness/fanin-checks';

let reg: TestRegistry;

beforeAll(async () => {
  reg = await startRegistry();
}, 30_000);

afterAll(async () => {
  await reg?.stop();
});

/**
 * Nothing was written to `repo`: no tag, and none of `digests` as a manifest. (Blob mounts may
 * start while the sources resolve, unless `platforms` is given: see target-checks.ts; a mounted
 * layer is no manifest and no tag, so it changes nothing a client sees.)
 */
async function expectNothingIn(repo: string, digests: string[]): Promise<void> {
  expect(await listTags(reg, repo)).toEqual([]);
  for (const d of digests) expect((await getManifest(reg, repo, d)).status).toBe(404);
}

describe('format docker holds on promotion too (17.1)', () => {
  test('a Docker list source naming an OCI child fails in one line with format docker; nothing is written', async () => {
    const oci = await pushImage(reg, 'f1/src', undefined, { architecture: 'amd64', format: 'oci' });
    const list = await pushIndex(reg, 'f1/src', 'list', [oci], { format: 'docker' });
    const r = await runAction({ tags: ref(reg, 'f1/app', '1'), sources: ref(reg, 'f1/src', 'list'), format: 'docker' });
    expectExit(r, 'nonzero');
    const err = theErrorLine(r.stdout);
    expect(err).toContain('format "docker"');
    expect(err).toContain(`child ${oci.digest}`);
    expect(err).toContain('is an OCI manifest');
    await expectNothingIn('f1/app', [oci.digest, list.digest]);
  });
});

describe('platform values are checked where they are written (17.2)', () => {
  test('an annotate flag --arch arm/v7 is split into architecture arm and variant v7', async () => {
    const img = await pushImage(reg, 'p2/src', 'noplat', { architecture: 'amd64', configWithoutPlatform: true });
    const r = await runAction({
      tags: ref(reg, 'p2/app', '1'),
      sources: ref(reg, 'p2/src', 'noplat'),
      annotations: `${ref(reg, 'p2/src', 'noplat')} --os linux --arch arm/v7`
    });
    expectExit(r, 0);
    const list = JSON.parse((await getManifest(reg, 'p2/app', '1')).body) as ListDoc;
    expect(list.manifests[0].digest).toBe(img.digest);
    expect(list.manifests[0].platform).toEqual({ architecture: 'arm', os: 'linux', variant: 'v7' });
    expect(r.outputs.platforms).toBe('linux/arm/v7');
  });

  test('a quoted --arch value is refused in one line, nothing written', async () => {
    await pushImage(reg, 'p2/src', 'q', { architecture: 'arm64' });
    const r = await runAction({
      tags: ref(reg, 'p2/quoted', '1'),
      sources: ref(reg, 'p2/src', 'q'),
      annotations: `${ref(reg, 'p2/src', 'q')} --arch 'arm64'`
    });
    expectExit(r, 'nonzero');
    const err = theErrorLine(r.stdout);
    expect(err).toContain("--arch 'arm64'");
    expect(err).toContain('quote');
    expect(await listTags(reg, 'p2/quoted')).toEqual([]);
  });

  test('a config whose architecture is "arm/v7" is refused, naming the source and the field', async () => {
    await pushImage(reg, 'p2/src', 'slash', { architecture: 'arm/v7' });
    await pushImage(reg, 'p2/src', 'armv7', { architecture: 'arm', variant: 'v7' });
    const r = await runAction({
      tags: ref(reg, 'p2/slash', '1'),
      sources: `${ref(reg, 'p2/src', 'slash')}\n${ref(reg, 'p2/src', 'armv7')}`
    });
    expectExit(r, 'nonzero');
    const err = theErrorLine(r.stdout);
    expect(err).toContain(`source ${ref(reg, 'p2/src', 'slash')}`);
    expect(err).toContain('architecture "arm/v7"');
    expect(err).toContain('--arch arm --variant v7');
    expect(await listTags(reg, 'p2/slash')).toEqual([]);
  });

  test('an index source whose entry says architecture "arm/v7" is refused, naming the entry', async () => {
    const img = await pushImage(reg, 'p2/idx', undefined, { architecture: 'arm', variant: 'v7' });
    await pushIndex(reg, 'p2/idx', 'bad', [{ ...img, platform: { os: 'linux', architecture: 'arm/v7' } }]);
    const r = await runAction({ tags: ref(reg, 'p2/idx-target', '1'), sources: ref(reg, 'p2/idx', 'bad') });
    expectExit(r, 'nonzero');
    const err = theErrorLine(r.stdout);
    expect(err).toContain(img.digest);
    expect(err).toContain('"architecture"');
  });
});

describe('amend keeps what it does not change (17.4)', () => {
  test('index artifactType, platform.features, os.version, os.features and unknown fields survive an amend', async () => {
    const win = await pushImage(reg, 'a4/app', undefined, {
      os: 'windows',
      architecture: 'amd64',
      osVersion: '10.0.17763.1',
      osFeatures: ['win32k'],
      format: 'oci'
    });
    const old = JSON.stringify(
      {
        schemaVersion: 2,
        mediaType: MT.ociIndex,
        artifactType: 'application/vnd.example.bundle',
        manifests: [
          {
            mediaType: win.mediaType,
            digest: win.digest,
            size: win.size,
            platform: {
              architecture: 'amd64',
              os: 'windows',
              'os.version': '10.0.17763.1',
              'os.features': ['win32k'],
              features: ['sse4'],
              'x-extra': 'kept'
            },
            'x-descriptor': { any: 1 }
          }
        ],
        'x-top': 'kept'
      },
      null,
      3
    );
    await putManifest(reg, 'a4/app', '1', MT.ociIndex, old);
    const arm = await pushImage(reg, 'a4/app', 'arm64', { architecture: 'arm64', format: 'oci' });
    const r = await runAction({ tags: ref(reg, 'a4/app', '1'), sources: ref(reg, 'a4/app', 'arm64'), amend: 'true' });
    expectExit(r, 0);
    const list = JSON.parse((await getManifest(reg, 'a4/app', '1')).body) as Record<string, unknown> & ListDoc;
    expect(list.artifactType).toBe('application/vnd.example.bundle');
    expect(list['x-top']).toBe('kept');
    expect(list.manifests.map((d) => d.digest)).toEqual([win.digest, arm.digest]);
    expect(list.manifests[0].platform).toEqual({
      architecture: 'amd64',
      os: 'windows',
      'os.version': '10.0.17763.1',
      'os.features': ['win32k'],
      features: ['sse4'],
      'x-extra': 'kept'
    });
    expect((list.manifests[0] as unknown as Record<string, unknown>)['x-descriptor']).toEqual({ any: 1 });
  });

  test('format docker cannot keep the old index artifactType: it fails naming the field', async () => {
    const img = await pushImage(reg, 'a4/d', undefined, { architecture: 'amd64' });
    const old = JSON.stringify({
      schemaVersion: 2,
      mediaType: MT.ociIndex,
      artifactType: 'application/vnd.example.bundle',
      manifests: [{ mediaType: img.mediaType, digest: img.digest, size: img.size, platform: img.platform }]
    });
    await putManifest(reg, 'a4/d', '1', MT.ociIndex, old);
    await pushImage(reg, 'a4/d', 'arm64', { architecture: 'arm64' });
    const r = await runAction({
      tags: ref(reg, 'a4/d', '1'),
      sources: ref(reg, 'a4/d', 'arm64'),
      amend: 'true',
      format: 'docker'
    });
    expectExit(r, 'nonzero');
    expect(theErrorLine(r.stdout)).toContain('"artifactType"');
    expect((await getManifest(reg, 'a4/d', '1')).digest).toBe(sha256(old));
  });
});

describe('a list over 4 MiB is refused before any write (17.6)', () => {
  test('two sources whose descriptors carry 2.5 MiB of annotations each: one line, nothing written', async () => {
    const big = (seed: string) => ({ 'org.example.big': seed.repeat(Math.ceil((2.5 * 1024 * 1024) / seed.length)) });
    const amd = await pushImage(reg, 's6/src', undefined, { architecture: 'amd64', format: 'oci' });
    const arm = await pushImage(reg, 's6/src', undefined, { architecture: 'arm64', format: 'oci' });
    await pushIndex(reg, 's6/src', 'amd64', [{ ...amd, annotations: big('a') }], { format: 'oci' });
    await pushIndex(reg, 's6/src', 'arm64', [{ ...arm, annotations: big('b') }], { format: 'oci' });
    const r = await runAction({
      tags: ref(reg, 's6/app', '1'),
      sources: `${ref(reg, 's6/src', 'amd64')}\n${ref(reg, 's6/src', 'arm64')}`
    });
    expectExit(r, 'nonzero');
    const err = theErrorLine(r.stdout);
    expect(err).toContain('4 MiB');
    expect(err).toContain('Nothing was written');
    await expectNothingIn('s6/app', [amd.digest, arm.digest]);
  }, 60_000);
});

describe('a nested index is promoted whole, never flattened (17.7)', () => {
  async function pushNested(repo: string) {
    const amd = await pushImage(reg, repo, undefined, { architecture: 'amd64', format: 'oci' });
    const arm = await pushImage(reg, repo, undefined, { architecture: 'arm64', format: 'oci' });
    const inner = await pushIndex(reg, repo, undefined, [amd, arm], { format: 'oci' });
    const s390x = await pushImage(reg, repo, undefined, { architecture: 's390x', format: 'oci' });
    const outer = await pushIndex(reg, repo, 'nested', [inner, s390x], { format: 'oci' });
    return { amd, arm, inner, s390x, outer };
  }

  test('one nested index source, nothing changed: the whole tree is copied and the digest kept', async () => {
    const n = await pushNested('n7/src');
    const r = await runAction({ tags: ref(reg, 'n7/app', '1'), sources: ref(reg, 'n7/src', 'nested') });
    expectExit(r, 0);
    expect(r.outputs.digest).toBe(n.outer.digest);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64,linux/s390x');
    const got = await getManifest(reg, 'n7/app', '1');
    expect(got.digest).toBe(n.outer.digest);
    const inner = await getManifest(reg, 'n7/app', n.inner.digest);
    expect(inner.status).toBe(200);
    await assertListComplete(reg, 'n7/app', JSON.parse(inner.body) as ListDoc);
    expect((await getManifest(reg, 'n7/app', n.s390x.digest)).status).toBe(200);
  });

  test('a run that must change it (an index annotation) fails naming the nested entry; nothing is written', async () => {
    const n = await pushNested('n7/flat');
    const r = await runAction({
      tags: ref(reg, 'n7/flat-app', '1'),
      sources: ref(reg, 'n7/flat', 'nested'),
      annotations: 'index:org.example=1'
    });
    expectExit(r, 'nonzero');
    const err = theErrorLine(r.stdout);
    expect(err).toContain(n.inner.digest);
    expect(err).toContain('nested');
    await expectNothingIn('n7/flat-app', [n.amd.digest, n.arm.digest, n.inner.digest, n.s390x.digest]);
  });
});
