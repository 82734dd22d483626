/**
 * External tools the integration tests depend on, and the Node version they must run on.
 *
 * The registries under test are real CNCF distribution 2.8 processes (Debian's `docker-registry`),
 * so the tests need that binary, `htpasswd` (bcrypt files for basic auth) and `openssl`
 * (self-signed TLS and token-signing certificates). On a throwaway root CI box we install them;
 * anywhere else we refuse with one line that says what is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';

/** Tests (and the action they run) target Node 24; an older runtime would hide real behaviour. */
function assertNode24(): string {
  const major = Number(process.versions.node.split('.')[0]);
  if (!(major >= 24)) {
    throw new Error(
      `integration tests must run on Node >= 24 (this is ${process.versions.node} at ${process.execPath}); ` +
        'run jest with node_modules/.bin/node'
    );
  }
  return process.execPath;
}

/** Absolute path of the Node 24 binary running the tests; used to run dist/index.js. */
export const NODE24: string = assertNode24();

/** True if `cmd` resolves on PATH (POSIX `command -v`, so no dependency on `which`). */
export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1" >/dev/null 2>&1', 'sh', cmd]).status === 0;
}

/** skopeo is optional: tests that use it as an independent cross-check skip without it. */
export function hasSkopeo(): boolean {
  return hasCommand('skopeo');
}

/** command -> Debian package that provides it */
const REQUIRED: Record<string, string> = {
  'docker-registry': 'docker-registry',
  htpasswd: 'apache2-utils',
  openssl: 'openssl'
};

let ensured = false;

/** Make sure docker-registry, htpasswd and openssl exist; install them with apt when root. */
export function ensureTools(): void {
  if (ensured) return;
  const missing = () => Object.keys(REQUIRED).filter((c) => !hasCommand(c));
  let absent = missing();
  if (absent.length > 0) {
    const pkgs = [...new Set(absent.map((c) => REQUIRED[c]))];
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot) {
      throw new Error(`integration tests need ${absent.join(', ')}: run \`sudo apt-get install -y ${pkgs.join(' ')}\``);
    }
    const install = () =>
      execFileSync('apt-get', ['install', '-y', ...pkgs], {
        stdio: 'pipe',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
      });
    try {
      install();
    } catch {
      // A fresh image usually has no package lists yet; refresh them once and retry.
      execFileSync('apt-get', ['update'], { stdio: 'pipe' });
      install();
    }
    absent = missing();
    if (absent.length > 0) throw new Error(`still missing after apt-get install: ${absent.join(', ')}`);
  }
  ensured = true;
}
