/**
 * GitHub's limits on what a step writes: 1 MB per output and 1 MiB per step summary
 * (docs.github.com: "Workflow commands" → step outputs; "Adding a job summary"). Pure: values in,
 * values and warnings out; the action's edge writes them.
 */
import { type PlatformOverride } from '../model/annotations';
import { type Result } from '../model/result';
import { type Inspected } from '../model/inspect-view';
import { bytesInWords, inspectSummaryMarkdown, renderSummary, type SummaryView } from './report';

/** One step output (docs.github.com: "outputs are Unicode strings, and can be a maximum of 1 MB"). */
export const OUTPUT_LIMIT = 1_000_000;
/** One step's job summary ("the maximum size of a job summary is 1 MiB per step"). */
export const SUMMARY_LIMIT = 1024 * 1024;

/** Where the whole list can be read when an output or the summary cannot hold it. */
export function inspectHint(ref: string): string {
  return `read the whole list with this action's inspect sub-action (ref: ${ref}) or manifest-fanin inspect ${ref}`;
}

/** The same for the inspect sub-action itself: the command line reads it whole. */
export const cliHint = (ref: string) => `read the whole list with manifest-fanin inspect ${ref}`;

/**
 * Outputs that would pass the limit are left empty, each with a warning; only `manifest` and
 * `metadata` can grow with the list (digest, ref, refs, platforms stay short and are always set).
 */
export function capOutputs(
  outputs: Record<string, string>,
  ref: string,
  limit = OUTPUT_LIMIT,
  hint = inspectHint
): { outputs: Record<string, string>; warnings: string[] } {
  const warnings: string[] = [];
  const capped = { ...outputs };
  for (const name of ['manifest', 'metadata']) {
    const size = Buffer.byteLength(capped[name] ?? '');
    if (size <= limit) continue;
    capped[name] = '';
    const what = name === 'manifest' ? "the list's JSON" : 'the metadata JSON';
    warnings.push(
      `the \`${name}\` output is left empty: ${what} is ${bytesInWords(size)}, more than GitHub allows in one step output (1 MB); ${hint(ref)}`
    );
  }
  return { outputs: capped, warnings };
}

/** How much of the list's JSON a shortened summary shows. */
const JSON_SHOWN = 16 * 1024;

/**
 * The job summary within `limit` bytes: as it is when it fits; else the list's JSON cut to its
 * first 16 kB, and if that is not enough, the rows and annotation lines cut to as many as fit.
 * The warning (also in the summary) names inspect as the way to read the whole list.
 */
export function summaryWithin(
  r: Result,
  overrides?: Map<string, PlatformOverride>,
  limit = SUMMARY_LIMIT
): { markdown: string; warning?: string } {
  const all = Math.max(r.entries.length, ...annotationCounts(r.manifest));
  return fitted(r.manifest, r.ref, all, limit, inspectHint, (view) => renderSummary(r, overrides, view));
}

/** The inspect sub-action's summary within `limit` bytes, the same way. */
export function inspectSummaryWithin(
  i: Inspected,
  problems: string[],
  limit = SUMMARY_LIMIT
): { markdown: string; warning?: string } {
  const json = i.bytes.toString('utf8');
  const all = Math.max(i.manifest.kind === 'index' ? i.manifest.manifests.length : 1, ...annotationCounts(json));
  return fitted(json, `${i.repo}@${i.digest}`, all, limit, cliHint, (view) =>
    inspectSummaryMarkdown(i, problems, view)
  );
}

/** The full view when it fits; else the JSON cut, and then the fewest items cut that make it fit. */
function fitted(
  manifest: string,
  ref: string,
  all: number,
  limit: number,
  hint: (ref: string) => string,
  render: (view?: SummaryView) => string
): { markdown: string; warning?: string } {
  const full = render();
  if (Buffer.byteLength(full) <= limit) return { markdown: full };
  const size = Buffer.byteLength(manifest);
  const warning = `the job summary shows part of the list: it is ${bytesInWords(size)} of JSON, and GitHub allows 1 MiB per job summary; ${hint(ref)}`;
  const json = `${manifest.slice(0, JSON_SHOWN)}\n… (${bytesInWords(size)} in all; the rest is left out)`;
  const view = (maxItems: number) => render({ json, maxItems, notes: [warning] });
  const fits = (maxItems: number) => Buffer.byteLength(view(maxItems)) <= limit;
  if (fits(all)) return { markdown: view(all), warning };
  // The largest number of rows (and annotation lines per block) that fits.
  let [lo, hi] = [0, all];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return { markdown: view(lo), warning };
}

/** How many annotations the list and each of its entries carry (the summary lists them). */
function annotationCounts(manifest: string): number[] {
  try {
    const list = JSON.parse(manifest) as {
      annotations?: object;
      manifests?: Array<{ annotations?: object }>;
    };
    return [list.annotations, ...(list.manifests ?? []).map((d) => d.annotations)].map(
      (a) => Object.keys(a ?? {}).length
    );
  } catch {
    return [0];
  }
}
