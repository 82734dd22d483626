/**
 * The command line against a real registry: docker's positional form, exit codes, the single
 * error line, the wait for a missing source (default 30 s only in CI) and manifest-tool spec files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getManifest, pushImage, type PushedImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runCli } from '../../harness/run-action';

let reg: TestRegistry;
let amd: PushedImage;
let arm: PushedImage;
beforeAll(async () => {
  reg = await startRegistry();
  amd = await pushImage(reg, 'cli2/app', 'amd64', { architecture: 'amd64' });
  // A config that says arm without a variant: a spec file's platform field sets it.
  arm = await pushImage(reg, 'cli2/app', 'arm', { architecture: 'arm', format: 'oci' });
}, 30_000);
afterAll(() => reg?.stop());

const NO_CI = { CI: undefined, FANIN_SOURCE_WAIT_SECONDS: undefined };
const src = (tag: string) => `${reg.host}/cli2/app:${tag}`;

/** The error line is the last line on stderr, and nothing is on stdout. */
function errorLine(r: { stdout: string; stderr: string }): string {
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[lines.length - 1]).toMatch(/^error: /);
  return lines[lines.length - 1];
}

function specFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-spec-'));
  const f = path.join(dir, 'spec.yml');
  fs.writeFileSync(f, text);
  return f;
}

describe("docker's form: create [flags] TARGET SOURCE...", () => {
  test('pushes the list under the target; the digest on stdout', async () => {
    const r = await runCli(
      ['create', '--annotations', `${src('arm')} --variant v7`, src('pos'), src('amd64'), src('arm')],
      { env: NO_CI }
    );
    expect(r.code).toBe(0);
    const got = await getManifest(reg, 'cli2/app', 'pos');
    expect(r.stdout).toBe(`${got.digest}\n`);
    expect(JSON.parse(got.body).manifests.map((m: { digest: string }) => m.digest)).toEqual([amd.digest, arm.digest]);
  });

  test('--push false is a dry run, as --push=false', async () => {
    const r = await runCli(['create', '--push', 'false', src('dry'), src('amd64')], { env: NO_CI });
    expect(r.code).toBe(0);
    expect((await getManifest(reg, 'cli2/app', 'dry')).status).toBe(404);
  });
});

describe('exit codes: 2 for every usage error, 1 for a failure; nothing after the error line', () => {
  test.each([
    [['--tags', 'x.example/a:1'], 'no sources'],
    [
      ['--tags', 'x.example/a:1', '--sources', 'x.example/b:1', '--purge=maybe'],
      '--purge takes true or false, got "maybe"'
    ],
    [['--tagz', 'x.example/a:1', '--sources', 'x.example/b:1'], 'did you mean --tags?'],
    [['create', 'x.example/a:1', 'x.example/b:1', '--varient', 'v7'], '--variant belongs on an annotations line'],
    [
      ['--tags', 'x.example/a:1', '--sources', 'x.example/b:1', '--format', 'xml'],
      '--format must be auto, docker or oci, got "xml"'
    ],
    [['--tags', 'x.example/A:1', '--sources', 'x.example/b:1'], '--tags: invalid reference'],
    [['inspect'], 'inspect needs a reference']
  ])('%j → 2', async (argv, message) => {
    const r = await runCli(argv as string[], { env: NO_CI });
    expect(r.code).toBe(2);
    expect(errorLine(r)).toContain(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a registry failure → 1, the error line last', async () => {
    const r = await runCli(['create', src('fail'), src('amd64'), src('nope')], { env: NO_CI });
    expect(r.code).toBe(1);
    expect(errorLine(r)).toContain(`source ${src('nope')}`);
  });

  test('--help → 0 with the usage on stdout', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: manifest-fanin');
  });
});

describe('the wait for a missing source', () => {
  test('outside CI: no wait; the error says how to wait', async () => {
    const started = Date.now();
    const r = await runCli(['create', src('w0'), src('never')], { env: NO_CI });
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.stderr).not.toContain('not found yet');
    expect(errorLine(r)).toContain(
      `; ${reg.host} has the repository cli2/app, but not its tag never; check that the build job pushed it and that the name is right (or set FANIN_SOURCE_WAIT_SECONDS to wait for a push still under way)`
    );
  });

  test('in CI (CI set): it waits; the first line says what the registry answered and how to change the wait', async () => {
    const later = setTimeout(() => void pushImage(reg, 'cli2/app', 'late', { architecture: 's390x' }), 1500);
    try {
      const r = await runCli(['create', src('w1'), src('amd64'), src('late')], {
        env: { CI: 'true', FANIN_SOURCE_WAIT_SECONDS: undefined }
      });
      expect(r.code).toBe(0);
      const waits = r.stderr.split('\n').filter((l) => l.includes('not found yet'));
      expect(waits[0]).toBe(
        `source ${src('late')} not found yet (${reg.host} has the repository cli2/app, but not its tag late); waiting up to 30 s for it to appear (FANIN_SOURCE_WAIT_SECONDS sets the wait)`
      );
    } finally {
      clearTimeout(later);
    }
  });

  test('a repository that does not exist reads differently from a missing tag', async () => {
    const r = await runCli(['create', src('w2'), `${reg.host}/cli2/ghost:1`], {
      env: { CI: 'true', FANIN_SOURCE_WAIT_SECONDS: '1' }
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`not found yet (${reg.host} has no repository cli2/ghost); waiting up to 1 s`);
  });
});

describe('manifest-tool spec files', () => {
  test('--spec: image, tags and a platform override, checked in the registry', async () => {
    const f = specFile(`image: ${src('spec')}
tags: [spec-latest, "2"]
manifests:
  - image: ${src('amd64')}
  - image: ${src('arm')}
    platform:
      architecture: arm
      os: linux
      variant: v7
`);
    const r = await runCli(['--spec', f], { env: NO_CI });
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const digest = r.stdout.trim();
    for (const tag of ['spec', 'spec-latest', '2'])
      expect((await getManifest(reg, 'cli2/app', tag)).digest).toBe(digest);
    const list = JSON.parse((await getManifest(reg, 'cli2/app', 'spec')).body);
    expect(list.manifests.map((m: { digest: string; platform: object }) => [m.digest, m.platform])).toEqual([
      [amd.digest, { architecture: 'amd64', os: 'linux' }],
      [arm.digest, { architecture: 'arm', os: 'linux', variant: 'v7' }]
    ]);
  });

  test('push from-spec FILE: the same list', async () => {
    const f = specFile(`image: ${src('fromspec')}\nmanifests:\n  - image: ${src('amd64')}\n`);
    const r = await runCli(['push', 'from-spec', f], { env: NO_CI });
    expect(r.code).toBe(0);
    expect((await getManifest(reg, 'cli2/app', 'fromspec')).digest).toBe(r.stdout.trim());
  });

  test('push from-args: --template, --platforms, --target and tag names in its repository', async () => {
    await pushImage(reg, 'cli2/tpl', '1-amd64', { architecture: 'amd64' });
    const armv7 = await pushImage(reg, 'cli2/tpl', '1-armv7', { architecture: 'arm', variant: 'v7' });
    const r = await runCli(
      [
        'push',
        'from-args',
        '--platforms',
        'linux/amd64,linux/arm/v7',
        '--template',
        `${reg.host}/cli2/tpl:1-ARCHVARIANT`,
        '--target',
        `${reg.host}/cli2/tpl:1`,
        '--tags',
        'latest'
      ],
      {
        env: NO_CI
      }
    );
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const list = await getManifest(reg, 'cli2/tpl', 'latest');
    expect(list.digest).toBe(r.stdout.trim());
    expect((await getManifest(reg, 'cli2/tpl', '1')).digest).toBe(list.digest);
    expect(JSON.parse(list.body).manifests.map((m: { digest: string }) => m.digest)[1]).toBe(armv7.digest);
  });

  test.each([
    [
      'an unknown key',
      `image: ${'X'}\nmanifest:\n  - image: a.example/b:1\n`,
      'line 2: unknown key "manifest" at the top level'
    ],
    ['no image', 'manifests:\n  - image: a.example/b:1\n', 'line 1: no "image"'],
    ['no manifests', 'image: a.example/b:1\n', 'line 1: no "manifests"'],
    [
      'a platform field that is not a string',
      'image: a.example/b:1\nmanifests:\n  - image: a.example/b:2\n    platform:\n      variant: 7\n',
      'line 5: platform field "variant" must be a string, got 7 (quote it)'
    ],
    ['not YAML', 'image: [a\n', 'line 1: not valid YAML']
  ])('%s → exit 2, one line naming the key and the line', async (_what, text, message) => {
    const f = specFile(text);
    const r = await runCli(['--spec', f], { env: NO_CI });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(`error: spec file ${f} ${message}`)]);
  });

  test('a spec file that does not exist → 2', async () => {
    const r = await runCli(['--spec', '/nonexistent/spec.yml'], { env: NO_CI });
    expect(r.code).toBe(2);
    expect(errorLine(r)).toBe('error: cannot read spec file /nonexistent/spec.yml: no such file');
  });
});
