/** Fan-in section: N single-platform sources into one list, each client at RTT and at 0 ms. */
import { getManifest, pushImage } from '../../harness/images';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { hasCommand } from '../../harness/tools';
import type { Args } from './args';
import { CLIENT_LABEL, runClient, writeCreds, type Client, type Creds } from './clients';
import { faninReport, type FaninRow } from './fanin-report';
import { calibrate, startNet, stopNets, type Net } from './net';
import { version } from './report';
import type { BenchSection } from './section';
import { log, platform } from './util';

export async function pushSources(reg: TestRegistry, n: number): Promise<string[]> {
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
/** The clients on this machine: the action always; docker and buildah when asked for and on PATH. */
function availableClients(args: Args): Client[] {
  const clients: Client[] = ['action'];
  if (args.docker) {
    if (hasCommand('docker')) clients.push('docker');
    else log('bench: no docker CLI on PATH: docker manifest is skipped');
  }
  if (args.buildah) {
    if (hasCommand('buildah')) clients.push('buildah');
    else log('bench: no buildah on PATH (apt-get install buildah): buildah is skipped');
  }
  return clients;
}

export function faninSection(): BenchSection {
  let clients: Client[] = [];
  const rows: FaninRow[] = [];
  let effectiveRtt = NaN;
  return {
    plan(args) {
      clients = availableClients(args);
      effectiveRtt = args.rttMs;
      return { runs: args.fanin, usesBlobInfoCache: clients.includes('buildah') };
    },
    async run(args) {
      const reg = await startRegistry({ tokenAuth: true });
      const slow = await startNet(reg, args.rttMs, args.handshakeRtts, args.sameHostToken);
      const fast = await startNet(reg, 0, args.handshakeRtts, args.sameHostToken);
      try {
        const creds = writeCreds([{ reg, hosts: [slow.host, fast.host] }]);
        effectiveRtt = await calibrate(slow, fast);
        await warmUp(reg, fast, creds, clients, args);
        for (const n of args.sizes) {
          log(
            `bench: fan-in N=${n} at ${args.rttMs} ms and 0 ms: ${args.rounds} round(s) of the action, ${clients.length > 1 ? `${args.peerRounds} of ${clients.slice(1).join(' and ')}` : 'no peers'} …`
          );
          rows.push(...(await faninScenario(reg, { slow, fast }, creds, n, clients, args)));
        }
      } finally {
        await stopNets(slow, fast);
        await reg.stop();
      }
    },
    report(args) {
      const r = faninReport(args, rows, clients, effectiveRtt);
      const on = (c: Client) => args.fanin && clients.includes(c);
      const docker = on('docker')
        ? version('docker', ['version', '--format', '{{.Client.Version}}'], /^(\S+)/)
        : undefined;
      const buildah = on('buildah') ? version('buildah', ['--version'], /version (\S+)/) : undefined;
      if (docker) r.versions.push(`docker CLI ${docker}`);
      if (buildah) r.versions.push(`buildah ${buildah}`);
      return r;
    }
  };
}

/** One untimed warm-up per client: page cache, binaries, Node's compile cache. */
async function warmUp(reg: TestRegistry, fast: Net, creds: Creds, clients: Client[], args: Args): Promise<void> {
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
