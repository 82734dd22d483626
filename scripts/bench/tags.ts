/**
 * Several tags in one repository (issue 20.1): k tags put by the action to a registry that takes
 * several tags in one PUT (the `multitag` personality over distribution 2.8: distribution-spec
 * "Pushing Manifests", 2026) and to one that ignores them (distribution 2.8 itself: the PUT by
 * digest with `?tag=`, then one PUT per tag). Each through a latency proxy at --rtt (plain HTTP,
 * anonymous: the difference is the tag PUTs, not auth), the sources already in the target
 * repository, so nothing but the list and its tags is written. Per run: time, requests, manifest
 * PUTs and round trips on the logged critical path; then a re-run (every tag current) that must
 * write nothing.
 */
import { pushImage } from '../../harness/images';
import { startPersonality } from '../../harness/personalities';
import { startProxy, type Proxy } from '../../harness/proxy';
import { startRegistry } from '../../harness/registry';
import { runAction } from '../../harness/run-action';
import type { Args } from './args';
import { criticalPath } from './critical-path';
import { goal, secs, table } from './format';
import type { BenchSection, SectionReport } from './section';
import { RUN_TIMEOUT_MS, log } from './util';

const KS = [1, 2, 4, 10];
type Way = 'takes ?tag=' | 'ignores ?tag=';

interface Run {
  ms: number;
  requests: number;
  puts: number;
  rtts: number;
}
interface TagRow {
  k: number;
  way: Way;
  first: Run;
  again: Run;
}

const manifestPuts = (p: Proxy) =>
  p.requests.filter((r) => r.method === 'PUT' && r.path.includes('/manifests/')).length;

/** One action run through `net` with k tags in `repo`, measured from the proxy's log. */
async function timedRun(args: Args, net: Proxy, inputs: Record<string, string>): Promise<Run> {
  net.reset();
  const t0 = performance.now();
  const r = await runAction(inputs, { script: args.action, timeoutMs: RUN_TIMEOUT_MS });
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`bench: the action failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return {
    ms,
    requests: net.requests.length,
    puts: manifestPuts(net),
    rtts: criticalPath(net.requests, args.handshakeRtts).rtts
  };
}

async function measure(args: Args): Promise<TagRow[]> {
  const reg = await startRegistry();
  // Above every k: this section measures the one-PUT way; the 414 fallback is tested, not timed.
  const multi = await startPersonality(reg, 'multitag', { maxTags: Math.max(...KS) });
  const proxy = (target: string) => startProxy({ target, rttMs: args.rttMs, handshakeRtts: args.handshakeRtts });
  const nets: Array<{ way: Way; net: Proxy }> = [
    { way: 'takes ?tag=', net: await proxy(multi.url) },
    { way: 'ignores ?tag=', net: await proxy(reg.url) }
  ];
  try {
    const rows: TagRow[] = [];
    for (const k of KS) {
      for (const { way, net } of nets) {
        const repo = `bench-tags/k${k}-${way === 'takes ?tag=' ? 'multi' : 'plain'}`;
        const images = await Promise.all(
          ['amd64', 'arm64'].map((a) => pushImage(reg, repo, undefined, { architecture: a, layerSeed: `bt-${a}` }))
        );
        const inputs = {
          tags: Array.from({ length: k }, (_, i) => `${net.host}/${repo}:t${i + 1}`).join('\n'),
          sources: images.map((i) => `${net.host}/${repo}@${i.digest}`).join('\n')
        };
        const row = { k, way, first: await timedRun(args, net, inputs), again: await timedRun(args, net, inputs) };
        if (args.verbose)
          log(`  tags k=${k} (${way}): ${secs(row.first.ms)}, ${row.first.puts} PUTs, ${row.first.rtts} round trips`);
        rows.push(row);
      }
    }
    return rows;
  } finally {
    await Promise.all([...nets.map((n) => n.net.stop()), multi.stop()]);
    await reg.stop();
  }
}

function report(args: Args, rows: TagRow[]): SectionReport {
  const lines = [
    `**Several tags in one repository** (issue 20.1), at ${args.rttMs} ms RTT: the registry takes \`?tag=\` (the multitag personality) or ignores it (distribution 2.8: one PUT per tag after the PUT by digest). Requests, manifest PUTs and round trips on the logged critical path; a re-run writes nothing.`,
    '',
    table(
      [
        'k tags',
        'registry',
        'time',
        'requests',
        'manifest PUTs',
        'round trips (logged path)',
        're-run: requests',
        're-run: PUTs'
      ],
      rows.map((r) => [
        String(r.k),
        r.way,
        secs(r.first.ms),
        String(r.first.requests),
        String(r.first.puts),
        String(r.first.rtts),
        String(r.again.requests),
        String(r.again.puts)
      ]),
      2
    ),
    ''
  ];
  const multi = rows.filter((r) => r.way === 'takes ?tag=');
  const goals = [
    goal(
      'k tags to a registry that takes ?tag=: one manifest PUT',
      multi.map((r) => `k=${r.k}: ${r.first.puts}`).join(', '),
      multi.every((r) => r.first.puts === 1)
    ),
    goal(
      'a re-run writes nothing',
      `${rows.reduce((n, r) => n + r.again.puts, 0)} PUTs in ${rows.length} re-runs`,
      rows.every((r) => r.again.puts === 0)
    )
  ];
  return { versions: [], lines, goals, notes: [] };
}

export function tagsSection(): BenchSection {
  let rows: TagRow[] = [];
  return {
    plan: (args) => ({ runs: args.tags, usesBlobInfoCache: false }),
    run: async (args) => {
      rows = await measure(args);
    },
    report: (args) => (args.tags ? report(args, rows) : { versions: [], lines: [], goals: [], notes: [] })
  };
}
