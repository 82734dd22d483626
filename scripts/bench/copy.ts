/** The large cross-registry copy section: one big layer, the action vs `skopeo copy --all`, time and peak RSS. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getManifest, pushImage } from '../../harness/images';
import { runActionMeasured } from '../../harness/measure';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { hasCommand } from '../../harness/tools';
import type { Args } from './args';
import { isolated } from './blob-cache';
import { writeCreds, type Creds } from './clients';
import { fixed, goal, median, secs, table } from './format';
import { version } from './report';
import type { BenchSection, SectionReport } from './section';
import { exec, log, MB, MiB, RUN_TIMEOUT_MS, tmpDir, toolEnv } from './util';

const layerName = (mib: number) => (mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);

export interface CopyRow {
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
        const { ms, rss } = await copyOnce(args, src, row.client, mib);
        row.ms.push(ms);
        row.rss.push(rss);
        if (args.verbose)
          log(
            `  copy ${mib} MiB round ${round}: ${row.client} ${(ms / 1000).toFixed(2)} s, peak RSS ${(rss / MB).toFixed(1)} MB`
          );
      }
    }
  } finally {
    await src.stop();
  }
  return rows;
}

/** One copy into a fresh registry: nothing of an earlier copy is there to reuse or mount. */
async function copyOnce(
  args: Args,
  src: TestRegistry,
  client: CopyRow['client'],
  mib: number
): Promise<{ ms: number; rss: number }> {
  const dst = await startRegistry({ tokenAuth: true });
  try {
    const creds = writeCreds([{ reg: src }, { reg: dst }]);
    let ms: number;
    let rss: number;
    if (client === 'action') {
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
      throw new Error(`bench: after the ${client} copy, ${dst.host}/copy/app:v1 answers ${m.status}`);
    return { ms, rss };
  } finally {
    await dst.stop();
  }
}

function copyReport(args: Args, copies: CopyRow[]): SectionReport {
  const out: SectionReport = { versions: [], lines: [], goals: [], notes: [] };
  if (!copies.length) return out;
  out.lines.push(
    `Large layer: one image with a single layer copied from one registry into a fresh registry per run (token auth both, loopback, no proxy), alternating; median time of ${args.copyRounds} run(s), highest peak RSS (1 MB = 10⁶ bytes).`
  );
  out.lines.push('');
  out.lines.push(
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
  out.lines.push('');
  const at = (mib: number, c: 'action' | 'skopeo') => copies.find((r) => r.mib === mib && r.client === c);
  const a = at(args.copyMiB, 'action')!;
  const s = at(args.copyMiB, 'skopeo')!;
  out.goals.push(
    goal(
      `${args.copyMiB} MiB copy no slower than skopeo copy --all`,
      `${secs(median(a.ms))} vs ${secs(median(s.ms))}`,
      median(a.ms) <= median(s.ms)
    )
  );
  out.goals.push(
    goal(
      `peak RSS at ${args.copyMiB} MiB ≤ 100 MB`,
      `${fixed(Math.max(...a.rss) / MB)} MB`,
      Math.max(...a.rss) <= 100 * MB
    )
  );
  const g = at(1024, 'action');
  if (g) {
    const d = (Math.max(...g.rss) - Math.max(...a.rss)) / MB;
    out.goals.push(
      goal(
        `peak RSS at 1 GiB within 10 MB of ${args.copyMiB} MiB's`,
        `${fixed(Math.max(...g.rss) / MB)} MB (${d >= 0 ? '+' : ''}${fixed(d)} MB)`,
        Math.abs(d) <= 10
      )
    );
    out.goals.push(
      goal(
        `1 GiB copy no slower than skopeo copy --all`,
        `${secs(median(g.ms))} vs ${secs(median(at(1024, 'skopeo')!.ms))}`,
        median(g.ms) <= median(at(1024, 'skopeo')!.ms)
      )
    );
  } else {
    out.goals.push(`- peak RSS at 1 GiB within 10 MB of ${args.copyMiB} MiB's: not measured (run with --1g)`);
  }
  return out;
}

export function copySection(): BenchSection {
  let copy = false;
  const copies: CopyRow[] = [];
  return {
    plan(args) {
      copy = args.copy;
      if (copy && !hasCommand('skopeo')) {
        log('bench: no skopeo on PATH (apt-get install skopeo): the large copy is skipped');
        copy = false;
      }
      return { runs: copy, usesBlobInfoCache: copy };
    },
    async run(args) {
      for (const mib of [args.copyMiB, ...(args.large1g ? [1024] : [])]) {
        log(`bench: ${mib} MiB cross-registry copy, ${args.copyRounds} round(s) of the action and skopeo copy --all …`);
        copies.push(...(await copyScenario(args, mib)));
      }
    },
    report(args) {
      const r = copyReport(args, copies);
      const v = copy ? version('skopeo', ['--version'], /version (\S+)/) : undefined;
      if (v) r.versions.push(`skopeo ${v}`);
      return r;
    }
  };
}
