/** The lookup order (inputs, buildx scoped, config.json, DOCKER_AUTH_CONFIG, containers auth) and each reader. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CredentialStore, type CredentialSources } from '../../../src/registry/credentials';
import { rankScopedDirs, scopesOfName } from '../../../src/registry/credentials/buildx';
import { pickAuthKey } from '../../../src/registry/credentials/containers-auth';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const auth = (u: string, p: string) => ({ auth: b64(`${u}:${p}`) });

let root: string;
const roots: string[] = [];
const newRoot = () => {
  root = mkdtempSync(path.join(tmpdir(), 'fanin-lookup-'));
  roots.push(root);
};
beforeEach(newRoot);
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function writeJson(file: string, json: unknown): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  return file;
}

/** A store over every source, each holding a credential for REG under a user that names it. */
function everySource(reg: string, drop: string[] = []): { sources: CredentialSources; store: () => CredentialStore } {
  const dockerConfig = path.join(root, 'docker');
  const buildxConfig = path.join(root, 'buildx');
  const containers = path.join(root, 'containers', 'auth.json');
  if (!drop.includes('config.json'))
    writeJson(path.join(dockerConfig, 'config.json'), { auths: { [reg]: auth('cfg', 'p1') } });
  if (!drop.includes('buildx'))
    writeJson(path.join(buildxConfig, 'config', reg, 'team', 'app@push', 'config.json'), {
      auths: { [reg]: auth('bx', 'p2') }
    });
  if (!drop.includes('containers')) writeJson(containers, { auths: { [reg]: auth('podman', 'p3') } });
  const sources: CredentialSources = {
    dockerConfig,
    buildxConfig,
    containersAuthFiles: [containers],
    dockerAuthConfig: drop.includes('env') ? undefined : JSON.stringify({ auths: { [reg]: auth('env', 'p4') } }),
    inputs: drop.includes('inputs')
      ? []
      : [{ registry: reg, username: 'input', password: 'p0', from: 'the "username"/"password" inputs' }]
  };
  return { sources, store: () => new CredentialStore(sources) };
}

describe('first match wins, in the documented order', () => {
  const reg = 'reg.example.com';
  test.each([
    [[], 'input'],
    [['inputs'], 'bx'],
    [['inputs', 'buildx'], 'cfg'],
    [['inputs', 'buildx', 'config.json'], 'env'],
    [['inputs', 'buildx', 'config.json', 'env'], 'podman']
  ])('without %j: %s', async (drop, user) => {
    const { store } = everySource(reg, drop as string[]);
    await expect(store().lookup(reg, 'team/app', 'push')).resolves.toMatchObject({ username: user });
  });

  test('nothing anywhere: anonymous, and searched() names every place looked at', async () => {
    const { store, sources } = everySource(reg, ['inputs', 'buildx', 'config.json', 'env', 'containers']);
    const s = store();
    await expect(s.lookup(reg, 'team/app', 'push')).resolves.toBeUndefined();
    expect(s.searched()).toBe(
      `the inputs, buildx's scoped configs (${sources.buildxConfig}/config), ${sources.dockerConfig}/config.json (auths, credHelpers, credsStore), ${sources.containersAuthFiles![0]}`
    );
  });

  test('where each came from, never a secret', async () => {
    const { store, sources } = everySource(reg, ['inputs']);
    expect((await store().lookup(reg, 'team/app', 'push'))!.from).toBe(
      `${sources.buildxConfig}/config/${reg}/team/app@push/config.json (auths["${reg}"])`
    );
    newRoot();
    const env = everySource(reg, ['inputs', 'buildx', 'config.json']);
    expect((await env.store().lookup(reg, 'x', 'pull'))!.from).toBe(`DOCKER_AUTH_CONFIG (auths["${reg}"])`);
    newRoot();
    const podman = everySource(reg, ['inputs', 'buildx', 'config.json', 'env']);
    expect((await podman.store().lookup(reg, 'x', 'pull'))!.from).toBe(
      `${podman.sources.containersAuthFiles![0]} (auths["${reg}"])`
    );
  });

  test('every input password is handed for masking at once; every credential found too', async () => {
    const { sources } = everySource(reg, ['buildx']);
    const secrets: string[] = [];
    const s = new CredentialStore(
      { ...sources, inputs: [...sources.inputs!, { registry: 'other.io', username: 'o', password: 'po', from: 'x' }] },
      (x) => secrets.push(x)
    );
    expect(secrets).toEqual(['p0', b64('input:p0'), 'po', b64('o:po')]);
    await s.lookup(reg, 'a', 'pull');
    expect(secrets).toContain('p0');
  });
});

describe('buildx scoped configs', () => {
  const reg = 'reg.example.com';
  const bx = () => path.join(root, 'buildx');
  const put = (rel: string, user: string) =>
    writeJson(path.join(bx(), 'config', rel, 'config.json'), { auths: { [reg]: auth(user, 'pw') } });
  const look = (repo: string, access: 'pull' | 'push', registry = reg) =>
    new CredentialStore({ dockerConfig: path.join(root, 'none'), buildxConfig: bx() }).lookup(registry, repo, access);

  test('the most specific directory that covers the access wins; pull is covered by pull or push', async () => {
    put(`${reg}@push`, 'registry-push');
    put(`${reg}/team@pull`, 'team-pull');
    put(`${reg}/team/app@push`, 'app-push');
    put(`${reg}/team/app@pull`, 'app-pull');
    await expect(look('team/app', 'push')).resolves.toMatchObject({ username: 'app-push' });
    await expect(look('team/app', 'pull')).resolves.toMatchObject({ username: 'app-pull' });
    await expect(look('team/other', 'pull')).resolves.toMatchObject({ username: 'team-pull' });
    await expect(look('team/other', 'push')).resolves.toMatchObject({ username: 'registry-push' });
    await expect(look('elsewhere/x', 'pull')).resolves.toMatchObject({ username: 'registry-push' });
  });

  test('a directory without scopes covers any access; one that names its scopes wins at the same depth', async () => {
    put(`${reg}/team/app`, 'any');
    await expect(look('team/app', 'push')).resolves.toMatchObject({ username: 'any' });
    put(`${reg}/team/app@pull,push`, 'both');
    await expect(look('team/app', 'push')).resolves.toMatchObject({ username: 'both' });
  });

  test("Docker Hub's directory is registry-1.docker.io, its key docker's", async () => {
    writeJson(path.join(bx(), 'config', 'registry-1.docker.io', 'acme@push', 'config.json'), {
      auths: { 'https://index.docker.io/v1/': auth('hub', 'pw') }
    });
    await expect(look('acme/app', 'push', 'docker.io')).resolves.toMatchObject({ username: 'hub' });
  });

  test('a scoped login beats a stale config.json', async () => {
    const dockerConfig = path.join(root, 'docker');
    writeJson(path.join(dockerConfig, 'config.json'), { auths: { [reg]: auth('stale', 'old') } });
    put(`${reg}/team/app@push`, 'fresh');
    const s = new CredentialStore({ dockerConfig, buildxConfig: bx() });
    await expect(s.lookup(reg, 'team/app', 'push')).resolves.toMatchObject({ username: 'fresh' });
    await expect(s.lookup(reg, 'team/other', 'push')).resolves.toMatchObject({ username: 'stale' });
  });

  test('names and ranking (pure)', () => {
    expect(scopesOfName('app', 'app')).toBeUndefined();
    expect(scopesOfName('app@push,pull', 'app')).toEqual(['push', 'pull']);
    expect(scopesOfName('apps', 'app')).toBeNull();
    expect(scopesOfName('app@Push', 'app')).toBeNull();
    const dirs = [
      { dir: 'a', depth: 0, scopes: ['push'] },
      { dir: 'b', depth: 2, scopes: ['pull'] },
      { dir: 'c', depth: 2 },
      { dir: 'd', depth: 1, scopes: ['push'] }
    ];
    expect(rankScopedDirs(dirs, 'push').map((d) => d.dir)).toEqual(['c', 'd', 'a']);
    expect(rankScopedDirs(dirs, 'pull').map((d) => d.dir)).toEqual(['b', 'c', 'd', 'a']);
  });
});

describe('containers auth file', () => {
  test('the most specific key wins: registry/namespace/repo, then registry/namespace, then registry', () => {
    const auths = { 'quay.io': {}, 'quay.io/team': {}, 'quay.io/team/app': {}, 'docker.io/library': {} };
    expect(pickAuthKey(auths, 'quay.io', 'team/app')).toBe('quay.io/team/app');
    expect(pickAuthKey(auths, 'quay.io', 'team/other')).toBe('quay.io/team');
    expect(pickAuthKey(auths, 'quay.io', 'teams/app')).toBe('quay.io');
    expect(pickAuthKey(auths, 'docker.io', 'library/alpine')).toBe('docker.io/library');
    expect(pickAuthKey(auths, 'ghcr.io', 'x')).toBeUndefined();
    expect(pickAuthKey({ 'https://index.docker.io/v1/': {} }, 'docker.io', 'a/b')).toBe('https://index.docker.io/v1/');
  });

  test('read per repository, malformed entries named with the file', async () => {
    const file = writeJson(path.join(root, 'auth.json'), {
      auths: { 'quay.io': auth('org', 'a'), 'quay.io/team/app': auth('app', 'b'), 'bad.io': { auth: b64('x') } }
    });
    const s = new CredentialStore({ dockerConfig: path.join(root, 'none'), containersAuthFiles: [file] });
    await expect(s.lookup('quay.io', 'team/app')).resolves.toMatchObject({
      username: 'app',
      from: `${file} (auths["quay.io/team/app"])`
    });
    await expect(s.lookup('quay.io', 'other/app')).resolves.toMatchObject({ username: 'org' });
    await expect(s.lookup('bad.io', 'x')).rejects.toThrow(`the entry auths["bad.io"] in ${file} is malformed`);
  });

  test("the runtime file first, ~/.config's for a registry it does not hold (as podman reads them); a missing file is skipped", async () => {
    const runtime = writeJson(path.join(root, 'run', 'auth.json'), { auths: { 'quay.io': auth('run', 'a') } });
    const config = writeJson(path.join(root, 'cfg', 'auth.json'), {
      auths: { 'quay.io': auth('cfg', 'b'), 'ghcr.io': auth('cfg', 'c') }
    });
    const s = new CredentialStore({
      dockerConfig: path.join(root, 'none'),
      containersAuthFiles: [path.join(root, 'absent.json'), runtime, config]
    });
    await expect(s.lookup('quay.io', 'x')).resolves.toMatchObject({ username: 'run' });
    await expect(s.lookup('ghcr.io', 'x')).resolves.toMatchObject({
      username: 'cfg',
      from: `${config} (auths["ghcr.io"])`
    });
  });
});

describe('DOCKER_AUTH_CONFIG', () => {
  test('not JSON: names the variable and where, never its text', async () => {
    const s = new CredentialStore({
      dockerConfig: path.join(root, 'none'),
      dockerAuthConfig: '{"auths": {"x": {"auth": "c2VjcmV0OnRvcA=="}'
    });
    const err = (await s.lookup('x', 'a').catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/^cannot read DOCKER_AUTH_CONFIG: it is not valid JSON/);
    expect(err.message).not.toContain('c2VjcmV0OnRvcA==');
  });

  test('empty: not read', async () => {
    await expect(
      new CredentialStore({ dockerConfig: path.join(root, 'none'), dockerAuthConfig: '' }).lookup('x')
    ).resolves.toBeUndefined();
  });
});

test('a config.json helper runs once per registry, whatever the repositories and access asked for', async () => {
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  const log = path.join(root, 'calls');
  writeFileSync(
    path.join(bin, 'docker-credential-count'),
    `#!/bin/sh\nread s\necho x >> '${log}'\nprintf '{"Username":"u","Secret":"s"}'\n`,
    { mode: 0o755 }
  );
  const dockerConfig = path.dirname(writeJson(path.join(root, 'd', 'config.json'), { credsStore: 'count' }));
  const s = new CredentialStore({
    dockerConfig,
    helper: { env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } }
  });
  await Promise.all([s.lookup('r.io', 'a', 'pull'), s.lookup('r.io', 'b', 'push'), s.lookup('r.io', 'a', 'push')]);
  expect(readFileSync(log, 'utf8')).toBe('x\n');
});
