/**
 * The action end to end against real registries (issue "The action, end to end"): plain HTTP,
 * TLS + basic auth, token auth. Each test runs the bundled dist/index.js as the runner does and
 * checks what the registry then serves.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { basicAuthEntry, makeCredentialHelper, writeDockerConfig } from '../../harness/docker-config';
import { MT, getManifest, headBlob, pushImage, sha256, type PushedImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction, runCli } from '../../harness/run-action';
import { hasSkopeo } from '../../harness/tools';
import { commandLines } from '../../harness/checks';

const execFileP = promisify(execFile);
const FAST_FAIL = { FANIN_SOURCE_WAIT_SECONDS: '0' };

let plain: TestRegistry;
let secure: TestRegistry;
let tokenReg: TestRegistry;

beforeAll(async () => {
  [plain, secure, tokenReg] = await Promise.all([
    startRegistry(),
    startRegistry({ tls: true, basicAuth: true }),
    startRegistry({ tokenAuth: true })
  ]);
}, 30_000);
afterAll(async () => {
  await Promise.all([plain?.stop(), secure?.stop(), tokenReg?.stop()]);
});

function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every child manifest and every blob of `images` exists in `repo`. */
async function expectAllPresent(reg: TestRegistry, repo: string, images: PushedImage[]): Promise<void> {
  for (const img of images) {
    expect((await getManifest(reg, repo, img.digest)).status).toBe(200);
    for (const blob of [img.configDigest, ...img.layerDigests]) expect(await headBlob(reg, repo, blob)).toBe(200);
  }
}

/**
 * What a person sees in the job log: the runner consumes `::add-mask::` commands (that is how
 * secrets get registered) and never shows them.
 */
function visible(r: { stdout: string; stderr: string }): string {
  return (r.stdout + r.stderr)
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

/** The one line the toolkit prints for a failure. */
function errorLine(stdout: string): string {
  const lines = commandLines(stdout, 'error');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('plain HTTP registry', () => {
  test('four sources in four other repositories, mixed Docker/OCI, into one target', async () => {
    const images = [
      await pushImage(plain, 'mix/amd64', 'build-1', { architecture: 'amd64' }),
      await pushImage(plain, 'mix/arm64', 'build-1', { architecture: 'arm64', variant: 'v8', format: 'oci' }),
      await pushImage(plain, 'mix/armv7', 'build-1', { architecture: 'arm', variant: 'v7', layerSizes: [2048, 4096] }),
      await pushImage(plain, 'mix/ppc', 'build-1', { architecture: 'ppc64le', format: 'oci' })
    ];
    const sources = ['amd64', 'arm64', 'armv7', 'ppc'].map((r) => `${plain.host}/mix/${r}:build-1`);
    const r = await runAction({ tags: `${plain.host}/mix/app:1.0`, sources: sources.join('\n') });
    expect(r.code).toBe(0);

    const got = await getManifest(plain, 'mix/app', '1.0');
    expect(got.status).toBe(200);
    expect(r.outputs.digest).toBe(got.digest);
    expect(r.outputs.digest).toBe(sha256(got.body));
    expect(r.outputs.manifest).toBe(got.body);
    expect(r.outputs['media-type']).toBe(MT.ociIndex);
    expect(r.outputs.ref).toBe(`${plain.host}/mix/app@${got.digest}`);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64/v8,linux/arm/v7,linux/ppc64le');

    const list = JSON.parse(got.body);
    expect(list.manifests.map((m: { digest: string }) => m.digest)).toEqual(images.map((i) => i.digest));
    expect(list.manifests.map((m: { mediaType: string }) => m.mediaType)).toEqual([
      MT.dockerManifest,
      MT.ociManifest,
      MT.dockerManifest,
      MT.ociManifest
    ]);
    expect(list.manifests.map((m: { size: number }) => m.size)).toEqual(
      images.map((i) => Buffer.byteLength(i.manifest))
    );
    await expectAllPresent(plain, 'mix/app', images);
    expect(r.summary).toContain(r.outputs.digest);
    expect(r.summary).toContain('| linux/arm/v7 |');

    if (hasSkopeo()) {
      const out = tmpDir('fanin-skopeo-');
      await execFileP(
        'skopeo',
        ['copy', '--all', '--src-tls-verify=false', `docker://${plain.host}/mix/app:1.0`, `oci:${out}:x`],
        { timeout: 60_000 }
      );
      const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8'));
      expect(index.manifests).toHaveLength(1);
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('all-Docker children make a Docker manifest list; output equals docker bytes exactly', async () => {
    const a = await pushImage(plain, 'dl/a', 'x', { architecture: 'amd64' });
    const b = await pushImage(plain, 'dl/b', 'x', { architecture: 's390x' });
    const r = await runAction({
      tags: `${plain.host}/dl/app:2`,
      sources: `${plain.host}/dl/a:x, ${plain.host}/dl/b:x`
    });
    expect(r.code).toBe(0);
    expect(r.outputs['media-type']).toBe(MT.dockerList);
    const list = JSON.parse(r.outputs.manifest);
    expect(list).toEqual({
      schemaVersion: 2,
      mediaType: MT.dockerList,
      manifests: [
        {
          mediaType: MT.dockerManifest,
          digest: a.digest,
          size: Buffer.byteLength(a.manifest),
          platform: { architecture: 'amd64', os: 'linux' }
        },
        {
          mediaType: MT.dockerManifest,
          digest: b.digest,
          size: Buffer.byteLength(b.manifest),
          platform: { architecture: 's390x', os: 'linux' }
        }
      ]
    });
    expect((await getManifest(plain, 'dl/app', '2')).digest).toBe(r.outputs.digest);
  });

  test('annotate flags override the config; aliases are normalized', async () => {
    const a = await pushImage(plain, 'ann/a', 'x', { architecture: 'amd64' });
    const b = await pushImage(plain, 'ann/b', 'x', { architecture: 'amd64' });
    const r = await runAction({
      tags: `${plain.host}/ann/app:1`,
      sources: `${plain.host}/ann/a:x\n${plain.host}/ann/b:x`,
      annotations: `${plain.host}/ann/b:x --arch aarch64 --variant 8\n${plain.host}/ann/a:x --os-version 10.0.17763.1 --os windows`
    });
    expect(r.code).toBe(0);
    expect(r.outputs.platforms).toBe('windows/amd64,linux/arm64/v8');
    const list = JSON.parse((await getManifest(plain, 'ann/app', '1')).body);
    expect(list.manifests[0]).toMatchObject({
      digest: a.digest,
      platform: { architecture: 'amd64', os: 'windows', 'os.version': '10.0.17763.1' }
    });
    expect(list.manifests[1]).toMatchObject({
      digest: b.digest,
      platform: { architecture: 'arm64', os: 'linux', variant: 'v8' }
    });
  });

  test('sources pushed by digest only', async () => {
    const a = await pushImage(plain, 'bydigest/a', undefined, { architecture: 'amd64' });
    const b = await pushImage(plain, 'bydigest/b', undefined, { architecture: 'riscv64', format: 'oci' });
    const r = await runAction({
      tags: `${plain.host}/bydigest/app:v1`,
      sources: `${plain.host}/bydigest/a@${a.digest}\n${plain.host}/bydigest/b@${b.digest}`
    });
    expect(r.code).toBe(0);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/riscv64');
    await expectAllPresent(plain, 'bydigest/app', [a, b]);
  });

  test('the command-line entry shares the core and prints the digest', async () => {
    await pushImage(plain, 'cli/a', 'x', { architecture: 'amd64' });
    await pushImage(plain, 'cli/b', 'x', { architecture: 'arm64' });
    const r = await runCli([
      '--tags',
      `${plain.host}/cli/app:1`,
      '--sources',
      `${plain.host}/cli/a:x,${plain.host}/cli/b:x`
    ]);
    expect(r.code).toBe(0);
    const digest = r.stdout.trim();
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect((await getManifest(plain, 'cli/app', '1')).digest).toBe(digest);
  });
});

describe('failures: one clear line, non-zero exit, nothing tagged', () => {
  test('a missing source names the reference, registry, status and registry code', async () => {
    await pushImage(plain, 'fail/a', 'x', { architecture: 'amd64' });
    const r = await runAction(
      { tags: `${plain.host}/fail/app:1`, sources: `${plain.host}/fail/a:x\n${plain.host}/fail/nope:x` },
      { env: FAST_FAIL }
    );
    expect(r.code).not.toBe(0);
    const line = errorLine(r.stdout);
    expect(line).toContain(`${plain.host}/fail/nope:x`);
    expect(line).toContain('404');
    expect(line).toContain('MANIFEST_UNKNOWN');
    expect(line).toMatch(/check that/);
    expect((await getManifest(plain, 'fail/app', '1')).status).toBe(404);
    expect((await getManifest(plain, 'fail/app', (await getManifest(plain, 'fail/a', 'x')).digest!)).status).toBe(404);
  });

  test('duplicate platforms name both sources', async () => {
    await pushImage(plain, 'dup/a', 'x', { architecture: 'amd64' });
    await pushImage(plain, 'dup/b', 'x', { architecture: 'x86_64' });
    const r = await runAction(
      { tags: `${plain.host}/dup/app:1`, sources: `${plain.host}/dup/a:x\n${plain.host}/dup/b:x` },
      { env: FAST_FAIL }
    );
    expect(r.code).not.toBe(0);
    const line = errorLine(r.stdout);
    expect(line).toContain('duplicate platform linux/amd64');
    expect(line).toContain(`${plain.host}/dup/a:x`);
    expect(line).toContain(`${plain.host}/dup/b:x`);
    expect((await getManifest(plain, 'dup/app', '1')).status).toBe(404);
  });

  test('a malformed reference is an input error before any request', async () => {
    const r = await runAction({ tags: `${plain.host}/Bad/App:1`, sources: `${plain.host}/x:y` }, { env: FAST_FAIL });
    expect(r.code).not.toBe(0);
    expect(errorLine(r.stdout)).toMatch(/invalid reference ".*Bad\/App:1": repository names must be lowercase/);
    const r2 = await runAction(
      { tags: `${plain.host}/ok:1`, sources: `${plain.host}/x:y@sha256:abc` },
      { env: FAST_FAIL }
    );
    expect(errorLine(r2.stdout)).toMatch(/invalid reference .*sha256:abc/);
  });

  test('a bad annotation line names the line', async () => {
    await pushImage(plain, 'badann/a', 'x', { architecture: 'amd64' });
    const src = `${plain.host}/badann/a:x`;
    const r = await runAction(
      { tags: `${plain.host}/badann/app:1`, sources: src, annotations: `${src} --arch` },
      { env: FAST_FAIL }
    );
    expect(r.code).not.toBe(0);
    expect(errorLine(r.stdout)).toContain(`annotations line 1 "${src} --arch": --arch needs a value`);
    const r2 = await runAction(
      { tags: `${plain.host}/badann/app:1`, sources: src, annotations: `${plain.host}/other:x --arch arm64` },
      { env: FAST_FAIL }
    );
    expect(errorLine(r2.stdout)).toContain('is not one of the sources');
    expect((await getManifest(plain, 'badann/app', '1')).status).toBe(404);
  });
});

describe('TLS + basic auth registry', () => {
  let images: PushedImage[];
  beforeAll(async () => {
    images = [
      await pushImage(secure, 'team/a', 'x', { architecture: 'amd64' }),
      await pushImage(secure, 'team/b', 'x', { architecture: 'arm64', format: 'oci' })
    ];
  });
  const sources = () => `${secure.host}/team/a:x\n${secure.host}/team/b:x`;

  test('without insecure, the self-signed certificate is an error naming the registry', async () => {
    const cfg = writeDockerConfig(tmpDir('fanin-cfg-'), {
      auths: { [secure.host]: basicAuthEntry(secure.user!, secure.password!) }
    });
    const r = await runAction(
      { tags: `${secure.host}/team/app:tls`, sources: sources() },
      { dockerConfig: cfg, env: FAST_FAIL }
    );
    expect(r.code).not.toBe(0);
    const line = errorLine(r.stdout);
    expect(line).toContain(`registry ${secure.host}`);
    expect(line).toMatch(/certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    expect(line).toContain('insecure: true');
    expect((await getManifest(secure, 'team/app', 'tls')).status).toBe(404);
  });

  test('on the command line the same error names --insecure and the certs.d directory in use', async () => {
    const cfg = writeDockerConfig(tmpDir('fanin-cfg-'), {
      auths: { [secure.host]: basicAuthEntry(secure.user!, secure.password!) }
    });
    const certs = tmpDir('fanin-certsd-');
    const r = await runCli(['create', `${secure.host}/team/app:tls-cli`, `${secure.host}/team/a:x`], {
      dockerConfig: cfg,
      env: { ...FAST_FAIL, FANIN_CERTS_DIR: certs }
    });
    expect(r.code).toBe(1);
    const last = r.stderr.trim().split('\n').pop()!;
    expect(last).toMatch(/certificate is not trusted/);
    expect(last).toContain('pass --insecure');
    expect(last).not.toContain('insecure: true');
    expect(last).toContain(`${certs}/${secure.host}/ca.crt`);
    expect((await getManifest(secure, 'team/app', 'tls-cli')).status).toBe(404);
  });

  test('insecure + credentials from config.json auths', async () => {
    const cfg = writeDockerConfig(tmpDir('fanin-cfg-'), {
      auths: { [`https://${secure.host}`]: basicAuthEntry(secure.user!, secure.password!) }
    });
    const r = await runAction(
      { tags: `${secure.host}/team/app:auths`, sources: sources(), insecure: 'true' },
      { dockerConfig: cfg, env: { ACTIONS_STEP_DEBUG: 'true' } }
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`::warning::TLS certificate verification is off for ${secure.host}`);
    expect((await getManifest(secure, 'team/app', 'auths')).digest).toBe(r.outputs.digest);
    await expectAllPresent(secure, 'team/app', images);
    // Debug logging on: still no password, no base64 credentials in any output.
    const all = visible(r) + r.summary;
    expect(all).toContain('::debug::');
    expect(all).not.toContain(secure.password!);
    expect(all).not.toContain(basicAuthEntry(secure.user!, secure.password!).auth);
  });

  test("TLS verifies, without insecure, against a CA in docker's certs.d/<host>/ or NODE_EXTRA_CA_CERTS", async () => {
    const cfg = writeDockerConfig(tmpDir('fanin-cfg-'), {
      auths: { [secure.host]: basicAuthEntry(secure.user!, secure.password!) }
    });
    const certs = tmpDir('fanin-certs-');
    fs.mkdirSync(path.join(certs, secure.host));
    fs.copyFileSync(secure.caCert!, path.join(certs, secure.host, 'ca.crt'));
    const r = await runAction(
      { tags: `${secure.host}/team/app:certsd`, sources: sources() },
      { dockerConfig: cfg, env: { FANIN_CERTS_DIR: certs } }
    );
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('verification is off');
    expect((await getManifest(secure, 'team/app', 'certsd')).digest).toBe(r.outputs.digest);

    const r2 = await runAction(
      { tags: `${secure.host}/team/app:extra-ca`, sources: sources() },
      { dockerConfig: cfg, env: { NODE_EXTRA_CA_CERTS: secure.caCert! } }
    );
    expect(r2.code).toBe(0);
    expect(r2.outputs.digest).toBe(r.outputs.digest);
  });

  test('credentials from a credential helper (credHelpers before auths)', async () => {
    const bin = tmpDir('fanin-bin-');
    const helper = makeCredentialHelper(bin, 'fanintest', {
      [secure.host]: { Username: secure.user!, Secret: secure.password! }
    });
    const cfg = writeDockerConfig(tmpDir('fanin-cfg-'), {
      credHelpers: { [secure.host]: 'fanintest' },
      auths: { [secure.host]: basicAuthEntry('wrong', 'wrong') }
    });
    const r = await runAction(
      { tags: `${secure.host}/team/app:helper`, sources: sources(), insecure: 'true' },
      { dockerConfig: cfg, env: { PATH: `${bin}:${process.env.PATH}` } }
    );
    expect(r.code).toBe(0);
    expect(helper.calls()).toEqual([{ action: 'get', server: secure.host }]);
    expect((await getManifest(secure, 'team/app', 'helper')).digest).toBe(r.outputs.digest);
    expect(visible(r)).not.toContain(secure.password!);
  });

  test('wrong credentials: 401 named, with what to do', async () => {
    const cfg = writeDockerConfig(tmpDir('fanin-cfg-'), {
      auths: { [secure.host]: basicAuthEntry(secure.user!, 'not-the-password') }
    });
    const r = await runAction(
      { tags: `${secure.host}/team/app:wrong`, sources: sources(), insecure: 'true' },
      { dockerConfig: cfg, env: FAST_FAIL }
    );
    expect(r.code).not.toBe(0);
    const line = errorLine(r.stdout);
    expect(line).toContain('401');
    expect(line).toContain(secure.host);
    expect(line).toMatch(/log in|credentials/);
    expect(line).not.toContain('not-the-password');
  });
});

describe('token auth registry', () => {
  test('username/password: one token for the whole run covers pull, push and mounts', async () => {
    const a = await pushImage(tokenReg, 'org/a', 'x', { architecture: 'amd64' });
    const b = await pushImage(tokenReg, 'org/b', 'x', { architecture: 'arm64', format: 'oci' });
    const cfg = writeDockerConfig(tmpDir('fanin-cfg-'), {
      auths: { [tokenReg.host]: { username: tokenReg.user, password: tokenReg.password } }
    });
    const before = tokenReg.token!.requests.length;
    const r = await runAction(
      { tags: `${tokenReg.host}/org/app:1`, sources: `${tokenReg.host}/org/a:x\n${tokenReg.host}/org/b:x` },
      { dockerConfig: cfg, env: { ACTIONS_STEP_DEBUG: 'true' } }
    );
    expect(r.code).toBe(0);
    const reqs = tokenReg.token!.requests.slice(before);
    expect(reqs).toHaveLength(1);
    expect(reqs[0].scopes.sort()).toEqual([
      'repository:org/a:pull',
      'repository:org/app:pull,push',
      'repository:org/b:pull'
    ]);
    await expectAllPresent(tokenReg, 'org/app', [a, b]);
    // No JWT (they all start with eyJ) and no password in the log, debug included.
    expect(visible(r)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(visible(r)).not.toContain(tokenReg.password!);
    expect(r.stdout).toContain('::add-mask::');
  });

  test('identity token: OAuth2 refresh_token grant', async () => {
    await pushImage(tokenReg, 'org/c', 'x', { architecture: 'amd64' });
    const cfg = writeDockerConfig(tmpDir('fanin-cfg-'), {
      auths: { [tokenReg.host]: { auth: '', identitytoken: tokenReg.identityToken } }
    });
    const before = tokenReg.token!.requests.length;
    const r = await runAction(
      { tags: `${tokenReg.host}/org/idt:1`, sources: `${tokenReg.host}/org/c:x` },
      { dockerConfig: cfg }
    );
    expect(r.code).toBe(0);
    const reqs = tokenReg.token!.requests.slice(before);
    expect(reqs.length).toBeGreaterThan(0);
    expect(reqs.every((q) => q.method === 'POST' && q.grantType === 'refresh_token')).toBe(true);
    expect((await getManifest(tokenReg, 'org/idt', '1')).digest).toBe(r.outputs.digest);
    expect(visible(r)).not.toContain(tokenReg.identityToken!);
  });

  test('anonymous against a token registry fails with a login hint, nothing tagged', async () => {
    await pushImage(tokenReg, 'org/d', 'x', { architecture: 'amd64' });
    const r = await runAction(
      { tags: `${tokenReg.host}/org/anon:1`, sources: `${tokenReg.host}/org/d:x` },
      { env: FAST_FAIL }
    );
    expect(r.code).not.toBe(0);
    const line = errorLine(r.stdout);
    expect(line).toContain(tokenReg.host);
    expect(line).toContain('401');
    expect(line).toMatch(/log in/);
    expect((await getManifest(tokenReg, 'org/anon', '1')).status).toBe(404);
  });
});
