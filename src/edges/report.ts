import { MediaType } from '../model/manifest';
import { formatPlatform } from '../model/platform';
import { Result } from '../model/result';

/** Outputs and the job summary from a Result. Pure: the edges write them. */
export function outputsOf(r: Result): Record<string, string> {
  return {
    digest: r.digest,
    ref: r.ref,
    'media-type': r.mediaType,
    manifest: r.manifest,
    platforms: r.platforms.join(',')
  };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const code = (s: string) => `<code>${escape(s)}</code>`;
const short = (d: string) => d.slice(0, 19) + '…';

/** Markdown for GITHUB_STEP_SUMMARY: the tags and digest on top, a row per list entry. */
export function summaryMarkdown(r: Result): string {
  const kind = r.mediaType === MediaType.OciIndex ? 'OCI image index' : 'Docker manifest list';
  const lines: string[] = [];
  lines.push(`### ${r.pushed ? 'Published' : 'Dry run (nothing pushed):'} ${kind}`, '');
  lines.push(`**Digest:** ${code(r.digest)}  `);
  lines.push(`**Reference:** ${code(r.ref)}  `);
  lines.push(`**Tags:** ${r.tags.map(code).join(', ')}`, '');
  lines.push('| Platform | Digest | Source | Media type |', '| --- | --- | --- | --- |');
  for (const e of r.entries) {
    const d = e.image.descriptor;
    const n = e.attestations.length;
    const att = n ? ` (+${n} attestation${n > 1 ? 's' : ''})` : '';
    lines.push(`| ${formatPlatform(d.platform)}${d.platform['os.version'] ? ` ${d.platform['os.version']}` : ''} | ${code(short(d.digest))} | ${code(e.source)}${att} | ${code(d.mediaType)} |`);
  }
  lines.push('');
  if (r.copy) {
    const c = r.copy;
    lines.push(
      `Copied ${c.manifestsCopied} manifest(s) into the target repositories (${c.manifestsPresent} already there); blobs: ${c.blobsPresent} present, ${c.blobsMounted} mounted, ${c.blobsStreamed} streamed.`,
      ''
    );
  }
  if (r.purge) {
    lines.push(`Purged source tags: ${r.purge.removed.length ? r.purge.removed.map(code).join(', ') : 'none'}.`);
    if (r.purge.left.length) lines.push(`Left in place (the registry refused): ${r.purge.left.map(code).join(', ')}.`);
    lines.push('');
  }
  for (const w of r.warnings) lines.push(`> [!WARNING]`, `> ${escape(w)}`, '');
  lines.push('<details><summary>Manifest</summary>', '', '```json', r.manifest, '```', '', '</details>', '');
  return lines.join('\n');
}
