/**
 * Issue 19 (fan-in without glue) and issue 17 items 5 and 8, against real distribution 2.8
 * registries with dist/index.js run as the runner runs it: bare digests and digest files
 * (`sources-from`) written as docker/build-push-action's documented build job writes them, the
 * `refs` and `metadata` outputs, `summary: false`, GitHub's output and summary limits, and the
 * message after a wait for a missing source.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MT, getManifest, listTags, pushImage, pushIndex, type PushedImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import { commandLines, expectExit, ref } from '../../harness/checks';
import { expectListIn, theErrorLine } from '../../harness/fanin-checks';

let a: TestRegistry;
let b: TestRegistry;
let amd: PushedImage;
let arm: PushedImage;

beforeAll(async () => {
  [a, b] = await Promise.all([startRegistry(), startRegistry()]);
  // Pushed by digest into the image's repository, as build-push-action's push-by-digest does.
  amd = await pushImage(a, 'g1/app', undefined, { architecture: 'amd64' });
  arm = await pushImage(a, 'g1/app', undefined, { architecture: 'arm64', format: 'oci' });
}, 30_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

/** A workspace with `digests/NAME` files holding exactly `text`. */
function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-ws-'));
  fs.mkdirSync(path.join(dir, 'digests'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'digests', name), text);
  return dir;
}

describe('bare digests and sources-from', () => {
  test('digest files as the build job writes them (echo, CRLF, comments) go straight in; refs for two registries; metadata', async () => {
    // `echo "${digest}" > digests/linux-amd64`, and one edited on Windows with a comment.
    const ws = workspace({
      'linux-arm64': `# built on ubuntu-24.04-arm\r\n${arm.digest}\r\n\r\n`,
      'linux-amd64': `${amd.digest}\n`
    });
    const tags = [ref(a, 'g1/app', '1.0'), ref(b, 'g1/mirror', '1.0'), ref(a, 'g1/app', 'latest')];
    const r = await runAction({ tags: tags.join('\n'), 'sources-from': 'digests/*' }, { cwd: ws });
    expectExit(r, 0);
    const list = await expectListIn(a, 'g1/app', '1.0', r.outputs.digest);
    await expectListIn(b, 'g1/mirror', '1.0', r.outputs.digest);
    await expectListIn(a, 'g1/app', 'latest', r.outputs.digest);
    // Sorted path order: linux-amd64 before linux-arm64.
    expect(list.manifests.map((d) => d.digest)).toEqual([amd.digest, arm.digest]);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64');
    expect(r.outputs.ref).toBe(`${a.host}/g1/app@${r.outputs.digest}`);
    expect(r.outputs.refs).toBe(`${a.host}/g1/app@${r.outputs.digest}\n${b.host}/g1/mirror@${r.outputs.digest}`);

    const stored = await getManifest(a, 'g1/app', '1.0');
    expect(JSON.parse(r.outputs.metadata)).toEqual({
      digest: r.outputs.digest,
      mediaType: MT.ociIndex,
      size: Buffer.byteLength(stored.body),
      tags,
      refs: r.outputs.refs.split('\n'),
      entries: [
        {
          digest: amd.digest,
          mediaType: MT.dockerManifest,
          size: amd.size,
          platform: 'linux/amd64',
          source: `${a.host}/g1/app@${amd.digest}`,
          attestation: false
        },
        {
          digest: arm.digest,
          mediaType: MT.ociManifest,
          size: arm.size,
          platform: 'linux/arm64',
          source: `${a.host}/g1/app@${arm.digest}`,
          attestation: false
        }
      ]
    });
    expect(r.summary).toContain('linux/arm64');
  });

  test('a bare digest in sources, then the files; summary: false writes no job summary', async () => {
    const ws = workspace({ 'linux-arm64': `${arm.digest}\n` });
    const r = await runAction(
      {
        tags: ref(a, 'g1/app', '2.0'),
        sources: amd.digest,
        'sources-from': `${ws}/digests/linux-*`,
        summary: 'false'
      },
      { env: { CI: undefined } }
    );
    expectExit(r, 0);
    const list = await expectListIn(a, 'g1/app', '2.0', r.outputs.digest);
    expect(list.manifests.map((d) => d.digest)).toEqual([amd.digest, arm.digest]);
    expect(r.summary).toBe('');
    expect(r.outputs.refs).toBe(`${a.host}/g1/app@${r.outputs.digest}`);
  });

  test('a pattern that matches no file is an error naming it; nothing is tagged', async () => {
    const ws = workspace({ 'linux-amd64': `${amd.digest}\n` });
    const r = await runAction(
      { tags: ref(a, 'g1/none', '1'), 'sources-from': 'digests/*\nartifacts/digest-*' },
      { cwd: ws }
    );
    expectExit(r, 'nonzero');
    const line = theErrorLine(r.stdout);
    expect(line).toContain('sources-from');
    expect(line).toContain('artifacts/digest-*');
    expect(line).toMatch(/matches no file/);
    expect(await listTags(a, 'g1/none')).toEqual([]);
  });

  test('a bad line in a digest file is named by file and line', async () => {
    const ws = workspace({ 'linux-amd64': `${amd.digest}\nsha256:nothex\n` });
    const r = await runAction({ tags: ref(a, 'g1/bad', '1'), 'sources-from': 'digests/*' }, { cwd: ws });
    expectExit(r, 'nonzero');
    const line = theErrorLine(r.stdout);
    expect(line).toContain(`digests${path.sep}linux-amd64 line 2`);
    expect(line).toContain('sha256:nothex');
    expect(await listTags(a, 'g1/bad')).toEqual([]);
  });
});

describe("GitHub's limits: 1 MB per output, 1 MiB per step summary", () => {
  test('a ~2 MB index is promoted; manifest is empty and the summary shortened, each with a warning naming inspect', async () => {
    // Many index annotations and descriptor annotations make a large but valid index.
    const big = (n: number, prefix: string) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}.${i}`, 'x'.repeat(900)]));
    const index = await pushIndex(
      a,
      'g1/app',
      'big',
      [
        { ...amdDescriptor(), annotations: big(100, 'org.example.amd') },
        { ...armDescriptor(), annotations: big(100, 'org.example.arm') }
      ],
      { format: 'oci', annotations: big(2000, 'org.example.index') }
    );
    expect(index.size).toBeGreaterThan(2_000_000);
    const r = await runAction({
      tags: `${ref(a, 'g2/app', '1')}\n${ref(b, 'g2/app', '1')}`,
      sources: ref(a, 'g1/app', 'big')
    });
    expectExit(r, 0);
    expect(r.outputs.digest).toBe(index.digest); // promoted byte for byte
    expect((await getManifest(b, 'g2/app', '1')).body).toBe(index.manifest);
    expect(r.outputs.ref).toBe(`${a.host}/g2/app@${index.digest}`);
    expect(r.outputs.refs.split('\n')).toEqual([
      `${a.host}/g2/app@${index.digest}`,
      `${b.host}/g2/app@${index.digest}`
    ]);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64');
    expect(r.outputs.manifest).toBe('');
    for (const [name, value] of Object.entries(r.outputs))
      expect([name, Buffer.byteLength(value) <= 1_000_000]).toEqual([name, true]);
    expect(JSON.parse(r.outputs.metadata).size).toBe(index.size);
    expect(Buffer.byteLength(r.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(r.summary).toContain(index.digest);
    expect(r.summary).toContain('linux/arm64');
    const warnings = commandLines(r.stdout, 'warning');
    const output = warnings.filter((w) => /manifest. output/.test(w));
    const summary = warnings.filter((w) => /job summary/.test(w));
    expect(output).toHaveLength(1);
    expect(summary).toHaveLength(1);
    for (const w of [...output, ...summary]) expect(w).toContain('inspect');

    // The inspect sub-action, which the warnings name, keeps within the same limits.
    const inspected = await runAction(
      { ref: ref(a, 'g2/app', '1'), 'expect-digest': index.digest },
      { script: path.resolve(__dirname, '../../dist/inspect/index.js') }
    );
    expectExit(inspected, 0);
    expect(inspected.outputs.digest).toBe(index.digest);
    expect(inspected.outputs.platforms).toBe('linux/amd64,linux/arm64');
    expect(inspected.outputs.manifest).toBe('');
    expect(Buffer.byteLength(inspected.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(inspected.summary).toContain(index.digest);
    const inspectWarnings = commandLines(inspected.stdout, 'warning');
    expect(inspectWarnings).toHaveLength(2);
    for (const w of inspectWarnings) expect(w).toContain(`manifest-fanin inspect ${a.host}/g2/app@${index.digest}`);
  }, 60_000);
});

describe('issue 17 item 8: after the wait, the error keeps the diagnosis and says how long', () => {
  const waitEnv = { CI: 'true', FANIN_SOURCE_WAIT_SECONDS: '2' };

  test('a repository that does not exist', async () => {
    const missing = ref(a, 'g3/nowhere', 'amd64');
    const r = await runAction({ tags: ref(a, 'g3/app', '1'), sources: missing }, { env: waitEnv });
    expectExit(r, 'nonzero');
    expect(r.stdout).toMatch(/not found yet/);
    const line = theErrorLine(r.stdout);
    expect(line).toContain(missing);
    expect(line).toContain(`${a.host} has no repository g3/nowhere`);
    expect(line).toMatch(/still after waiting \d+(\.\d)? s \(up to 2 s: FANIN_SOURCE_WAIT_SECONDS\)/);
  });

  test('a tag that does not exist in a repository that does', async () => {
    const missing = ref(a, 'g1/app', 'never');
    const r = await runAction({ tags: ref(a, 'g3/app', '2'), sources: missing }, { env: waitEnv });
    expectExit(r, 'nonzero');
    const line = theErrorLine(r.stdout);
    expect(line).toContain(`${a.host} has the repository g1/app, but not its tag never`);
    expect(line).toMatch(/still after waiting \d+(\.\d)? s \(up to 2 s: FANIN_SOURCE_WAIT_SECONDS\)/);
  });
});

function amdDescriptor() {
  return { mediaType: amd.mediaType, digest: amd.digest, size: amd.size, platform: amd.platform };
}
function armDescriptor() {
  return { mediaType: arm.mediaType, digest: arm.digest, size: arm.size, platform: arm.platform };
}
