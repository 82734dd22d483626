/**
 * Sanity checks for the integration-test helpers themselves: real distribution 2.8 registries
 * (plain, TLS + basic auth, token auth), the fixture client, credential helpers and runAction's
 * runner emulation. If this file fails, integration test failures elsewhere mean nothing.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { hasSkopeo, NODE24 } from '../../harness/tools';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import {
  MT,
  deleteManifest,
  getBlob,
  getManifest,
  headBlob,
  listTags,
  pushBuildxStyle,
  pushImage,
  pushIndex,
  registryRequest,
  sha256,
  snapshotStorage
} from '../../harness/images';
import { basicAuthEntry, makeCredentialHelper, writeDockerConfig } from '../../harness/docker-config';
import { inputEnvName, parseOutputFile, runAction } from '../../harness/run-action';

const execFileP = promisify(execFile);

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

test('runs on Node 24', () => {
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  expect(NODE24).toBe(process.execPath);
});

describe('plain registry', () => {
  test('push a docker image by tag and read it back', async () => {
    const img = await pushImage(plain, 'app', 'amd64', { architecture: 'amd64' });
    expect(img.mediaType).toBe(MT.dockerManifest);
    const got = await getManifest(plain, 'app', 'amd64');
    expect(got.status).toBe(200);
    expect(got.digest).toBe(img.digest);
    expect(got.body).toBe(img.manifest);
    expect(got.mediaType).toBe(MT.dockerManifest);
    expect(await headBlob(plain, 'app', img.configDigest)).toBe(200);
    expect(await headBlob(plain, 'app', img.layerDigests[0])).toBe(200);
    const config = JSON.parse((await getBlob(plain, 'app', img.configDigest)).body.toString());
    expect(config).toMatchObject({ architecture: 'amd64', os: 'linux', rootfs: { diff_ids: img.layerDigests } });
    expect(await listTags(plain, 'app')).toContain('amd64');
    expect(await listTags(plain, 'nope')).toEqual([]);
  });

  test('same seed gives the same image; default seeds differ', async () => {
    const opts = { architecture: 'arm64', variant: 'v8', format: 'oci' as const, layerSeed: 'fixed' };
    const a = await pushImage(plain, 'seeded', undefined, opts);
    const b = await pushImage(plain, 'seeded', undefined, opts);
    expect(a.digest).toBe(b.digest);
    const c = await pushImage(plain, 'seeded', undefined, { architecture: 'arm64' });
    const d = await pushImage(plain, 'seeded', undefined, { architecture: 'arm64' });
    expect(c.layerDigests[0]).not.toBe(d.layerDigests[0]);
    expect((await getManifest(plain, 'seeded', a.digest)).status).toBe(200);
  });

  test('a layer over 8 MiB is streamed and stored intact', async () => {
    const size = 9 * 1024 * 1024 + 17;
    const img = await pushImage(plain, 'big', 'x', { architecture: 'amd64', layerSizes: [size, 10], layerSeed: 'big' });
    const blob = await getBlob(plain, 'big', img.layerDigests[0]);
    expect(blob.body.length).toBe(size);
    expect(sha256(blob.body)).toBe(img.layerDigests[0]);
  });

  test('push a list and an OCI index; snapshots see writes', async () => {
    const amd = await pushImage(plain, 'multi', undefined, { architecture: 'amd64' });
    const arm = await pushImage(plain, 'multi', undefined, { architecture: 'arm', variant: 'v7' });
    const before = snapshotStorage(plain.root);
    expect(snapshotStorage(plain.root)).toEqual(before);
    const list = await pushIndex(plain, 'multi', 'latest', [amd, arm]);
    expect(snapshotStorage(plain.root)).not.toEqual(before);
    const got = await getManifest(plain, 'multi', 'latest');
    expect(got).toMatchObject({ status: 200, digest: list.digest, mediaType: MT.dockerList, body: list.manifest });
    expect(JSON.parse(got.body).manifests[1].platform).toEqual({ architecture: 'arm', os: 'linux', variant: 'v7' });

    const idx = await pushIndex(plain, 'multi', 'oci', [amd, arm], {
      format: 'oci',
      annotations: { 'org.opencontainers.image.title': 't' }
    });
    expect((await getManifest(plain, 'multi', 'oci')).digest).toBe(idx.digest);
  });

  test('buildx-style index with an attestation manifest', async () => {
    const bx = await pushBuildxStyle(plain, 'bx', 'arm64', { architecture: 'arm64' });
    const got = await getManifest(plain, 'bx', 'arm64');
    expect(got.digest).toBe(bx.digest);
    expect(got.mediaType).toBe(MT.ociIndex);
    const idx = JSON.parse(got.body);
    expect(idx.manifests.map((m: { digest: string }) => m.digest)).toEqual([bx.imageDigest, bx.attestationDigest]);
    expect(idx.manifests[1]).toMatchObject({
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: {
        'vnd.docker.reference.type': 'attestation-manifest',
        'vnd.docker.reference.digest': bx.imageDigest
      }
    });
    const att = JSON.parse((await getManifest(plain, 'bx', bx.attestationDigest)).body);
    expect(att.layers[0].mediaType).toBe(MT.inToto);
  });

  // Behaviours of distribution 2.8 that tests of the action must keep in mind.
  test('distribution 2.8 quirks', async () => {
    const oci = await pushImage(plain, 'quirks', 'oci', { architecture: 'amd64', format: 'oci' });
    // An OCI manifest is hidden (404 MANIFEST_UNKNOWN) from a client that does not accept OCI.
    expect((await getManifest(plain, 'quirks', 'oci', [MT.dockerManifest])).status).toBe(404);
    const amd = await pushImage(plain, 'quirks', undefined, { architecture: 'amd64' });
    const arm = await pushImage(plain, 'quirks', undefined, { architecture: 'arm64' });
    await pushIndex(plain, 'quirks', 'list', [arm, amd]);
    // A docker list asked for without the list type silently yields its linux/amd64 child.
    const child = await getManifest(plain, 'quirks', 'list', [MT.dockerManifest]);
    expect(child).toMatchObject({ status: 200, digest: amd.digest });
    // A list whose child lives only in another repository is refused.
    await expect(pushIndex(plain, 'elsewhere', 'x', [oci], { format: 'oci' })).rejects.toThrow(
      /HTTP 400.*MANIFEST_BLOB_UNKNOWN/
    );
    // Deleting by digest works when storage.delete.enabled (the default here).
    expect(await deleteManifest(plain, 'quirks', arm.digest)).toBe(202);
  });
});

describe('TLS + basic auth registry', () => {
  test('rejects anonymous requests, accepts the user', async () => {
    expect(secure.scheme).toBe('https');
    const anon = await registryRequest({ url: secure.url }, 'GET', '/v2/');
    expect(anon.status).toBe(401);
    expect(anon.headers['www-authenticate']).toMatch(/^Basic /);
    const img = await pushImage(secure, 'team/app', 'v1', { architecture: 'amd64', format: 'oci' });
    const got = await getManifest(secure, 'team/app', 'v1');
    expect(got.digest).toBe(img.digest);
  });

  test('caCert verifies the server strictly', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(`${secure.url}/v2/`, { ca: fs.readFileSync(secure.caCert!), agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(status).toBe(401);
  });

  test('skopeo reads what we pushed', async () => {
    if (!hasSkopeo()) return;
    const img = await pushImage(secure, 'team/app', 'skopeo', { architecture: 'riscv64' });
    const { stdout } = await execFileP('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      `--creds=${secure.user}:${secure.password}`,
      `docker://${secure.host}/team/app:skopeo`
    ]);
    expect(stdout).toBe(img.manifest);
  });
});

describe('token auth registry', () => {
  test('push with a token obtained from the challenge', async () => {
    const img = await pushImage(tokenReg, 'team/app', 'v1', { architecture: 'amd64' });
    expect((await getManifest(tokenReg, 'team/app', 'v1')).digest).toBe(img.digest);
    const reqs = tokenReg.token!.requests;
    expect(reqs.length).toBeGreaterThan(0);
    expect(reqs[0]).toMatchObject({
      method: 'GET',
      user: 'ci-user',
      status: 200,
      scopes: ['repository:team/app:pull,push']
    });
    expect(reqs[0].query).toContain(`service=${tokenReg.service}`);
  });

  test('anonymous tokens grant nothing; wrong passwords get 401', async () => {
    await expect(pushImage({ url: tokenReg.url }, 'team/app', 'anon', { architecture: 'amd64' })).rejects.toThrow(
      /HTTP 401/
    );
    await expect(
      pushImage({ url: tokenReg.url, user: 'ci-user', password: 'wrong' }, 'team/app', 'bad', { architecture: 'amd64' })
    ).rejects.toThrow(/token request .* 401/);
  });

  test('OAuth2 POST with the identity token (refresh_token grant)', async () => {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: tokenReg.identityToken!,
      service: tokenReg.service!,
      scope: 'repository:team/app:pull',
      client_id: 'test'
    }).toString();
    const res = await fetch(tokenReg.token!.realm, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { access_token: string; refresh_token: string };
    expect(json.refresh_token).toBe(tokenReg.identityToken);
    const get = await fetch(`${tokenReg.url}/v2/team/app/tags/list`, {
      headers: { authorization: `Bearer ${json.access_token}` }
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { tags: string[] }).tags).toContain('v1');
    expect(tokenReg.token!.requests.at(-1)).toMatchObject({
      method: 'POST',
      grantType: 'refresh_token',
      user: 'ci-user'
    });
  });
});

describe('docker config and credential helpers', () => {
  test('helper answers known servers, says not found otherwise, logs calls', () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-cred-'));
    const helper = makeCredentialHelper(bin, 'fake', { '127.0.0.1:5000': { Username: 'u', Secret: 's\'e"c$ret' } });
    const out = execFileSync(helper.path, ['get'], { input: '127.0.0.1:5000' }).toString();
    expect(JSON.parse(out)).toEqual({ ServerURL: '127.0.0.1:5000', Username: 'u', Secret: 's\'e"c$ret' });
    let failed: { status: number; stdout: Buffer } | undefined;
    try {
      execFileSync(helper.path, ['get'], { input: 'ghcr.io\n' });
    } catch (e) {
      failed = e as { status: number; stdout: Buffer };
    }
    expect(failed?.status).toBe(1);
    expect(failed?.stdout.toString()).toMatch(/credentials not found in native keychain/);
    expect(helper.calls()).toEqual([
      { action: 'get', server: '127.0.0.1:5000' },
      { action: 'get', server: 'ghcr.io' }
    ]);
    const dir = writeDockerConfig(path.join(bin, 'cfg'), { auths: { 'x:1': basicAuthEntry('a', 'b') } });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).auths['x:1'].auth).toBe('YTpi');
    fs.rmSync(bin, { recursive: true, force: true });
  });
});

describe('runAction', () => {
  test('input names and GITHUB_OUTPUT parsing', () => {
    expect(inputEnvName('media-type')).toBe('INPUT_MEDIA-TYPE');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
    expect(parseOutputFile('a<<ghadelimiter_1\nx\ny\nghadelimiter_1\nb=1=2\nc<<D\n\nD\n')).toEqual({
      a: 'x\ny',
      b: '1=2',
      c: ''
    });
  });

  test('runs a script like the runner does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-script-'));
    const script = path.join(dir, 'index.js');
    // Stand-in for dist/index.js: echoes what it sees through the runner's file commands.
    fs.writeFileSync(
      script,
      `const fs = require('fs');
       const d = 'ghadelimiter_' + require('crypto').randomUUID();
       const env = Object.keys(process.env).filter((k) => k.startsWith('INPUT_')).sort().join(',');
       fs.appendFileSync(process.env.GITHUB_OUTPUT, 'inputs<<' + d + '\\n' + env + '\\n' + d + '\\n');
       fs.appendFileSync(process.env.GITHUB_OUTPUT, 'tags<<' + d + '\\n' + process.env['INPUT_TAGS'] + '\\n' + d + '\\n');
       fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, '# done\\n');
       console.log(process.env.DOCKER_CONFIG, process.env.HOME, process.version);
       process.exitCode = 3;`
    );
    process.env.INPUT_LEAKED = 'x';
    try {
      const r = await runAction({ tags: 'a:1\nb:2', 'media-type': 'x' }, { script });
      expect(r.code).toBe(3);
      expect(r.outputs).toEqual({ inputs: 'INPUT_MEDIA-TYPE,INPUT_TAGS', tags: 'a:1\nb:2' });
      expect(r.summary).toBe('# done\n');
      const [dockerConfig, home, version] = r.stdout.trim().split(' ');
      expect(dockerConfig.startsWith(r.tmp)).toBe(true);
      expect(fs.readdirSync(dockerConfig)).toEqual([]);
      expect(home.startsWith(r.tmp)).toBe(true);
      expect(version).toBe(process.version);
    } finally {
      delete process.env.INPUT_LEAKED;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
