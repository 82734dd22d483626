/**
 * Every credential source of v3 against real registries (TLS + htpasswd, token auth), with no
 * config.json at all unless a test writes one: the inputs, registry-auth for two registries, an
 * auth file written by a real `podman login`, buildx scoped directories that beat a stale
 * config.json, DOCKER_AUTH_CONFIG, and the CLI's --password-stdin and --registry-auth. Each wrong
 * or missing credential gives its one line, naming the source.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { basicAuthEntry, writeDockerConfig } from '../../harness/docker-config';
import { getManifest, pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction, runCli } from '../../harness/run-action';

let tls: TestRegistry;
let token: TestRegistry;
beforeAll(async () => {
  [tls, token] = await Promise.all([startRegistry({ tls: true, basicAuth: true }), startRegistry({ tokenAuth: true })]);
  await Promise.all([
    pushImage(tls, 'team/src', 'amd64', { architecture: 'amd64' }),
    pushImage(token, 'team/src', 'arm64', { architecture: 'arm64' })
  ]);
}, 60_000);
afterAll(() => Promise.all([tls?.stop(), token?.stop()]));

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));
const base = { CI: undefined, FANIN_SOURCE_WAIT_SECONDS: '0' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** What a person sees in the job log (the runner hides ::add-mask:: commands). */
const visible = (r: { stdout: string; stderr: string }) =>
  (r.stdout + r.stderr)
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
const errorLine = (r: { stdout: string }) => r.stdout.split('\n').filter((l) => l.startsWith('::error::'));

function expectNoSecret(r: { stdout: string; stderr: string }, ...secrets: string[]): void {
  const out = visible(r);
  for (const s of secrets) expect(out).not.toContain(s);
}

const bothSources = () => `${tls.host}/team/src:amd64\n${token.host}/team/src:arm64`;
const registryAuth = (tlsPassword: string, tokenPassword: string) =>
  `- registry: ${tls.host}\n  username: ${tls.user}\n  password: ${tlsPassword}\n- registry: ${token.host}\n  username: ${token.user}\n  password: ${tokenPassword}\n`;

describe('the inputs', () => {
  test('username/password for the first tag registry and its sources; masked', async () => {
    const r = await runAction(
      {
        tags: `${tls.host}/team/in:1`,
        sources: `${tls.host}/team/src:amd64`,
        insecure: 'true',
        username: tls.user!,
        password: tls.password!
      },
      { env: { ...base, RUNNER_DEBUG: '1' } }
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`::add-mask::${tls.password}`);
    expectNoSecret(r, tls.password!, b64(`${tls.user}:${tls.password}`));
    expect((await getManifest(tls, 'team/in', '1')).digest).toBe(r.outputs.digest);
  });

  test('a wrong password from the inputs says so', async () => {
    const r = await runAction(
      {
        tags: `${tls.host}/team/in:2`,
        sources: `${tls.host}/team/src:amd64`,
        insecure: 'true',
        username: tls.user!,
        password: 'not-the-password'
      },
      { env: base }
    );
    expect(r.code).not.toBe(0);
    const lines = errorLine(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`the credentials for ${tls.host} from the "username"/"password" inputs were refused`);
    expect(lines[0]).toContain('check the password given in the "username"/"password" inputs');
    expectNoSecret(r, 'not-the-password');
  });

  test('username without password: an input error before any request', async () => {
    const r = await runAction(
      { tags: `${tls.host}/team/in:3`, sources: `${tls.host}/team/src:amd64`, username: 'u' },
      { env: base }
    );
    expect(errorLine(r)).toEqual([
      '::error::input "username" is set but "password" is empty: give both (the password from a secret), or neither'
    ]);
  });

  test('registry-auth for two registries (TLS + htpasswd, token auth)', async () => {
    const r = await runAction(
      {
        tags: `${tls.host}/team/two:1`,
        sources: bothSources(),
        insecure: 'true',
        'registry-auth': registryAuth(tls.password!, token.password!)
      },
      { env: { ...base, RUNNER_DEBUG: '1' } }
    );
    expect(r.code).toBe(0);
    expect(r.outputs.platforms).toBe('linux/amd64,linux/arm64');
    expectNoSecret(r, tls.password!, token.password!, b64(`${token.user}:${token.password}`));
  });

  test('registry-auth with a wrong password for one: the refusal names that item', async () => {
    const r = await runAction(
      {
        tags: `${tls.host}/team/two:2`,
        sources: bothSources(),
        insecure: 'true',
        'registry-auth': registryAuth(tls.password!, 'wrong-token-pw')
      },
      { env: base }
    );
    const lines = errorLine(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`the "registry-auth" input (item 2, ${token.host})`);
    expectNoSecret(r, 'wrong-token-pw', tls.password!);
  });
});

describe('files and variables of other login tools', () => {
  // Not execFileSync: the token server runs in this process and must answer podman meanwhile.
  const podmanLogin = (env: Record<string, string>, args: string[], target: string) =>
    new Promise<void>((resolve, reject) => {
      const child = execFile(
        'podman',
        ['login', ...args, '--tls-verify=false', '-u', token.user!, '--password-stdin', target],
        { env: { ...process.env, ...env }, timeout: 60_000 },
        (err, _out, stderr) => (err ? reject(new Error(`podman login: ${stderr || err.message}`)) : resolve())
      );
      child.stdin?.end(token.password);
    });

  test('an auth file written by podman login (REGISTRY_AUTH_FILE)', async () => {
    const file = path.join(tmp('fanin-podman-'), 'auth.json');
    await podmanLogin({}, ['--authfile', file], token.host);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).auths[token.host].auth).toBeDefined();
    const r = await runAction(
      { tags: `${token.host}/team/pod:1`, sources: `${token.host}/team/src:arm64` },
      { env: { ...base, REGISTRY_AUTH_FILE: file } }
    );
    expect(r.code).toBe(0);
    expectNoSecret(r, token.password!);
  });

  test("podman's default place under XDG_RUNTIME_DIR, with a repository key, read per repository", async () => {
    const xdg = tmp('fanin-xdg-');
    await podmanLogin({ XDG_RUNTIME_DIR: xdg }, [], `${token.host}/team`);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(xdg, 'containers', 'auth.json'), 'utf8')).auths)).toEqual([
      `${token.host}/team`
    ]);
    const ok = await runAction(
      { tags: `${token.host}/team/pod:2`, sources: `${token.host}/team/src:arm64` },
      { env: { ...base, XDG_RUNTIME_DIR: xdg } }
    );
    expect(ok.code).toBe(0);
    // Another namespace on that registry: the file holds nothing for it.
    const none = await runAction(
      { tags: `${token.host}/other/pod:1`, sources: `${token.host}/team/src:arm64` },
      { env: { ...base, XDG_RUNTIME_DIR: xdg } }
    );
    expect(none.code).not.toBe(0);
    expect(errorLine(none)[0]).toContain(`no credentials for ${token.host} were found in`);
  });

  test('buildx scoped directories beat a stale config.json; the error names the directory used', async () => {
    const dc = writeDockerConfig(tmp('fanin-dc-'), { auths: { [tls.host]: basicAuthEntry(tls.user!, 'stale') } });
    const scoped = (rel: string, password: string) =>
      writeDockerConfig(path.join(dc, 'buildx', 'config', tls.host, rel), {
        auths: { [tls.host]: basicAuthEntry(tls.user!, password) }
      });
    scoped('team/app@push', tls.password!);
    writeDockerConfig(path.join(dc, 'buildx', 'config', `${tls.host}@pull`), {
      auths: { [tls.host]: basicAuthEntry(tls.user!, tls.password!) }
    });
    const r = await runAction(
      { tags: `${tls.host}/team/app:1`, sources: `${tls.host}/team/src:amd64`, insecure: 'true' },
      { dockerConfig: dc, env: base }
    );
    expect(r.code).toBe(0);
    // A push to a repository no scoped directory covers falls back to config.json, and says so.
    const stale = await runAction(
      { tags: `${tls.host}/team/other:1`, sources: `${tls.host}/team/src:amd64`, insecure: 'true' },
      { dockerConfig: dc, env: base }
    );
    expect(errorLine(stale)[0]).toContain(
      `the credentials for ${tls.host} from ${dc}/config.json (auths["${tls.host}"]) were refused`
    );
  });

  test('DOCKER_AUTH_CONFIG (GitLab CI)', async () => {
    const value = JSON.stringify({ auths: { [tls.host]: basicAuthEntry(tls.user!, tls.password!) } });
    const r = await runAction(
      { tags: `${tls.host}/team/env:1`, sources: `${tls.host}/team/src:amd64`, insecure: 'true' },
      { env: { ...base, DOCKER_AUTH_CONFIG: value, RUNNER_DEBUG: '1' } }
    );
    expect(r.code).toBe(0);
    expectNoSecret(r, tls.password!, basicAuthEntry(tls.user!, tls.password!).auth);
  });

  test('an auths entry that is not user:password is named as malformed, with its file (issue 17, item 9)', async () => {
    const dc = writeDockerConfig(tmp('fanin-dc-'), { auths: { [tls.host]: { auth: b64('just-a-token') } } });
    const r = await runAction(
      { tags: `${tls.host}/team/bad:1`, sources: `${tls.host}/team/src:amd64`, insecure: 'true' },
      { dockerConfig: dc, env: base }
    );
    expect(errorLine(r)).toHaveLength(1);
    expect(errorLine(r)[0]).toContain(`the entry auths["${tls.host}"] in ${dc}/config.json is malformed`);
    expectNoSecret(r, 'just-a-token', b64('just-a-token'));
  });
});

describe('the command line', () => {
  test('--username U --password-stdin', async () => {
    const r = await runCli(
      [
        'create',
        '--insecure',
        '--username',
        tls.user!,
        '--password-stdin',
        `${tls.host}/team/cli:1`,
        `${tls.host}/team/src:amd64`
      ],
      { env: { ...base }, stdin: `${tls.password}\n` }
    );
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain(tls.password!);
    expect(r.stdout).toMatch(/^sha256:[a-f0-9]{64}\n$/);
  });

  test('--registry-auth FILE for two registries; a wrong password names the flag, never the password', async () => {
    const file = path.join(tmp('fanin-ra-'), 'auth.yml');
    fs.writeFileSync(file, registryAuth(tls.password!, token.password!));
    const ok = await runCli(
      ['create', '--insecure', '--registry-auth', file, `${tls.host}/team/cli:2`, ...bothSources().split('\n')],
      {
        env: base
      }
    );
    expect(ok.code).toBe(0);
    fs.writeFileSync(file, registryAuth('wrong-cli-pw', token.password!));
    const bad = await runCli(
      ['create', '--insecure', '--registry-auth', file, `${tls.host}/team/cli:3`, ...bothSources().split('\n')],
      {
        env: base
      }
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`--registry-auth (item 1, ${tls.host})`);
    expect(bad.stderr).not.toContain('wrong-cli-pw');
  });
});

describe('an anonymous 403 (issue 17, item 9)', () => {
  let front: http.Server;
  afterAll(() => front?.close());

  test('says no credentials were found for that registry, not "the credentials lack permission"', async () => {
    const plain = await startRegistry();
    try {
      await pushImage(plain, 'team/src', 'amd64', { architecture: 'amd64' });
      // A registry that refuses anonymous pushes with 403 (as Docker Hub and GHCR do): a front that
      // answers 403 to any write without credentials, and passes everything else to the real one.
      front = http.createServer((req, res) => {
        if (req.method !== 'GET' && req.method !== 'HEAD' && !req.headers.authorization) {
          res.writeHead(403, { 'content-type': 'application/json' });
          return void res.end(
            JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] })
          );
        }
        const up = http.request(
          `${plain.url}${req.url}`,
          { method: req.method, headers: { ...req.headers, host: plain.host } },
          (u) => {
            res.writeHead(u.statusCode ?? 502, u.headers);
            u.pipe(res);
          }
        );
        up.on('error', () => res.destroy());
        req.pipe(up);
      });
      await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
      const host = `127.0.0.1:${(front.address() as AddressInfo).port}`;
      const r = await runAction(
        { tags: `${host}/team/anon:1`, sources: `${plain.host}/team/src:amd64` },
        { env: base }
      );
      const lines = errorLine(r);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('HTTP 403');
      expect(lines[0]).toContain(`no credentials for ${host} were found`);
      expect(lines[0]).not.toContain('the credentials for');
    } finally {
      await plain.stop();
    }
  });
});
