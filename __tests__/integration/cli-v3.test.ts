/**
 * The command line of v3 against real registries (contract "Command line in v3", issue 22, issue
 * 17 item 11): every new spelling pushes what its long form pushes, and manifest-tool's own flags
 * on push from-spec / from-args do what they say.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { basicAuthEntry, writeDockerConfig } from '../../harness/docker-config';
import { getManifest, pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runCli } from '../../harness/run-action';
import { ROOT } from '../support/action-meta';

let reg: TestRegistry;
let locked: TestRegistry;
beforeAll(async () => {
  [reg, locked] = await Promise.all([startRegistry(), startRegistry({ basicAuth: true })]);
  await Promise.all([
    pushImage(reg, 'v3/app', '1-amd64', { architecture: 'amd64' }),
    pushImage(reg, 'v3/app', '1-arm64', { architecture: 'arm64' }),
    pushImage(locked, 'v3/app', '1-amd64', { architecture: 'amd64' })
  ]);
}, 30_000);
afterAll(() => Promise.all([reg?.stop(), locked?.stop()]));

const NO_CI = { CI: undefined, FANIN_SOURCE_WAIT_SECONDS: undefined };
const at = (tag: string) => `${reg.host}/v3/app:${tag}`;
const list = async (tag: string) => JSON.parse((await getManifest(reg, 'v3/app', tag)).body);
const arches = async (tag: string) =>
  (await list(tag)).manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture);

test('--version prints the package version, exit 0', async () => {
  const r = await runCli(['--version']);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(r.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
});

test('TARGET SOURCE... without create pushes the list (issue 17 item 11)', async () => {
  const r = await runCli([at('pos'), at('1-amd64'), at('1-arm64')], { env: NO_CI });
  expect(r.code).toBe(0);
  expect(r.stdout.trim()).toBe((await getManifest(reg, 'v3/app', 'pos')).digest);
  expect(await arches('pos')).toEqual(['amd64', 'arm64']);
});

test('-t / --tag add targets, --annotation annotates, --append amends', async () => {
  const r = await runCli(['-t', at('t1'), '--tag', at('t2'), '--annotation', 'index:org.example.k=v', at('1-amd64')], {
    env: NO_CI
  });
  expect(r.code).toBe(0);
  const digest = r.stdout.trim();
  expect((await getManifest(reg, 'v3/app', 't1')).digest).toBe(digest);
  expect((await getManifest(reg, 'v3/app', 't2')).digest).toBe(digest);
  expect((await list('t1')).annotations).toEqual({ 'org.example.k': 'v' });
  const a = await runCli(['--append', at('t1'), at('1-arm64')], { env: NO_CI });
  expect(a.code).toBe(0);
  expect(await arches('t1')).toEqual(['amd64', 'arm64']);
});

describe("manifest-tool's flags on push from-args / from-spec", () => {
  const fromArgs = (target: string, ...more: string[]) => [
    'push',
    'from-args',
    '--platforms',
    'linux/amd64,linux/arm64,linux/s390x',
    '--template',
    `${reg.host}/v3/app:1-ARCH`,
    '--target',
    target,
    ...more
  ];

  test('--ignore-missing leaves out a template platform whose source is missing, with a warning', async () => {
    const without = await runCli(fromArgs(at('im0')), { env: NO_CI });
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('1-s390x');
    const r = await runCli(fromArgs(at('im1'), '--ignore-missing', '--type', 'oci'), { env: NO_CI });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `warning: source ${reg.host}/v3/app:1-s390x is missing: left out (--ignore-missing), and with it the platform linux/s390x`
    );
    expect(await arches('im1')).toEqual(['amd64', 'arm64']);
    expect((await list('im1')).mediaType).toBe('application/vnd.oci.image.index.v1+json');
  });

  test('--ignore-missing with every source missing still fails: a list is never empty', async () => {
    const r = await runCli(
      [
        'push',
        'from-args',
        '--platforms',
        'linux/ppc64le',
        '--template',
        `${reg.host}/v3/app:1-ARCH`,
        '--target',
        at('im2'),
        '--ignore-missing'
      ],
      { env: NO_CI }
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr.trimEnd().split('\n').pop()).toContain('every source is missing');
    expect((await getManifest(reg, 'v3/app', 'im2')).status).toBe(404);
  });

  test('from-spec --ignore-missing skips a missing spec entry; --type docker gives a Docker list', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-v3-'));
    const spec = path.join(dir, 'spec.yml');
    fs.writeFileSync(
      spec,
      `image: ${at('sp1')}\nmanifests:\n  - image: ${at('1-amd64')}\n  - image: ${at('1-mips64le')}\n`
    );
    const r = await runCli(['push', 'from-spec', '--ignore-missing', '--type', 'docker', spec], { env: NO_CI });
    expect(r.code).toBe(0);
    expect((await list('sp1')).mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(await arches('sp1')).toEqual(['amd64']);
  });

  test('--docker-cfg DIR reads DIR/config.json; --plain-http is --insecure (global flags before push)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-cfg-'));
    writeDockerConfig(dir, { auths: { [locked.host]: basicAuthEntry(locked.user!, locked.password!) } });
    const args = ['push', 'from-args', '--platforms', 'linux/amd64', '--template', `${locked.host}/v3/app:1-ARCH`];
    const denied = await runCli([...args, '--target', `${locked.host}/v3/app:c1`], { env: NO_CI });
    expect(denied.code).toBe(1);
    const r = await runCli(['--docker-cfg', dir, '--plain-http', ...args, '--target', `${locked.host}/v3/app:c1`], {
      env: NO_CI
    });
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect((await getManifest(locked, 'v3/app', 'c1')).status).toBe(200);
  });
});
