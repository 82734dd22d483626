/** The fan-in section's part of the report: times, CPU, peer ratios, and the issue-10 goals. */
import os from 'node:os';
import type { Args } from './args';
import { CLIENT_LABEL, type Client } from './clients';
import type { CpuSplit } from './cpu';
import { fixed, goal, median, secs, table, times } from './format';
import type { Sample } from './net';
import type { SectionReport } from './section';

export interface FaninRow {
  n: number;
  client: Client;
  slow: Sample[]; // at RTT
  fast: Sample[]; // at 0 ms
}

interface Stat {
  t40: number;
  t0: number;
  rt: number;
  req: number;
  conn: number;
  path: number;
}

const stat = (r: FaninRow, effectiveRtt: number): Stat => {
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

export function faninReport(args: Args, fanin: FaninRow[], clients: Client[], effectiveRtt: number): SectionReport {
  const out: SectionReport = { versions: [], lines: [], goals: [], notes: [] };
  if (!fanin.length) return out;
  const st = (r: FaninRow) => stat(r, effectiveRtt);
  const find = (n: number, c: Client) => st(fanin.find((r) => r.n === n && r.client === c)!);
  out.lines.push(...timesTable(args, fanin, st, effectiveRtt), ...cpuTable(fanin));
  const peers = clients.filter((c) => c !== 'action');
  if (peers.length) out.lines.push(...ratioTable(args, peers, find));
  const disagree: string[] = [];
  for (const n of args.sizes) {
    const a = find(n, 'action');
    if (n === 8 || n === 32) {
      // The measure decides; the request log's count is shown beside it, because a busy
      // machine inflates the 0 ms time (CPU work that overlaps the waits at RTT) and so deflates
      // the difference.
      out.goals.push(
        goal(
          `critical-path round trips at N=${n} ≤ 9`,
          `${fixed(a.rt)} (on the logged path: ${a.path}, ${a.path <= 9 ? 'within' : 'over'})`,
          a.rt <= 9
        )
      );
      if (Math.abs(a.rt - a.path) > Math.max(2, 0.25 * a.path)) {
        disagree.push(`N=${n}: ${fixed(a.rt)} from the times, ${a.path} on the logged path`);
      }
      const limit = n === 8 ? 150 : 300;
      out.goals.push(
        goal(
          `fixed cost at 0 ms, N=${n} (process start to exit, token auth, loopback) ≤ ${(limit / 1000).toFixed(2)} s`,
          secs(a.t0),
          a.t0 <= limit
        )
      );
    }
  }
  if (disagree.length) {
    out.notes.push(
      `Note: the action's round trips from the times and from the request log disagree (${disagree.join('; ')}): ` +
        'CPU time that the 0 ms run spends in full and the RTT run hides behind its waits (more of it on a busy machine) shrinks the difference. ' +
        'Trust the logged path, or run again on a quiet machine.'
    );
  }
  out.busyCaveat = ', and so the round trips from the difference; the logged-path counts are not affected';
  return out;
}

function timesTable(args: Args, fanin: FaninRow[], st: (r: FaninRow) => Stat, effectiveRtt: number): string[] {
  const rtt = args.rttMs;
  const intro =
    `Fan-in: N single-platform sources in N repositories of one registry, a fresh target repository per run; ` +
    `${args.sameHostToken ? "the token endpoint on the registry's own host (as GHCR, Quay, Harbor, GAR and ACR serve it); " : 'the token server on a host of its own (as Docker Hub and GitLab have it); '}` +
    `${rtt} ms round trips, a new connection paying ${args.handshakeRtts} more before its first request; medians of ` +
    `${args.rounds} (action) and ${args.peerRounds} (docker, buildah) runs, alternating. Round trips = (time at ${rtt} ms − time at 0 ms) / ` +
    `${effectiveRtt.toFixed(1)} ms (the round trip the proxy delivered here, calibrated at the start; the model says ${rtt} ms). ` +
    `Requests and connections (registry + token server) at ${rtt} ms. "On the logged path": the round trips the model charges along the critical path of the proxies' request log ` +
    `(each request waiting on the latest one finished before it; 1 per request, ${1 + args.handshakeRtts} on a new connection), a cross-check that no machine noise enters.`;
  const head = [
    'N',
    'client',
    `time at ${rtt} ms`,
    'time at 0 ms',
    'requests',
    'connections',
    'critical-path round trips',
    'on the logged path'
  ];
  const rows = fanin.map((r) => {
    const s = st(r);
    const { t40, t0, req, conn, rt, path } = s;
    return [
      String(r.n),
      CLIENT_LABEL[r.client],
      secs(t40),
      secs(t0),
      String(req),
      String(conn),
      fixed(rt),
      String(path)
    ];
  });
  return [intro, '', table(head, rows), ''];
}

// Where the 0 ms time goes: the client, the registry and this process (the proxies and the
// token server) share the machine's CPUs, so the sum over the CPUs bounds that time from below.
function cpuTable(fanin: FaninRow[]): string[] {
  const cpus = os.availableParallelism();
  const ms0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '-');
  const intro = `CPU per run at 0 ms (medians; the client's from the kernel's count for its process tree, the registry's from /proc, the proxies' and token server's from this process): all share ${cpus} CPUs, so the sum ÷ ${cpus} is a floor under the time at 0 ms.`;
  const rows = fanin.map((r) => {
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
  });
  const head = [
    'N',
    'client',
    'client CPU',
    'registry CPU',
    'proxies + token server CPU',
    `sum ÷ ${cpus}`,
    'time at 0 ms'
  ];
  return [intro, '', table(head, rows), ''];
}

function ratioTable(args: Args, peers: Client[], find: (n: number, c: Client) => Stat): string[] {
  const rows: string[][] = [];
  for (const n of args.sizes) {
    const a = find(n, 'action');
    for (const p of peers) {
      const b = find(n, p);
      rows.push([
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
  const head = ['N', 'peer', `time at ${args.rttMs} ms`, 'time at 0 ms', 'round trips', 'requests', 'connections'];
  return ["How many times the action's figure each peer's is (peer ÷ action):", '', table(head, rows), ''];
}
