/**
 * Issue #3, annotations: each form of the `annotations` input, checked in the pushed JSON on a
 * real distribution 2.8 registry — index:, bare KEY=VALUE, manifest-descriptor:,
 * manifest-descriptor[os/arch]:, docker-annotate flags — and docker/metadata-action's lines
 * verbatim (manifest: lines ignored with exactly one warning).
 */
import { MT, getManifest, pushBuildxStyle, pushImage, type PushedBuildx, type PushedImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction, type ActionResult } from '../../harness/run-action';
import { assertListComplete, commandLines, expectExit, ref, type ListDoc } from '../../harness/checks';

let reg: TestRegistry;
let amd: PushedImage;
let arm: PushedImage;
const src = (tag: string) => ref(reg, 'f4/src', tag);

beforeAll(async () => {
  reg = await startRegistry();
  amd = await pushImage(reg, 'f4/src', 'amd64', { architecture: 'amd64' });
  arm = await pushImage(reg, 'f4/src', 'arm64', { architecture: 'arm64' });
}, 30_000);

afterAll(async () => {
  await reg?.stop();
});

/** The list at repo:v1, checked against the outputs and for completeness. */
async function pushedList(repo: string, r: ActionResult): Promise<ListDoc> {
  expectExit(r, 0);
  const got = await getManifest(reg, repo, 'v1');
  expect(got.status).toBe(200);
  expect(got.digest).toBe(r.outputs.digest);
  expect(got.body).toBe(r.outputs.manifest);
  const list = JSON.parse(got.body) as ListDoc;
  await assertListComplete(reg, repo, list);
  return list;
}

test('index:KEY=VALUE lines annotate the index only', async () => {
  const r = await runAction({
    tags: ref(reg, 'f4/index', 'v1'),
    sources: `${src('amd64')}\n${src('arm64')}`,
    annotations: 'index:org.opencontainers.image.title=Fan In\nindex:org.opencontainers.image.description=a, b = c: d'
  });
  const list = await pushedList('f4/index', r);
  expect(list.mediaType).toBe(MT.ociIndex);
  expect(list.annotations).toEqual({
    'org.opencontainers.image.title': 'Fan In',
    'org.opencontainers.image.description': 'a, b = c: d'
  });
  expect(list.manifests.map((d) => d.annotations)).toEqual([undefined, undefined]);
  expect(commandLines(r.stdout, 'warning')).toEqual([]);
});

test('bare KEY=VALUE lines annotate the index', async () => {
  const r = await runAction({
    tags: ref(reg, 'f4/bare', 'v1'),
    sources: `${src('amd64')}\n${src('arm64')}`,
    annotations: 'org.opencontainers.image.vendor=ACME Inc.\ncom.example.url=https://example.com/x?a=b&c=d'
  });
  const list = await pushedList('f4/bare', r);
  expect(list.mediaType).toBe(MT.ociIndex);
  expect(list.annotations).toEqual({
    'org.opencontainers.image.vendor': 'ACME Inc.',
    'com.example.url': 'https://example.com/x?a=b&c=d'
  });
  expect(list.manifests.map((d) => d.annotations)).toEqual([undefined, undefined]);
});

test('manifest-descriptor: lines annotate every platform descriptor, not the index', async () => {
  const r = await runAction({
    tags: ref(reg, 'f4/desc', 'v1'),
    sources: `${src('amd64')}\n${src('arm64')}`,
    annotations: 'manifest-descriptor:org.opencontainers.image.revision=abc123\nmanifest-descriptor:com.example.k=v'
  });
  const list = await pushedList('f4/desc', r);
  expect(list.mediaType).toBe(MT.ociIndex);
  expect(list.annotations).toBeUndefined();
  const want = { 'org.opencontainers.image.revision': 'abc123', 'com.example.k': 'v' };
  expect(list.manifests.map((d) => [d.digest, d.annotations])).toEqual([
    [amd.digest, want],
    [arm.digest, want]
  ]);
});

test('manifest-descriptor[linux/arm64]: lines annotate only that platform', async () => {
  const r = await runAction({
    tags: ref(reg, 'f4/desc-arm', 'v1'),
    sources: `${src('amd64')}\n${src('arm64')}`,
    annotations:
      'manifest-descriptor[linux/arm64]:org.opencontainers.image.description=for arm64\nmanifest-descriptor:com.example.all=yes'
  });
  const list = await pushedList('f4/desc-arm', r);
  expect(list.mediaType).toBe(MT.ociIndex);
  expect(list.annotations).toBeUndefined();
  expect(list.manifests.map((d) => [d.platform?.architecture, d.annotations])).toEqual([
    ['amd64', { 'com.example.all': 'yes' }],
    ['arm64', { 'com.example.all': 'yes', 'org.opencontainers.image.description': 'for arm64' }]
  ]);
  expect(commandLines(r.stdout, 'warning')).toEqual([]);
});

test('docker-annotate flags: --os-version/--os-features on Windows, --arch/--variant overrides; Windows os.version kept', async () => {
  // A Windows image whose config lacks os.version (annotated), and one whose config has it (kept).
  await pushImage(reg, 'f4/win', 'ltsc2019', { os: 'windows', architecture: 'amd64' });
  await pushImage(reg, 'f4/win', 'ltsc2022', { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2227' });
  // Linux images whose configs say the wrong thing: fixed with --arch/--variant (both syntaxes).
  await pushImage(reg, 'f4/lin', 'armv7', { architecture: 'amd64' });
  await pushImage(reg, 'f4/lin', 'arm64', { architecture: '386' });
  const win19 = ref(reg, 'f4/win', 'ltsc2019');
  const win22 = ref(reg, 'f4/win', 'ltsc2022');
  const armv7 = ref(reg, 'f4/lin', 'armv7');
  const arm64 = ref(reg, 'f4/lin', 'arm64');
  const r = await runAction({
    tags: ref(reg, 'f4/annotate', 'v1'),
    sources: [win19, win22, armv7, arm64].join('\n'),
    annotations: [
      `${win19} --os-version 10.0.17763.5458 --os-features win32k`,
      `${armv7} --arch arm --variant v7`,
      `${arm64} --arch=arm64 --variant=v8`
    ].join('\n')
  });
  const list = await pushedList('f4/annotate', r);
  // Only platform overrides, all Docker children: auto stays a Docker list.
  expect(list.mediaType).toBe(MT.dockerList);
  expect(list.manifests.map((d) => d.platform)).toEqual([
    { architecture: 'amd64', os: 'windows', 'os.version': '10.0.17763.5458', 'os.features': ['win32k'] },
    { architecture: 'amd64', os: 'windows', 'os.version': '10.0.20348.2227' },
    { architecture: 'arm', os: 'linux', variant: 'v7' },
    { architecture: 'arm64', os: 'linux', variant: 'v8' }
  ]);
  expect(list.manifests.every((d) => d.annotations === undefined)).toBe(true);
  expect(r.outputs.platforms).toBe('windows/amd64,windows/amd64,linux/arm/v7,linux/arm64/v8');
});

describe("docker/metadata-action's annotations output, verbatim", () => {
  let bx: PushedBuildx;
  const created = '2025-01-15T10:20:30.123Z';
  const labels: Record<string, string> = {
    'org.opencontainers.image.created': created,
    'org.opencontainers.image.description': 'Fan-in test app: builds, = signs, commas, all fine',
    'org.opencontainers.image.licenses': 'MIT',
    'org.opencontainers.image.revision': '860c1904a1ce19322e91ac35af1ab07466440c37',
    'org.opencontainers.image.source': 'https://github.com/octo-org/fanin-app',
    'org.opencontainers.image.title': 'fanin-app',
    'org.opencontainers.image.url': 'https://github.com/octo-org/fanin-app',
    'org.opencontainers.image.version': '1.2.3'
  };
  // What metadata-action prints with DOCKER_METADATA_ANNOTATIONS_LEVELS=manifest,index,manifest-descriptor:
  // one block per level, each line LEVEL:KEY=VALUE.
  const block = ['manifest', 'index', 'manifest-descriptor']
    .flatMap((level) => Object.entries(labels).map(([k, v]) => `${level}:${k}=${v}`))
    .join('\n');

  beforeAll(async () => {
    bx = await pushBuildxStyle(reg, 'f4/meta-src', 'amd64', { architecture: 'amd64' });
  });

  test('index: and manifest-descriptor: lines land exactly; manifest: lines ignored with one warning', async () => {
    const r = await runAction({
      tags: ref(reg, 'f4/meta', 'v1'),
      sources: `${ref(reg, 'f4/meta-src', 'amd64')}\n${src('arm64')}`,
      annotations: block
    });
    const list = await pushedList('f4/meta', r);
    expect(list.mediaType).toBe(MT.ociIndex);
    expect(list.annotations).toEqual(labels);
    expect(list.manifests).toHaveLength(3);
    const [amdD, armD, attD] = list.manifests;
    expect([amdD.digest, armD.digest, attD.digest]).toEqual([bx.imageDigest, arm.digest, bx.attestationDigest]);
    expect(amdD.annotations).toEqual(labels);
    expect(armD.annotations).toEqual(labels);
    // The attestation's descriptor keeps exactly buildx's annotations.
    expect(attD.annotations).toEqual({
      'vnd.docker.reference.digest': bx.imageDigest,
      'vnd.docker.reference.type': 'attestation-manifest'
    });
    expect(attD.platform).toEqual({ architecture: 'unknown', os: 'unknown' });
    // Annotation keys are serialized sorted (deterministic bytes).
    expect(Object.keys(list.annotations!)).toEqual(Object.keys(labels).sort());

    const warnings = commandLines(r.stdout, 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/manifest:/);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64');
  });

  test('metadata-action default output (manifest: lines only) gives a plain Docker-compatible result and one warning', async () => {
    const only = Object.entries(labels)
      .map(([k, v]) => `manifest:${k}=${v}`)
      .join('\n');
    const r = await runAction({
      tags: ref(reg, 'f4/meta-manifest-only', 'v1'),
      sources: `${src('amd64')}\n${src('arm64')}`,
      annotations: only
    });
    const list = await pushedList('f4/meta-manifest-only', r);
    // Nothing OCI was asked for at list level: auto keeps the Docker list.
    expect(list.mediaType).toBe(MT.dockerList);
    expect(list.annotations).toBeUndefined();
    expect(commandLines(r.stdout, 'warning')).toHaveLength(1);
  });
});
