/**
 * The inspect sub-action (inspect/action.yml → dist/inspect/index.js) run as the runner runs it,
 * against a real registry, with its outputs read from GITHUB_OUTPUT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { basicAuthEntry, writeDockerConfig } from '../../harness/docker-config';
import { getManifest, pushBuildxStyle, pushImage, pushIndex } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { readActionYml, ROOT } from '../support/action-meta';
import { commandLines } from '../../harness/checks';

const SCRIPT = path.join(ROOT, 'dist/inspect/index.js');
const run = (inputs: Record<string, string>, opts: Parameters<typeof runAction>[1] = {}) =>
  runAction(inputs, { script: SCRIPT, ...opts });

let reg: TestRegistry;
let readOnly: TestRegistry;
let listDigest: string;
beforeAll(async () => {
  [reg, readOnly] = await Promise.all([startRegistry(), startRegistry({ tokenAuth: true })]);
  const amd = await pushImage(reg, 'sub/app', undefined, { architecture: 'amd64' });
  const arm = await pushImage(reg, 'sub/app', undefined, { architecture: 'arm', variant: 'v7', format: 'oci' });
  listDigest = (await pushIndex(reg, 'sub/app', '1.0', [amd, arm], { format: 'oci' })).digest;
  await pushImage(reg, 'sub/app', 'single', { architecture: 'arm64', variant: 'v8' });
  await pushBuildxStyle(reg, 'sub/app', 'bx', { architecture: 'amd64' });
}, 30_000);
afterAll(() => Promise.all([reg?.stop(), readOnly?.stop()]));

const errors = (stdout: string) => commandLines(stdout, 'error');

test('inspect/action.yml: node24, the bundle, the inputs and outputs of the interface', () => {
  const meta = readActionYml(path.join(ROOT, 'inspect/action.yml'));
  expect(meta.raw.runs).toEqual({ using: 'node24', main: '../dist/inspect/index.js' });
  expect(fs.existsSync(path.resolve(ROOT, 'inspect', '../dist/inspect/index.js'))).toBe(true);
  expect(meta.inputs.map((i) => [i.name, i.required, i.default])).toEqual([
    ['ref', true, undefined],
    ['insecure', false, 'false'],
    ['expect-digest', false, ''],
    ['platforms', false, '']
  ]);
  expect(meta.outputs.map((o) => o.name)).toEqual(['digest', 'media-type', 'manifest', 'platforms']);
});

test('outputs: digest, media type, the stored bytes and the platforms; a summary table', async () => {
  const r = await run({
    ref: `${reg.host}/sub/app:1.0`,
    'expect-digest': listDigest,
    platforms: 'linux/arm/v7, linux/amd64'
  });
  expect(errors(r.stdout)).toEqual([]);
  expect(r.code).toBe(0);
  const stored = await getManifest(reg, 'sub/app', '1.0');
  expect(r.outputs).toEqual({
    digest: listDigest,
    'media-type': 'application/vnd.oci.image.index.v1+json',
    manifest: stored.body,
    platforms: 'linux/amd64,linux/arm/v7'
  });
  expect(r.summary).toContain(`**Digest:** <code>${listDigest}</code>`);
  expect(r.summary).toContain('| Platform | Digest | Type | Size |');
  expect(r.summary).toMatch(/\| linux\/arm\/v7 \| <code title="sha256:[0-9a-f]{64}">/);
});

test('a single manifest: its own platform from the config; arm64/v8 matches linux/arm64', async () => {
  const r = await run({ ref: `${reg.host}/sub/app:single`, platforms: 'linux/arm64' });
  expect(r.code).toBe(0);
  expect(r.outputs.platforms).toBe('linux/arm64/v8');
  expect(r.outputs['media-type']).toBe('application/vnd.docker.distribution.manifest.v2+json');
});

test('attestations are not platforms', async () => {
  const r = await run({ ref: `${reg.host}/sub/app:bx`, platforms: 'linux/amd64' });
  expect(r.code).toBe(0);
  expect(r.outputs.platforms).toBe('linux/amd64');
});

test('expect-digest mismatch fails naming both digests; outputs and summary still say what is there', async () => {
  const other = `sha256:${'a'.repeat(64)}`;
  const r = await run({ ref: `${reg.host}/sub/app:1.0`, 'expect-digest': other });
  expect(r.code).toBe(1);
  const [line] = errors(r.stdout);
  expect(line).toBe(`${reg.host}/sub/app:1.0 resolves to ${listDigest}, but expect-digest is ${other}`);
  expect(r.outputs.digest).toBe(listDigest);
  expect(r.summary).toContain('[!CAUTION]');
});

test('platforms mismatch names what it holds, what was expected, and the difference', async () => {
  const r = await run({ ref: `${reg.host}/sub/app:1.0`, platforms: 'linux/amd64,linux/arm64' });
  expect(r.code).toBe(1);
  expect(errors(r.stdout)).toEqual([
    `${reg.host}/sub/app:1.0 holds linux/amd64, linux/arm/v7, but platforms is linux/amd64, linux/arm64: missing linux/arm64; extra linux/arm/v7`
  ]);
});

test('a tag that is not there: one error line naming it and what the registry said; the summary says so', async () => {
  const r = await run({ ref: `${reg.host}/sub/app:nope`, platforms: 'linux/amd64' });
  expect(r.code).toBe(1);
  const lines = errors(r.stdout);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^${reg.host}/sub/app:nope: .*HTTP 404`));
  expect(r.stdout.trimEnd().split('\n').pop()).toBe(`::error::${lines[0]}`);
  expect(r.summary).toContain(`### ${reg.host}/sub/app:nope: not checked`);
  expect(r.outputs).toEqual({});
});

test('bad inputs: one error line before any request', async () => {
  for (const [inputs, want] of [
    [{ ref: '' }, 'input "ref" is empty'],
    [{ ref: `${reg.host}/sub/app:1.0`, 'expect-digest': 'abc' }, 'input "expect-digest": "abc" is not a digest'],
    [{ ref: `${reg.host}/sub/app:1.0`, platforms: 'linux' }, 'input "platforms": invalid platform "linux"'],
    [{ ref: `${reg.host}/sub/app:1.0`, insecure: 'maybe' }, 'input "insecure" must be true or false']
  ] as const) {
    const r = await run(inputs as Record<string, string>);
    expect(r.code).toBe(1);
    expect(errors(r.stdout)).toHaveLength(1);
    expect(errors(r.stdout)[0]).toContain(want);
  }
});

test('reads only: it asks the token server for pull and nothing else', async () => {
  await pushImage(readOnly, 'ro/app', 'x', { architecture: 'amd64' });
  const before = readOnly.token!.requests.length;
  const dockerConfig = writeDockerConfig(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-ro-')), 'cfg'), {
    auths: { [readOnly.host]: basicAuthEntry(readOnly.user!, readOnly.password!) }
  });
  const r = await run({ ref: `${readOnly.host}/ro/app:x`, platforms: 'linux/amd64' }, { dockerConfig });
  expect(errors(r.stdout)).toEqual([]);
  expect(r.outputs.platforms).toBe('linux/amd64');
  const scopes = readOnly.token!.requests.slice(before).flatMap((q) => q.scopes);
  expect(scopes.length).toBeGreaterThan(0);
  expect(new Set(scopes)).toEqual(new Set(['repository:ro/app:pull']));
});
