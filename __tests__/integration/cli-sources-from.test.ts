/**
 * Issue 19 on the command line, against real registries: bare digests in arguments, spec files
 * and --sources-from files (written as a build job writes them), and --json with refs and metadata.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getManifest, pushImage, type PushedImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runCli } from '../../harness/run-action';

let a: TestRegistry;
let b: TestRegistry;
let amd: PushedImage;
let arm: PushedImage;
beforeAll(async () => {
  [a, b] = await Promise.all([startRegistry(), startRegistry()]);
  amd = await pushImage(a, 'c19/app', undefined, { architecture: 'amd64' });
  // A config that says arm without a variant: the spec file's platform sets it.
  arm = await pushImage(a, 'c19/app', undefined, { architecture: 'arm', format: 'oci' });
}, 30_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const NO_CI = { CI: undefined, FANIN_SOURCE_WAIT_SECONDS: undefined };

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-cli-ws-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('--sources-from digest files and --json: refs for both registries, metadata parsed', async () => {
  const ws = workspace({ 'digests/linux-amd64': `${amd.digest}\n`, 'digests/linux-arm': `# arm\r\n${arm.digest}\r\n` });
  const tags = [`${a.host}/c19/app:1`, `${b.host}/c19/copy:1`];
  const r = await runCli(
    ['--tags', tags.join(','), '--sources-from', 'digests/*', '--annotations', `${arm.digest} --variant v7`, '--json'],
    { env: NO_CI, cwd: ws }
  );
  expect(r.stderr).not.toMatch(/^error/m);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as Record<string, string>;
  expect(out.refs).toBe(`${a.host}/c19/app@${out.digest}\n${b.host}/c19/copy@${out.digest}`);
  const meta = JSON.parse(out.metadata);
  expect(meta.refs).toEqual(out.refs.split('\n'));
  expect(meta.tags).toEqual(tags);
  expect(meta.entries.map((e: { platform: string; source: string }) => [e.platform, e.source])).toEqual([
    ['linux/amd64', `${a.host}/c19/app@${amd.digest}`],
    ['linux/arm/v7', `${a.host}/c19/app@${arm.digest}`]
  ]);
  for (const [reg, repo] of [
    [a, 'c19/app'],
    [b, 'c19/copy']
  ] as const) {
    const got = await getManifest(reg, repo, '1');
    expect(got.digest).toBe(out.digest);
  }
});

test('a spec file with bare digests and a platform field', async () => {
  const ws = workspace({
    'spec.yml': `image: ${a.host}/c19/app:spec\nmanifests:\n  - image: ${amd.digest}\n  - image: ${arm.digest}\n    platform:\n      architecture: arm\n      os: linux\n      variant: v7\n`
  });
  const r = await runCli(['--spec', 'spec.yml'], { env: NO_CI, cwd: ws });
  expect(r.stderr).not.toMatch(/^error/m);
  expect(r.code).toBe(0);
  const got = await getManifest(a, 'c19/app', 'spec');
  expect(r.stdout).toBe(`${got.digest}\n`);
  const list = JSON.parse(got.body);
  expect(list.manifests.map((m: { digest: string }) => m.digest)).toEqual([amd.digest, arm.digest]);
  expect(list.manifests[1].platform).toEqual({ architecture: 'arm', os: 'linux', variant: 'v7' });
});

test('--sources-from with a pattern that matches nothing: a usage error naming it, exit 2', async () => {
  const ws = workspace({ 'digests/linux-amd64': `${amd.digest}\n` });
  const r = await runCli(['create', `${a.host}/c19/app:none`, '--sources-from', 'digest/*'], { env: NO_CI, cwd: ws });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n').pop()).toMatch(/^error: --sources-from: "digest\/\*" matches no file/);
  expect((await getManifest(a, 'c19/app', 'none')).status).toBe(404);
});
