/**
 * Install and local runs: `npm pack` yields a tarball that `npm install -g` installs offline
 * (the CLI is one bundle, so it needs no dependency) into a working `manifest-fanin`, on the
 * machine's Node (20 or later) as on Node 24; a local run's summary file starts afresh each run.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getManifest, pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { NODE24 } from '../../harness/tools';
import { ROOT } from '../support/action-meta';

const execFileP = promisify(execFile);

let reg: TestRegistry;
let tmp: string;
let tarball: string;
let bin: string;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-pack-'));
  reg = await startRegistry();
  await pushImage(reg, 'pkg/app', 'amd64', { architecture: 'amd64' });
  await pushImage(reg, 'pkg/app', 'arm64', { architecture: 'arm64' });
  // npm itself runs on whatever node is first on PATH; the tarball does not depend on it.
  const packed = await execFileP('npm', ['pack', '--json', '--pack-destination', tmp], {
    cwd: ROOT,
    maxBuffer: 16 << 20
  });
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(tmp, info.filename);
  fs.writeFileSync(path.join(tmp, 'files.json'), JSON.stringify(info.files.map((f) => f.path)));
  await execFileP(
    'npm',
    ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', path.join(tmp, 'prefix'), tarball],
    { cwd: tmp }
  );
  bin = path.join(tmp, 'prefix', 'bin', 'manifest-fanin');
}, 120_000);
afterAll(async () => {
  await reg?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Run the installed command with `node` = the given binary first on PATH, and a private docker config. */
async function installed(args: string[], node: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const nodeDir = fs.mkdtempSync(path.join(tmp, 'node-'));
  fs.symlinkSync(node, path.join(nodeDir, 'node'));
  const env = {
    ...process.env,
    PATH: `${nodeDir}:${process.env.PATH}`,
    DOCKER_CONFIG: fs.mkdtempSync(path.join(tmp, 'dc-')),
    CI: ''
  };
  try {
    const r = await execFileP(bin, args, { env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('the tarball holds the command and its bundle, not the sources', () => {
  const files = JSON.parse(fs.readFileSync(path.join(tmp, 'files.json'), 'utf8')) as string[];
  expect(files).toEqual(
    expect.arrayContaining(['bin/manifest-fanin.js', 'dist/cli/index.js', 'package.json', 'README.md', 'LICENSE'])
  );
  expect(files.filter((f) => f.startsWith('src/') || f.startsWith('__tests__/') || f === 'dist/index.js')).toEqual([]);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  // Nothing to fetch at install time: every runtime dependency is inside the bundle.
  expect(pkg.dependencies ?? {}).toEqual({});
  expect(pkg.private).toBeUndefined();
});

const nodes: Array<[string, string]> = [['Node 24', NODE24]];
const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find(
  (p) => fs.existsSync(p) && fs.realpathSync(p) !== fs.realpathSync(NODE24)
);
if (systemNode) nodes.push(["the machine's node", systemNode]);

describe.each(nodes)('installed with npm install -g, run on %s', (_name, node) => {
  test('--help', async () => {
    const r = await installed(['--help'], node);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: manifest-fanin');
  });

  test('create and inspect against a registry', async () => {
    const tag = `t${path.basename(node).length}${Math.random().toString(36).slice(2, 6)}`;
    const r = await installed(
      ['create', `${reg.host}/pkg/app:${tag}`, `${reg.host}/pkg/app:amd64`, `${reg.host}/pkg/app:arm64`],
      node
    );
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const got = await getManifest(reg, 'pkg/app', tag);
    expect(r.stdout.trim()).toBe(got.digest);
    const i = await installed(['inspect', `${reg.host}/pkg/app:${tag}`], node);
    expect(JSON.parse(i.stdout)).toEqual(JSON.parse(got.body));
  });

  test('--version prints the package version (issue 22)', async () => {
    const r = await installed(['--version'], node);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  test('a usage error exits 2', async () => {
    expect((await installed(['--tag', 'x'], node)).code).toBe(2);
  });
});

test('a local run reuses one summary file: each run starts it afresh', async () => {
  const summary = path.join(tmp, 'local-summary.md');
  fs.writeFileSync(summary, '### an earlier run\n');
  const inputs = { tags: `${reg.host}/pkg/app:local`, sources: `${reg.host}/pkg/app:amd64` };
  for (let i = 0; i < 2; i++) {
    const r = await runAction(inputs, { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
  }
  const text = fs.readFileSync(summary, 'utf8');
  expect(text).not.toContain('an earlier run');
  expect(text.match(/### Published/g)).toHaveLength(1);
});

// The README's local-run command, as written; `npm install` brings @github/local-action (a devDependency).
const localAction = path.join(ROOT, 'node_modules/.bin/local-action');
(fs.existsSync(localAction) ? test : test.skip)(
  'npx @github/local-action run . src/edges/action.ts ENV works as the README says',
  async () => {
    const summary = path.join(tmp, 'la-summary.md');
    fs.writeFileSync(summary, '### an earlier run\n');
    const envFile = path.join(tmp, 'la.env');
    fs.writeFileSync(
      envFile,
      [
        `INPUT_TAGS=${reg.host}/pkg/app:la`,
        `INPUT_SOURCES=${reg.host}/pkg/app:amd64,${reg.host}/pkg/app:arm64`,
        `GITHUB_STEP_SUMMARY=${summary}`,
        `DOCKER_CONFIG=${fs.mkdtempSync(path.join(tmp, 'dc-'))}`,
        ''
      ].join('\n')
    );
    const r = await execFileP('npx', ['@github/local-action', 'run', '.', 'src/edges/action.ts', envFile], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` },
      maxBuffer: 16 << 20,
      timeout: 120_000
    });
    const got = await getManifest(reg, 'pkg/app', 'la');
    expect(got.status).toBe(200);
    expect(r.stdout).toContain(got.digest);
    const text = fs.readFileSync(summary, 'utf8');
    expect(text).not.toContain('an earlier run');
    expect(text).toContain(`**Digest:** <code>${got.digest}</code>`);
  },
  150_000
);

describe("npm install on the machine's Node 20: no EBADENGINE, no install-script notice", () => {
  const semver = require('semver') as { satisfies(v: string, range: string): boolean };
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<
      string,
      {
        version?: string;
        engines?: { node?: string } | string[];
        hasInstallScript?: boolean;
        os?: string[];
        cpu?: string[];
      }
    >;
  };
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const installed = Object.entries(lock.packages).filter(
    ([p, m]) => p !== '' && (!m.os || m.os.includes('linux')) && (!m.cpu || m.cpu.includes('x64'))
  );

  test('every package in the lock accepts Node 20 (npm warns EBADENGINE otherwise)', () => {
    const refuse = installed
      .filter(
        ([, m]) =>
          m.engines && !Array.isArray(m.engines) && m.engines.node && !semver.satisfies('20.19.0', m.engines.node)
      )
      .map(([p, m]) => `${p}@${m.version} needs node ${(m.engines as { node: string }).node}`);
    expect(refuse).toEqual([]);
    expect(semver.satisfies('20.19.0', pkg.engines.node)).toBe(true);
  });

  test('every package with an install script is approved or denied in allowScripts', () => {
    const names = installed
      .filter(([, m]) => m.hasInstallScript)
      .map(([p]) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(names.filter((n) => !(n in (pkg.allowScripts ?? {})))).toEqual([]);
    // node@24 must run its install: it is the Node 24 the tests run on.
    expect(pkg.allowScripts.node).toBe(true);
  });
});
