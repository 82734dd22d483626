/** The bench's options: flags, or env where given (see the header of ./index.ts). */
import path from 'node:path';

export const REPO_ROOT = process.cwd();

export interface Args {
  rttMs: number;
  handshakeRtts: number;
  sizes: number[];
  rounds: number;
  peerRounds: number;
  copyRounds: number;
  copyMiB: number;
  large1g: boolean;
  docker: boolean;
  buildah: boolean;
  copy: boolean;
  /** the OCI layout section (issue 19) */
  layout: boolean;
  fanin: boolean;
  /** the several-tags section (./tags.ts) */
  tags: boolean;
  trace: boolean;
  sameHostToken: boolean;
  verbose: boolean;
  action: string;
}

/** Options that take a value (the next argument). */
const WITH_VALUE = new Set([
  '--rtt',
  '--handshake-rtts',
  '--sizes',
  '--rounds',
  '--peer-rounds',
  '--copy-rounds',
  '--copy-mb',
  '--action'
]);
/** Every option. */
const KNOWN = new Set([
  ...WITH_VALUE,
  '--1g',
  '--no-docker',
  '--no-buildah',
  '--no-copy',
  '--no-layout',
  '--no-fanin',
  '--no-tags',
  '--quick',
  '--trace',
  '--same-host-token',
  '--verbose'
]);

export function parseArgs(argv: string[]): Args {
  const env = process.env;
  for (let i = 0; i < argv.length; i++) {
    if (!KNOWN.has(argv[i]))
      throw new Error(`bench: unknown option "${argv[i]}" (see the header of scripts/bench/index.ts)`);
    if (WITH_VALUE.has(argv[i])) i++;
  }
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const has = (name: string) => argv.includes(name);
  const num = (v: string | undefined, dflt: number, what: string) => {
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`bench: ${what} must be a number >= 0, got "${v}"`);
    return n;
  };
  const int = (v: string | undefined, dflt: number, what: string) => Math.max(1, Math.round(num(v, dflt, what)));
  const quick = has('--quick');
  const sizes = (flag('--sizes') ?? env.BENCH_SIZES ?? '8,32')
    .split(',')
    .map((s) => Math.round(num(s.trim(), 0, '--sizes')))
    .filter((n) => n > 0);
  if (sizes.length === 0) throw new Error('bench: --sizes names no N');
  const rttMs = num(flag('--rtt') ?? env.BENCH_RTT_MS, 40, '--rtt');
  if (rttMs <= 0) throw new Error('bench: --rtt must be > 0 (the 0 ms runs are always made)');
  return {
    rttMs,
    handshakeRtts: num(flag('--handshake-rtts'), 2, '--handshake-rtts'),
    sizes,
    rounds: quick ? 1 : int(flag('--rounds') ?? env.BENCH_ROUNDS, 5, '--rounds'),
    peerRounds: quick ? 1 : int(flag('--peer-rounds') ?? env.BENCH_PEER_ROUNDS, 2, '--peer-rounds'),
    copyRounds: quick ? 1 : int(flag('--copy-rounds'), 3, '--copy-rounds'),
    copyMiB: int(flag('--copy-mb'), 300, '--copy-mb'),
    large1g: has('--1g') || env.BENCH_1G === '1',
    docker: !has('--no-docker') && env.BENCH_NO_DOCKER !== '1',
    buildah: !has('--no-buildah') && env.BENCH_NO_BUILDAH !== '1',
    copy: !has('--no-copy'),
    layout: !has('--no-layout'),
    fanin: !has('--no-fanin'),
    tags: !has('--no-tags'),
    trace: has('--trace'),
    sameHostToken: has('--same-host-token'),
    verbose: has('--verbose') || env.BENCH_VERBOSE === '1',
    action: path.resolve(REPO_ROOT, flag('--action') ?? env.BENCH_ACTION ?? 'dist/index.js')
  };
}
