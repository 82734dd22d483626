/** Starting docker-credential-<name>: the Windows command line (pure), and a helper that hangs. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { helperCommand, type HelperEnvironment } from '../../../src/registry/credentials/helper-command';
import { runCredentialHelper } from '../../../src/registry/credentials/helper';

describe('helperCommand', () => {
  const win = (files: string[], extra: Partial<HelperEnvironment> = {}): HelperEnvironment => ({
    platform: 'win32',
    pathVar: 'C:\\Windows\\system32;C:\\Program Files (x86)\\Google\\Cloud SDK\\bin;"C:\\quoted dir"',
    pathExt: '.COM;.EXE;.BAT;.CMD;.VBS;.JS',
    comSpec: 'C:\\Windows\\system32\\cmd.exe',
    isFile: (p) => files.includes(p),
    ...extra
  });

  test('POSIX: the name as is, PATH finds it', () => {
    expect(helperCommand('ecr-login', 'get', { platform: 'linux', isFile: () => false })).toEqual({
      file: 'docker-credential-ecr-login',
      args: ['get']
    });
  });

  test('Windows: an .exe on PATH is run directly', () => {
    const exe = 'C:\\Windows\\system32\\docker-credential-wincred.exe';
    expect(helperCommand('wincred', 'get', win([exe]))).toEqual({ file: exe, args: ['get'] });
  });

  test("Windows: a .cmd (gcloud's) runs through cmd.exe /d /s /c with the path quoted", () => {
    const cmd = 'C:\\Program Files (x86)\\Google\\Cloud SDK\\bin\\docker-credential-gcloud.cmd';
    expect(helperCommand('gcloud', 'get', win([cmd]))).toEqual({
      file: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', `""${cmd}" get"`],
      windowsVerbatimArguments: true
    });
  });

  test('Windows: PATHEXT order decides, a quoted PATH entry is unquoted, .vbs/.js are never run', () => {
    const bat = 'C:\\quoted dir\\docker-credential-x.bat';
    const exe = 'C:\\quoted dir\\docker-credential-x.exe';
    expect(helperCommand('x', 'get', win([bat, exe]))!.file).toBe(exe);
    expect(helperCommand('x', 'get', win([bat]))!.args[3]).toBe(`""${bat}" get"`);
    expect(helperCommand('x', 'get', win(['C:\\quoted dir\\docker-credential-x.js']))).toBeUndefined();
  });

  test('Windows: no PATHEXT means the default; no COMSPEC means cmd.exe; not found is undefined', () => {
    const cmd = 'C:\\Windows\\system32\\docker-credential-y.cmd';
    expect(helperCommand('y', 'get', win([cmd], { pathExt: undefined, comSpec: undefined }))!.file).toBe('cmd.exe');
    expect(helperCommand('z', 'get', win([]))).toBeUndefined();
  });

  test('a name or path cmd.exe could read into is refused, never run', () => {
    for (const name of ['a&calc', 'a b', '"x', 'x%PATH%', '../x', ''])
      expect(() => helperCommand(name, 'get', win([]))).toThrow('is not a helper name');
    const odd = 'C:\\100%\\docker-credential-q.cmd';
    expect(() => helperCommand('q', 'get', win([odd], { pathVar: 'C:\\100%' }))).toThrow('cannot be run safely');
  });
});

/** Whether a process runs (a zombie, ended but not yet reaped by init, does not). */
function running(pid: string): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('runCredentialHelper', () => {
  let bin: string;
  beforeAll(() => {
    bin = mkdtempSync(path.join(tmpdir(), 'fanin-helper-'));
    mkdirSync(bin, { recursive: true });
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  test('a helper that does not answer is ended with its children, and the message says it timed out (issue 17, item 13)', async () => {
    const pids = path.join(bin, 'pids');
    const file = path.join(bin, 'docker-credential-hang');
    // The helper starts a child that would outlive it, records both pids, and waits forever.
    writeFileSync(file, `#!/bin/sh\nsleep 300 &\necho "$$ $!" > '${pids}'\nwait\n`);
    chmodSync(file, 0o755);
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const started = Date.now();
    const err = (await runCredentialHelper('hang', 'reg.example.com', '/x/config.json', { env, timeoutMs: 700 }).catch(
      (e: Error) => e
    )) as Error;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.message).toBe(
      'credential helper docker-credential-hang timed out: no answer for reg.example.com within 0.7 s (configured in /x/config.json); it was ended. Check that it does not wait for a prompt or a login'
    );
    const [helperPid, childPid] = readFileSync(pids, 'utf8').trim().split(' ');
    await new Promise((r) => setTimeout(r, 200));
    for (const pid of [helperPid, childPid]) expect(running(pid)).toBe(false);
  });

  test('a helper that answers in time is read as usual', async () => {
    const file = path.join(bin, 'docker-credential-quick');
    writeFileSync(file, `#!/bin/sh\nread s\nprintf '{"Username":"u","Secret":"s-%s"}' "$s"\n`);
    chmodSync(file, 0o755);
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    await expect(runCredentialHelper('quick', 'h.io', 'f', { env, timeoutMs: 5_000 })).resolves.toEqual({
      username: 'u',
      password: 's-h.io',
      from: 'docker-credential-quick'
    });
  });

  test('a helper that prints its answer and then fails: the error line never quotes the secret', async () => {
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const leaky = path.join(bin, 'docker-credential-leaky');
    writeFileSync(leaky, `#!/bin/sh\nprintf '{"Username":"u","Secret":"hunter2"}'\nexit 3\n`);
    chmodSync(leaky, 0o755);
    const err = (await runCredentialHelper('leaky', 'h.io', 'f', { env, timeoutMs: 5_000 }).catch(
      (e: Error) => e
    )) as Error;
    expect(err.message).toBe('credential helper docker-credential-leaky failed for h.io: exit code 3');
    // What a helper says on stderr, or a plain stdout error line (docker's helpers), is quoted.
    const plain = path.join(bin, 'docker-credential-plain');
    writeFileSync(plain, `#!/bin/sh\necho 'keychain locked'\nexit 1\n`);
    chmodSync(plain, 0o755);
    await expect(runCredentialHelper('plain', 'h.io', 'f', { env, timeoutMs: 5_000 })).rejects.toThrow(
      'credential helper docker-credential-plain failed for h.io: keychain locked'
    );
  });
});
