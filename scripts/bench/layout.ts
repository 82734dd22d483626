/**
 * The layout section (issue 19): one image with a single large layer pushed by the action from an
 * OCI layout (a directory, and a tar of one, both written by `skopeo copy`) and, for comparison,
 * from a registry, each into a fresh registry per run (token auth, loopback), alternating. The
 * goal: the layout's peak RSS within 10 MB of the registry-to-registry copy's (blobs stream from
 * disk, a tar's by byte range, never read whole).
 */
import fs from 'node:fs';
import path from 'node:path';
import { getManifest, pushImage } from '../../harness/images';
import { runActionMeasured } from '../../harness/measure';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { hasCommand } from '../../harness/tools';
import type { Args } from './args';
import { isolated } from './blob-cache';
import { writeCreds } from './clients';
import { fixed, goal, median, secs, table } from './format';
import type { BenchSection, SectionReport } from './section';
import { exec, log, MB, MiB, RUN_TIMEOUT_MS, tmpDir, toolEnv } from './util';

type Origin = 'registry' | 'layout directory' | 'layout tar';
const ORIGINS: Origin[] = ['registry', 'layout directory', 'layout tar'];

interface Row {
  origin: Origin;
  ms: number[];
  rss: number[];
}

/** skopeo writes the layouts (its layers kept as they are: the fixture's are random bytes). */
async function writeLayout(creds: string, src: string, dest: string): Promise<void> {
  const script =
    'exec skopeo copy --all --quiet --src-tls-verify=false --dest-oci-accept-uncompressed-layers --authfile "$1" "docker://$2" "$3"';
  const dir = tmpDir('skopeo-layout');
  const { cmd, argv } = isolated(script, [creds, src, dest]);
  const r = await exec(cmd, argv, toolEnv(dir));
  if (r.code !== 0) throw new Error(`bench: skopeo copy to ${dest} failed (exit ${r.code}): ${r.out.trim()}`);
}

/** One push by the action into a fresh registry. */
async function pushOnce(
  args: Args,
  src: TestRegistry,
  source: string,
  mib: number
): Promise<{ ms: number; rss: number }> {
  const dst = await startRegistry({ tokenAuth: true });
  try {
    const creds = writeCreds([{ reg: src }, { reg: dst }]);
    const r = await runActionMeasured(
      { tags: `${dst.host}/layout/app:v1`, sources: source },
      { script: args.action, dockerConfig: creds.dir, timeoutMs: RUN_TIMEOUT_MS }
    );
    if (r.code !== 0)
      throw new Error(`bench: the action's ${mib} MiB push from ${source} failed (exit ${r.code}):\n${r.stdout}`);
    if ((await getManifest(dst, 'layout/app', 'v1')).status !== 200)
      throw new Error(`bench: after the push from ${source}, ${dst.host}/layout/app:v1 is missing`);
    return { ms: r.wallMs, rss: r.peakRssBytes };
  } finally {
    await dst.stop();
  }
}

async function layoutScenario(args: Args, mib: number): Promise<Row[]> {
  const src = await startRegistry({ tokenAuth: true });
  const rows: Row[] = ORIGINS.map((origin) => ({ origin, ms: [], rss: [] }));
  const work = tmpDir('layout');
  try {
    log(`bench: pushing a ${mib} MiB layer and writing it as an OCI layout and tar (untimed) …`);
    await pushImage(src, 'layout/src', 'v1', {
      architecture: 'amd64',
      layerSizes: [mib * MiB],
      layerSeed: 'bench-layout'
    });
    const creds = writeCreds([{ reg: src }]);
    const dir = path.join(work, 'oci');
    const tar = path.join(work, 'oci.tar');
    const ref = `${src.host}/layout/src:v1`;
    await writeLayout(creds.file, ref, `oci:${dir}:v1`);
    await writeLayout(creds.file, ref, `oci-archive:${tar}:v1`);
    const sources: Record<Origin, string> = {
      registry: ref,
      'layout directory': `oci-layout://${dir}:v1`,
      'layout tar': `oci-layout://${tar}:v1`
    };
    for (let round = 1; round <= args.copyRounds; round++) {
      const order = round % 2 ? rows : [...rows].reverse();
      for (const row of order) {
        const { ms, rss } = await pushOnce(args, src, sources[row.origin], mib);
        row.ms.push(ms);
        row.rss.push(rss);
        if (args.verbose)
          log(
            `  layout ${mib} MiB round ${round}: ${row.origin} ${(ms / 1000).toFixed(2)} s, ${(rss / MB).toFixed(1)} MB`
          );
      }
    }
  } finally {
    await src.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

function layoutReport(args: Args, rows: Row[]): SectionReport {
  const out: SectionReport = { versions: [], lines: [], goals: [], notes: [] };
  if (!rows.length) return out;
  const peak = (r: Row) => Math.max(...r.rss);
  out.lines.push(
    `OCI layout sources: the action pushes one image with a single ${args.copyMiB} MiB layer from a registry, from an OCI layout directory and from a tar of one (both written by skopeo copy), each into a fresh registry per run (token auth, loopback), alternating; median time of ${args.copyRounds} run(s), highest peak RSS (1 MB = 10⁶ bytes).`,
    '',
    table(
      ['source', 'time', 'peak RSS'],
      rows.map((r) => [r.origin, secs(median(r.ms)), `${fixed(peak(r) / MB)} MB`]),
      1
    ),
    ''
  );
  const base = peak(rows[0]);
  for (const r of rows.slice(1)) {
    const d = (peak(r) - base) / MB;
    out.goals.push(
      goal(
        `peak RSS from a ${r.origin} within 10 MB of the registry copy's`,
        `${fixed(peak(r) / MB)} MB (${d >= 0 ? '+' : ''}${fixed(d)} MB)`,
        d <= 10
      )
    );
  }
  return out;
}

export function layoutSection(): BenchSection {
  let runs = false;
  const rows: Row[] = [];
  return {
    plan(args) {
      runs = args.layout;
      if (runs && !hasCommand('skopeo')) {
        log('bench: no skopeo on PATH (apt-get install skopeo): the OCI layout section is skipped');
        runs = false;
      }
      return { runs, usesBlobInfoCache: runs };
    },
    async run(args) {
      log(`bench: ${args.copyMiB} MiB from OCI layouts vs from a registry, ${args.copyRounds} round(s) …`);
      rows.push(...(await layoutScenario(args, args.copyMiB)));
    },
    report: (args) => layoutReport(args, rows)
  };
}
