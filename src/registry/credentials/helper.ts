/**
 * Run `docker-credential-<name> get` (docker's credential-helper protocol: the server URL on
 * stdin, `{"Username","Secret"}` on stdout). A helper that does not answer in time (one waiting
 * for a keychain prompt) is ended with everything it started, and the message says it timed out.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { InputError } from '../../model/errors';
import { type Credential } from './credential';
import { type HelperCommand, helperCommand } from './helper-command';

/** Runs a helper for a server; `where` names the config that chose it, for messages. */
export type HelperRunner = (name: string, serverUrl: string, where: string) => Promise<Credential | undefined>;

export interface HelperOptions {
  /** The environment the helper runs in (PATH finds it). */
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** How long a helper may take (30 s, docker's own patience is unbounded). */
  timeoutMs?: number;
}

export const HELPER_TIMEOUT_MS = 30_000;

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** A key of an environment, case-insensitively (Windows spells PATH as Path). */
function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/** End the helper and its children: its own process group on POSIX, taskkill /T on Windows. */
function endTree(child: ChildProcess, platform: NodeJS.Platform): void {
  if (child.pid === undefined) return;
  try {
    if (platform === 'win32') spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  error?: NodeJS.ErrnoException;
}

function run(cmd: HelperCommand, input: string, opts: Required<HelperOptions>): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(cmd.file, cmd.args, {
      env: opts.env as NodeJS.ProcessEnv,
      // POSIX: a process group of its own, so a timeout ends the helper's children too.
      detached: opts.platform !== 'win32',
      windowsHide: true,
      windowsVerbatimArguments: cmd.windowsVerbatimArguments,
      stdio: ['pipe', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      endTree(child, opts.platform);
      // Not waiting for 'close': a grandchild that left the group could hold the pipes open.
      for (const s of [child.stdin, child.stdout, child.stderr]) s?.destroy();
      resolve({ code: null, stdout, stderr, timedOut });
    }, opts.timeoutMs);
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr, timedOut, error });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Run `docker-credential-<name> get` for `serverUrl`; undefined when the helper has nothing for it. */
export async function runCredentialHelper(
  name: string,
  serverUrl: string,
  where = "docker's config.json",
  options: HelperOptions = {}
): Promise<Credential | undefined> {
  const opts: Required<HelperOptions> = {
    env: options.env ?? process.env,
    platform: options.platform ?? process.platform,
    timeoutMs: options.timeoutMs ?? HELPER_TIMEOUT_MS
  };
  const bin = `docker-credential-${name}`;
  const notOnPath = () =>
    new InputError(
      `credential helper ${bin} (configured for ${serverUrl} in ${where}) is not on PATH: install it or remove it from that file`
    );
  const cmd = helperCommand(name, 'get', {
    platform: opts.platform,
    pathVar: envValue(opts.env, 'PATH'),
    pathExt: envValue(opts.env, 'PATHEXT'),
    comSpec: envValue(opts.env, 'COMSPEC'),
    isFile
  });
  if (!cmd) throw notOnPath();
  const out = await run(cmd, serverUrl, opts);
  if (out.timedOut)
    throw new InputError(
      `credential helper ${bin} timed out: no answer for ${serverUrl} within ${opts.timeoutMs / 1000} s (configured in ${where}); it was ended. Check that it does not wait for a prompt or a login`
    );
  if (out.error?.code === 'ENOENT') throw notOnPath();
  if (out.error) throw new InputError(`credential helper ${bin} could not be started: ${out.error.message}`);
  if (out.code !== 0) {
    // docker's helpers print their errors on stdout ("credentials not found in native keychain").
    if (/not found|no credentials/i.test(`${out.stdout}${out.stderr}`)) return undefined;
    throw new InputError(`credential helper ${bin} failed for ${serverUrl}: ${helperFailure(out)}`);
  }
  return parseHelperAnswer(out.stdout, bin, serverUrl);
}

/**
 * What a failed helper said, for the error line: its stderr, else stdout's first line unless that
 * may be an answer (a helper that printed its JSON and then failed must not leak the secret).
 */
function helperFailure(out: { stdout: string; stderr: string; code: number | null }): string {
  const first = (t: string) => t.trim().split('\n')[0];
  const said = first(out.stderr) || (/[{}]|secret/i.test(out.stdout) ? '' : first(out.stdout));
  return said || `exit code ${out.code}`;
}

/** The helper's JSON answer as a credential; docker's "<token>" username marks an identity token. */
export function parseHelperAnswer(stdout: string, bin: string, serverUrl: string): Credential | undefined {
  let answer: { Username?: string; Secret?: string };
  try {
    answer = JSON.parse(stdout) as typeof answer;
  } catch {
    // Not the parser's message: it quotes what the helper printed, which may hold the secret.
    throw new InputError(`credential helper ${bin} printed something that is not JSON for ${serverUrl}`);
  }
  if (!answer?.Secret) return undefined;
  if (answer.Username === '<token>') return { identityToken: answer.Secret, from: bin };
  return { username: answer.Username, password: answer.Secret, from: bin };
}
