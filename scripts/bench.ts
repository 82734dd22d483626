/**
 * Benchmark (not a test): the bundled action against `docker manifest create` + `push`.
 *
 * A local registry (distribution 2.8) sits behind a loopback proxy that adds a fixed delay each
 * way (scripts/lib/proxy.ts). N single-platform images are pushed into N repositories (directly,
 * untimed). Then, over several rounds, alternating A B A B:
 *   A  dist/index.js run as the runner runs it (INPUT_* env, GITHUB_OUTPUT …), sources = the N images
 *   B  docker manifest create --insecure TARGET SRC… && docker manifest push --insecure TARGET
 * Each run pushes to a fresh target repository, for both sides alike, so neither benefits from
 * copies made earlier. Requests are counted per run from the proxy's log.
 *
 * Build and run: `npm run bench` (scripts/bench.sh). Options (flags or env):
 *   --delay MS      (BENCH_DELAY_MS, default 20)  delay added each way by the proxy
 *   --rounds R      (BENCH_ROUNDS, default 5)     A B pairs per scenario
 *   --sizes 4,8,32  (BENCH_SIZES)                 N for the delayed scenarios
 *   --loopback N    (BENCH_LOOPBACK_N, default 4) N for the scenario without delay; 0 skips it
 *   --no-docker     (BENCH_NO_DOCKER=1)           skip side B
 *   --verbose       (BENCH_VERBOSE=1)             one line per run
 *   --action FILE   (BENCH_ACTION)                the bundle to run as A (default dist/index.js),
 *                                                 e.g. to compare an experimental build
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRegistry, type TestRegistry } from '../harness/registry';
import { getManifest, pushImage } from '../harness/images';
import { runAction } from '../harness/run-action';
import { hasCommand } from '../harness/tools';
import { startProxy, type Proxy } from '../harness/proxy';

const REPO_ROOT = process.cwd();
const RUN_TIMEOUT_MS = 120_000;

interface Args {
  delayMs: number;
  rounds: number;
  sizes: number[];
  loopbackN: number;
  docker: boolean;
  verbose: boolean;
  action: string;
}

function parseArgs(argv: string[]): Args {
  const env = process.env;
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (v: string | undefined, dflt: number, what: string) => {
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`bench: ${what} must be a number >= 0, got "${v}"`);
    return n;
  };
  const sizes = (flag('--sizes') ?? env.BENCH_SIZES ?? '4,8,32')
    .split(',')
    .map((s) => num(s.trim(), 0, '--sizes'))
    .filter((n) => n > 0);
  return {
    delayMs: num(flag('--delay') ?? env.BENCH_DELAY_MS, 20, '--delay'),
    rounds: Math.max(1, Math.round(num(flag('--rounds') ?? env.BENCH_ROUNDS, 5, '--rounds'))),
    sizes,
    loopbackN: Math.round(num(flag('--loopback') ?? env.BENCH_LOOPBACK_N, 4, '--loopback')),
    docker: !argv.includes('--no-docker') && env.BENCH_NO_DOCKER !== '1',
    verbose: argv.includes('--verbose') || env.BENCH_VERBOSE === '1',
    action: path.resolve(REPO_ROOT, flag('--action') ?? env.BENCH_ACTION ?? 'dist/index.js')
  };
}

/** 32 distinct platforms (the action refuses duplicates): os × architecture. */
const OSES = ['linux', 'freebsd', 'netbsd', 'openbsd'];
const ARCHES = ['amd64', 'arm64', '386', 'ppc64le', 's390x', 'riscv64', 'mips64le', 'loong64'];
function platform(i: number): { os: string; architecture: string } {
  if (i >= OSES.length * ARCHES.length) throw new Error(`bench: at most ${OSES.length * ARCHES.length} sources`);
  return { os: OSES[Math.floor(i / ARCHES.length)], architecture: ARCHES[i % ARCHES.length] };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

interface RunResult {
  ms: number;
  requests: number;
}

/** Requests the proxy saw during fn(). */
async function counted(proxy: Proxy, fn: () => Promise<void>): Promise<RunResult> {
  const before = proxy.requests.length;
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  return { ms, requests: proxy.requests.length - before };
}

async function runA(action: string, proxy: Proxy, target: string, sources: string[]): Promise<RunResult> {
  let digest = '';
  const r = await counted(proxy, async () => {
    const res = await runAction({ tags: target, sources: sources.join('\n') }, { script: action, timeoutMs: RUN_TIMEOUT_MS });
    if (res.code !== 0) throw new Error(`bench: the action failed for ${target} (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
    digest = res.outputs.digest;
  });
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`bench: the action set no digest output for ${target}`);
  return r;
}

function docker(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      resolve({ code: code ?? -1, out });
    });
  });
}

async function runB(proxy: Proxy, target: string, sources: string[]): Promise<RunResult> {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanin-bench-docker-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: configDir, DOCKER_CLI_HINTS: 'false' };
  try {
    return await counted(proxy, async () => {
      const create = await docker(['manifest', 'create', '--insecure', target, ...sources], env);
      if (create.code !== 0) throw new Error(`bench: docker manifest create ${target} failed (exit ${create.code}): ${create.out.trim()}`);
      const push = await docker(['manifest', 'push', '--insecure', target], env);
      if (push.code !== 0) throw new Error(`bench: docker manifest push ${target} failed (exit ${push.code}): ${push.out.trim()}`);
    });
  } finally {
    fs.rmSync(configDir, { recursive: true, force: true });
  }
}

interface Scenario {
  n: number;
  delayMs: number;
  goal?: number;
}

interface Row extends Scenario {
  a: RunResult[];
  b: RunResult[];
}

async function pushSources(reg: TestRegistry, n: number): Promise<string[]> {
  const repos: string[] = [];
  const queue = Array.from({ length: n }, (_, i) => i);
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const repo = `bench/n${n}/src${i}`;
      await pushImage(reg, repo, 'v1', { ...platform(i), layerSeed: `bench-${n}-${i}` });
      repos[i] = repo;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return repos;
}

async function scenario(reg: TestRegistry, proxy: Proxy, s: Scenario, args: Args, withDocker: boolean, log: (m: string) => void): Promise<Row> {
  const repos = await pushSources(reg, s.n);
  const sources = repos.map((r) => `${proxy.host}/${r}:v1`);
  const row: Row = { ...s, a: [], b: [] };
  const label = `N=${s.n} delay=${s.delayMs} ms`;
  for (let round = 1; round <= args.rounds; round++) {
    // Fresh target repository per run, the same way for both sides.
    const base = `bench/n${s.n}-d${s.delayMs}`;
    const a = await runA(args.action, proxy, `${proxy.host}/${base}/a${round}:v1`, sources);
    row.a.push(a);
    if (args.verbose) log(`  ${label} round ${round}: A ${a.ms.toFixed(0)} ms, ${a.requests} requests`);
    if (withDocker) {
      const b = await runB(proxy, `${proxy.host}/${base}/b${round}:v1`, sources);
      row.b.push(b);
      if (args.verbose) log(`  ${label} round ${round}: B ${b.ms.toFixed(0)} ms, ${b.requests} requests`);
    }
    if (round === 1) {
      // Untimed sanity check: both lists really landed, straight from the registry.
      for (const side of withDocker ? ['a', 'b'] : ['a']) {
        const m = await getManifest(reg, `${base}/${side}1`, 'v1');
        const count = m.status === 200 ? (JSON.parse(m.body) as { manifests: unknown[] }).manifests.length : -1;
        if (count !== s.n) throw new Error(`bench: ${base}/${side}1:v1 holds ${count} entries, expected ${s.n} (HTTP ${m.status})`);
      }
    }
  }
  return row;
}

function machine(): string {
  const mem = (os.totalmem() / 2 ** 30).toFixed(1);
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${os.availableParallelism()} CPUs (${cpu}), ${mem} GiB RAM, ${os.type()} ${os.release()}, Node ${process.versions.node}`;
}

function dockerVersion(): string | undefined {
  const r = spawnSync('docker', ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent' } });
  const v = (r.stdout ?? '').trim().split('\n')[0];
  return v || undefined;
}

function table(rows: Row[], withDocker: boolean): string {
  const head = ['N', 'delay', 'median A ms', 'median B ms', 'A/B', 'requests A', 'requests B', 'goal A/B', 'result'];
  const lines = [head];
  for (const r of rows) {
    const a = median(r.a.map((x) => x.ms));
    const b = withDocker ? median(r.b.map((x) => x.ms)) : NaN;
    const ratio = a / b;
    const result = r.goal === undefined ? '' : !withDocker ? 'n/a' : ratio <= r.goal ? 'PASS' : 'MISS';
    lines.push([
      String(r.n),
      r.delayMs ? `${r.delayMs} ms` : 'none',
      a.toFixed(0),
      withDocker ? b.toFixed(0) : '-',
      withDocker ? ratio.toFixed(2) : '-',
      String(median(r.a.map((x) => x.requests))),
      withDocker ? String(median(r.b.map((x) => x.requests))) : '-',
      r.goal === undefined ? '-' : `≤ ${r.goal.toFixed(2)}`,
      result
    ]);
  }
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const fmt = (l: string[]) => `| ${l.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [fmt(lines[0]), `|${widths.map((w, i) => (i < 2 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...lines.slice(1).map(fmt)].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (m: string) => process.stderr.write(`${m}\n`);
  if (!fs.existsSync(args.action)) throw new Error(`bench: ${args.action} does not exist; run npm run build first`);
  let withDocker = args.docker;
  if (withDocker && !hasCommand('docker')) {
    log('bench: no docker CLI on PATH: side B (docker manifest create/push) is skipped');
    withDocker = false;
  }
  const dockerV = withDocker ? dockerVersion() : undefined;

  const scenarios: Scenario[] = args.sizes.map((n) => ({ n, delayMs: args.delayMs, goal: n === 8 ? 0.35 : n === 32 ? 0.15 : undefined }));
  if (args.loopbackN > 0) scenarios.push({ n: args.loopbackN, delayMs: 0, goal: args.loopbackN === 4 ? 1.0 : undefined });

  const started = Date.now();
  const loadBefore = os.loadavg()[0];
  const reg = await startRegistry();
  const proxies = new Map<number, Proxy>();
  const rows: Row[] = [];
  try {
    for (const d of new Set(scenarios.map((s) => s.delayMs))) proxies.set(d, await startProxy({ target: reg.url, delayMs: d }));
    // One untimed warm-up pair: page cache, registry and docker binaries, Node's compile cache.
    {
      const p = proxies.get(scenarios[0].delayMs)!;
      const repos = await pushSources(reg, 2);
      const srcs = repos.map((r) => `${p.host}/${r}:v1`);
      await runA(args.action, p, `${p.host}/bench/warmup/a:v1`, srcs);
      if (withDocker) await runB(p, `${p.host}/bench/warmup/b:v1`, srcs);
    }
    for (const s of scenarios) {
      log(`bench: N=${s.n}, delay ${s.delayMs} ms each way, ${args.rounds} round(s)${withDocker ? ' of A B' : ' of A'} …`);
      rows.push(await scenario(reg, proxies.get(s.delayMs)!, s, args, withDocker, log));
    }
  } finally {
    await Promise.all([...proxies.values()].map((p) => p.stop()));
    await reg.stop();
  }

  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  console.log('');
  console.log(`manifest fan-in benchmark, ${when}`);
  console.log(`machine: ${machine()}`);
  console.log(`A: ${path.relative(REPO_ROOT, args.action)} as the runner runs it; B: ${withDocker ? `docker ${dockerV ?? '?'} manifest create --insecure + manifest push --insecure` : 'skipped (no docker CLI)'}`);
  console.log(`registry: distribution (docker-registry) on loopback behind a proxy adding the delay each way; ${args.rounds} round(s), alternating A B; medians; fresh target repository per run`);
  console.log('');
  console.log(table(rows, withDocker));
  console.log('');
  const loadAfter = os.loadavg()[0];
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
  if (loadBefore > os.availableParallelism() * 0.75) {
    console.log('note: the machine was already busy before the benchmark started; timings are noisy, run again on a quiet machine');
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
