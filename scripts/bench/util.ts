/** Shared run helpers: logging to stderr, timed child processes, temp dirs, a clean tool env. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RUN_TIMEOUT_MS = 300_000;
export const MiB = 1024 * 1024;
export const MB = 1e6;

export const log = (m: string) => process.stderr.write(`${m}\n`);

/** 32+ distinct platforms (the action refuses duplicates): os × architecture. */
const OSES = ['linux', 'freebsd', 'netbsd', 'openbsd', 'windows', 'illumos'];
const ARCHES = ['amd64', 'arm64', '386', 'ppc64le', 's390x', 'riscv64', 'mips64le', 'loong64'];
export function platform(i: number): { os: string; architecture: string } {
  if (i >= OSES.length * ARCHES.length) throw new Error(`bench: at most ${OSES.length * ARCHES.length} sources`);
  return { os: OSES[Math.floor(i / ARCHES.length)], architecture: ARCHES[i % ARCHES.length] };
}

export interface Exec {
  code: number;
  out: string;
  ms: number;
}

/** Run a command, capture stdout+stderr, time it from spawn to exit. */
export function exec(
  cmd: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  onSpawn?: (pid: number) => void
): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid && onSpawn) onSpawn(child.pid);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, ms: performance.now() - t0 });
    });
  });
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-bench-'));
process.on('exit', () => fs.rmSync(tmpRoot, { recursive: true, force: true }));
let tmpCount = 0;
export const tmpDir = (what: string) => {
  const d = path.join(tmpRoot, `${what}-${++tmpCount}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
};

/** Environment for docker / buildah / skopeo: no credentials or config of the developer's. */
export function toolEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, DOCKER_CONFIG: dir, DOCKER_CLI_HINTS: 'false' };
  delete env.XDG_RUNTIME_DIR;
  delete env.XDG_CONFIG_HOME;
  delete env.REGISTRY_AUTH_FILE;
  delete env.CONTAINERS_REGISTRIES_CONF;
  return env;
}
