/**
 * `manifest-fanin inspect` against a real registry: the JSON is the stored bytes, -v matches the
 * list entry by entry, and where the docker CLI is installed, both equal what docker prints.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getManifest, pushBuildxStyle, pushImage, pushIndex, type PushedImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runCli } from '../../harness/run-action';
import { hasCommand } from '../../harness/tools';

const execFileP = promisify(execFile);
const hasDocker = hasCommand('docker');

let reg: TestRegistry;
let amd: PushedImage;
let arm: PushedImage;
beforeAll(async () => {
  reg = await startRegistry();
  amd = await pushImage(reg, 'insp/app', 'amd64', { architecture: 'amd64' });
  arm = await pushImage(reg, 'insp/app', 'arm', {
    architecture: 'arm',
    variant: 'v7',
    format: 'oci',
    layerSizes: [10, 20]
  });
  await pushIndex(reg, 'insp/app', 'list', [amd, arm], {
    format: 'oci',
    annotations: { 'org.opencontainers.image.version': '1.0' }
  });
  await pushBuildxStyle(reg, 'insp/app', 'bx', { architecture: 'arm64' });
  // An entry without a platform (docker prints an empty one for it).
  await pushIndex(reg, 'insp/app', 'bare', [{ ...amd, platform: undefined }, arm], { format: 'oci' });
}, 30_000);
afterAll(() => reg?.stop());

async function docker(args: string[]): Promise<string> {
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-docker-'));
  try {
    return (await execFileP('docker', args, { env: { ...process.env, DOCKER_CONFIG: config } })).stdout;
  } finally {
    fs.rmSync(config, { recursive: true, force: true });
  }
}

describe('inspect REF', () => {
  test.each(['list', 'amd64', 'arm', 'bx'])('%s: the JSON is the stored document', async (tag) => {
    const r = await runCli(['inspect', `${reg.host}/insp/app:${tag}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const stored = await getManifest(reg, 'insp/app', tag);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(stored.body));
  });

  test.each(['list', 'amd64', 'bx'])(
    '%s: stdout is the stored bytes exactly, so its sha256 is the digest; --raw the same (issue 22)',
    async (tag) => {
      const stored = await getManifest(reg, 'insp/app', tag);
      for (const args of [['inspect'], ['inspect', '--raw']]) {
        const r = await runCli([...args, `${reg.host}/insp/app:${tag}`]);
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(stored.body);
        expect(`sha256:${createHash('sha256').update(r.stdout).digest('hex')}`).toBe(stored.digest);
      }
    }
  );

  test('a missing repository is named as such, as the action names a missing source (issue 22)', async () => {
    const r = await runCli(['inspect', `${reg.host}/insp/nothing-here:1`]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^error: .*; ${reg.host} has no repository insp/nothing-here`))
    ]);
    const tag = await runCli(['inspect', `${reg.host}/insp/app:nope`]);
    expect(tag.stderr).toContain(`${reg.host} has the repository insp/app, but not its tag nope`);
  });

  test('by digest', async () => {
    const r = await runCli(['inspect', `${reg.host}/insp/app@${arm.digest}`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(arm.manifest));
  });

  test('-v on a list: one object per entry, each with its Ref, Descriptor and the child manifest', async () => {
    const r = await runCli(['inspect', '-v', `${reg.host}/insp/app:list`]);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout);
    const list = JSON.parse((await getManifest(reg, 'insp/app', 'list')).body);
    expect(entries).toHaveLength(list.manifests.length);
    entries.forEach((e: Record<string, unknown>, i: number) => {
      const d = list.manifests[i];
      expect(e.Ref).toBe(`${reg.host}/insp/app:list@${d.digest}`);
      expect(e.Descriptor).toEqual({ mediaType: d.mediaType, digest: d.digest, size: d.size, platform: d.platform });
    });
    expect(entries[0].SchemaV2Manifest).toEqual(JSON.parse(amd.manifest));
    expect(entries[0].OCIManifest).toBeUndefined();
    expect(entries[1].OCIManifest).toEqual(JSON.parse(arm.manifest));
    expect(Buffer.from(entries[1].Raw, 'base64').toString('utf8')).toBe(arm.manifest);
  });

  test('-v on a single manifest: one object, its platform from the config', async () => {
    const r = await runCli(['inspect', '--verbose', `${reg.host}/insp/app:arm`]);
    const v = JSON.parse(r.stdout);
    expect(v.Ref).toBe(`${reg.host}/insp/app:arm`);
    expect(v.Descriptor).toEqual({
      mediaType: arm.mediaType,
      digest: arm.digest,
      size: arm.size,
      platform: { architecture: 'arm', os: 'linux', variant: 'v7' }
    });
    expect(v.OCIManifest).toEqual(JSON.parse(arm.manifest));
  });

  test('--format text: a block per entry with media type, digest, size, platform and layers', async () => {
    const r = await runCli(['inspect', '--format', 'text', `${reg.host}/insp/app:list`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Name:       ${reg.host}/insp/app:list`);
    expect(r.stdout).toContain('Annotation: org.opencontainers.image.version=1.0');
    expect(r.stdout).toContain(
      `[2] linux/arm/v7\n    Media type: application/vnd.oci.image.manifest.v1+json\n    Digest: ${arm.digest}\n    Size: ${arm.size}\n    Platform: linux/arm/v7\n`
    );
    expect(r.stdout).toContain('    Layers: 2\n');
    const bx = await runCli(['inspect', '--format=text', `${reg.host}/insp/app:bx`]);
    expect(bx.stdout).toMatch(/\[2\] attestation for sha256:[0-9a-f]{64}\n/);
  });

  (hasDocker ? describe : describe.skip)('equal to what docker manifest inspect prints', () => {
    test.each(['amd64', 'arm'])('a single manifest (%s), and -v', async (tag) => {
      const ref = `${reg.host}/insp/app:${tag}`;
      expect(JSON.parse((await runCli(['inspect', ref])).stdout)).toEqual(
        JSON.parse(await docker(['manifest', 'inspect', '--insecure', ref]))
      );
      expect(JSON.parse((await runCli(['inspect', '-v', ref])).stdout)).toEqual(
        JSON.parse(await docker(['manifest', 'inspect', '--insecure', '-v', ref]))
      );
    });

    // docker rebuilds the plain form of a list from its entries (dropping annotations); we print
    // the stored list, as the interface says. Its -v form is the same.
    test.each(['list', 'bx', 'bare', 'amd64', 'arm'])(
      '-v of %s: byte for byte what docker prints (issue 17 item 12)',
      async (tag) => {
        const ref = `${reg.host}/insp/app:${tag}`;
        expect((await runCli(['inspect', '-v', ref])).stdout).toBe(
          await docker(['manifest', 'inspect', '--insecure', '-v', ref])
        );
      }
    );

    test.each(['list', 'bx'])('-v of an OCI index (%s), with annotations and an attestation', async (tag) => {
      const ref = `${reg.host}/insp/app:${tag}`;
      expect(JSON.parse((await runCli(['inspect', '-v', ref])).stdout)).toEqual(
        JSON.parse(await docker(['manifest', 'inspect', '--insecure', '-v', ref]))
      );
    });
  });

  test('a missing tag: exit 1, one error line naming the reference and what the registry said', async () => {
    const r = await runCli(['inspect', `${reg.host}/insp/app:nope`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error: ${reg.host}/insp/app:nope: .*HTTP 404 MANIFEST_UNKNOWN`));
  });

  test('a bad reference: exit 2', async () => {
    const r = await runCli(['inspect', 'Not/A Ref']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: invalid reference "Not\/A Ref"/);
  });
});
