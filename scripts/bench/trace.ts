/** --trace: one action run, every request, and the critical path through them. */
import { startRegistry } from '../../harness/registry';
import type { ProxyRequest } from '../../harness/proxy';
import type { Args } from './args';
import { runActionClient, writeCreds } from './clients';
import { criticalPath } from './critical-path';
import { pushSources } from './fanin';
import { fixed, median, secs, table } from './format';
import { calibrate, netRequests, resetNet, startNet, stopNets } from './net';

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

/** What the three parts of the trace share: the log, its critical path, times relative to t0, connection names. */
interface TraceCtx {
  reqs: Traced[];
  t0: number;
  handshakeRtts: number;
  path: ReturnType<typeof criticalPath<Traced>>;
  rel: (t: number) => number;
  /** connection ids, renumbered from 1 in order of first use (the token server's with a T) */
  ids: Map<number, string>;
  tokenConns: number;
}

function trace(reqs: Traced[], t0: number, totalMs: number, rttMs: number, handshakeRtts: number): string {
  const ids = new Map<number, string>();
  let nr = 0;
  let nt = 0;
  for (const r of reqs) if (!ids.has(r.conn)) ids.set(r.conn, r.via === 'token' ? `T${++nt}` : `R${++nr}`);
  const path = criticalPath(reqs, handshakeRtts);
  const c: TraceCtx = { reqs, t0, handshakeRtts, path, rel: (t) => t - t0, ids, tokenConns: nt };
  return [...everyRequest(c), ...steps(c), ...pathTable(c, totalMs, rttMs)].join('\n');
}

function everyRequest({ reqs, handshakeRtts, path, rel, ids }: TraceCtx): string[] {
  const f = (t: number) => rel(t).toFixed(0).padStart(5);
  const out = [
    `Every request (ms since the action was spawned; R = registry connection, T = token server connection; * = new connection, pays ${handshakeRtts} RTT first):`,
    '',
    '```',
    '  start    end  step conn   status request'
  ];
  for (const r of reqs) {
    out.push(
      `${f(r.start)}  ${r.end === undefined ? '    ?' : f(r.end)}  ${String(path.depth.get(r)).padStart(4)} ${(ids.get(r.conn)! + (r.newConn ? '*' : '')).padEnd(5)} ${String(r.status).padStart(4)}   ${r.method.padEnd(4)} ${shortPath(r)}`
    );
  }
  out.push('```', '');
  return out;
}

/** Steps: the requests at each depth, summarised. */
function steps({ reqs, path, rel }: TraceCtx): string[] {
  const maxDepth = Math.max(0, ...path.depth.values());
  const stepRows: string[][] = [];
  for (let d = 1; d <= maxDepth; d++) {
    const at = reqs.filter((r) => path.depth.get(r) === d);
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
  return [
    'Steps (requests grouped by how many others finished before them, one after another):',
    '',
    table(['step', 'what', 'ms', 'requests', 'new conns'], stepRows),
    ''
  ];
}

function pathTable(
  { reqs, t0, handshakeRtts, path, rel, ids, tokenConns }: TraceCtx,
  totalMs: number,
  rttMs: number
): string[] {
  const { chain, rtts } = path;
  const out = [
    `Critical path (${chain.length} requests one after another; RTT ${rttMs} ms; a request on a new connection costs ${1 + handshakeRtts} RTT):`,
    ''
  ];
  const rows: string[][] = [];
  let prevEnd = t0;
  let netMs = 0;
  let gapMs = 0;
  for (const r of chain) {
    const gap = r.start - prevEnd;
    netMs += (r.end ?? r.start) - r.start;
    gapMs += Math.max(0, gap);
    rows.push([
      kindOf(r),
      `${r.method} ${shortPath(r)}`.slice(0, 90),
      `${ids.get(r.conn)}${r.newConn ? '*' : ''}`,
      gap.toFixed(0),
      `${rel(r.start).toFixed(0)}–${rel(r.end ?? r.start).toFixed(0)}`,
      String(r.newConn ? 1 + handshakeRtts : 1)
    ]);
    prevEnd = r.end ?? r.start;
  }
  out.push(table(['phase', 'request', 'conn', 'waited before (ms)', 'ms', 'RTT'], rows, 3), '');
  out.push(
    `In short: ${chain.map((r) => `${kindOf(r)} ${r.newConn ? 1 + handshakeRtts : 1}`).join(' → ')} = ${rtts} RTT.`,
    ''
  );
  const tail = t0 + totalMs - prevEnd;
  const first = chain.length ? chain[0].start - t0 : 0;
  out.push(
    `Total ${totalMs.toFixed(0)} ms = ${netMs.toFixed(0)} ms on the wire along the path (${rtts} RTT modelled = ${(rtts * rttMs).toFixed(0)} ms) + ` +
      `${first.toFixed(0)} ms before the first request (process start, inputs, credentials) + ` +
      `${(gapMs - first).toFixed(0)} ms between requests on the path (client work) + ${tail.toFixed(0)} ms after the last response (outputs, exit).`,
    `Requests: ${reqs.length} (${reqs.filter((r) => r.via === 'token').length} to the token server); connections: ${ids.size} (${tokenConns} to the token server).`
  );
  return out;
}

export async function traceMode(args: Args): Promise<void> {
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
    await stopNets(slow, fast);
  } finally {
    await reg.stop();
  }
}
