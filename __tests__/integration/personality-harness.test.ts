/**
 * Tests of the harness, not of the action: each registry personality (harness/personalities/),
 * in front of a real distribution 2.8 registry, shows its documented behaviour to plain HTTP
 * requests and lets normal operations through; the GitHub Packages REST stand-in
 * (harness/github-packages-api.ts) lists, pages and deletes versions computed from the registry.
 */
import { startRegistry, type TestRegistry } from '../../harness/registry';
import {
  ALL_MANIFEST_TYPES,
  MT,
  getBlob,
  getManifest,
  listTags,
  pushBlob,
  pushImage,
  pushIndex,
  registryRequest,
  sha256,
  type RegistryLike,
  type Response
} from '../../harness/images';
import {
  PERSONALITY_NAMES,
  startPersonality,
  type Personality,
  type PersonalityName,
  type PersonalityOptions
} from '../../harness/personalities';
import { startGithubPackagesApi, type PackagesApi, type PackageVersion } from '../../harness/github-packages-api';

let plain: TestRegistry;
let secure: TestRegistry;
const running: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  [plain, secure] = await Promise.all([
    startRegistry(),
    startRegistry({ tls: true, basicAuth: true, deleteEnabled: false })
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await Promise.all([plain?.stop(), secure?.stop()]);
});

async function personality(
  name: PersonalityName,
  opts: PersonalityOptions = {},
  backend: TestRegistry = plain
): Promise<Personality> {
  const p = await startPersonality(backend, name, opts);
  running.push(p);
  return p;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const errorOf = (res: Response): { code?: string; message?: string; detail?: unknown } =>
  (JSON.parse(res.body.toString('utf8')) as { errors: Array<{ code?: string; message?: string; detail?: unknown }> })
    .errors[0];
const putRaw = (reg: RegistryLike, repo: string, ref: string, mediaType: string, manifest: string) =>
  registryRequest(reg, 'PUT', `/v2/${repo}/manifests/${ref}`, {
    repo,
    headers: { 'content-type': mediaType },
    body: Buffer.from(manifest)
  });

describe('every personality passes normal operations through', () => {
  const opts: Partial<Record<PersonalityName, PersonalityOptions>> = {
    ecr: { repositories: ['pass/ecr'] },
    cdn: { lagMs: 0 },
    quay: { holdMs: 20 }
  };
  test.each(PERSONALITY_NAMES.map((n) => [n]))(
    '%s: push an image and an index through it, read them back',
    async (name) => {
      const p = await personality(name, opts[name]);
      const repo = `pass/${name}`;
      const img = await pushImage(p, repo, 'v1', { architecture: 'amd64' });
      const arm = await pushImage(p, repo, undefined, { architecture: 'arm64' });
      const list = await pushIndex(p, repo, 'multi', [img, arm]);

      const got = await getManifest(p, repo, 'v1');
      expect(got).toMatchObject({ status: 200, digest: img.digest, body: img.manifest });
      expect((await getManifest(p, repo, 'multi')).digest).toBe(list.digest);
      expect((await getBlob(p, repo, img.configDigest)).status).toBe(200);
      expect((await listTags(p, repo)).sort()).toEqual(['multi', 'v1']);
      // The data is in the registry itself.
      expect((await getManifest(plain, repo, 'multi')).body).toBe(list.manifest);

      // Host kept: upload Locations name the personality, so every upload went through it.
      const start = await registryRequest(p, 'POST', `/v2/${repo}/blobs/uploads/`, {
        headers: { 'content-length': '0' }
      });
      expect(start.status).toBe(202);
      expect(String(start.headers.location).startsWith(`${p.url}/v2/${repo}/blobs/uploads/`)).toBe(true);
      expect(
        p.requests.some(
          (r) => r.method === 'PUT' && r.path.startsWith(`/v2/${repo}/blobs/uploads/`) && r.status === 201
        )
      ).toBe(true);
    }
  );
});

test('a personality in front of a TLS + basic-auth registry relays its challenge and keeps Locations on itself', async () => {
  const p = await personality('gar', {}, secure);
  const anon = await registryRequest({ url: p.url }, 'GET', '/v2/sec/app/tags/list');
  expect(anon.status).toBe(401);
  expect(String(anon.headers['www-authenticate'])).toMatch(/^Basic /);

  const client = { url: p.url, user: secure.user, password: secure.password };
  const img = await pushImage(client, 'sec/app', 'v1', { architecture: 'amd64' });
  expect((await getManifest(client, 'sec/app', 'v1')).digest).toBe(img.digest);
  const start = await registryRequest(client, 'POST', '/v2/sec/app/blobs/uploads/', {
    headers: { 'content-length': '0' }
  });
  expect(String(start.headers.location).startsWith(`${p.url}/`)).toBe(true);
  // This registry has deletes disabled: GAR's tag DELETE is refused the registry's way, nothing removed.
  const del = await registryRequest(client, 'DELETE', '/v2/sec/app/manifests/v1');
  expect(del.status).toBe(405);
  expect(await listTags(secure, 'sec/app')).toEqual(['v1']);
});

describe('gitlab', () => {
  test('a manifest with a subject is refused while the subject is not in the repository', async () => {
    const p = await personality('gitlab');
    // The subject image exists, but in another repository.
    const elsewhere = await pushImage(plain, 'gl/elsewhere', undefined, {
      architecture: 'amd64',
      layerSeed: 'gitlab-subject'
    });
    const statement = JSON.stringify({
      _type: 'https://in-toto.io/Statement/v0.1',
      subject: [{ name: 'x', digest: { sha256: elsewhere.digest.slice(7) } }]
    });
    await pushBlob(p, 'gl/app', sha256(statement), Buffer.byteLength(statement), Buffer.from(statement));
    await pushBlob(p, 'gl/app', sha256('{}'), 2, Buffer.from('{}'));
    const attestation = JSON.stringify({
      schemaVersion: 2,
      mediaType: MT.ociManifest,
      artifactType: 'application/vnd.docker.attestation.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256('{}'), size: 2 },
      layers: [{ mediaType: MT.inToto, digest: sha256(statement), size: Buffer.byteLength(statement) }],
      subject: { mediaType: elsewhere.mediaType, digest: elsewhere.digest, size: elsewhere.size }
    });
    const refused = await putRaw(p, 'gl/app', sha256(attestation), MT.ociManifest, attestation);
    expect(refused.status).toBe(400);
    expect(errorOf(refused)).toEqual({
      code: 'MANIFEST_BLOB_UNKNOWN',
      message: 'blob unknown to registry',
      detail: elsewhere.digest
    });
    // The plain registry would have taken it (distribution 2.8 does not check subjects).
    expect(p.requests.at(-1)).toMatchObject({ by: 'personality', status: 400 });

    // Once the subject is in the repository (same seed: the very same manifest), the attestation goes in.
    const same = await pushImage(p, 'gl/app', undefined, { architecture: 'amd64', layerSeed: 'gitlab-subject' });
    expect(same.digest).toBe(elsewhere.digest);
    expect((await putRaw(p, 'gl/app', sha256(attestation), MT.ociManifest, attestation)).status).toBe(201);
  });
});

describe('quay', () => {
  test('the same manifest PUT to two tags at once: one fails MANIFEST_INVALID; one after the other both pass', async () => {
    const p = await personality('quay', { holdMs: 150 });
    const img = await pushImage(p, 'quay/app', 'first', { architecture: 'amd64' });
    const [a, b] = await Promise.all([
      putRaw(p, 'quay/app', 'a', img.mediaType, img.manifest),
      putRaw(p, 'quay/app', 'b', img.mediaType, img.manifest)
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 400]);
    const failed = a.status === 400 ? a : b;
    expect(errorOf(failed)).toMatchObject({ code: 'MANIFEST_INVALID', message: 'manifest invalid' });
    expect((await listTags(plain, 'quay/app')).sort()).toEqual(a.status === 201 ? ['a', 'first'] : ['b', 'first']);

    expect((await putRaw(p, 'quay/app', 'c', img.mediaType, img.manifest)).status).toBe(201);
    expect((await putRaw(p, 'quay/app', 'd', img.mediaType, img.manifest)).status).toBe(201);
    // A concurrent PUT of the same bytes by digest is not "another tag": it goes through.
    const [byTag, byDigest] = await Promise.all([
      putRaw(p, 'quay/app', 'e', img.mediaType, img.manifest),
      putRaw(p, 'quay/app', img.digest, img.mediaType, img.manifest)
    ]);
    expect([byTag.status, byDigest.status]).toEqual([201, 201]);
    // Each forwarded manifest PUT was held.
    const held = p.requests.filter((r) => r.method === 'PUT' && r.path.includes('/manifests/') && r.status === 201);
    expect(held.length).toBe(6);
    for (const r of held) expect(r.ms!).toBeGreaterThanOrEqual(145);
  });
});

describe('ecr', () => {
  test('immutable tags, no mounts, repositories must exist', async () => {
    const p = await personality('ecr', {
      repositories: ['ecr/app', 'ecr/other'],
      createRepository: (n) => n.startsWith('ecr/auto-'),
      registryId: '210987654321'
    });
    const img = await pushImage(p, 'ecr/app', 'v1', { architecture: 'amd64' });

    // Re-push of the same manifest to the same tag: refused.
    const again = await putRaw(p, 'ecr/app', 'v1', img.mediaType, img.manifest);
    expect(again.status).toBe(400);
    expect(errorOf(again)).toEqual({
      code: 'TAG_INVALID',
      message:
        "The image tag 'v1' already exists in the 'ecr/app' repository and cannot be overwritten because the repository is immutable."
    });
    // By digest, and to a new tag: fine.
    expect((await putRaw(p, 'ecr/app', img.digest, img.mediaType, img.manifest)).status).toBe(201);
    expect((await putRaw(p, 'ecr/app', 'v2', img.mediaType, img.manifest)).status).toBe(201);

    // A push to a repository that does not exist.
    const post = await registryRequest(p, 'POST', '/v2/ecr/nope/blobs/uploads/', {
      headers: { 'content-length': '0' }
    });
    expect(post.status).toBe(404);
    expect(errorOf(post)).toEqual({
      code: 'NAME_UNKNOWN',
      message: "The repository with name 'ecr/nope' does not exist in the registry with id '210987654321'"
    });
    expect((await putRaw(p, 'ecr/nope', 'v1', img.mediaType, img.manifest)).status).toBe(404);
    expect(await listTags(plain, 'ecr/nope')).toEqual([]);

    // Mounts: the registry itself would mount (201); through ECR it is a plain upload session (202).
    const layer = img.layerDigests[0];
    const direct = await registryRequest(plain, 'POST', `/v2/ecr/control/blobs/uploads/?mount=${layer}&from=ecr/app`, {
      headers: { 'content-length': '0' }
    });
    expect(direct.status).toBe(201);
    const mount = await registryRequest(p, 'POST', `/v2/ecr/other/blobs/uploads/?mount=${layer}&from=ecr/app`, {
      headers: { 'content-length': '0' }
    });
    expect(mount.status).toBe(202);
    expect(String(mount.headers.location)).toMatch(new RegExp(`^${p.url}/v2/ecr/other/blobs/uploads/`));
    expect(String(mount.headers.location)).not.toMatch(/mount=/);

    // createRepository: a repository created on first push.
    await pushImage(p, 'ecr/auto-x', 'v1', { architecture: 'arm64' });
    expect(p.repositories.has('ecr/auto-x')).toBe(true);
    expect(await listTags(plain, 'ecr/auto-x')).toEqual(['v1']);
  });
});

describe('harbor', () => {
  test('DELETE of a tag deletes the artifact and every tag on it', async () => {
    const p = await personality('harbor');
    const img = await pushImage(p, 'proj/app', 't1', { architecture: 'amd64' });
    expect((await putRaw(p, 'proj/app', 't2', img.mediaType, img.manifest)).status).toBe(201);
    const del = await registryRequest(p, 'DELETE', '/v2/proj/app/manifests/t1');
    expect(del.status).toBe(202);
    expect(p.requests.at(-1)).toMatchObject({ by: 'personality' });
    expect(await listTags(plain, 'proj/app')).toEqual([]);
    expect((await getManifest(plain, 'proj/app', img.digest)).status).toBe(404);
    const unknown = await registryRequest(p, 'DELETE', '/v2/proj/app/manifests/nosuch');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('MANIFEST_UNKNOWN');
  });

  test('tagDelete "unsupported": Harbor 2.x refuses DELETE by tag', async () => {
    const p = await personality('harbor', { tagDelete: 'unsupported' });
    await pushImage(p, 'proj/keep', 't1', { architecture: 'amd64' });
    const del = await registryRequest(p, 'DELETE', '/v2/proj/keep/manifests/t1');
    expect(del.status).toBe(400);
    expect(errorOf(del).code).toBe('UNSUPPORTED');
    expect(await listTags(plain, 'proj/keep')).toEqual(['t1']);
  });

  test('a mount from another project answers 401 UNAUTHORIZED; within the project it mounts', async () => {
    const p = await personality('harbor');
    const src = await pushImage(p, 'proj/src', 'v1', { architecture: 'amd64' });
    const layer = src.layerDigests[0];
    const other = await registryRequest(p, 'POST', `/v2/proj/dst/blobs/uploads/?mount=${layer}&from=elsewhere/src`, {
      headers: { 'content-length': '0' }
    });
    expect(other.status).toBe(401);
    expect(errorOf(other)).toEqual({
      code: 'UNAUTHORIZED',
      message: 'project elsewhere not found: project elsewhere not found'
    });
    const same = await registryRequest(p, 'POST', `/v2/proj/dst/blobs/uploads/?mount=${layer}&from=proj/src`, {
      headers: { 'content-length': '0' }
    });
    expect(same.status).toBe(201);
  });
});

describe('dockerhub', () => {
  test('no DELETE; a GET is a pull, a HEAD is not; RateLimit headers; 429 HAP429 with Retry-After, then the window restarts', async () => {
    const p = await personality('dockerhub', { rateLimitAfter: 2, retryAfterSeconds: 1 });
    const img = await pushImage(p, 'library/app', 'latest', { architecture: 'amd64' });
    const del = await registryRequest(p, 'DELETE', `/v2/library/app/manifests/${img.digest}`);
    expect(del.status).toBe(405);
    expect(errorOf(del)).toEqual({ code: 'UNSUPPORTED', message: 'The operation is unsupported.' });
    expect((await getManifest(plain, 'library/app', img.digest)).status).toBe(200);

    const accept = { accept: ALL_MANIFEST_TYPES.join(', ') };
    const head = await registryRequest(p, 'HEAD', '/v2/library/app/manifests/latest', { headers: accept });
    expect(head.status).toBe(200);
    expect(head.headers['ratelimit-limit']).toBe('2;w=21600');
    expect(head.headers['ratelimit-remaining']).toBe('2;w=21600');
    expect(p.pulls()).toBe(0);

    const g1 = await registryRequest(p, 'GET', '/v2/library/app/manifests/latest', { headers: accept });
    expect(g1.status).toBe(200);
    expect(g1.headers['ratelimit-remaining']).toBe('1;w=21600');
    const g2 = await registryRequest(p, 'GET', `/v2/library/app/manifests/${img.digest}`, { headers: accept });
    expect(g2.headers['ratelimit-remaining']).toBe('0;w=21600');
    expect(p.pulls()).toBe(2);

    const limited = await registryRequest(p, 'GET', '/v2/library/app/manifests/latest', { headers: accept });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toBe('text/plain');
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body.toString('utf8')).toBe('Too Many Requests (HAP429).\n');
    expect((await registryRequest(p, 'HEAD', '/v2/library/app/manifests/latest', { headers: accept })).status).toBe(
      200
    );
    expect(p.pulls()).toBe(2);

    await sleep(1100);
    expect((await registryRequest(p, 'GET', '/v2/library/app/manifests/latest', { headers: accept })).status).toBe(200);
    expect(p.pulls()).toBe(3);
  });

  test('rateLimitKind "pull": the JSON TOOMANYREQUESTS answer', async () => {
    const p = await personality('dockerhub', { rateLimitAfter: 0, rateLimitKind: 'pull', retryAfterSeconds: 5 });
    await pushImage(p, 'library/pull', 'latest', { architecture: 'amd64' });
    const res = await registryRequest(p, 'GET', '/v2/library/pull/manifests/latest', {
      headers: { accept: ALL_MANIFEST_TYPES.join(', ') }
    });
    expect(res.status).toBe(429);
    expect(errorOf(res).code).toBe('TOOMANYREQUESTS');
    expect(errorOf(res).message).toMatch(/^You have reached your pull rate limit/);
    expect(res.headers['retry-after']).toBe('5');
  });
});

describe('gar', () => {
  test('DELETE by digest while tagged: GOOGLE_MANIFEST_DANGLING_TAG; DELETE by tag removes the tag only', async () => {
    const p = await personality('gar');
    const img = await pushImage(p, 'gar/app', 'a', { architecture: 'amd64' });
    expect((await putRaw(p, 'gar/app', 'b', img.mediaType, img.manifest)).status).toBe(201);

    const dangling = await registryRequest(p, 'DELETE', `/v2/gar/app/manifests/${img.digest}`);
    expect(dangling.status).toBe(400);
    expect(errorOf(dangling)).toEqual({
      code: 'GOOGLE_MANIFEST_DANGLING_TAG',
      message: 'Manifest is still referenced by tag: a, b'
    });

    expect((await registryRequest(p, 'DELETE', '/v2/gar/app/manifests/a')).status).toBe(202);
    expect(await listTags(plain, 'gar/app')).toEqual(['b']);
    expect((await getManifest(plain, 'gar/app', 'a')).status).toBe(404);
    expect((await getManifest(plain, 'gar/app', img.digest)).status).toBe(200);
    expect((await getManifest(plain, 'gar/app', 'b')).digest).toBe(img.digest);

    expect((await registryRequest(p, 'DELETE', '/v2/gar/app/manifests/nosuch')).status).toBe(404);
    expect((await registryRequest(p, 'DELETE', '/v2/gar/app/manifests/b')).status).toBe(202);
    expect((await registryRequest(p, 'DELETE', `/v2/gar/app/manifests/${img.digest}`)).status).toBe(202);
    expect((await getManifest(plain, 'gar/app', img.digest)).status).toBe(404);
  });
});

describe.each([
  ['ghcr' as const, 405],
  ['acr' as const, 202]
])('%s', (name, deleteStatus) => {
  test('an OCI index is MANIFEST_UNKNOWN to a client whose Accept lacks the OCI index type', async () => {
    const p = await personality(name);
    const repo = `${name}/app`;
    const amd = await pushImage(p, repo, undefined, { architecture: 'amd64', format: 'oci' });
    const arm = await pushImage(p, repo, undefined, { architecture: 'arm64', format: 'oci' });
    const index = await pushIndex(p, repo, 'oci', [amd, arm], { format: 'oci' });
    const list = await pushIndex(p, repo, 'docker', [amd, arm]);

    const dockerOnly = [MT.dockerList, MT.dockerManifest];
    const hidden = await registryRequest(p, 'GET', `/v2/${repo}/manifests/oci`, {
      headers: { accept: dockerOnly.join(', ') }
    });
    expect(hidden.status).toBe(404);
    expect(errorOf(hidden)).toEqual({
      code: 'MANIFEST_UNKNOWN',
      message: 'OCI index found, but accept header does not support OCI indexes'
    });
    expect(p.requests.at(-1)).toMatchObject({ by: 'personality', status: 404 });
    expect(
      (
        await registryRequest(p, 'HEAD', `/v2/${repo}/manifests/${index.digest}`, {
          headers: { accept: MT.ociManifest }
        })
      ).status
    ).toBe(404);
    expect((await registryRequest(p, 'HEAD', `/v2/${repo}/manifests/${index.digest}`)).status).toBe(404);

    expect((await getManifest(p, repo, 'oci', [MT.ociIndex])).digest).toBe(index.digest);
    expect((await getManifest(p, repo, 'oci')).digest).toBe(index.digest);
    expect((await getManifest(p, repo, 'docker', [MT.dockerList])).digest).toBe(list.digest);
    expect((await getManifest(p, repo, amd.digest, [MT.ociManifest])).digest).toBe(amd.digest);

    // GHCR has no registry DELETE; ACR does.
    const del = await registryRequest(p, 'DELETE', `/v2/${repo}/manifests/${list.digest}`);
    expect(del.status).toBe(deleteStatus);
    if (deleteStatus === 405)
      expect(errorOf(del)).toEqual({ code: 'UNSUPPORTED', message: 'The operation is unsupported.' });
  });
});

describe('cdn', () => {
  test('a manifest just PUT is unknown for lagMs, and a list over it is refused meanwhile', async () => {
    const lagMs = 700;
    const p = await personality('cdn', { lagMs });
    const other = await pushImage(p, 'cdn/app', undefined, { architecture: 'arm64' });
    await sleep(lagMs + 50);
    const img = await pushImage(p, 'cdn/app', 'v1', { architecture: 'amd64' });
    const pushedAt = Date.now();

    const byTag = await registryRequest(p, 'GET', '/v2/cdn/app/manifests/v1', {
      headers: { accept: ALL_MANIFEST_TYPES.join(', ') }
    });
    expect(byTag.status).toBe(404);
    expect(errorOf(byTag).code).toBe('MANIFEST_UNKNOWN');
    expect((await registryRequest(p, 'HEAD', `/v2/cdn/app/manifests/${img.digest}`)).status).toBe(404);
    await expect(pushIndex(p, 'cdn/app', 'multi', [img, other])).rejects.toThrow(/HTTP 400 .*MANIFEST_BLOB_UNKNOWN/);
    // It is in the registry all along.
    expect((await getManifest(plain, 'cdn/app', 'v1')).digest).toBe(img.digest);
    expect((await getManifest(p, 'cdn/app', other.digest)).status).toBe(200);

    await sleep(Math.max(0, pushedAt + lagMs + 50 - Date.now()));
    expect((await getManifest(p, 'cdn/app', 'v1')).digest).toBe(img.digest);
    const list = await pushIndex(p, 'cdn/app', 'multi', [img, other]);
    expect((await getManifest(plain, 'cdn/app', 'multi')).digest).toBe(list.digest);
  });
});

describe('GitHub Packages REST stand-in', () => {
  let api: PackagesApi;
  let images: Record<'v1' | 'v2' | 'amd' | 'arm', string>;
  let indexDigest: string;
  const TOKEN = 'ghp_test_token_1234';
  // token null: no Authorization header at all
  const get = (a: PackagesApi, p: string, token: string | null = TOKEN, scheme = 'Bearer', method = 'GET') =>
    fetch(`${a.url}${p}`, { method, headers: token === null ? {} : { authorization: `${scheme} ${token}` } });
  const names = (vs: PackageVersion[]) => vs.map((v) => v.name);

  beforeAll(async () => {
    const v1 = await pushImage(plain, 'octo-org/app', 'v1', { architecture: 'amd64' });
    await putRaw(plain, 'octo-org/app', 'stable', v1.mediaType, v1.manifest);
    const v2 = await pushImage(plain, 'octo-org/app', 'v2', { architecture: 'amd64' });
    const amd = await pushImage(plain, 'octo-org/app', undefined, { architecture: 'amd64', format: 'oci' });
    const arm = await pushImage(plain, 'octo-org/app', undefined, { architecture: 'arm64', format: 'oci' });
    indexDigest = (await pushIndex(plain, 'octo-org/app', 'multi', [amd, arm], { format: 'oci' })).digest;
    images = { v1: v1.digest, v2: v2.digest, amd: amd.digest, arm: arm.digest };
    await pushImage(plain, 'octo-org/team/tool', 'latest', { architecture: 'amd64' });
    api = await startGithubPackagesApi({ registry: plain, owner: 'octo-org', ownerType: 'org', validToken: TOKEN });
    running.push(api);
  });

  test('auth: none is 401, a wrong token is 401, "Bearer" and "token" both work; the log never holds the token', async () => {
    const list = '/orgs/octo-org/packages/container/app/versions';
    const none = await get(api, list, null);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ message: 'Requires authentication', status: '401' });
    const bad = await get(api, list, 'nope');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ message: 'Bad credentials' });
    expect((await get(api, list, TOKEN, 'token')).status).toBe(200);
    expect((await get(api, list)).status).toBe(200);
    expect(JSON.stringify(api.requests)).not.toContain(TOKEN);
    expect(api.requests.map((r) => r.authorization)).toEqual(
      expect.arrayContaining([undefined, 'Bearer ***', 'token ***'])
    );
  });

  test('versions: every manifest (index children too), tags from the registry, paged with per_page/page and a Link header', async () => {
    const all = [images.v1, images.v2, images.amd, images.arm, indexDigest];
    const seen: PackageVersion[] = [];
    let next: string | undefined = `${api.url}/orgs/octo-org/packages/container/app/versions?per_page=2`;
    let pages = 0;
    while (next) {
      const res = await fetch(next, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const page = (await res.json()) as PackageVersion[];
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page);
      pages++;
      const link = res.headers.get('link') ?? '';
      if (pages === 1) {
        expect(link).toContain('page=2>; rel="next"');
        expect(link).toContain('page=3>; rel="last"');
        expect(link).not.toContain('rel="prev"');
      }
      if (pages === 3) expect(link).toMatch(/page=2>; rel="prev".*page=1>; rel="first"/);
      next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    }
    expect(pages).toBe(3);
    expect(names(seen).sort()).toEqual([...all].sort());
    expect(new Set(seen.map((v) => v.id)).size).toBe(5);
    const tagsOf = (d: string) => [...seen.find((v) => v.name === d)!.metadata.container.tags].sort();
    expect(tagsOf(images.v1)).toEqual(['stable', 'v1']);
    expect(tagsOf(images.v2)).toEqual(['v2']);
    expect(tagsOf(indexDigest)).toEqual(['multi']);
    expect(tagsOf(images.amd)).toEqual([]);
    expect(seen[0].metadata.package_type).toBe('container');
    // Newest first: the index was pushed last (ties in the storage's mtime may list it beside another).
    const created = (v: (typeof seen)[number]) => Date.parse((v as unknown as { created_at: string }).created_at);
    for (let i = 1; i < seen.length; i++) expect(created(seen[i - 1])).toBeGreaterThanOrEqual(created(seen[i]));
    expect(created(seen.find((v) => v.name === indexDigest)!)).toBe(created(seen[0]));

    const big = await get(api, '/orgs/octo-org/packages/container/app/versions?per_page=500');
    expect(((await big.json()) as unknown[]).length).toBe(5);
    expect(big.headers.get('link')).toBeNull();
    const one = seen.find((v) => v.name === images.v2)!;
    const single = await get(api, `/orgs/octo-org/packages/container/app/versions/${one.id}`);
    expect(await single.json()).toMatchObject({ id: one.id, name: images.v2 });
  });

  test('a package name with a slash, URL-encoded; unknown package, wrong owner type and /user are 404', async () => {
    const tool = await get(api, '/orgs/octo-org/packages/container/team%2Ftool/versions');
    expect(tool.status).toBe(200);
    const versions = (await tool.json()) as PackageVersion[];
    expect(versions.map((v) => v.metadata.container.tags)).toEqual([['latest']]);
    const missing = await get(api, '/orgs/octo-org/packages/container/nope/versions');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ message: 'Package not found.' });
    expect((await get(api, '/users/octo-org/packages/container/app/versions')).status).toBe(404);
    expect((await get(api, '/user/packages/container/app/versions')).status).toBe(404);
    expect((await get(api, '/orgs/someone-else/packages/container/app/versions')).status).toBe(404);
  });

  test('DELETE: 403 without write rights; with them 204 and the manifest is gone from the registry', async () => {
    const readOnly = await startGithubPackagesApi({
      registry: plain,
      owner: 'octo-org',
      validToken: TOKEN,
      tokenRights: 'read'
    });
    running.push(readOnly);
    const vs = (await readOnly.versions('app'))!;
    const v2 = vs.find((v) => v.name === images.v2)!;
    const refused = await get(
      readOnly,
      `/orgs/octo-org/packages/container/app/versions/${v2.id}`,
      TOKEN,
      'Bearer',
      'DELETE'
    );
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ message: 'Resource not accessible by integration', status: '403' });
    expect((await getManifest(plain, 'octo-org/app', 'v2')).status).toBe(200);

    const id = (await api.versions('app'))!.find((v) => v.name === images.v2)!.id;
    const del = await get(api, `/orgs/octo-org/packages/container/app/versions/${id}`, TOKEN, 'Bearer', 'DELETE');
    expect(del.status).toBe(204);
    expect((await getManifest(plain, 'octo-org/app', 'v2')).status).toBe(404);
    expect((await getManifest(plain, 'octo-org/app', images.v2)).status).toBe(404);
    expect(names((await api.versions('app'))!)).not.toContain(images.v2);
    expect(
      (await get(api, `/orgs/octo-org/packages/container/app/versions/${id}`, TOKEN, 'Bearer', 'DELETE')).status
    ).toBe(404);
  });

  test('a user-owned package: /users/{user} and /user work, /orgs/{user} is 404', async () => {
    const img = await pushImage(plain, 'octocat/hello', 'latest', { architecture: 'amd64' });
    const user = await startGithubPackagesApi({
      registry: plain,
      owner: 'octocat',
      ownerType: 'user',
      validToken: TOKEN
    });
    running.push(user);
    for (const p of ['/users/octocat/packages/container/hello/versions', '/user/packages/container/hello/versions']) {
      const res = await get(user, p);
      expect(res.status).toBe(200);
      expect(names((await res.json()) as PackageVersion[])).toEqual([img.digest]);
    }
    expect((await get(user, '/orgs/octocat/packages/container/hello/versions')).status).toBe(404);
  });

  test('pathPrefix: the API under /api/v3, as on GitHub Enterprise Server, Links included', async () => {
    const ghes = await startGithubPackagesApi({
      registry: plain,
      owner: 'octo-org',
      validToken: TOKEN,
      pathPrefix: '/api/v3'
    });
    running.push(ghes);
    expect(ghes.url).toMatch(/\/api\/v3$/);
    const res = await get(ghes, '/orgs/octo-org/packages/container/app/versions?per_page=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('link')).toContain(
      `<${ghes.url}/orgs/octo-org/packages/container/app/versions?per_page=1&page=2>; rel="next"`
    );
    expect(
      (
        await fetch(`${ghes.url.replace(/\/api\/v3$/, '')}/orgs/octo-org/packages/container/app/versions`, {
          headers: { authorization: `Bearer ${TOKEN}` }
        })
      ).status
    ).toBe(404);
  });

  test('without a storage root: tagged versions plus the digests observed', async () => {
    const obs = await startGithubPackagesApi({ registry: { url: plain.url }, owner: 'octo-org', validToken: TOKEN });
    running.push(obs);
    expect(names((await obs.versions('app'))!).sort()).toEqual([images.v1, indexDigest].sort());
    obs.observe('app', images.amd);
    expect(names((await obs.versions('app'))!).sort()).toEqual([images.v1, images.amd, indexDigest].sort());
  });
});
