/**
 * A 401 says whether credentials for that registry were found (and where: auths, a credHelpers
 * helper, the credsStore) and refused, or none were found; and the hint fits the edge:
 * docker/login-action in the action, `docker login HOST` on the command line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { basicAuthEntry, makeCredentialHelper, writeDockerConfig } from '../../harness/docker-config';
import { pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction, runCli } from '../../harness/run-action';
import { commandLines } from '../../harness/checks';

let basic: TestRegistry;
let token: TestRegistry;
beforeAll(async () => {
  [basic, token] = await Promise.all([startRegistry({ basicAuth: true }), startRegistry({ tokenAuth: true })]);
  await pushImage(basic, 'm/app', 'amd64', { architecture: 'amd64' });
  await pushImage(token, 'm/app', 'amd64', { architecture: 'amd64' });
}, 30_000);
afterAll(() => Promise.all([basic?.stop(), token?.stop()]));

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));
const env = { CI: undefined, FANIN_SOURCE_WAIT_SECONDS: '0' };

function lastLine(r: { stderr: string }): string {
  const lines = r.stderr.trimEnd().split('\n');
  return lines[lines.length - 1];
}

const cliCreate = (reg: TestRegistry, dockerConfig: string, extra: Record<string, string> = {}) =>
  runCli(['create', `${reg.host}/m/app:1`, `${reg.host}/m/app:amd64`], { dockerConfig, env: { ...env, ...extra } });

describe('on the command line: docker login HOST', () => {
  test('no credentials found: says so, where it looked, and how to log in', async () => {
    const dc = tmp('fanin-dc-');
    const r = await cliCreate(basic, dc);
    expect(r.code).toBe(1);
    expect(lastLine(r)).toContain(`HTTP 401`);
    expect(lastLine(r)).toContain(`no credentials for ${basic.host} were found in the inputs, buildx's scoped configs`);
    expect(lastLine(r)).toContain(
      `${dc}/config.json (auths, credHelpers, credsStore), ${r.tmp}/home/.config/containers/auth.json: log in first (docker login ${basic.host})`
    );
    expect(lastLine(r)).not.toContain('login-action');
  });

  test('credentials from auths, refused: names the entry', async () => {
    const dc = writeDockerConfig(tmp('fanin-dc-'), { auths: { [basic.host]: basicAuthEntry('ci-user', 'wrong') } });
    const r = await cliCreate(basic, dc);
    expect(r.code).toBe(1);
    expect(lastLine(r)).toContain(
      `the credentials for ${basic.host} from ${dc}/config.json (auths["${basic.host}"]) were refused: check them, or log in again (docker login ${basic.host})`
    );
  });

  test('credentials from a credHelpers helper, refused: names the helper and the key', async () => {
    const bin = tmp('fanin-bin-');
    makeCredentialHelper(bin, 'fake', { [basic.host]: { Username: 'ci-user', Secret: 'wrong' } });
    const dc = writeDockerConfig(tmp('fanin-dc-'), { credHelpers: { [basic.host]: 'fake' } });
    const r = await cliCreate(basic, dc, { PATH: `${bin}:${process.env.PATH}` });
    expect(lastLine(r)).toContain(
      `the credentials for ${basic.host} from docker-credential-fake (credHelpers["${basic.host}"] in ${dc}/config.json) were refused`
    );
  });

  test('credentials from the credsStore, refused by a token server: names the store', async () => {
    const bin = tmp('fanin-bin-');
    makeCredentialHelper(bin, 'store', { [token.host]: { Username: 'ci-user', Secret: 'wrong' } });
    const dc = writeDockerConfig(tmp('fanin-dc-'), { credsStore: 'store' });
    const r = await cliCreate(token, dc, { PATH: `${bin}:${process.env.PATH}` });
    expect(r.code).toBe(1);
    expect(lastLine(r)).toContain(`token server`);
    expect(lastLine(r)).toContain(
      `the credentials for ${token.host} from docker-credential-store (credsStore in ${dc}/config.json) were refused: check them, or log in again (docker login ${token.host})`
    );
  });

  test('the secret is never printed', async () => {
    const dc = writeDockerConfig(tmp('fanin-dc-'), {
      auths: { [basic.host]: { username: 'ci-user', password: 'sekrit-value-123' } }
    });
    const r = await cliCreate(basic, dc, {});
    expect(r.stderr + r.stdout).not.toContain('sekrit-value-123');
  });
});

describe('in the action: docker/login-action', () => {
  test('no credentials found', async () => {
    const r = await runAction({ tags: `${basic.host}/m/app:1`, sources: `${basic.host}/m/app:amd64` }, { env });
    expect(r.code).toBe(1);
    const error = commandLines(r.stdout, 'error');
    expect(error).toHaveLength(1);
    expect(error[0]).toContain(`no credentials for ${basic.host} were found in`);
    expect(error[0]).toContain('log in first (docker/login-action before this step)');
    expect(error[0]).not.toContain('docker login ');
  });

  test('refused by a token server', async () => {
    const dc = writeDockerConfig(tmp('fanin-dc-'), { auths: { [token.host]: basicAuthEntry('ci-user', 'wrong') } });
    const r = await runAction(
      { tags: `${token.host}/m/app:1`, sources: `${token.host}/m/app:amd64` },
      { env, dockerConfig: dc }
    );
    const error = commandLines(r.stdout, 'error');
    expect(error[0]).toContain(
      `the credentials for ${token.host} from ${dc}/config.json (auths["${token.host}"]) were refused: check them, or log in again (docker/login-action before this step)`
    );
  });

  test('a failure writes a summary that says what failed and that no tag was written', async () => {
    const r = await runAction({ tags: `${basic.host}/m/app:1`, sources: `${basic.host}/m/app:amd64` }, { env });
    expect(r.summary).toContain('### manifest-fanin failed');
    expect(r.summary).toContain('HTTP 401');
    expect(r.summary).toContain('**Tags written:** none');
  });
});
