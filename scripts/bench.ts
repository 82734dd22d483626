/**
 * Benchmark (not a test): "At the round-trip floor" (issue 10).
 *
 * THE NETWORK. One local registry (distribution 2.8) with token auth, as every hosted registry
 * has. A latency proxy (harness/proxy.ts) sits in front of the registry and another in front of
 * its token server (the registry proxy rewrites the challenge's realm to the token proxy), so
 * every request of every client crosses the modelled network:
 *   - a round trip costs RTT (default 40 ms) in all: RTT/2 on the way in, RTT/2 on the way out;
 *   - the first request on each new connection waits 2 more RTTs before it is forwarded (TCP and
 *     TLS, as to any HTTPS registry), so it takes 3 RTT and later ones on that connection 1 RTT;
 *   - body bytes are not throttled.
 * Every scenario runs twice over: at RTT and at 0 ms (the same proxies with no delay). For each
 * client, critical-path round trips = (median time at RTT − median time at 0 ms) / RTT: the
 * number of round trips the client waits for one after another. The divisor is the round trip
 * the proxy really delivers here (calibrated at the start: timer and wake-up latency add about a
 * millisecond to the model's RTT). A cross-check beside it comes from the proxies' request log:
 * the round trips the model charges along the critical path of the run at RTT (each request
 * taken to wait on the latest one that finished before it arrived). That one is free of machine
 * noise; the difference is not quite: a busy machine slows the 0 ms run more than the RTT run
 * (whose CPU work overlaps its waits), which shrinks the difference.
 *
 * THE CLIENTS, alternating within each round (the order rotates per round), each run pushing to
 * a fresh target repository, with sources in N repositories (bench/nN/srcI:v1) of the registry:
 *   action   dist/index.js as the runner runs it (INPUT_* env, GITHUB_OUTPUT …, DOCKER_CONFIG with
 *            the credentials), timed from spawn to exit
 *   docker   `docker manifest create --insecure T S…` + `docker manifest push --insecure T`
 *            (the docker CLI needs no daemon for this), a fresh DOCKER_CONFIG per run
 *   buildah  `buildah --storage-driver vfs --root D/root --runroot D/run manifest create L`,
 *            `manifest add --tls-verify=false --authfile A L docker://S` per source (one after
 *            another, as a workflow script does), `manifest push --all … --digestfile F L
 *            docker://T`; a temp D per run (`manifest rm L` afterwards is not timed)
 * Requests and connections are counted by the proxies per run (registry + token server).
 *
 * THE LARGE COPY. An image with one 300 MiB layer in a source registry (token auth), copied into
 * a fresh registry per run (no proxy: loopback), alternating: the action (tags = the new
 * registry, sources = the image) and `skopeo copy --all`. Peak RSS of each: the action's VmHWM
 * (harness/measure.ts: /proc/<pid>/status polled, and read at exit), skopeo's from GNU
 * `/usr/bin/time -v` (or VmHWM polled without it). skopeo's blob-info cache
 * (/var/lib/containers/cache) would let it mount from where it copied before: each skopeo and
 * buildah run gets an empty one of its own (a private mount namespace with a temp dir bound
 * over that path), so every run starts like a fresh runner.
 *
 * Build and run: `npm run bench` (scripts/bench.sh). Options (flags, or env where given):
 *   --rtt MS          (BENCH_RTT_MS, default 40)   round-trip time of the latency runs
 *   --handshake-rtts K (default 2)                 round trips a new connection costs first
 *   --sizes 8,32      (BENCH_SIZES)                N of the fan-in scenarios
 *   --rounds R        (BENCH_ROUNDS, default 5)    action runs per N, at RTT and at 0 ms each
 *   --peer-rounds P   (BENCH_PEER_ROUNDS, default 2) docker and buildah runs per N, same
 *   --copy-rounds C   (default 3)                  runs per client of the large copy
 *   --copy-mb M       (default 300)                layer size of the large copy, MiB
 *   --1g              (BENCH_1G=1)                 also the copy with a 1 GiB layer (flat RSS)
 *   --no-docker, --no-buildah, --no-copy, --no-fanin   skip a part
 *   --quick           one round of everything
 *   --same-host-token the token endpoint on the registry's own host (GHCR, Quay, Harbor, GAR, ACR):
 *                     the registry's proxy serves the token path too, so no second host to connect to
 *   --trace           only this: one action run at N = the first --sizes (default 8) and RTT,
 *                     every request with start/end (ms since the process was spawned) and
 *                     connection id, then the critical path through them
 *   --verbose         (BENCH_VERBOSE=1)            one line per run
 *   --action FILE     (BENCH_ACTION)               the bundle to run (default dist/index.js)
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRegistry, type TestRegistry } from '../harness/registry';
import { getManifest, pushImage } from '../harness/images';
import { runAction } from '../harness/run-action';
import { runActionMeasured } from '../harness/measure';
import { hasCommand } from '../harness/tools';
import { basicAuthEntry, writeDockerConfig } from '../harness/docker-config';
import { startProxy, type Proxy, type ProxyRequest } from '../harness/proxy';

const REPO_ROOT = process.cwd();
const RUN_TIMEOUT_MS = 300_000;
const MiB = 1024 * 1024;
const MB = 1e6;

type Client = 'action' | 'docker' | 'buildah';
const CLIENT_LABEL: Record<Client, string> = {
  action: 'action',
  docker: 'docker manifest',
  buildah: 'buildah manifest'
};

interface Args {
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
  fanin: boolean;
  trace: boolean;
  sameHostToken: boolean;
  verbose: boolean;
  action: string;
}

function parseArgs(argv: string[]): Args {
  const env = process.env;
  const known = new Set([
    '--rtt',
    '--handshake-rtts',
    '--sizes',
    '--rounds',
    '--peer-rounds',
    '--copy-rounds',
    '--copy-mb',
    '--action',
    '--1g',
    '--no-docker',
    '--no-buildah',
    '--no-copy',
    '--no-fanin',
    '--quick',
    '--trace',
    '--same-host-token',
    '--verbose'
  ]);
  const withValue = new Set([
    '--rtt',
    '--handshake-rtts',
    '--sizes',
    '--rounds',
    '--peer-rounds',
    '--copy-rounds',
    '--copy-mb',
    '--action'
  ]);
  for (let i = 0; i < argv.length; i++) {
    if (!known.has(argv[i])) throw new Error(`bench: unknown option "${argv[i]}" (see the header of scripts/bench.ts)`);
    if (withValue.has(argv[i])) i++;
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
    fanin: !has('--no-fanin'),
    trace: has('--trace'),
    sameHostToken: has('--same-host-token'),
    verbose: has('--verbose') || env.BENCH_VERBOSE === '1',
    action: path.resolve(REPO_ROOT, flag('--action') ?? env.BENCH_ACTION ?? 'dist/index.js')
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const log = (m: string) => process.stderr.write(`${m}\n`);

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const secs = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s` : '-');
const fixed = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const times = (x: number) => (Number.isFinite(x) ? `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×` : '-');

/** A markdown table, numbers right-aligned (columns from `rightFrom` on). */
function table(head: string[], rows: string[][], rightFrom = 2): string {
  const lines = [head, ...rows];
  const w = head.map((_, i) => Math.max(3, ...lines.map((l) => l[i].length)));
  const fmt = (l: string[]) =>
    `| ${l.map((c, i) => (i < rightFrom ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ')} |`;
  const rule = `|${w.map((n, i) => (i < rightFrom ? `${'-'.repeat(n + 2)}` : `${'-'.repeat(n + 1)}:`)).join('|')}|`;
  return [fmt(head), rule, ...rows.map(fmt)].join('\n');
}

/** 32+ distinct platforms (the action refuses duplicates): os × architecture. */
const OSES = ['linux', 'freebsd', 'netbsd', 'openbsd', 'windows', 'illumos'];
const ARCHES = ['amd64', 'arm64', '386', 'ppc64le', 's390x', 'riscv64', 'mips64le', 'loong64'];
function platform(i: number): { os: string; architecture: string } {
  if (i >= OSES.length * ARCHES.length) throw new Error(`bench: at most ${OSES.length * ARCHES.length} sources`);
  return { os: OSES[Math.floor(i / ARCHES.length)], architecture: ARCHES[i % ARCHES.length] };
}

interface Exec {
  code: number;
  out: string;
  ms: number;
}

/** Run a command, capture stdout+stderr, time it from spawn to exit. */
function exec(cmd: string, argv: string[], env: NodeJS.ProcessEnv, onSpawn?: (pid: number) => void): Promise<Exec> {
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
const tmpDir = (what: string) => {
  const d = path.join(tmpRoot, `${what}-${++tmpCount}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
};

/** Environment for docker / buildah / skopeo: no credentials or config of the developer's. */
function toolEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, DOCKER_CONFIG: dir, DOCKER_CLI_HINTS: 'false' };
  delete env.XDG_RUNTIME_DIR;
  delete env.XDG_CONFIG_HOME;
  delete env.REGISTRY_AUTH_FILE;
  delete env.CONTAINERS_REGISTRIES_CONF;
  return env;
}

// ---------------------------------------------------------------------------------------------
// containers/image's blob-info cache: a private, empty one per run (see the header)

const BLOB_INFO_CACHE = '/var/lib/containers/cache';
let isolation: boolean | undefined;
function canIsolateCache(): boolean {
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
function isolated(script: string, args: string[]): { cmd: string; argv: string[] } {
  if (!canIsolateCache()) return { cmd: 'sh', argv: ['-c', script, 'sh', ...args] };
  const cache = tmpDir('blob-info-cache');
  const wrapped = `mount --bind "$BENCH_CACHE" ${BLOB_INFO_CACHE} || exit 97\n${script}`;
  return { cmd: 'unshare', argv: ['-m', 'env', `BENCH_CACHE=${cache}`, 'sh', '-c', wrapped, 'sh', ...args] };
}

// ---------------------------------------------------------------------------------------------
// The modelled network: proxies in front of the registry and of its token server

interface Net {
  rttMs: number;
  /** the registry as the clients see it: 127.0.0.1:PORT of the registry proxy */
  host: string;
  registry: Proxy;
  token: Proxy;
  /** the docker-registry process behind the proxies, for its CPU */
  registryPid?: number;
}

async function startNet(reg: TestRegistry, rttMs: number, handshakeRtts: number, sameHostToken = false): Promise<Net> {
  const realm = new URL(reg.token!.realm);
  const tokenOrigin = realm.origin;
  const token = await startProxy({ target: tokenOrigin, rttMs, handshakeRtts });
  // --same-host-token: the registry's proxy serves the token path itself (its realm names the registry's host).
  const registry = await startProxy(
    sameHostToken
      ? {
          target: reg.url,
          rttMs,
          handshakeRtts,
          realm: { from: tokenOrigin, to: 'self' },
          routes: [{ prefix: realm.pathname, target: tokenOrigin }]
        }
      : { target: reg.url, rttMs, handshakeRtts, realm: { from: tokenOrigin, to: token.url } }
  );
  return { rttMs, host: registry.host, registry, token, registryPid: registryPid(reg) };
}

const resetNet = (n: Net) => {
  n.registry.reset();
  n.token.reset();
};

function netRequests(n: Net): Array<ProxyRequest & { via: 'registry' | 'token' }> {
  return [
    ...n.registry.requests.map((r) => ({ ...r, via: 'registry' as const })),
    ...n.token.requests.map((r) => ({ ...r, via: 'token' as const, conn: r.conn + 1e6 }))
  ].sort((a, b) => a.start - b.start);
}

/**
 * The round trip the proxy really delivers on this machine: sequential GET /v2/ on one kept-alive
 * connection, through the RTT net and through the 0 ms net; the difference of the means. Timer and
 * wake-up latency make it a little longer than the model's RTT.
 */
async function calibrate(slow: Net, fast: Net): Promise<number> {
  const http = await import('node:http');
  const mean = async (net: Net) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const once = () =>
      new Promise<number>((resolve, reject) => {
        const t = performance.now();
        http
          .get(`${net.registry.url}/v2/`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(performance.now() - t));
          })
          .on('error', reject);
      });
    try {
      await once(); // the connection (and its handshake)
      let sum = 0;
      for (let i = 0; i < 25; i++) sum += await once();
      return sum / 25;
    } finally {
      agent.destroy();
    }
  };
  const rtt = (await mean(slow)) - (await mean(fast));
  resetNet(slow);
  resetNet(fast);
  return rtt;
}

interface Sample {
  ms: number;
  requests: number;
  connections: number;
  /** connections that carried no request (TLS probes of the plain-HTTP proxy; free in the model) */
  idle: number;
  /** round trips the model charges along the critical path of the request log (criticalPath) */
  pathRtts: number;
  /** CPU milliseconds the run cost each party on this machine */
  cpu: CpuSplit;
}

// ---------------------------------------------------------------------------------------------
// CPU: who spent it (the client, the registry, this process's proxies and token server)

interface CpuSplit {
  client: number;
  registry: number;
  bench: number;
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** user + system CPU ms of a process, from /proc: its own, or (`children`) that of its waited-for children. */
function procCpuMs(pid: number | 'self', children = false): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // Fields 14–17 of proc(5) (utime, stime, cutime, cstime) are 12–15 here, counted after the name.
    const [u, s] = children ? [f[13], f[14]] : [f[11], f[12]];
    return ((Number(u) + Number(s)) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** The docker-registry process serving `reg` (a child of the harness's watchdog shell). */
function registryPid(reg: TestRegistry): number | undefined {
  const r = spawnSync('pgrep', ['-f', `^docker-registry serve ${reg.dir}/config`], { encoding: 'utf8' });
  const pid = Number(r.stdout?.trim().split('\n')[0]);
  return Number.isFinite(pid) && pid > 0 ? pid : undefined;
}

/** Start measuring; the returned function gives what each party spent since. */
function cpuMeter(regPid: number | undefined): () => CpuSplit {
  const c0 = procCpuMs('self', true);
  const r0 = regPid ? procCpuMs(regPid) : NaN;
  const b0 = process.cpuUsage();
  return () => {
    const b = process.cpuUsage(b0);
    return {
      client: procCpuMs('self', true) - c0,
      registry: regPid ? procCpuMs(regPid) - r0 : NaN,
      bench: (b.user + b.system) / 1000
    };
  };
}

function netSample(n: Net, ms: number, handshakeRtts: number, cpu: CpuSplit): Sample {
  const a = n.registry.stats();
  const b = n.token.stats();
  return {
    ms,
    requests: a.requests + b.requests,
    connections: a.connections + b.connections,
    idle: a.idleConnections + b.idleConnections,
    pathRtts: criticalPath(netRequests(n), handshakeRtts).rtts,
    cpu
  };
}

// ---------------------------------------------------------------------------------------------
// The three fan-in clients

interface Creds {
  /** DOCKER_CONFIG dir with config.json holding every registry host the bench uses */
  dir: string;
  file: string;
}

/** Credentials of `reg` under each of `hosts` (the proxies' names for it; default its own). */
function writeCreds(entries: Array<{ reg: TestRegistry; hosts?: string[] }>): Creds {
  const dir = tmpDir('creds');
  const auths: Record<string, { auth: string }> = {};
  for (const { reg, hosts } of entries)
    for (const h of hosts ?? [reg.host]) auths[h] = basicAuthEntry(reg.user!, reg.password!);
  writeDockerConfig(dir, { auths });
  return { dir, file: path.join(dir, 'config.json') };
}

async function runActionClient(
  args: Args,
  creds: Creds,
  target: string,
  sources: string[]
): Promise<{ ms: number; t0: number }> {
  const t0 = performance.now();
  const res = await runAction(
    { tags: target, sources: sources.join('\n') },
    { script: args.action, dockerConfig: creds.dir, timeoutMs: RUN_TIMEOUT_MS }
  );
  const ms = performance.now() - t0;
  if (res.code !== 0)
    throw new Error(`bench: the action failed for ${target} (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
  if (!/^sha256:[0-9a-f]{64}$/.test(res.outputs.digest ?? ''))
    throw new Error(`bench: the action set no digest output for ${target}`);
  return { ms, t0 };
}

async function runDockerClient(creds: Creds, target: string, sources: string[]): Promise<number> {
  const dir = tmpDir('docker');
  fs.copyFileSync(creds.file, path.join(dir, 'config.json'));
  const env = toolEnv(dir);
  try {
    const create = await exec('docker', ['manifest', 'create', '--insecure', target, ...sources], env);
    if (create.code !== 0)
      throw new Error(`bench: docker manifest create ${target} failed (exit ${create.code}): ${create.out.trim()}`);
    const push = await exec('docker', ['manifest', 'push', '--insecure', target], env);
    if (push.code !== 0)
      throw new Error(`bench: docker manifest push ${target} failed (exit ${push.code}): ${push.out.trim()}`);
    return create.ms + push.ms;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const BUILDAH_SCRIPT = `set -e
D=$1; AUTH=$2; TARGET=$3; shift 3
b() { buildah --storage-driver vfs --root "$D/root" --runroot "$D/run" "$@"; }
b manifest create fanin-list >/dev/null
for s in "$@"; do b manifest add --tls-verify=false --authfile "$AUTH" fanin-list "docker://$s" >/dev/null; done
b manifest push --all --quiet --tls-verify=false --authfile "$AUTH" --digestfile "$D/digest" fanin-list "docker://$TARGET"
`;

async function runBuildahClient(creds: Creds, target: string, sources: string[]): Promise<number> {
  const dir = tmpDir('buildah');
  const env = toolEnv(dir);
  try {
    const { cmd, argv } = isolated(BUILDAH_SCRIPT, [dir, creds.file, target, ...sources]);
    const r = await exec(cmd, argv, env);
    if (r.code !== 0)
      throw new Error(`bench: buildah manifest … push ${target} failed (exit ${r.code}): ${r.out.trim()}`);
    const digest = fs.readFileSync(path.join(dir, 'digest'), 'utf8').trim();
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`bench: buildah wrote no digest for ${target}`);
    // Not timed: the list's removal from local storage (the temp root goes anyway).
    await exec(
      'buildah',
      ['--storage-driver', 'vfs', '--root', `${dir}/root`, '--runroot', `${dir}/run`, 'manifest', 'rm', 'fanin-list'],
      env
    );
    return r.ms;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runClient(
  client: Client,
  args: Args,
  net: Net,
  creds: Creds,
  target: string,
  sources: string[]
): Promise<Sample> {
  resetNet(net);
  const cpu = cpuMeter(net.registryPid);
  let ms: number;
  if (client === 'action') ms = (await runActionClient(args, creds, target, sources)).ms;
  else if (client === 'docker') ms = await runDockerClient(creds, target, sources);
  else ms = await runBuildahClient(creds, target, sources);
  return netSample(net, ms, args.handshakeRtts, cpu());
}

// ---------------------------------------------------------------------------------------------
// Fan-in scenarios

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

interface FaninRow {
  n: number;
  client: Client;
  slow: Sample[]; // at RTT
  fast: Sample[]; // at 0 ms
}

async function checkList(reg: TestRegistry, repo: string, n: number): Promise<void> {
  const m = await getManifest(reg, repo, 'v1');
  const count = m.status === 200 ? (JSON.parse(m.body) as { manifests: unknown[] }).manifests.length : -1;
  if (count !== n) throw new Error(`bench: ${repo}:v1 holds ${count} entries, expected ${n} (HTTP ${m.status})`);
}

async function faninScenario(
  reg: TestRegistry,
  nets: { slow: Net; fast: Net },
  creds: Creds,
  n: number,
  clients: Client[],
  args: Args
): Promise<FaninRow[]> {
  const repos = await pushSources(reg, n);
  const rows = new Map<Client, FaninRow>(clients.map((c) => [c, { n, client: c, slow: [], fast: [] }]));
  const maxRounds = Math.max(args.rounds, clients.some((c) => c !== 'action') ? args.peerRounds : 0);
  for (let round = 1; round <= maxRounds; round++) {
    const these = clients.filter((c) => round <= (c === 'action' ? args.rounds : args.peerRounds));
    const order = these.map((_, i) => these[(i + round - 1) % these.length]);
    for (const [speed, net] of [
      ['slow', nets.slow],
      ['fast', nets.fast]
    ] as const) {
      for (const client of order) {
        const repo = `bench/n${n}/rtt${net.rttMs}/${client}${round}`;
        const s = await runClient(
          client,
          args,
          net,
          creds,
          `${net.host}/${repo}:v1`,
          repos.map((r) => `${net.host}/${r}:v1`)
        );
        rows.get(client)![speed].push(s);
        if (args.verbose)
          log(
            `  N=${n} ${net.rttMs} ms round ${round}: ${CLIENT_LABEL[client]} ${(s.ms / 1000).toFixed(2)} s, ${s.requests} requests, ${s.connections} connections${s.idle ? ` (+${s.idle} without a request)` : ''}, ${s.pathRtts} round trips on the logged critical path; CPU ms: client ${s.cpu.client.toFixed(0)}, registry ${s.cpu.registry.toFixed(0)}, proxies + token server ${s.cpu.bench.toFixed(0)}`
          );
        if (round === 1) await checkList(reg, repo, n); // untimed: the list really landed
      }
    }
  }
  return [...rows.values()];
}

// ---------------------------------------------------------------------------------------------
// The large cross-registry copy

const layerName = (mib: number) => (mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);

interface CopyRow {
  mib: number;
  client: 'action' | 'skopeo';
  ms: number[];
  rss: number[];
}

const TIME_V = '/usr/bin/time';
let gnuTime: boolean | undefined;
function hasGnuTime(): boolean {
  if (gnuTime === undefined) {
    const r = spawnSync(TIME_V, ['-v', 'true'], { encoding: 'utf8' });
    gnuTime = r.status === 0 && /Maximum resident set size/.test(r.stderr ?? '');
  }
  return gnuTime;
}

const vmHwm = (status: string) => {
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
};

/** skopeo copy --all, timed, with its peak RSS. */
async function runSkopeoCopy(creds: Creds, src: string, dst: string): Promise<{ ms: number; rss: number }> {
  const dir = tmpDir('skopeo');
  const env = toolEnv(dir);
  const script =
    'exec skopeo copy --all --quiet --src-tls-verify=false --dest-tls-verify=false --authfile "$1" "docker://$2" "docker://$3"';
  const { cmd, argv } = isolated(script, [creds.file, src, dst]);
  try {
    if (hasGnuTime()) {
      const timeFile = path.join(dir, 'time-v');
      const r = await exec(TIME_V, ['-v', '-o', timeFile, cmd, ...argv], env);
      if (r.code !== 0) throw new Error(`bench: skopeo copy ${src} ${dst} failed (exit ${r.code}): ${r.out.trim()}`);
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(fs.readFileSync(timeFile, 'utf8'));
      return { ms: r.ms, rss: kb ? Number(kb[1]) * 1024 : NaN };
    }
    // No GNU time: poll VmHWM (the wrapper execs into skopeo, keeping the pid).
    let peak = 0;
    let pid = 0;
    let running = true;
    const poller = (async () => {
      while (running) {
        try {
          if (pid) peak = Math.max(peak, vmHwm(fs.readFileSync(`/proc/${pid}/status`, 'utf8')) ?? 0);
        } catch {
          /* gone */
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const r = await exec(cmd, argv, env, (p) => (pid = p));
    running = false;
    await poller;
    if (r.code !== 0) throw new Error(`bench: skopeo copy ${src} ${dst} failed (exit ${r.code}): ${r.out.trim()}`);
    return { ms: r.ms, rss: peak || NaN };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function copyScenario(args: Args, mib: number): Promise<CopyRow[]> {
  const src = await startRegistry({ tokenAuth: true });
  const rows: CopyRow[] = [
    { mib, client: 'action', ms: [], rss: [] },
    { mib, client: 'skopeo', ms: [], rss: [] }
  ];
  try {
    log(`bench: pushing a ${mib} MiB layer into the source registry (untimed) …`);
    await pushImage(src, 'copy/src', 'v1', {
      architecture: 'amd64',
      layerSizes: [mib * MiB],
      layerSeed: `bench-copy-${mib}`
    });
    for (let round = 1; round <= args.copyRounds; round++) {
      const order = round % 2 ? rows : [...rows].reverse();
      for (const row of order) {
        // A fresh registry per run: nothing of an earlier copy is there to reuse or mount.
        const dst = await startRegistry({ tokenAuth: true });
        try {
          const creds = writeCreds([{ reg: src }, { reg: dst }]);
          let ms: number;
          let rss: number;
          if (row.client === 'action') {
            const r = await runActionMeasured(
              { tags: `${dst.host}/copy/app:v1`, sources: `${src.host}/copy/src:v1` },
              { script: args.action, dockerConfig: creds.dir, timeoutMs: RUN_TIMEOUT_MS }
            );
            if (r.code !== 0)
              throw new Error(`bench: the action's ${mib} MiB copy failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
            ms = r.wallMs;
            rss = r.peakRssBytes;
          } else {
            ({ ms, rss } = await runSkopeoCopy(creds, `${src.host}/copy/src:v1`, `${dst.host}/copy/app:v1`));
          }
          const m = await getManifest(dst, 'copy/app', 'v1');
          if (m.status !== 200)
            throw new Error(`bench: after the ${row.client} copy, ${dst.host}/copy/app:v1 answers ${m.status}`);
          row.ms.push(ms);
          row.rss.push(rss);
          if (args.verbose)
            log(
              `  copy ${mib} MiB round ${round}: ${row.client} ${(ms / 1000).toFixed(2)} s, peak RSS ${(rss / MB).toFixed(1)} MB`
            );
        } finally {
          await dst.stop();
        }
      }
    }
  } finally {
    await src.stop();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// --trace: one action run, every request, and the critical path through them

type Traced = ProxyRequest & { via: 'registry' | 'token' };

function kindOf(r: Traced): string {
  const p = r.path.split('?')[0];
  if (r.via === 'token' || !p.startsWith('/v2')) return 'token';
  const q = r.path.includes('?') ? r.path.slice(r.path.indexOf('?')) : '';
  if (p === '/v2/' || p === '/v2') return 'ping';
  if (/\/manifests\//.test(p)) {
    const byDigest = /\/manifests\/sha256:/.test(p);
    return `${r.method} manifest${r.method === 'PUT' ? (byDigest ? ' (child, by digest)' : ' (list, by tag)') : byDigest ? ' (by digest)' : ' (by tag)'}`;
  }
  if (/\/blobs\/uploads\/?$/.test(p) && r.method === 'POST') return /[?&]mount=/.test(q) ? 'POST mount' : 'POST upload';
  if (/\/blobs\/uploads\//.test(p)) return `${r.method} upload`;
  if (/\/blobs\//.test(p)) return `${r.method} blob`;
  return `${r.method} other`;
}

function shortPath(r: Traced): string {
  if (r.via === 'token') {
    const scopes = new URLSearchParams(r.path.split('?')[1] ?? '').getAll('scope');
    return `/token scope=${scopes.join(' ') || '-'}`;
  }
  return r.path
    .replace(/sha256(:|%3A)([0-9a-f]{8})[0-9a-f]{56}/gi, 'sha256$1$2…')
    .replace(/(uploads\/[0-9a-f-]{8})[0-9a-f-]+/, '$1…')
    .replace(/_state=[^&]+/, '_state=…');
}

/**
 * The critical path through a request log. Each request is taken to have waited on the latest
 * request that had finished before it arrived (the client could not have sent it earlier, and
 * that one is the most plausible reason it did not); the path follows those links back from
 * the request that finished last. Its round trips are what the model charges along it: 1 per
 * request, plus the handshake for each on a new connection. A machine-independent count.
 */
function criticalPath<T extends ProxyRequest>(reqs: T[], handshakeRtts: number) {
  const sorted = [...reqs].sort((a, b) => a.start - b.start);
  const pred = new Map<T, T | undefined>();
  const depth = new Map<T, number>();
  for (const [i, r] of sorted.entries()) {
    let best: T | undefined;
    for (let j = 0; j < i; j++) {
      const q = sorted[j];
      if (q.end === undefined || q.end > r.start || q.start >= r.start) continue;
      if (!best || q.end > best.end!) best = q;
    }
    pred.set(r, best);
    depth.set(r, best ? depth.get(best)! + 1 : 1);
  }
  const last = sorted.reduce<T | undefined>(
    (a, r) => (r.end !== undefined && (!a || r.end > a.end!) ? r : a),
    undefined
  );
  const chain: T[] = [];
  for (let r = last; r; r = pred.get(r)) chain.unshift(r);
  const rtts = chain.reduce((n, r) => n + (r.newConn ? 1 + handshakeRtts : 1), 0);
  return { pred, depth, chain, rtts };
}

function trace(reqs: Traced[], t0: number, totalMs: number, rttMs: number, handshakeRtts: number): string {
  const out: string[] = [];
  const rel = (t: number) => t - t0;
  const f = (t: number) => rel(t).toFixed(0).padStart(5);
  // Connection ids, renumbered from 1 in order of first use (the token server's with a T).
  const ids = new Map<number, string>();
  let nr = 0;
  let nt = 0;
  for (const r of reqs) if (!ids.has(r.conn)) ids.set(r.conn, r.via === 'token' ? `T${++nt}` : `R${++nr}`);

  const { depth, chain, rtts } = criticalPath(reqs, handshakeRtts);

  out.push(
    `Every request (ms since the action was spawned; R = registry connection, T = token server connection; * = new connection, pays ${handshakeRtts} RTT first):`
  );
  out.push('');
  out.push('```');
  out.push('  start    end  step conn   status request');
  for (const r of reqs) {
    out.push(
      `${f(r.start)}  ${r.end === undefined ? '    ?' : f(r.end)}  ${String(depth.get(r)).padStart(4)} ${(ids.get(r.conn)! + (r.newConn ? '*' : '')).padEnd(5)} ${String(r.status).padStart(4)}   ${r.method.padEnd(4)} ${shortPath(r)}`
    );
  }
  out.push('```');
  out.push('');

  // Steps: the requests at each depth, summarised.
  const maxDepth = Math.max(0, ...depth.values());
  out.push('Steps (requests grouped by how many others finished before them, one after another):');
  out.push('');
  const stepRows: string[][] = [];
  for (let d = 1; d <= maxDepth; d++) {
    const at = reqs.filter((r) => depth.get(r) === d);
    const kinds = new Map<string, number>();
    for (const r of at) kinds.set(kindOf(r), (kinds.get(kindOf(r)) ?? 0) + 1);
    const startMin = Math.min(...at.map((r) => r.start));
    const endMax = Math.max(...at.map((r) => r.end ?? r.start));
    const fresh = at.filter((r) => r.newConn).length;
    stepRows.push([
      String(d),
      [...kinds].map(([k, c]) => `${c}× ${k}`).join(', '),
      `${rel(startMin).toFixed(0)}–${rel(endMax).toFixed(0)}`,
      String(at.length),
      String(fresh)
    ]);
  }
  out.push(table(['step', 'what', 'ms', 'requests', 'new conns'], stepRows));
  out.push('');

  out.push(
    `Critical path (${chain.length} requests one after another; RTT ${rttMs} ms; a request on a new connection costs ${1 + handshakeRtts} RTT):`
  );
  out.push('');
  const rows: string[][] = [];
  let prevEnd = t0;
  let netMs = 0;
  let gapMs = 0;
  for (const r of chain) {
    const gap = r.start - prevEnd;
    const dur = (r.end ?? r.start) - r.start;
    const cost = r.newConn ? 1 + handshakeRtts : 1;
    netMs += dur;
    gapMs += Math.max(0, gap);
    rows.push([
      kindOf(r),
      `${r.method} ${shortPath(r)}`.slice(0, 90),
      `${ids.get(r.conn)}${r.newConn ? '*' : ''}`,
      gap.toFixed(0),
      `${rel(r.start).toFixed(0)}–${rel(r.end ?? r.start).toFixed(0)}`,
      String(cost)
    ]);
    prevEnd = r.end ?? r.start;
  }
  out.push(table(['phase', 'request', 'conn', 'waited before (ms)', 'ms', 'RTT'], rows, 3));
  out.push('');
  out.push(
    `In short: ${chain.map((r) => `${kindOf(r)} ${r.newConn ? 1 + handshakeRtts : 1}`).join(' → ')} = ${rtts} RTT.`
  );
  out.push('');
  const tail = t0 + totalMs - prevEnd;
  out.push(
    `Total ${totalMs.toFixed(0)} ms = ${netMs.toFixed(0)} ms on the wire along the path (${rtts} RTT modelled = ${(rtts * rttMs).toFixed(0)} ms) + ` +
      `${(chain.length ? chain[0].start - t0 : 0).toFixed(0)} ms before the first request (process start, inputs, credentials) + ` +
      `${(gapMs - (chain.length ? chain[0].start - t0 : 0)).toFixed(0)} ms between requests on the path (client work) + ${tail.toFixed(0)} ms after the last response (outputs, exit).`
  );
  out.push(
    `Requests: ${reqs.length} (${reqs.filter((r) => r.via === 'token').length} to the token server); connections: ${ids.size} (${nt} to the token server).`
  );
  return out.join('\n');
}

async function traceMode(args: Args): Promise<void> {
  const n = args.sizes[0];
  const reg = await startRegistry({ tokenAuth: true });
  try {
    const slow = await startNet(reg, args.rttMs, args.handshakeRtts, args.sameHostToken);
    const fast = await startNet(reg, 0, args.handshakeRtts, args.sameHostToken);
    const creds = writeCreds([{ reg, hosts: [slow.host, fast.host] }]);
    const repos = await pushSources(reg, n);
    // Warm-up (page cache, compile cache), untimed.
    await runActionClient(
      args,
      creds,
      `${fast.host}/bench/trace/warmup:v1`,
      repos.map((r) => `${fast.host}/${r}:v1`)
    );
    resetNet(slow);
    const { ms, t0 } = await runActionClient(
      args,
      creds,
      `${slow.host}/bench/trace/n${n}:v1`,
      repos.map((r) => `${slow.host}/${r}:v1`)
    );
    await new Promise((r) => setTimeout(r, 50));
    const traced = netRequests(slow);
    // For scale: the same at 0 ms (median of 3), and the round trip the proxy really delivers.
    const zero: number[] = [];
    for (let i = 1; i <= 3; i++)
      zero.push(
        (
          await runActionClient(
            args,
            creds,
            `${fast.host}/bench/trace/n${n}-zero${i}:v1`,
            repos.map((r) => `${fast.host}/${r}:v1`)
          )
        ).ms
      );
    const rtt = await calibrate(slow, fast);
    console.log(
      `## Trace: one action run, N=${n}, RTT ${args.rttMs} ms, token auth, fresh target repository (${new Date().toISOString().replace(/\.\d+Z$/, 'Z')})`
    );
    console.log('');
    console.log(trace(traced, t0, ms, args.rttMs, args.handshakeRtts));
    console.log(
      `This run took ${secs(ms)} at ${args.rttMs} ms; the same at 0 ms: ${secs(median(zero))} (median of 3); the proxy's round trip here: ${rtt.toFixed(1)} ms; ` +
        `so (time at ${args.rttMs} ms − time at 0 ms) / round trip = ${fixed((ms - median(zero)) / rtt)} critical-path round trips (one run; the full bench takes medians).`
    );
    for (const p of [slow, fast]) await Promise.all([p.registry.stop(), p.token.stop()]);
  } finally {
    await reg.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function version(cmd: string, argv: string[], re: RegExp): string | undefined {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent' } });
  return re.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`)?.[1];
}

function machine(): string {
  const mem = (os.totalmem() / 2 ** 30).toFixed(1);
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${os.availableParallelism()} CPUs (${cpu}), ${mem} GiB RAM, ${os.type()} ${os.release()}, Node ${process.versions.node}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.action)) throw new Error(`bench: ${args.action} does not exist; run npm run build first`);
  if (args.trace) return traceMode(args);

  const clients: Client[] = ['action'];
  if (args.docker) {
    if (hasCommand('docker')) clients.push('docker');
    else log('bench: no docker CLI on PATH: docker manifest is skipped');
  }
  if (args.buildah) {
    if (hasCommand('buildah')) clients.push('buildah');
    else log('bench: no buildah on PATH (apt-get install buildah): buildah is skipped');
  }
  let copy = args.copy;
  if (copy && !hasCommand('skopeo')) {
    log('bench: no skopeo on PATH (apt-get install skopeo): the large copy is skipped');
    copy = false;
  }
  if ((clients.includes('buildah') || copy) && !canIsolateCache()) {
    log(
      `bench: cannot give buildah/skopeo a private ${BLOB_INFO_CACHE} (needs root and unshare -m): they share the system blob-info cache`
    );
  }

  const started = Date.now();
  const loadBefore = os.loadavg()[0];
  const fanin: FaninRow[] = [];
  let effectiveRtt = args.rttMs;
  const copies: CopyRow[] = [];

  if (args.fanin) {
    const reg = await startRegistry({ tokenAuth: true });
    const slow = await startNet(reg, args.rttMs, args.handshakeRtts, args.sameHostToken);
    const fast = await startNet(reg, 0, args.handshakeRtts, args.sameHostToken);
    try {
      const creds = writeCreds([{ reg, hosts: [slow.host, fast.host] }]);
      effectiveRtt = await calibrate(slow, fast);
      // One untimed warm-up per client: page cache, binaries, Node's compile cache.
      {
        const repos = await pushSources(reg, 2);
        for (const c of clients)
          await runClient(
            c,
            args,
            fast,
            creds,
            `${fast.host}/bench/warmup/${c}:v1`,
            repos.map((r) => `${fast.host}/${r}:v1`)
          );
      }
      for (const n of args.sizes) {
        log(
          `bench: fan-in N=${n} at ${args.rttMs} ms and 0 ms: ${args.rounds} round(s) of the action, ${clients.length > 1 ? `${args.peerRounds} of ${clients.slice(1).join(' and ')}` : 'no peers'} …`
        );
        fanin.push(...(await faninScenario(reg, { slow, fast }, creds, n, clients, args)));
      }
    } finally {
      for (const p of [slow, fast]) await Promise.all([p.registry.stop(), p.token.stop()]);
      await reg.stop();
    }
  }
  if (copy) {
    for (const mib of [args.copyMiB, ...(args.large1g ? [1024] : [])]) {
      log(`bench: ${mib} MiB cross-registry copy, ${args.copyRounds} round(s) of the action and skopeo copy --all …`);
      copies.push(...(await copyScenario(args, mib)));
    }
  }

  // ------------------------------------------------------------------------------- the report
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const loadAfter = os.loadavg()[0];
  const v = {
    docker:
      args.fanin && clients.includes('docker')
        ? version('docker', ['version', '--format', '{{.Client.Version}}'], /^(\S+)/)
        : undefined,
    buildah: args.fanin && clients.includes('buildah') ? version('buildah', ['--version'], /version (\S+)/) : undefined,
    skopeo: copy ? version('skopeo', ['--version'], /version (\S+)/) : undefined
  };
  const L: string[] = [];
  L.push(
    `Measured ${when} by \`npm run bench\`${process.argv.length > 2 ? ` (${process.argv.slice(2).join(' ')})` : ''} on ${machine()}; ` +
      `distribution 2.8 (Debian's docker-registry) with token auth${v.docker ? `; docker CLI ${v.docker}` : ''}${v.buildah ? `; buildah ${v.buildah}` : ''}${v.skopeo ? `; skopeo ${v.skopeo}` : ''}; ` +
      `load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after; ${((Date.now() - started) / 1000).toFixed(0)} s in all.`
  );
  L.push('');

  const goals: string[] = [];
  const disagree: string[] = [];
  const goal = (what: string, value: string, ok: boolean | undefined) =>
    goals.push(`- ${what}: ${value} **${ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL'}**`);

  if (fanin.length) {
    const rtt = args.rttMs;
    const stat = (r: FaninRow) => {
      const t40 = median(r.slow.map((s) => s.ms));
      const t0 = median(r.fast.map((s) => s.ms));
      return {
        t40,
        t0,
        rt: (t40 - t0) / effectiveRtt,
        req: median(r.slow.map((s) => s.requests)),
        conn: median(r.slow.map((s) => s.connections)),
        path: median(r.slow.map((s) => s.pathRtts))
      };
    };
    L.push(
      `Fan-in: N single-platform sources in N repositories of one registry, a fresh target repository per run; ` +
        `${args.sameHostToken ? "the token endpoint on the registry's own host (as GHCR, Quay, Harbor, GAR and ACR serve it); " : 'the token server on a host of its own (as Docker Hub and GitLab have it); '}` +
        `${rtt} ms round trips, a new connection paying ${args.handshakeRtts} more before its first request; medians of ` +
        `${args.rounds} (action) and ${args.peerRounds} (docker, buildah) runs, alternating. Round trips = (time at ${rtt} ms − time at 0 ms) / ` +
        `${effectiveRtt.toFixed(1)} ms (the round trip the proxy delivered here, calibrated at the start; the model says ${rtt} ms). ` +
        `Requests and connections (registry + token server) at ${rtt} ms. "On the logged path": the round trips the model charges along the critical path of the proxies' request log ` +
        `(each request waiting on the latest one finished before it; 1 per request, ${1 + args.handshakeRtts} on a new connection), a cross-check that no machine noise enters.`
    );
    L.push('');
    L.push(
      table(
        [
          'N',
          'client',
          `time at ${rtt} ms`,
          'time at 0 ms',
          'requests',
          'connections',
          'critical-path round trips',
          'on the logged path'
        ],
        fanin.map((r) => {
          const s = stat(r);
          return [
            String(r.n),
            CLIENT_LABEL[r.client],
            secs(s.t40),
            secs(s.t0),
            String(s.req),
            String(s.conn),
            fixed(s.rt),
            String(s.path)
          ];
        })
      )
    );
    L.push('');
    // Where the 0 ms time goes: the client, the registry and this process (the proxies and the
    // token server) share the machine's CPUs, so the sum over the CPUs bounds that time from below.
    const cpus = os.availableParallelism();
    const ms0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '-');
    L.push(
      `CPU per run at 0 ms (medians; the client's from the kernel's count for its process tree, the registry's from /proc, the proxies' and token server's from this process): all share ${cpus} CPUs, so the sum ÷ ${cpus} is a floor under the time at 0 ms.`
    );
    L.push('');
    L.push(
      table(
        ['N', 'client', 'client CPU', 'registry CPU', 'proxies + token server CPU', `sum ÷ ${cpus}`, 'time at 0 ms'],
        fanin.map((r) => {
          const c = (k: keyof CpuSplit) => median(r.fast.map((x) => x.cpu[k]));
          const sum = c('client') + c('registry') + c('bench');
          return [
            String(r.n),
            CLIENT_LABEL[r.client],
            `${ms0(c('client'))} ms`,
            `${ms0(c('registry'))} ms`,
            `${ms0(c('bench'))} ms`,
            `${ms0(sum / cpus)} ms`,
            secs(median(r.fast.map((x) => x.ms)))
          ];
        })
      )
    );
    L.push('');
    const peers = clients.filter((c) => c !== 'action');
    if (peers.length) {
      L.push("How many times the action's figure each peer's is (peer ÷ action):");
      L.push('');
      const ratioRows: string[][] = [];
      for (const n of args.sizes) {
        const a = stat(fanin.find((r) => r.n === n && r.client === 'action')!);
        for (const p of peers) {
          const b = stat(fanin.find((r) => r.n === n && r.client === p)!);
          ratioRows.push([
            String(n),
            CLIENT_LABEL[p],
            times(b.t40 / a.t40),
            times(b.t0 / a.t0),
            times(b.rt / a.rt),
            times(b.req / a.req),
            times(b.conn / a.conn)
          ]);
        }
      }
      L.push(
        table(['N', 'peer', `time at ${rtt} ms`, 'time at 0 ms', 'round trips', 'requests', 'connections'], ratioRows)
      );
      L.push('');
    }
    for (const n of args.sizes) {
      const a = stat(fanin.find((r) => r.n === n && r.client === 'action')!);
      if (n === 8 || n === 32) {
        // The issue's measure decides; the request log's count is shown beside it, because a busy
        // machine inflates the 0 ms time (CPU work that overlaps the waits at RTT) and so deflates
        // the difference.
        goal(
          `critical-path round trips at N=${n} ≤ 9`,
          `${fixed(a.rt)} (on the logged path: ${a.path}, ${a.path <= 9 ? 'within' : 'over'})`,
          a.rt <= 9
        );
        if (Math.abs(a.rt - a.path) > Math.max(2, 0.25 * a.path)) {
          disagree.push(`N=${n}: ${fixed(a.rt)} from the times, ${a.path} on the logged path`);
        }
        const limit = n === 8 ? 150 : 300;
        goal(
          `fixed cost at 0 ms, N=${n} (process start to exit, token auth, loopback) ≤ ${(limit / 1000).toFixed(2)} s`,
          secs(a.t0),
          a.t0 <= limit
        );
      }
    }
  }

  if (copies.length) {
    L.push(
      `Large layer: one image with a single layer copied from one registry into a fresh registry per run (token auth both, loopback, no proxy), alternating; median time of ${args.copyRounds} run(s), highest peak RSS (1 MB = 10⁶ bytes).`
    );
    L.push('');
    L.push(
      table(
        ['layer', 'client', 'time', 'peak RSS'],
        copies.map((r) => [
          layerName(r.mib),
          r.client === 'action' ? 'action' : 'skopeo copy --all',
          secs(median(r.ms)),
          `${fixed(Math.max(...r.rss) / MB)} MB`
        ])
      )
    );
    L.push('');
    const at = (mib: number, c: 'action' | 'skopeo') => copies.find((r) => r.mib === mib && r.client === c);
    const a = at(args.copyMiB, 'action')!;
    const s = at(args.copyMiB, 'skopeo')!;
    goal(
      `${args.copyMiB} MiB copy no slower than skopeo copy --all`,
      `${secs(median(a.ms))} vs ${secs(median(s.ms))}`,
      median(a.ms) <= median(s.ms)
    );
    goal(
      `peak RSS at ${args.copyMiB} MiB ≤ 100 MB`,
      `${fixed(Math.max(...a.rss) / MB)} MB`,
      Math.max(...a.rss) <= 100 * MB
    );
    const g = at(1024, 'action');
    if (g) {
      const d = (Math.max(...g.rss) - Math.max(...a.rss)) / MB;
      goal(
        `peak RSS at 1 GiB within 10 MB of ${args.copyMiB} MiB's`,
        `${fixed(Math.max(...g.rss) / MB)} MB (${d >= 0 ? '+' : ''}${fixed(d)} MB)`,
        Math.abs(d) <= 10
      );
      goal(
        `1 GiB copy no slower than skopeo copy --all`,
        `${secs(median(g.ms))} vs ${secs(median(at(1024, 'skopeo')!.ms))}`,
        median(g.ms) <= median(at(1024, 'skopeo')!.ms)
      );
    } else {
      goals.push(`- peak RSS at 1 GiB within 10 MB of ${args.copyMiB} MiB's: not measured (run with --1g)`);
    }
  }

  if (goals.length) {
    L.push('Goals (issue 10):');
    L.push('');
    L.push(...goals);
    L.push('');
  }
  if (disagree.length) {
    L.push(
      `Note: the action's round trips from the times and from the request log disagree (${disagree.join('; ')}): ` +
        'CPU time that the 0 ms run spends in full and the RTT run hides behind its waits (more of it on a busy machine) shrinks the difference. ' +
        'Trust the logged path, or run again on a quiet machine.'
    );
  }
  if (loadBefore > os.availableParallelism() * 0.5) {
    L.push(
      `Note: the machine was busy before the benchmark started (load ${loadBefore.toFixed(2)} on ${os.availableParallelism()} CPUs): times are noisy, the 0 ms ones most${fanin.length ? ', and so the round trips from the difference; the logged-path counts are not affected' : ''}.`
    );
  }
  console.log('');
  console.log(L.join('\n'));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
);
