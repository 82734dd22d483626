/**
 * What `inspect` shows of one stored manifest or list. Pure. The plain form is the stored bytes
 * (the edge prints them); -v is docker's (`docker manifest inspect -v`: its []types.ImageManifest:
 * Ref, Descriptor, Raw and the child's manifest as SchemaV2Manifest or OCIManifest, tab-indented);
 * the text form is laid out like manifest-tool's inspect, one block per entry.
 */
import { ATTESTATION_SUBJECT, isAttestation } from './entry';
import { type Descriptor, type Manifest, MediaType } from './manifest';
import { type Platform, formatPlatform, orderedPlatform } from './platform';

/** One entry of a list, with its manifest when it was read. */
export interface InspectedEntry {
  descriptor: Descriptor;
  bytes?: Buffer;
  manifest?: Manifest;
}

export interface Inspected {
  /** The reference as asked, fully qualified (`docker.io/library/nginx:latest`). */
  name: string;
  /** Its repository, fully qualified (`docker.io/library/nginx`). */
  repo: string;
  tag?: string;
  digest: string;
  mediaType: string;
  /** The stored bytes, exactly as served. */
  bytes: Buffer;
  manifest: Manifest;
  /** A single manifest's platform, from its config. */
  platform?: Platform;
  /** A list's entries, in list order. */
  entries: InspectedEntry[];
}

/** Platform fields in the order of the OCI Platform type, as docker prints them (no others). */
function platformJson(p: Platform | undefined): Platform | undefined {
  return p && orderedPlatform(p);
}

function imageManifestObject(
  ref: string,
  descriptor: Descriptor,
  bytes: Buffer | undefined,
  platform: Platform | undefined
): Record<string, unknown> {
  const d: Record<string, unknown> = {
    mediaType: descriptor.mediaType,
    digest: descriptor.digest,
    size: descriptor.size
  };
  const p = platformJson(platform);
  if (p) d.platform = p;
  const out: Record<string, unknown> = { Ref: ref, Descriptor: d };
  if (!bytes) return out;
  out.Raw = bytes.toString('base64');
  const parsed = JSON.parse(bytes.toString('utf8'));
  if (descriptor.mediaType === MediaType.DockerManifest) out.SchemaV2Manifest = parsed;
  else if (descriptor.mediaType === MediaType.OciManifest) out.OCIManifest = parsed;
  return out;
}

/**
 * JSON as Go's json.MarshalIndent(v, "", "\t") writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped
 * (they occur only inside strings, so a replace over the whole text is exact).
 */
export function goJson(v: unknown): string {
  const escapes: Record<string, string> = {
    '<': '\\u003c',
    '>': '\\u003e',
    '&': '\\u0026',
    '\u2028': '\\u2028',
    '\u2029': '\\u2029'
  };
  return `${JSON.stringify(v, null, '\t').replace(/[<>&\u2028\u2029]/g, (c) => escapes[c])}\n`;
}

/** `docker manifest inspect -v REF`: one object for a manifest, an array with one per entry for a list. */
export function inspectVerbose(i: Inspected): string {
  if (i.manifest.kind === 'image') {
    const self = { mediaType: i.mediaType, digest: i.digest, size: i.bytes.length };
    return goJson(imageManifestObject(i.name, self, i.bytes, i.platform));
  }
  const base = `${i.repo}${i.tag ? `:${i.tag}` : ''}`;
  // docker prints an entry without a platform with an empty one (its platform field is a struct, not a pointer).
  const all = i.entries.map((e) =>
    imageManifestObject(
      `${base}@${e.descriptor.digest}`,
      e.descriptor,
      e.bytes,
      e.descriptor.platform ?? { architecture: '', os: '' }
    )
  );
  return goJson(all);
}

/** The platforms a list holds (attestations are not platforms), or a manifest's own. */
export function platformsOf(i: Inspected): string[] {
  if (i.manifest.kind === 'image') return i.platform ? [formatPlatform(i.platform)] : [];
  return i.manifest.manifests.filter((d) => d.platform && !isAttestation(d)).map((d) => formatPlatform(d.platform!));
}

function platformLines(p: Platform | undefined, pad: string): string[] {
  if (!p) return [`${pad}Platform: (none)`];
  const out = [`${pad}Platform: ${formatPlatform(p)}`];
  if (p['os.version']) out.push(`${pad}  OS version: ${p['os.version']}`);
  if (p['os.features']?.length) out.push(`${pad}  OS features: ${p['os.features'].join(', ')}`);
  return out;
}

function manifestLines(m: Manifest | undefined, pad: string): string[] {
  if (!m) return [];
  if (m.kind === 'index') return [`${pad}(a nested index of ${m.manifests.length} manifests)`];
  const out = [`${pad}Config: ${m.config.digest} (${m.config.mediaType})`, `${pad}Layers: ${m.layers.length}`];
  m.layers.forEach((l, n) =>
    out.push(`${pad}  layer ${String(n + 1).padStart(2, '0')}: ${l.digest} (${l.size} bytes)`)
  );
  if (m.subject) out.push(`${pad}Subject: ${m.subject.digest}`);
  return out;
}

/** A readable view: the document, then one block per entry with media type, digest, size, platform, layers. */
export function inspectText(i: Inspected): string {
  const out = [
    `Name:       ${i.name}`,
    `Media type: ${i.mediaType}`,
    `Digest:     ${i.digest}`,
    `Size:       ${i.bytes.length}`
  ];
  if (i.manifest.kind === 'image') {
    out.push(...platformLines(i.platform, ''), ...manifestLines(i.manifest, ''));
    return `${out.join('\n')}\n`;
  }
  const annotations = Object.entries(i.manifest.annotations ?? {});
  for (const [k, v] of annotations) out.push(`Annotation: ${k}=${v}`);
  out.push(`Entries:    ${i.entries.length} (${platformsOf(i).length} platforms)`);
  i.entries.forEach((e, n) => {
    const d = e.descriptor;
    const pad = '    ';
    out.push(
      '',
      `[${n + 1}] ${isAttestation(d) ? `attestation for ${d.annotations?.[ATTESTATION_SUBJECT] ?? 'an image'}` : formatPlatform(d.platform ?? { os: '?', architecture: '?' })}`
    );
    out.push(`${pad}Media type: ${d.mediaType}`, `${pad}Digest: ${d.digest}`, `${pad}Size: ${d.size}`);
    if (!isAttestation(d)) out.push(...platformLines(d.platform, pad));
    if (d.artifactType) out.push(`${pad}Artifact type: ${d.artifactType}`);
    for (const [k, v] of Object.entries(d.annotations ?? {})) out.push(`${pad}Annotation: ${k}=${v}`);
    out.push(...manifestLines(e.manifest, pad));
  });
  return `${out.join('\n')}\n`;
}
