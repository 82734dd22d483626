/** containers/image's blob-info cache: a private, empty one per buildah/skopeo run (see the header of ./index.ts). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { hasCommand } from '../../harness/tools';
import { tmpDir } from './util';

export const BLOB_INFO_CACHE = '/var/lib/containers/cache';
let isolation: boolean | undefined;
export function canIsolateCache(): boolean {
  if (isolation !== undefined) return isolation;
  isolation = false;
  if (process.getuid?.() !== 0 || !hasCommand('unshare')) return false;
  try {
    fs.mkdirSync(BLOB_INFO_CACHE, { recursive: true });
  } catch {
    return false;
  }
  const probe = tmpDir('cache-probe');
  const r = spawnSync('unshare', [
    '-m',
    'sh',
    '-c',
    'mount --bind "$1" "$2" && [ ! -e "$2/blob-info-cache-v1.boltdb" ]',
    'sh',
    probe,
    BLOB_INFO_CACHE
  ]);
  isolation = r.status === 0;
  return isolation;
}

/** argv that runs `script` (sh -c, args after) with an empty blob-info cache when possible. */
export function isolated(script: string, args: string[]): { cmd: string; argv: string[] } {
  if (!canIsolateCache()) return { cmd: 'sh', argv: ['-c', script, 'sh', ...args] };
  const cache = tmpDir('blob-info-cache');
  const wrapped = `mount --bind "$BENCH_CACHE" ${BLOB_INFO_CACHE} || exit 97\n${script}`;
  return { cmd: 'unshare', argv: ['-m', 'env', `BENCH_CACHE=${cache}`, 'sh', '-c', wrapped, 'sh', ...args] };
}
