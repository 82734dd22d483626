/**
 * docs/gitlab-ci.md's job, run as GitLab runs it: the `script:` lines of the example, taken from
 * the document itself, in one bash shell, against a local registry with basic auth and GitLab's
 * predefined variables. The one substitution: `npx --yes manifest-fanin@2` (which would fetch the
 * published package) becomes the `manifest-fanin` that this repository's `npm pack` installs.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getManifest, pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { NODE24 } from '../../harness/tools';
import { ROOT } from '../support/action-meta';
import { parseYaml, type YamlValue } from '../support/yaml';

const execFileP = promisify(execFile);
const NPX = 'npx --yes manifest-fanin@2';

/** The YAML block of docs/gitlab-ci.md, and its job's script lines, exactly as written. */
function exampleScript(): string[] {
  const md = fs.readFileSync(path.join(ROOT, 'docs/gitlab-ci.md'), 'utf8');
  const block = /^```yaml\n([\s\S]*?)^```$/m.exec(md);
  if (!block) throw new Error('docs/gitlab-ci.md has no ```yaml block');
  const jobs = parseYaml(block[1]) as Record<string, Record<string, YamlValue>>;
  const [job] = Object.values(jobs);
  expect(job.image).toBe('node:24');
  return job.script as string[];
}

let reg: TestRegistry;
let tmp: string;
let binDir: string;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-gitlab-'));
  reg = await startRegistry({ basicAuth: true });
  await pushImage(reg, 'group/app', 'v1.0.0-amd64', { architecture: 'amd64' });
  await pushImage(reg, 'group/app', 'v1.0.0-arm64', { architecture: 'arm64' });
  const packed = await execFileP('npm', ['pack', '--json', '--pack-destination', tmp], {
    cwd: ROOT,
    maxBuffer: 16 << 20
  });
  const tarball = path.join(tmp, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0].filename);
  const prefix = path.join(tmp, 'prefix');
  await execFileP('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], {
    cwd: tmp
  });
  binDir = path.join(prefix, 'bin');
  // `node` of the job's image: Node 24.
  fs.symlinkSync(NODE24, path.join(binDir, 'node'));
}, 180_000);
afterAll(async () => {
  await reg?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the script names the package as published, so the substitution below is the only change', () => {
  const script = exampleScript();
  expect(script.filter((l) => l.includes('manifest-fanin')).every((l) => l.includes(NPX))).toBe(true);
  expect(script.some((l) => l.includes(NPX))).toBe(true);
});

test('docs/gitlab-ci.md: the job script, line by line in one shell, pushes the list and reads it back', async () => {
  const script = exampleScript().map((l) => l.split(NPX).join(path.join(binDir, 'manifest-fanin')));
  const home = fs.mkdtempSync(path.join(tmp, 'home-'));
  const env = {
    PATH: `${binDir}:${process.env.PATH}`,
    HOME: home,
    CI: 'true',
    GITLAB_CI: 'true',
    CI_REGISTRY: reg.host,
    CI_REGISTRY_IMAGE: `${reg.host}/group/app`,
    CI_REGISTRY_USER: reg.user!,
    CI_REGISTRY_PASSWORD: reg.password!,
    CI_COMMIT_TAG: 'v1.0.0'
  };
  // GitLab runs the lines in one shell and stops at the first that fails.
  const r = await execFileP('bash', ['-e', '-o', 'pipefail', '-c', script.join('\n')], { env, cwd: tmp });
  const got = await getManifest(reg, 'group/app', 'v1.0.0');
  expect(got.status).toBe(200);
  expect(r.stdout).toContain(`pushed ${reg.host}/group/app@${got.digest}`);
  // The last line: the stored bytes read back hash to the digest.
  expect(r.stdout).toContain(`${got.digest!.slice('sha256:'.length)}  -`);
  expect(r.stderr).not.toMatch(/^error/m);
  expect(
    JSON.parse(got.body).manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture)
  ).toEqual(['amd64', 'arm64']);
}, 120_000);
