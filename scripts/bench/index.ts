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
 * ADDING A SECTION. Write `scripts/bench/<name>.ts` exporting a factory that returns a
 * BenchSection (./section.ts): `plan` (which tools are there, log why it is skipped), `run` (the
 * measurements; keep them in the closure), `report` (paragraphs, tables, goal lines via
 * format.ts's `goal`, notes). Add it to SECTIONS below: sections run and report in that order.
 * Shared pieces: ./net.ts (latency proxies), ./clients.ts (the fan-in clients), ./util.ts
 * (timed exec, temp dirs), ./critical-path.ts (pure, unit-tested). New flags go in ./args.ts.
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
 *   --no-docker, --no-buildah, --no-copy, --no-fanin, --no-layout, --no-tags   skip a part
 *   --quick           one round of everything
 *   --same-host-token the token endpoint on the registry's own host (GHCR, Quay, Harbor, GAR, ACR):
 *                     the registry's proxy serves the token path too, so no second host to connect to
 *   --trace           only this: one action run at N = the first --sizes (default 8) and RTT,
 *                     every request with start/end (ms since the process was spawned) and
 *                     connection id, then the critical path through them
 *   --verbose         (BENCH_VERBOSE=1)            one line per run
 *   --action FILE     (BENCH_ACTION)               the bundle to run (default dist/index.js)
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from './args';
import { BLOB_INFO_CACHE, canIsolateCache } from './blob-cache';
import { copySection } from './copy';
import { faninSection } from './fanin';
import { layoutSection } from './layout';
import { tagsSection } from './tags';
import { headline } from './report';
import type { BenchSection, SectionReport } from './section';
import { traceMode } from './trace';
import { log } from './util';

/** The sections, in the order they run and appear in the report. */
const SECTIONS: Array<() => BenchSection> = [faninSection, copySection, layoutSection, tagsSection];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.action)) throw new Error(`bench: ${args.action} does not exist; run npm run build first`);
  if (args.trace) return traceMode(args);

  const sections = SECTIONS.map((make) => make());
  const plans = sections.map((s) => s.plan(args));
  if (plans.some((p) => p.usesBlobInfoCache) && !canIsolateCache()) {
    log(
      `bench: cannot give buildah/skopeo a private ${BLOB_INFO_CACHE} (needs root and unshare -m): they share the system blob-info cache`
    );
  }
  const started = Date.now();
  const loadBefore = os.loadavg()[0];
  for (const [i, s] of sections.entries()) if (plans[i].runs) await s.run(args);
  const loadAfter = os.loadavg()[0];
  const reports = sections.map((s) => s.report(args));
  console.log('');
  console.log(
    render(
      reports,
      headline(
        reports.flatMap((r) => r.versions),
        loadBefore,
        loadAfter,
        started
      ),
      loadBefore
    )
  );
}

/** The whole report: the headline, each section's part, the goals, then the notes. */
function render(reports: SectionReport[], head: string, loadBefore: number): string {
  const L: string[] = [head, ''];
  for (const r of reports) L.push(...r.lines);
  const goals = reports.flatMap((r) => r.goals);
  if (goals.length) L.push('Goals (issue 10):', '', ...goals, '');
  L.push(...reports.flatMap((r) => r.notes));
  if (loadBefore > os.availableParallelism() * 0.5) {
    L.push(
      `Note: the machine was busy before the benchmark started (load ${loadBefore.toFixed(2)} on ${os.availableParallelism()} CPUs): times are noisy, the 0 ms ones most${reports.map((r) => r.busyCaveat ?? '').join('')}.`
    );
  }
  return L.join('\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
);
