import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CredentialStore,
  DOCKER_HUB_KEY,
  normalizeConfigKey,
  runCredentialHelper
} from '../../src/registry/credentials';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('normalizeConfigKey', () => {
  test.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['https://registry-1.docker.io/v2/', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['https://ghcr.io/v2/', 'ghcr.io'],
    ['http://localhost:5000', 'localhost:5000'],
    ['localhost:5000/', 'localhost:5000'],
    ['GHCR.IO', 'ghcr.io'],
    ['HTTPS://Quay.io/v1/', 'quay.io'],
    ['[::1]:5000', '[::1]:5000']
  ])('%s → %s', (key, expected) => {
    expect(normalizeConfigKey(key)).toBe(expected);
  });

  test('Docker Hub key', () => {
    expect(DOCKER_HUB_KEY).toBe('https://index.docker.io/v1/');
  });
});

describe('CredentialStore', () => {
  let root: string;
  let bin: string;
  let log: string;
  const savedPath = process.env.PATH;

  /** A docker-credential-<name> that logs what it was asked for and answers per server. */
  function helper(name: string, user: string): void {
    const file = path.join(bin, `docker-credential-${name}`);
    writeFileSync(
      file,
      `#!/bin/sh
[ "$1" = get ] || { echo "unexpected action $1" >&2; exit 3; }
server=$(cat)
echo "${name} $server" >> '${log}'
case "$server" in
  missing.example.com) echo "credentials not found in native keychain"; exit 1 ;;
  broken.example.com) echo "boom: keychain locked" >&2; echo "second line" >&2; exit 2 ;;
  garbage.example.com) echo "this is not json" ;;
  empty.example.com) printf '{"ServerURL":"%s","Username":"","Secret":""}' "$server" ;;
  token.example.com) printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh-${name}"}' "$server" ;;
  *) printf '{"ServerURL":"%s","Username":"${user}","Secret":"secret-${name}"}' "$server" ;;
esac
`
    );
    chmodSync(file, 0o755);
  }

  function config(json: unknown): string {
    const dir = mkdtempSync(path.join(root, 'cfg-'));
    writeFileSync(path.join(dir, 'config.json'), typeof json === 'string' ? json : JSON.stringify(json));
    return dir;
  }

  const asked = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'fanin-creds-'));
    bin = path.join(root, 'bin');
    mkdirSync(bin);
    log = path.join(root, 'helper.log');
    helper('fanintest', 'helper-user');
    helper('faninstore', 'store-user');
    process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
  });

  afterAll(() => {
    process.env.PATH = savedPath;
    rmSync(root, { recursive: true, force: true });
  });

  beforeEach(() => rmSync(log, { force: true }));

  test("auths: auth (base64 user:password, password may hold colons) under Docker Hub's key", async () => {
    const dir = config({ auths: { 'https://index.docker.io/v1/': { auth: b64('hubuser:pa:ss') } } });
    await expect(new CredentialStore(dir).lookup('docker.io')).resolves.toEqual({
      username: 'hubuser',
      password: 'pa:ss',
      from: `${path.join(dir, 'config.json')} (auths["https://index.docker.io/v1/"])`
    });
  });

  test('auths: username and password; keys in any spelling', async () => {
    const dir = config({
      auths: { 'https://ghcr.io/v2/': { username: 'u', password: 'p' }, 'localhost:5000': { auth: b64('a:b') } }
    });
    const store = new CredentialStore(dir);
    await expect(store.lookup('ghcr.io')).resolves.toEqual({
      username: 'u',
      password: 'p',
      from: `${path.join(dir, 'config.json')} (auths["https://ghcr.io/v2/"])`
    });
    await expect(store.lookup('localhost:5000')).resolves.toMatchObject({ username: 'a', password: 'b' });
  });

  test('auths: identitytoken (with its username) and registrytoken', async () => {
    const dir = config({
      auths: {
        'acr.example.io': {
          username: '00000000-0000-0000-0000-000000000000',
          identitytoken: 'refresh-tok',
          auth: b64('x:y')
        },
        'reg.example.com': { registrytoken: 'bearer-tok', username: 'ignored', password: 'ignored' }
      }
    });
    const store = new CredentialStore(dir);
    await expect(store.lookup('acr.example.io')).resolves.toEqual({
      identityToken: 'refresh-tok',
      username: '00000000-0000-0000-0000-000000000000',
      from: `${path.join(dir, 'config.json')} (auths["acr.example.io"])`
    });
    await expect(store.lookup('reg.example.com')).resolves.toEqual({
      registryToken: 'bearer-tok',
      from: `${path.join(dir, 'config.json')} (auths["reg.example.com"])`
    });
  });

  test('every secret found is reported for masking, never the username', async () => {
    const dir = config({
      auths: {
        'ghcr.io': { auth: b64('me:pw1') },
        'acr.example.io': { identitytoken: 'idt' },
        'reg.example.com': { registrytoken: 'rt' }
      }
    });
    const secrets: string[] = [];
    const store = new CredentialStore(dir, (s) => secrets.push(s));
    await store.lookup('ghcr.io');
    await store.lookup('acr.example.io');
    await store.lookup('reg.example.com');
    expect(secrets).toEqual(['pw1', b64('me:pw1'), 'idt', 'rt']);
  });

  test('no entry, an empty entry: anonymous', async () => {
    const dir = config({ auths: { 'ghcr.io': {} } });
    const store = new CredentialStore(dir);
    await expect(store.lookup('ghcr.io')).resolves.toBeUndefined();
    await expect(store.lookup('docker.io')).resolves.toBeUndefined();
  });

  test('an auth that is not base64 of user:password is named as malformed, with its file (issue 17, item 9)', async () => {
    const dir = config({ auths: { 'quay.io': { auth: b64('nocolon-secret') } } });
    const err = (await new CredentialStore(dir).lookup('quay.io').catch((e: Error) => e)) as Error;
    expect(err.message).toBe(
      `the entry auths["quay.io"] in ${dir}/config.json is malformed: its "auth" is not base64 of "user:password"; log in again or fix that entry`
    );
    expect(err.message).not.toContain(b64('nocolon-secret'));
    expect(err.message).not.toContain('nocolon-secret');
  });

  test('no config.json: anonymous', async () => {
    const dir = mkdtempSync(path.join(root, 'empty-'));
    await expect(new CredentialStore(dir).lookup('ghcr.io')).resolves.toBeUndefined();
  });

  test('a config.json that is not JSON is an error naming the file', async () => {
    const dir = config('{ not json');
    await expect(new CredentialStore(dir).lookup('ghcr.io')).rejects.toThrow(
      `cannot read ${path.join(dir, 'config.json')}: `
    );
  });

  test('preload() reads the file early; a bad file is still said by lookup(), not thrown or left unhandled', async () => {
    const dir = config('{ not json');
    const store = new CredentialStore(dir);
    store.preload();
    await new Promise((r) => setTimeout(r, 20));
    await expect(store.lookup('ghcr.io')).rejects.toThrow(`cannot read ${path.join(dir, 'config.json')}: `);
    const good = new CredentialStore(config({ auths: { 'ghcr.io': { auth: Buffer.from('u:p').toString('base64') } } }));
    good.preload();
    await expect(good.lookup('ghcr.io')).resolves.toMatchObject({ username: 'u', password: 'p' });
  });

  test('credHelpers: run per registry, asked with the config key, before auths', async () => {
    const dir = config({
      auths: { 'helper.example.com': { auth: b64('inline:inline') } },
      credHelpers: { 'helper.example.com': 'fanintest' },
      credsStore: 'faninstore'
    });
    const secrets: string[] = [];
    await expect(new CredentialStore(dir, (s) => secrets.push(s)).lookup('helper.example.com')).resolves.toEqual({
      username: 'helper-user',
      password: 'secret-fanintest',
      from: `docker-credential-fanintest (credHelpers["helper.example.com"] in ${dir}/config.json)`
    });
    expect(asked()).toEqual(['fanintest helper.example.com']);
    expect(secrets).toEqual(['secret-fanintest', b64('helper-user:secret-fanintest')]);
  });

  test('credHelpers for Docker Hub are asked for https://index.docker.io/v1/', async () => {
    const dir = config({ credHelpers: { 'https://index.docker.io/v1/': 'fanintest' } });
    await expect(new CredentialStore(dir).lookup('docker.io')).resolves.toMatchObject({
      username: 'helper-user',
      password: 'secret-fanintest'
    });
    expect(asked()).toEqual(['fanintest https://index.docker.io/v1/']);
  });

  test('a helper answering Username "<token>" gives an identity token', async () => {
    const dir = config({ credHelpers: { 'token.example.com': 'fanintest' } });
    await expect(new CredentialStore(dir).lookup('token.example.com')).resolves.toEqual({
      identityToken: 'refresh-fanintest',
      from: `docker-credential-fanintest (credHelpers["token.example.com"] in ${dir}/config.json)`
    });
  });

  test('credsStore: used when no helper and no inline entry; Docker Hub asked by its key', async () => {
    const dir = config({
      credsStore: 'faninstore',
      auths: { 'https://quay.io': {} },
      credHelpers: { 'other.example.com': 'fanintest' }
    });
    const store = new CredentialStore(dir);
    await expect(store.lookup('docker.io')).resolves.toEqual({
      username: 'store-user',
      password: 'secret-faninstore',
      from: `docker-credential-faninstore (credsStore in ${dir}/config.json)`
    });
    await expect(store.lookup('quay.io')).resolves.toMatchObject({ username: 'store-user' });
    await expect(store.lookup('ghcr.io')).resolves.toMatchObject({ username: 'store-user' });
    expect(asked()).toEqual([
      'faninstore https://index.docker.io/v1/',
      'faninstore https://quay.io',
      'faninstore ghcr.io'
    ]);
  });

  test('an inline entry wins over credsStore', async () => {
    const dir = config({ credsStore: 'faninstore', auths: { 'ghcr.io': { auth: b64('in:line') } } });
    await expect(new CredentialStore(dir).lookup('ghcr.io')).resolves.toMatchObject({
      username: 'in',
      password: 'line'
    });
    expect(asked()).toEqual([]);
  });

  test('once per registry: the helper runs once', async () => {
    const dir = config({ credsStore: 'faninstore' });
    const store = new CredentialStore(dir);
    const [a, b] = await Promise.all([store.lookup('ghcr.io'), store.lookup('ghcr.io')]);
    await store.lookup('ghcr.io');
    expect(a).toBe(b);
    expect(asked()).toEqual(['faninstore ghcr.io']);
  });

  test('helper has nothing ("credentials not found", or an empty secret): anonymous', async () => {
    const dir = config({ credsStore: 'faninstore' });
    const store = new CredentialStore(dir);
    await expect(store.lookup('missing.example.com')).resolves.toBeUndefined();
    await expect(store.lookup('empty.example.com')).resolves.toBeUndefined();
  });

  test('a failing helper is an error naming it and the server, with its first line', async () => {
    const dir = config({ credHelpers: { 'broken.example.com': 'fanintest' } });
    await expect(new CredentialStore(dir).lookup('broken.example.com')).rejects.toThrow(
      'credential helper docker-credential-fanintest failed for broken.example.com: boom: keychain locked'
    );
  });

  test('a helper printing something else than JSON', async () => {
    const dir = config({ credHelpers: { 'garbage.example.com': 'fanintest' } });
    await expect(new CredentialStore(dir).lookup('garbage.example.com')).rejects.toThrow(
      'credential helper docker-credential-fanintest printed something that is not JSON'
    );
  });

  test('a helper that is not on PATH', async () => {
    const dir = config({ credsStore: 'fanin-no-such-helper' });
    await expect(new CredentialStore(dir).lookup('ghcr.io')).rejects.toThrow(
      `credential helper docker-credential-fanin-no-such-helper (configured for ghcr.io in ${dir}/config.json) is not on PATH: install it or remove it from that file`
    );
  });

  test('runCredentialHelper directly', async () => {
    await expect(runCredentialHelper('fanintest', 'x.example.com')).resolves.toEqual({
      username: 'helper-user',
      password: 'secret-fanintest',
      from: 'docker-credential-fanintest'
    });
    expect(asked()).toEqual(['fanintest x.example.com']);
  });
});

describe('a credential with a line break or control character (issue 8, 6)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fanin-cred-ctl-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['password', { username: 'u', password: 'secret-value\n' }, 'a line break in the password'],
    ['auth', { auth: b64('u:secret-value\r') }, 'a line break in the password'],
    ['registry token', { registrytoken: 'secret-value\r\n' }, 'a line break in the registry token'],
    ['identity token', { identitytoken: 'secret-value\u0001' }, 'a control character in the identity token'],
    ['username', { username: 'u\n', password: 'secret-value' }, 'a line break in the username']
  ])('%s: one clear error naming the registry and where it came from, never the value', async (_n, entry, what) => {
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { 'LOCALHOST:5000': entry } }));
    const err = await new CredentialStore(dir).lookup('localhost:5000').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('InputError');
    const m = (err as Error).message;
    expect(m).toContain('localhost:5000');
    expect(m).toContain(`auths["LOCALHOST:5000"]`);
    expect(m).toContain(what);
    expect(m).not.toContain('secret-value');
  });

  test('a tab or ordinary punctuation is fine', async () => {
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { 'localhost:5000': { username: 'u', password: 'p@ss:w0rd!' } } })
    );
    await expect(new CredentialStore(dir).lookup('localhost:5000')).resolves.toMatchObject({
      username: 'u',
      password: 'p@ss:w0rd!'
    });
  });
});
