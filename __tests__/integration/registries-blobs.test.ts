/**
 * Issue 8 defect 3 and friends, on real distribution 2.8 registries: every blob the source has is
 * copied whatever its media type (foreign, non-distributable, with `urls`); only a blob with
 * `urls` that the source does not serve is left out. BuildKit ≥ 0.32 attestations (OCI artifacts
 * with an empty config and a `subject`) travel with their image. A large blob reports progress.
 */
import { getManifest, headBlob, pushImage } from '../../harness/images';
import { EMPTY, pushBuildkitArtifactStyle, pushImageWithLayers } from '../../harness/artifacts';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction, runCli } from '../../harness/run-action';
import { startProxy } from '../../harness/proxy';
import { assertListComplete, expectExit, ref, type ListDoc } from '../../harness/checks';

let a: TestRegistry; // source
let c: TestRegistry; // another registry: blobs must be streamed there

beforeAll(async () => {
  [a, c] = await Promise.all([startRegistry({ allowManifestUrls: true }), startRegistry({ allowManifestUrls: true })]);
}, 30_000);

afterAll(async () => {
  await Promise.all([a?.stop(), c?.stop()]);
});

const FOREIGN = 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip';
const NONDIST = 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip';

test('foreign and non-distributable layers, with or without urls, are copied when the source holds them', async () => {
  const win = await pushImageWithLayers(a, 'b1/src', 'windows', {
    architecture: 'amd64',
    os: 'windows',
    format: 'docker',
    layers: [
      {
        mediaType: FOREIGN,
        content: 'windows base layer b1',
        urls: ['https://mcr.microsoft.com/v2/windows/blobs/sha256:0']
      },
      { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', content: 'app layer b1' }
    ]
  });
  const oci = await pushImageWithLayers(a, 'b1/src', 'arm64', {
    architecture: 'arm64',
    format: 'oci',
    layers: [
      { mediaType: NONDIST, content: 'non-distributable layer b1, no urls' },
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        content: 'layer with urls b1',
        urls: ['https://example.invalid/blob']
      }
    ]
  });
  const r = await runAction({
    tags: ref(c, 'b1/app', 'v1'),
    sources: `${ref(a, 'b1/src', 'windows')}\n${ref(a, 'b1/src', 'arm64')}`
  });
  expectExit(r, 0);
  const got = await getManifest(c, 'b1/app', 'v1');
  expect(got.digest).toBe(r.outputs.digest);
  const list = JSON.parse(got.body) as ListDoc;
  expect(list.manifests.map((d) => d.digest)).toEqual([win.digest, oci.digest]);
  // Every blob of both children, the foreign ones included, is in the target: pulls there work.
  expect(await assertListComplete(c, 'b1/app', list)).toBe(6);
});

test('a layer with urls that the source does not serve is left to its urls; the list is still pushed', async () => {
  const win = await pushImageWithLayers(a, 'b2/src', 'windows', {
    architecture: 'amd64',
    os: 'windows',
    format: 'docker',
    layers: [
      {
        mediaType: FOREIGN,
        content: 'windows base layer b2, only on mcr',
        urls: ['https://mcr.microsoft.com/v2/windows/blobs/sha256:1'],
        push: false
      },
      { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', content: 'app layer b2' }
    ]
  });
  const r = await runAction({ tags: ref(c, 'b2/app', 'v1'), sources: ref(a, 'b2/src', 'windows') });
  expectExit(r, 0);
  expect(r.stdout).toContain('1 left to their urls');
  expect((await getManifest(c, 'b2/app', win.digest)).status).toBe(200);
  expect(await headBlob(c, 'b2/app', win.layers[0])).toBe(404);
  expect(await headBlob(c, 'b2/app', win.layers[1])).toBe(200);
  expect(await headBlob(c, 'b2/app', win.blobs[0])).toBe(200);
  expect((await getManifest(c, 'b2/app', 'v1')).digest).toBe(r.outputs.digest);
});

test('BuildKit ≥ 0.32 attestations (OCI artifacts: empty config, subject) are copied with their image, the empty config included', async () => {
  const amd = await pushBuildkitArtifactStyle(a, 'b4/src', 'amd64', { architecture: 'amd64' });
  const arm = await pushBuildkitArtifactStyle(a, 'b4/src', 'arm64', { architecture: 'arm64' });
  // One target on the same registry (mounts), one on another (streams).
  const r = await runAction({
    tags: `${ref(a, 'b4/app', 'v1')}\n${ref(c, 'b4/app', 'v1')}`,
    sources: `${ref(a, 'b4/src', 'amd64')}\n${ref(a, 'b4/src', 'arm64')}`
  });
  expectExit(r, 0);
  for (const reg of [a, c]) {
    const got = await getManifest(reg, 'b4/app', 'v1');
    expect(got.digest).toBe(r.outputs.digest);
    const list = JSON.parse(got.body) as ListDoc;
    expect(list.manifests.map((d) => d.digest)).toEqual([
      amd.image.digest,
      arm.image.digest,
      amd.attestation.digest,
      arm.attestation.digest
    ]);
    expect(await assertListComplete(reg, 'b4/app', list)).toBe(2 * 2 + 2 * 2);
    expect(await headBlob(reg, 'b4/app', EMPTY.digest)).toBe(200);
    const att = JSON.parse((await getManifest(reg, 'b4/app', amd.attestation.digest)).body);
    expect(att.subject.digest).toBe(amd.image.digest);
    expect(att.artifactType).toBe('application/vnd.docker.attestation.manifest.v1+json');
  }
});

test('a blob of 64 MB or more reports its copy: the total, with MB/s, in the log', async () => {
  const size = 64 * 1024 * 1024;
  const big = await pushImage(a, 'b5/src', 'amd64', {
    architecture: 'amd64',
    layerSizes: [size, 1024],
    layerSeed: 'b5-big'
  });
  const r = await runAction({ tags: ref(c, 'b5/app', 'v1'), sources: ref(a, 'b5/src', 'amd64') });
  expectExit(r, 0);
  const lines = r.stdout.split('\n').filter((l) => l.includes(big.layerDigests[0].slice(0, 19)) && / MB in /.test(l));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`→ ${c.host}/b5/app: 67\\.1 MB in [\\d.]+ (s|min).* \\([\\d.]+ MB/s\\)$`));
  // The small layer says nothing.
  expect(r.stdout).not.toContain(`${big.layerDigests[1].slice(0, 19)}… →`);
  expect(await headBlob(c, 'b5/app', big.layerDigests[0])).toBe(200);

  // The command line says the same on stderr.
  const cli = await runCli(['--tags', ref(c, 'b5/cli', 'v1'), '--sources', ref(a, 'b5/src', 'amd64')]);
  expect([cli.code, cli.stderr]).toEqual([0, expect.stringMatching(new RegExp(`→ ${c.host}/b5/cli: 67\\.1 MB in `))]);
});

test('a 64 MB blob that takes longer than 10 s reports bytes done, MB/s and time left while it copies', async () => {
  const size = 64 * 1024 * 1024;
  const big = await pushImage(a, 'b6/src', 'amd64', { architecture: 'amd64', layerSizes: [size], layerSeed: 'b6-big' });
  // The source drips that blob at about 5 MB/s for 11 s, then sends the rest at once.
  const p = await startProxy({
    target: a.url,
    faults: {
      slowBodyEveryN: 1,
      slowChunkBytes: 128 * 1024,
      slowChunkMs: 25,
      slowMaxMs: 11_000,
      exempt: (q) => !(q.method === 'GET' && q.path.endsWith(`/blobs/${big.layerDigests[0]}`))
    }
  });
  try {
    const r = await runAction({ tags: ref(c, 'b6/app', 'v1'), sources: `${p.host}/b6/src:amd64` });
    expectExit(r, 0);
    const mine = r.stdout
      .split('\n')
      .filter((l) => l.includes(`${big.layerDigests[0].slice(0, 19)}… → ${c.host}/b6/app`));
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine[0]).toMatch(/: \d+\.\d of 67\.1 MB \(\d+%\), \d+\.\d MB\/s, about \d+ s left$/);
    expect(mine[mine.length - 1]).toMatch(/: 67\.1 MB in \d+ s \(\d+\.\d MB\/s\)$/);
    expect(await headBlob(c, 'b6/app', big.layerDigests[0])).toBe(200);
  } finally {
    await p.stop();
  }
}, 60_000);
