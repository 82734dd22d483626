/**
 * `oci-layout://` sources (issue 19): OCI image layouts and tars of them, written by real
 * `skopeo copy --all … oci:DIR:TAG` / `oci-archive:FILE:TAG` from a registry, pushed by
 * dist/index.js (and the CLI) to a token-auth registry, then read back with `skopeo copy --all`
 * from the target, which checks every digest.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { commandLines, expectExit } from '../../harness/checks';
import { writeDockerConfig } from '../../harness/docker-config';
import { getManifest, listTags, pushBuildxStyle, pushImage, snapshotStorage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction, runCli } from '../../harness/run-action';
import { hasSkopeo } from '../../harness/tools';

const execFileP = promisify(execFile);
const describeIf = hasSkopeo() ? describe : describe.skip;

let plain: TestRegistry;
let target: TestRegistry;
let dockerConfig: string;
let work: string;
/** One directory holding two tags (skopeo shares it): `amd` (a buildx index + attestation) and `arm`. */
let shared: string;
/** A tar holding one manifest: the buildx-style index. */
let archive: string;

/** What skopeo wrote, read from the layouts themselves. */
interface Written {
  /** The manifest a tag names in index.json. */
  digest: string;
  /** Its children (an index) or its blobs (an image). */
  children: string[];
  layers: string[];
}
let amd: Written;
let arm: Written;

/** A file of a layout directory, or (with `tar`) a member of a layout tar, read by the system's tar. */
function layoutFile(where: string, member: string): Buffer {
  return fs.statSync(where).isDirectory()
    ? fs.readFileSync(path.join(where, member))
    : execFileSync('tar', ['-xOf', where, member], { maxBuffer: 64 * 1024 * 1024 });
}

function written(where: string, tag: string): Written {
  const index = JSON.parse(layoutFile(where, 'index.json').toString()) as {
    manifests: Array<{ digest: string; annotations?: Record<string, string> }>;
  };
  const d = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag)!;
  const doc = JSON.parse(layoutFile(where, `blobs/sha256/${d.digest.slice(7)}`).toString()) as {
    manifests?: Array<{ digest: string }>;
    layers?: Array<{ digest: string }>;
  };
  return {
    digest: d.digest,
    children: (doc.manifests ?? []).map((m) => m.digest),
    layers: (doc.layers ?? []).map((l) => l.digest)
  };
}

const skopeo = (...args: string[]) => execFileP('skopeo', args, { timeout: 120_000 });

beforeAll(async () => {
  if (!hasSkopeo()) return;
  [plain, target] = await Promise.all([startRegistry(), startRegistry({ tokenAuth: true })]);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-layout-'));
  dockerConfig = writeDockerConfig(path.join(work, 'docker'), {
    auths: { [target.host]: { username: target.user, password: target.password } }
  });
  await pushBuildxStyle(plain, 'lay/amd', 'x', { architecture: 'amd64', artifact: true });
  await pushImage(plain, 'lay/arm', 'x', { architecture: 'arm64', format: 'oci', layerSizes: [300_000, 70] });
  shared = path.join(work, 'shared');
  archive = path.join(work, 'amd.tar');
  const from = (repo: string) => `docker://${plain.host}/${repo}:x`;
  // The fixtures' layers are random bytes: without this skopeo gzips them (new digests, and an attestation whose subject no longer matches).
  const keep = ['--dest-oci-accept-uncompressed-layers'];
  await skopeo('copy', '--all', '--src-tls-verify=false', ...keep, from('lay/amd'), `oci:${shared}:amd`);
  await skopeo('copy', '--all', '--src-tls-verify=false', ...keep, from('lay/arm'), `oci:${shared}:arm`);
  await skopeo('copy', '--all', '--src-tls-verify=false', ...keep, from('lay/amd'), `oci-archive:${archive}:amd`);
  amd = written(archive, 'amd');
  arm = written(shared, 'arm');
  // The directory's amd is the tar's: the same copy, twice.
  expect(written(shared, 'amd')).toEqual(amd);
}, 120_000);
afterAll(async () => {
  await Promise.all([plain?.stop(), target?.stop()]);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Read `ref` back from the target with skopeo (every blob and manifest digest checked); its index.json. */
async function verifyWithSkopeo(ref: string): Promise<void> {
  const out = fs.mkdtempSync(path.join(work, 'verify-'));
  await skopeo(
    'copy',
    '--all',
    '--src-tls-verify=false',
    '--src-creds',
    `${target.user}:${target.password}`,
    `docker://${ref}`,
    `oci:${out}:v`
  );
}

/** Copy a layout directory (to damage the copy). */
function copyDir(from: string, name: string): string {
  const to = path.join(work, name);
  fs.cpSync(from, to, { recursive: true });
  return to;
}

const layoutBlob = (dir: string, digest: string) => path.join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));

describeIf('oci-layout:// sources', () => {
  test('a directory (by tag) and a tar (its only manifest, an index with an attestation) into a token-auth registry', async () => {
    const tag = `${target.host}/lay/app:1`;
    const r = await runAction(
      { tags: tag, sources: `oci-layout://${shared}:arm\noci-layout://${archive}` },
      { dockerConfig }
    );
    expectExit(r, 0);
    expect(r.outputs.platforms).toBe('linux/arm64,linux/amd64');
    const list = JSON.parse(r.outputs.manifest) as { manifests: Array<{ digest: string }> };
    // The children keep their digests; the attestation came along with its subject.
    expect(list.manifests.map((m) => m.digest)).toEqual([arm.digest, ...amd.children]);
    expect(r.stdout).toContain('streamed');
    await verifyWithSkopeo(tag);
  }, 120_000);

  test('a tar holding one index is promoted byte for byte; the CLI takes the same form', async () => {
    const r = await runCli(
      ['create', '--tags', `${target.host}/lay/promoted:1`, '--sources', `oci-layout://${archive}`],
      {
        dockerConfig
      }
    );
    expectExit(r, 0);
    expect(r.stdout.trim()).toBe(amd.digest);
    expect((await getManifest(target, 'lay/promoted', '1')).digest).toBe(amd.digest);
    await verifyWithSkopeo(`${target.host}/lay/promoted:1`);
  }, 120_000);

  test("manifest-tool's push from-spec --ignore-missing takes a layout source as present (no registry asked for it)", async () => {
    const spec = path.join(work, 'ignore-missing.yml');
    fs.writeFileSync(
      spec,
      `image: ${target.host}/lay/im:1\nmanifests:\n  - image: oci-layout://${shared}:arm\n    platform:\n      architecture: arm64\n      os: linux\n`
    );
    const r = await runCli(['push', 'from-spec', '--ignore-missing', spec], { dockerConfig });
    expectExit(r, 0);
    expect(r.stdout).toContain((await getManifest(target, 'lay/im', '1')).digest);
  }, 120_000);

  test('@DIGEST selects any manifest of the layout, a child of its index included', async () => {
    const r = await runAction(
      { tags: `${target.host}/lay/one:1`, sources: `oci-layout://${shared}@${amd.children[0]}` },
      { dockerConfig }
    );
    expectExit(r, 0);
    expect(r.outputs.platforms).toBe('linux/amd64');
    await verifyWithSkopeo(`${target.host}/lay/one:1`);
  }, 120_000);

  test('a layout with two tags and no selector: one error listing both, nothing written', async () => {
    const r = await runAction(
      { tags: `${target.host}/lay/none:1`, sources: `oci-layout://${shared}` },
      { dockerConfig }
    );
    expectExit(r, 1);
    const errors = commandLines(r.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`source oci-layout://${shared}: its index.json names 2:`);
    expect(errors[0]).toContain('tag "amd"');
    expect(errors[0]).toContain('tag "arm"');
    expect(errors[0]).toContain('oci-layout://PATH:TAG');
    expect((await getManifest(target, 'lay/none', '1')).status).toBe(404);
  }, 60_000);

  test('a corrupt blob (same size) fails while it streams, naming the layout, the blob and the manifest; nothing tagged', async () => {
    const dir = copyDir(shared, 'corrupt');
    const layer = arm.layers[0];
    const file = layoutBlob(dir, layer);
    const bytes = fs.readFileSync(file);
    bytes[1000] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const r = await runAction(
      { tags: `${target.host}/lay/corrupt:1`, sources: `oci-layout://${dir}:arm` },
      { dockerConfig }
    );
    expectExit(r, 1);
    const errors = commandLines(r.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`blob ${layer}`);
    expect(errors[0]).toContain(`of manifest ${arm.digest}`);
    expect(errors[0]).toContain(`from oci-layout://${dir} to ${target.host}/lay/corrupt`);
    expect((await getManifest(target, 'lay/corrupt', '1')).status).toBe(404);
  }, 60_000);

  test('a missing blob fails before anything is written, naming the layout, the blob and the manifest', async () => {
    const dir = copyDir(shared, 'missing');
    fs.rmSync(layoutBlob(dir, arm.layers[1]));
    const r = await runAction(
      { tags: `${target.host}/lay/missing:1`, sources: `oci-layout://${dir}:arm` },
      { dockerConfig }
    );
    expectExit(r, 1);
    const errors = commandLines(r.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`source oci-layout://${dir}:arm`);
    expect(errors[0]).toContain(`blob ${arm.layers[1]} of manifest ${arm.digest} is missing from the layout`);
    expect((await getManifest(target, 'lay/missing', '1')).status).toBe(404);
  }, 60_000);

  test('a tar made by GNU tar (./ names) with a corrupt blob fails the same way, nothing tagged', async () => {
    const dir = copyDir(shared, 'corrupt-tar');
    const file = layoutBlob(dir, arm.layers[0]);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const tar = path.join(work, 'corrupt.tar');
    execFileSync('tar', ['-cf', tar, '-C', dir, '.']);
    const r = await runAction(
      { tags: `${target.host}/lay/corrupt-tar:1`, sources: `oci-layout://${tar}:arm` },
      { dockerConfig }
    );
    expectExit(r, 1);
    const errors = commandLines(r.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      `blob ${arm.layers[0]} (300000 bytes) of manifest ${arm.digest} from oci-layout://${tar}`
    );
    expect((await getManifest(target, 'lay/corrupt-tar', '1')).status).toBe(404);
  }, 60_000);

  test('purge removes a registry source tag and never touches a layout', async () => {
    await pushImage(plain, 'lay/purge', 'p1', { architecture: 's390x', format: 'oci' });
    const before = snapshotStorage(shared);
    const r = await runAction(
      {
        tags: `${target.host}/lay/purged:1`,
        sources: `${plain.host}/lay/purge:p1\noci-layout://${shared}:arm`,
        purge: 'true'
      },
      { dockerConfig }
    );
    expectExit(r, 0);
    expect(r.outputs.platforms).toBe('linux/s390x,linux/arm64');
    expect(await listTags(plain, 'lay/purge')).not.toContain('p1');
    expect(snapshotStorage(shared)).toEqual(before);
  }, 60_000);
});
