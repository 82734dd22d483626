/**
 * Run the built action (dist/index.js) or CLI (dist/cli/index.js) as a child process, the way
 * the GitHub runner does: inputs as INPUT_<NAME> env vars, file commands (GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, ...) pointing at fresh temp files, and a private DOCKER_CONFIG and HOME so
 * the developer's real credentials are never read.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NODE24 } from './tools';

const REPO_ROOT = path.resolve(__dirname, '..');

// Per-run temp dirs stay until the end of the test file (tests may inspect result.tmp), then go.
const tmpDirs = new Set<string>();
function removeTmpDirs(): void {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  tmpDirs.clear();
}
try {
  // Jest: module registries are per test file, so this runs after each file that imports us.
  if (typeof afterAll === 'function') afterAll(removeTmpDirs);
} catch {
  /* imported from inside a test: hooks cannot be added there */
}
process.on('exit', removeTmpDirs); // outside jest

export interface RunOptions {
  /** extra env; `undefined` removes an inherited variable */
  env?: Record<string, string | undefined>;
  /** DOCKER_CONFIG dir; default a fresh empty temp dir */
  dockerConfig?: string;
  /** kill the child after this long (default 120 s) */
  timeoutMs?: number;
  /** script to run; default dist/index.js (runAction) or dist/cli/index.js (runCli) */
  script?: string;
  /** working directory (default: the temp dir of this run) */
  cwd?: string;
  /** written to the child's stdin (then closed); default: no stdin */
  stdin?: string;
  /** called with the child once spawned (to send it a signal mid-run) */
  onSpawn?: (child: ChildProcess) => void;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** true when the child was killed after timeoutMs */
  timedOut: boolean;
  /** the temp dir of this run (RUNNER_TEMP, HOME, file commands live here) */
  tmp: string;
}

export interface ActionResult extends CliResult {
  outputs: Record<string, string>;
  /** contents of GITHUB_STEP_SUMMARY */
  summary: string;
}

/** GitHub runner's input env name: upper-case, spaces -> '_', hyphens kept (INPUT_MEDIA-TYPE). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Parse GITHUB_OUTPUT as written by @actions/core (`name<<ghadelimiter_<uuid>` blocks, value
 * lines, delimiter) and the legacy single-line `name=value` form.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    const eq = line.indexOf('=');
    if (heredoc && (eq < 0 || eq > line.indexOf('<<'))) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delim) value.push(lines[i++]);
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: no closing delimiter for ${name}`);
      out[name] = value.join('\n');
    } else if (eq > 0) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new Error(`GITHUB_OUTPUT: cannot parse line ${JSON.stringify(line)}`);
    }
  }
  return out;
}

/** Variables that point at credentials: the developer's own must never reach the process under test. */
const CREDENTIAL_PLACES = [
  'DOCKER_CONFIG',
  'BUILDX_CONFIG',
  'DOCKER_AUTH_CONFIG',
  'REGISTRY_AUTH_FILE',
  'XDG_RUNTIME_DIR'
];

interface Prepared {
  env: Record<string, string>;
  tmp: string;
  files: { output: string; summary: string };
}

function prepareEnv(inputs: Record<string, string>, opts: RunOptions): Prepared {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-run-'));
  tmpDirs.add(tmp);
  const home = path.join(tmp, 'home');
  const runnerTemp = path.join(tmp, 'runner-temp');
  const dockerConfig = opts.dockerConfig ?? path.join(tmp, 'docker-config');
  for (const d of [home, runnerTemp, dockerConfig]) fs.mkdirSync(d, { recursive: true });
  const files = {
    output: path.join(tmp, 'github_output'),
    summary: path.join(tmp, 'github_step_summary'),
    env: path.join(tmp, 'github_env'),
    path: path.join(tmp, 'github_path'),
    state: path.join(tmp, 'github_state')
  };
  for (const f of Object.values(files)) fs.writeFileSync(f, '');

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Inputs and runner state of an enclosing job (when the tests themselves run in Actions)
    // must not leak into the action under test.
    if (v === undefined || /^(INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_)/.test(k) || CREDENTIAL_PLACES.includes(k))
      continue;
    env[k] = v;
  }
  Object.assign(env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STATE: files.state,
    GITHUB_WORKSPACE: tmp,
    RUNNER_TEMP: runnerTemp,
    DOCKER_CONFIG: dockerConfig,
    HOME: home
  });
  for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return { env, tmp, files };
}

function runNode(script: string, args: string[], prep: Prepared, opts: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    if (!fs.existsSync(script)) return reject(new Error(`${script} does not exist (build dist first)`));
    const child = spawn(NODE24, [script, ...args], {
      env: prep.env,
      cwd: opts.cwd ?? prep.tmp,
      stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
    });
    child.stdin?.end(opts.stdin);
    opts.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    let timedOut = false;
    const timeoutMs = opts.timeoutMs ?? 120_000;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) stderr += `\n[run-action] killed after ${timeoutMs} ms\n`;
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr, timedOut, tmp: prep.tmp });
    });
  });
}

/** Run the action with `inputs` (names as in action.yml). Exit code 1 = core.setFailed. */
export async function runAction(inputs: Record<string, string>, opts: RunOptions = {}): Promise<ActionResult> {
  const prep = prepareEnv(inputs, opts);
  const res = await runNode(opts.script ?? path.join(REPO_ROOT, 'dist/index.js'), [], prep, opts);
  return {
    ...res,
    outputs: parseOutputFile(fs.readFileSync(prep.files.output, 'utf8')),
    summary: fs.readFileSync(prep.files.summary, 'utf8')
  };
}

/** Run the CLI (dist/cli/index.js) with `args` and the same isolated environment (no inputs). */
export async function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  const prep = prepareEnv({}, opts);
  return runNode(opts.script ?? path.join(REPO_ROOT, 'dist/cli/index.js'), args, prep, opts);
}
