/**
 * Outputs and job summaries from plain values. Pure: the edges write them. A summary is read in
 * a browser about 1,000 px wide: few columns, digests shortened in the visible text (the full
 * ones are in a copyable block), long names folded.
 */
import { type PlatformOverride, sourceKey } from '../model/annotations';
import { ATTESTATION_SUBJECT, isAttestation } from '../model/entry';
import { type Inspected, platformsOf } from '../model/inspect-view';
import { type Descriptor, MediaType } from '../model/manifest';
import { formatPlatform } from '../model/platform';
import { isLayoutSource, parseLayoutSource } from '../model/layout';
import { parseReference } from '../model/reference';
import { type Metadata } from '../model/metadata';
import { type PurgeLeftReason, type Result } from '../model/result';

export function outputsOf(r: Result): Record<string, string> {
  return {
    digest: r.digest,
    ref: r.ref,
    'media-type': r.mediaType,
    manifest: r.manifest,
    platforms: r.platforms.join(','),
    refs: r.refs.join('\n'),
    metadata: JSON.stringify(metadataOf(r))
  };
}

/** The `metadata` output's JSON, in the contract's key order. */
export function metadataOf(r: Result): Metadata {
  return {
    digest: r.digest,
    mediaType: r.mediaType,
    size: r.size,
    tags: r.tags,
    refs: r.refs,
    entries: r.listEntries
  };
}

// `|` too: in a table cell it would end the cell, wherever it came from (a config's os.version).
const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
const code = (s: string) => `<code>${escape(s)}</code>`;
/** Why purge left a source tag, in a few words (the log has the whole line). */
const LEFT_WHY: Record<PurgeLeftReason, string> = {
  changed: 'pushed again during the run',
  unsupported: 'the registry cannot remove only this tag',
  denied: 'the credentials may not delete',
  'github-access': 'github-token may not delete package versions',
  failed: 'removal failed; see the log'
};
/** The visible text shortened; the full digest is in the title and in the block below the table. */
const shortDigest = (d: string) => `<code title="${escape(d)}">${escape(d.slice(0, 19))}…</code>`;

/**
 * A long name folded at its last `/` before 40 characters, so the table keeps its width; a
 * digest in it is shortened in the visible text (the full name is the title).
 */
export function folded(name: string, width = 40): string {
  const at = name.search(/@[a-z0-9+._-]+:/);
  if (at >= 0)
    return `<span title="${escape(name)}">${folded(name.slice(0, at), width)}${code(`@${name.slice(at + 1, at + 20)}…`)}</span>`;
  if (name.length <= width) return code(name);
  const cut = name.lastIndexOf('/', width);
  if (cut <= 0) return code(name);
  return `${code(name.slice(0, cut + 1))}<br>${folded(name.slice(cut + 1), width)}`;
}

/** Bytes in the units a reader expects: 615 MB, 1.2 GB, 900 kB. */
export function bytesInWords(n: number): string {
  const units: Array<[number, string]> = [
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB']
  ];
  for (const [size, unit] of units)
    if (n >= size) return `${n / size >= 10 ? Math.round(n / size) : (n / size).toFixed(1)} ${unit}`;
  return `${n} bytes`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function kindOf(mediaType: string): string {
  return mediaType === MediaType.OciIndex
    ? 'OCI image index'
    : mediaType === MediaType.DockerList
      ? 'Docker manifest list'
      : mediaType === MediaType.OciManifest
        ? 'OCI image manifest'
        : 'Docker image manifest';
}

const shortType = (mediaType: string) =>
  mediaType.startsWith('application/vnd.oci.')
    ? 'OCI'
    : mediaType.startsWith('application/vnd.docker.')
      ? 'Docker'
      : escape(mediaType);

/** Which platform fields an annotations line set, in words. */
function overrideNote(o: PlatformOverride | undefined): string {
  if (!o) return '';
  const names: Record<string, string> = {
    architecture: 'arch',
    os: 'os',
    variant: 'variant',
    'os.version': 'os.version',
    'os.features': 'os.features'
  };
  const set = Object.keys(o)
    .filter((k) => o[k as keyof PlatformOverride] !== undefined)
    .map((k) => names[k] ?? k);
  return set.length ? `<br><sub>${escape(set.join(', '))} from annotations</sub>` : '';
}

function annotationLines(title: string, a: Record<string, string> | undefined, view = FULL): string[] {
  const entries = Object.entries(a ?? {});
  if (!entries.length) return [];
  const clip = (v: string) => (view === FULL || v.length <= 200 ? v : `${v.slice(0, 200)}…`);
  return [
    `**${title}:**`,
    '',
    ...entries.slice(0, view.maxItems).map(([k, v]) => `- ${code(clip(k))} = ${code(clip(v))}`),
    ...more(entries.length, view, 'annotation').map((m) => `- ${m}`),
    ''
  ];
}

/** What a summary shows: everything, or (within GitHub's limit) a part, with notes saying so. */
export interface SummaryView {
  json: string | undefined;
  maxItems: number;
  notes: string[];
}
const FULL: SummaryView = { json: undefined, maxItems: Infinity, notes: [] };

/** The line that says how many were left out, if any. */
const more = (n: number, view: SummaryView, one: string, many = `${one}s`) =>
  n > view.maxItems
    ? [`… and ${plural(n - view.maxItems, `more ${one}`, `more ${many}`)} (left out of this summary)`]
    : [];

function copyLine(r: Result): string[] {
  if (!r.copy) return [];
  const c = r.copy;
  const repos = [...new Set(r.tags.map((t) => t.replace(/[:@][^/]*$/, '')))];
  const where = repos.length === 1 ? repos[0] : `the ${repos.length} target repositories`;
  const parts = [
    `${plural(c.manifestsPresent, 'child', 'children')} already in ${where}`,
    `${c.manifestsCopied} copied`
  ];
  const blobs = [
    `${plural(c.blobsMounted, 'blob')} mounted`,
    `${c.blobsStreamed} streamed${c.blobsStreamed ? ` (${bytesInWords(c.bytesStreamed)})` : ''}`,
    `${c.blobsPresent} already there`
  ];
  const lines = [`**Copy:** ${parts.join(', ')}; ${blobs.join(', ')}.`, ''];
  // Only with referrers: true (the counts exist only then).
  if (c.referrersCopied !== undefined) {
    lines.push(
      `**Referrers:** ${plural(c.referrersCopied, 'signature, SBOM or other referrer', 'signatures, SBOMs or other referrers')} copied, ${plural(c.fallbackIndexesWritten ?? 0, 'fallback tag index', 'fallback tag indexes')} written.`,
      ''
    );
  }
  return lines;
}

/** Markdown for GITHUB_STEP_SUMMARY: the tags and digest on top, a row per list entry. */
export function summaryMarkdown(r: Result, overrides?: Map<string, PlatformOverride>): string {
  return renderSummary(r, overrides);
}

/** The summary as `view` shows it (limits.ts chooses a view that fits GitHub's limit). */
export function renderSummary(r: Result, overrides?: Map<string, PlatformOverride>, view = FULL): string {
  const shown = r.entries.slice(0, view.maxItems);
  const lines: string[] = [];
  lines.push(`### ${r.pushed ? 'Published' : 'Dry run (nothing pushed):'} ${kindOf(r.mediaType)}`, '');
  lines.push(`**Digest:** ${code(r.digest)}  `);
  lines.push(`**Reference:** ${code(r.ref)}  `);
  lines.push(`**Tags:** ${r.tags.map(code).join(', ')}`, '');
  lines.push('| Platform | Digest | Type | Source |', '| --- | --- | --- | --- |');
  for (const e of shown) {
    const d = e.image.descriptor;
    const n = e.attestations.length;
    const att = n ? `<br>+${plural(n, 'attestation')}` : '';
    const override =
      overrides &&
      (() => {
        try {
          return overrides.get(
            sourceKey(isLayoutSource(e.source) ? parseLayoutSource(e.source) : parseReference(e.source))
          );
        } catch {
          return undefined;
        }
      })();
    const version = d.platform['os.version'] ? ` ${escape(d.platform['os.version'])}` : '';
    lines.push(
      `| ${escape(formatPlatform(d.platform))}${version}${overrideNote(override)} | ${shortDigest(d.digest)} | ${shortType(d.mediaType)} | ${folded(e.source)}${att} |`
    );
  }
  for (const m of more(r.entries.length, view, 'entry', 'entries')) lines.push(`| ${m} | | | |`);
  lines.push('');
  const repo = r.ref.split('@')[0];
  lines.push(
    '```text',
    ...shown.map(
      (e) => `${formatPlatform(e.image.descriptor.platform).padEnd(16)} ${repo}@${e.image.descriptor.digest}`
    ),
    ...more(r.entries.length, view, 'entry', 'entries'),
    '```',
    ''
  );

  let list: { annotations?: Record<string, string>; manifests?: Descriptor[] } = {};
  try {
    list = JSON.parse(r.manifest);
  } catch {
    /* the manifest output is what matters; the summary does without */
  }
  lines.push(...annotationLines('Index annotations', list.annotations, view));
  const annotated = (list.manifests ?? []).filter((d) => d.annotations && !isAttestation(d));
  for (const d of annotated.slice(0, view.maxItems))
    lines.push(
      ...annotationLines(`Annotations on ${d.platform ? formatPlatform(d.platform) : d.digest}`, d.annotations, view)
    );
  lines.push(...more(annotated.length, view, 'annotated entry', 'annotated entries').map((m) => `${m}\n`));
  lines.push(...copyLine(r));
  if (r.purge) {
    lines.push(`**Purged source tags:** ${r.purge.removed.length ? r.purge.removed.map(code).join(', ') : 'none'}.`);
    if (r.purge.left.length)
      lines.push(`Left in place: ${r.purge.left.map((l) => `${code(l.tag)} (${LEFT_WHY[l.reason]})`).join(', ')}.`);
    if (r.purge.localLists.length) lines.push(`Removed local lists: ${r.purge.localLists.map(code).join(', ')}.`);
    lines.push('');
  }
  for (const w of [...r.warnings, ...view.notes]) lines.push(`> [!WARNING]`, `> ${escape(w)}`, '');
  const json = view.json ?? r.manifest;
  lines.push('<details><summary>Manifest</summary>', '', '```json', json, '```', '', '</details>', '');
  return lines.join('\n');
}

/** The summary of a failed run: what failed, and which tags were already written. */
export function failureSummaryMarkdown(message: string, tagsWritten: string[] = []): string {
  return [
    '### manifest-fanin failed',
    '',
    '> [!CAUTION]',
    `> ${escape(message)}`,
    '',
    tagsWritten.length
      ? `**Tags already written** (they hold the new list; the others do not): ${tagsWritten.map(code).join(', ')}`
      : '**Tags written:** none; every tag still holds what it held before.',
    ''
  ].join('\n');
}

/** The inspect sub-action's summary when the reference could not be read: what failed. */
export function inspectFailureMarkdown(ref: string, message: string): string {
  return [`### ${escape(ref)}: not checked`, '', '> [!CAUTION]', `> ${escape(message)}`, ''].join('\n');
}

/** The inspect sub-action's summary: what the reference holds, a row per entry, and any mismatch. */
export function inspectSummaryMarkdown(i: Inspected, problems: string[] = [], view = FULL): string {
  const lines: string[] = [`### ${escape(i.name)}: ${kindOf(i.mediaType)}`, ''];
  lines.push(`**Digest:** ${code(i.digest)}  `);
  lines.push(`**Platforms:** ${platformsOf(i).map(code).join(', ') || 'none'}`, '');
  const rows: Descriptor[] =
    i.manifest.kind === 'index'
      ? i.manifest.manifests
      : [{ mediaType: i.mediaType, digest: i.digest, size: i.bytes.length, platform: i.platform }];
  lines.push('| Platform | Digest | Type | Size |', '| --- | --- | --- | --- |');
  for (const d of rows.slice(0, view.maxItems)) {
    const subject = d.annotations?.[ATTESTATION_SUBJECT];
    const what = isAttestation(d)
      ? `attestation${subject ? ` of ${shortDigest(subject)}` : ''}`
      : d.platform
        ? escape(formatPlatform(d.platform))
        : '(none)';
    lines.push(`| ${what} | ${shortDigest(d.digest)} | ${shortType(d.mediaType)} | ${bytesInWords(d.size)} |`);
  }
  for (const m of more(rows.length, view, 'entry', 'entries')) lines.push(`| ${m} | | | |`);
  lines.push('');
  if (i.manifest.kind === 'index')
    lines.push(
      '```text',
      ...i.manifest.manifests
        .slice(0, view.maxItems)
        .map((d) => `${(d.platform ? formatPlatform(d.platform) : '-').padEnd(16)} ${i.repo}@${d.digest}`),
      ...more(rows.length, view, 'entry', 'entries'),
      '```',
      ''
    );
  if (i.manifest.kind === 'index') lines.push(...annotationLines('Index annotations', i.manifest.annotations, view));
  for (const p of problems) lines.push('> [!CAUTION]', `> ${escape(p)}`, '');
  for (const w of view.notes) lines.push('> [!WARNING]', `> ${escape(w)}`, '');
  lines.push(
    '<details><summary>Manifest</summary>',
    '',
    '```json',
    view.json ?? i.bytes.toString('utf8'),
    '```',
    '',
    '</details>',
    ''
  );
  return lines.join('\n');
}
