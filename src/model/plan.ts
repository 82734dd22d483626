/**
 * Resolved sources + options → the list's bytes and what must be copied. Pure: every check that
 * can fail a run before anything is written lives here (contributions, templates, duplicates,
 * expected platforms, formats).
 */
import { type Annotations } from './annotations';
import { InputError } from './errors';
import {
  type BuiltList,
  type Descriptor,
  MediaType,
  OCI_ONLY_INDEX_FIELDS,
  buildList,
  isDockerType,
  parseManifest
} from './manifest';
import { type Format, type Options } from './options';
import { type Platform, formatPlatform, osArchVariant, platformMatches } from './platform';
import { repoName } from './reference';
import { type TemplateOrigin } from './template';
import {
  type Child,
  type Entry,
  type NestedIndex,
  type Other,
  type Resolved,
  amendEntries,
  amendOthers,
  attestationCount,
  attestationSubject,
  checkContributions,
  checkDuplicates,
  isAttestation
} from './entry';

export interface Plan {
  list: BuiltList;
  format: 'docker' | 'oci';
  /** Every manifest the list references: platforms, other entries, then attestations (and a promoted tree's nested indexes). */
  children: Array<Child | NestedIndex>;
  platforms: string[];
  /** The platform entries in list order (for the summary). */
  entries: Entry[];
  /** The sources that gave the list something: only these may be purged. */
  contributors: string[];
  /** The one index source is pushed byte for byte: the digest is the source's. */
  promoted: boolean;
  warnings: string[];
}

/** Annotations asked for, kept from an amended list, or carried on the sources' descriptors. */
function hasOciAnnotations(
  a: Annotations,
  entries: Entry[],
  existing?: Record<string, string>,
  others: Other[] = []
): boolean {
  const carried = [...entries.map((e) => e.image), ...others.map((o) => o.child)].some(
    (c) => Object.keys(c.descriptor.annotations ?? {}).length > 0
  );
  return (
    Object.keys(a.index).length > 0 || a.descriptors.length > 0 || Object.keys(existing ?? {}).length > 0 || carried
  );
}

/**
 * `auto`: a Docker list when every child is a Docker manifest and no OCI annotation is asked
 * for, else an OCI index. `docker` with an OCI child is an error, never a silent drop.
 */
export function chooseFormat(
  format: Format,
  children: Array<Child | NestedIndex>,
  ociAnnotations: boolean
): 'docker' | 'oci' {
  const oci = children.find((c) => !isDockerType(c.descriptor.mediaType));
  if (format === 'docker') {
    if (oci) {
      const attestation = isAttestation(oci.descriptor, oci.manifest);
      const what = attestation
        ? 'attestation'
        : oci.descriptor.platform
          ? formatPlatform(oci.descriptor.platform)
          : 'no platform';
      throw new InputError(
        `format "docker": child ${oci.descriptor.digest} (${what}) of ${repoName(oci.from)} is an OCI manifest (${oci.descriptor.mediaType}), which a Docker manifest list cannot reference; use format "oci" or "auto"${attestation ? ', or build without attestations (provenance: false, sbom: false), or set attestations: drop' : ''}`
      );
    }
    return 'docker';
  }
  if (format === 'oci') return 'oci';
  return oci || ociAnnotations ? 'oci' : 'docker';
}

/** A new list from the entries (platforms first, then other entries, then attestations). */
export function planList(
  entries: Entry[],
  format: Format,
  annotations: Annotations,
  existingIndexAnnotations?: Record<string, string>,
  others: Other[] = [],
  existingFields?: Record<string, unknown>
): Plan {
  // Never push an empty list: it would replace what the tag holds with nothing.
  if (entries.length === 0)
    throw new InputError(
      'the list would hold no platform; give at least one source that has an image for a platform. No manifest or tag was written'
    );
  const warnings: string[] = [];
  const children = [
    ...entries.map((e) => e.image),
    ...others.map((o) => o.child),
    ...entries.flatMap((e) => e.attestations)
  ];
  // An amended list's OCI-only fields (artifactType, subject) are kept, so they need an OCI index.
  const ociOnly = OCI_ONLY_INDEX_FIELDS.filter((k) => existingFields?.[k] !== undefined);
  const chosen = chooseFormat(
    format,
    children,
    ociOnly.length > 0 || hasOciAnnotations(annotations, entries, existingIndexAnnotations, others)
  );
  // amend keeps every field of the old list or fails naming it (issue 17, item 4).
  const lost = [...ociOnly, ...(Object.keys(existingIndexAnnotations ?? {}).length ? ['annotations'] : [])];
  if (chosen === 'docker' && lost.length > 0)
    throw new InputError(
      `format "docker": the existing list has ${lost.map((k) => `"${k}"`).join(' and ')}, which a Docker manifest list cannot hold and amend would lose; use format "oci" or "auto". Nothing was written`
    );

  const descriptors = platformDescriptors(entries, annotations, warnings);
  descriptors.push(...others.map((o) => o.child.descriptor));
  descriptors.push(...entries.flatMap((e) => e.attestations.map((c) => c.descriptor)));

  const indexAnnotations = { ...(existingIndexAnnotations ?? {}), ...annotations.index };
  if (chosen === 'docker' && descriptors.some((d) => Object.keys(d.annotations ?? {}).length > 0)) {
    warnings.push(
      'format "docker": the sources\' descriptor annotations are dropped (a Docker manifest list has none)'
    );
  }
  const list = buildList(descriptors, chosen, indexAnnotations, existingFields);
  return {
    list,
    format: chosen,
    children,
    platforms: entries.map((e) => formatPlatform(e.image.descriptor.platform)),
    entries,
    contributors: [...new Set(entries.map((e) => e.source))],
    promoted: false,
    warnings
  };
}

/** The platform entries' descriptors with the `manifest-descriptor:` annotations that match them. */
function platformDescriptors(entries: Entry[], annotations: Annotations, warnings: string[]): Descriptor[] {
  const descriptors: Descriptor[] = entries.map((e) => {
    const d = e.image.descriptor;
    const extra: Record<string, string> = {};
    for (const a of annotations.descriptors)
      if (!a.platform || platformMatches(d.platform, a.platform)) extra[a.key] = a.value;
    const merged = { ...(d.annotations ?? {}), ...extra };
    return { ...d, annotations: Object.keys(merged).length ? merged : undefined };
  });
  for (const a of annotations.descriptors) {
    if (a.platform && !entries.some((e) => platformMatches(e.image.descriptor.platform, a.platform!))) {
      warnings.push(
        `annotations: manifest-descriptor[${formatPlatform(a.platform)}]:${a.key} matches no platform of the list`
      );
    }
  }
  return descriptors;
}

export type PlanOptions = Pick<
  Options,
  'format' | 'annotations' | 'attestations' | 'amend' | 'platforms' | 'templates'
>;

const describeEntries = (entries: Entry[]) =>
  entries.map((e) => `${formatPlatform(e.image.descriptor.platform)} (from ${e.source})`).join(', ');

/** A source written as a template must give the platform it stands for. */
export function checkTemplates(fresh: Resolved[], templates: Map<string, TemplateOrigin>): void {
  for (const r of fresh) {
    const t = templates.get(r.source);
    if (!t || r.entries.some((e) => osArchVariant(e.image.descriptor.platform) === osArchVariant(t.platform))) continue;
    const held = r.entries.map((e) => formatPlatform(e.image.descriptor.platform)).join(', ');
    throw new InputError(
      `source ${r.source} (template "${t.template}" for ${formatPlatform(t.platform)}) holds ${held}, not ${formatPlatform(t.platform)}; push the ${formatPlatform(t.platform)} image under that tag, or fix the template. Nothing was written`
    );
  }
}

/** `platforms`: the list must hold exactly these, in any order (compared after normalization). */
export function checkPlatforms(entries: Entry[], expected: Platform[]): void {
  if (expected.length === 0) return;
  const want = new Set(expected.map(osArchVariant));
  const have = new Set(entries.map((e) => osArchVariant(e.image.descriptor.platform)));
  const missing = expected.filter((p) => !have.has(osArchVariant(p))).map(formatPlatform);
  const extra = entries.filter((e) => !want.has(osArchVariant(e.image.descriptor.platform)));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    extra.length ? `extra ${describeEntries(extra)}` : ''
  ].filter(Boolean);
  throw new InputError(
    `input "platforms": the list would hold ${describeEntries(entries) || 'no platform'}; ${parts.join('; ')}. Fix the sources or the platforms input. Nothing was written`
  );
}

/**
 * One index source and nothing that changes it: no annotation, no format conversion, no dropped
 * attestation (`drop` on an index without any changes nothing), no amend. Its bytes are pushed
 * as they are, so its digest (and signatures made for it) stay valid.
 */
export function isPromotion(fresh: Resolved[], o: PlanOptions): boolean {
  if (fresh.length !== 1 || !fresh[0].index || o.amend) return false;
  const r = fresh[0];
  if (Object.keys(o.annotations.index).length > 0 || o.annotations.descriptors.length > 0) return false;
  if (o.format === 'docker' && r.manifest.mediaType !== MediaType.DockerList) return false;
  if (o.format === 'oci' && r.manifest.mediaType !== MediaType.OciIndex) return false;
  return !(o.attestations === 'drop' && attestationCount(r) > 0);
}

/** The whole plan: checks first (nothing written yet), then the promoted source or a new list. */
export function planPublish(
  fresh: Resolved[],
  existing: Resolved | undefined,
  existingIndexAnnotations: Record<string, string> | undefined,
  o: PlanOptions
): Plan {
  checkContributions(fresh);
  checkTemplates(fresh, o.templates);
  const freshEntries = fresh.flatMap((r) => r.entries);
  const freshOthers = fresh.flatMap((r) => r.others);
  let entries = existing ? amendEntries(existing.entries, freshEntries) : freshEntries;
  const others = existing ? amendOthers(existing.others, freshOthers) : freshOthers;
  checkDuplicates(entries);
  checkPlatforms(entries, o.platforms);

  if (isPromotion(fresh, o)) return planPromotion(fresh[0], entries, others, o.format);
  if (existing) refuseNested(existing, `amend: ${existing.source}`);
  for (const r of fresh) refuseNested(r, `source ${r.source}`);

  const warnings: string[] = [];
  if (o.attestations === 'drop') entries = entries.map((e) => (e.attestations.length ? { ...e, attestations: [] } : e));
  else {
    for (const r of fresh) {
      for (const s of r.strays) {
        warnings.push(
          `source ${r.source}: attestation ${s.descriptor.digest} describes ${attestationSubject(s) ?? 'nothing'}, which is not a platform of that index; left out of the list`
        );
      }
    }
  }
  const kept = existing?.index ? indexFieldsOf(existing) : undefined;
  const plan = planList(entries, o.format, o.annotations, existingIndexAnnotations, others, kept);
  const freshNames = new Set(fresh.map((r) => r.source));
  return {
    ...plan,
    contributors: plan.contributors.filter((s) => freshNames.has(s)),
    warnings: [...warnings, ...plan.warnings]
  };
}

/** The one index source as it is: its bytes, and every manifest below it (nested indexes' included). */
function planPromotion(r: Resolved, entries: Entry[], others: Other[], format: Format): Plan {
  const children = [
    ...entries.map((e) => e.image),
    ...others.map((x) => x.child),
    ...entries.flatMap((e) => e.attestations),
    ...r.strays,
    ...(r.nested ?? [])
  ];
  // A Docker list source may name OCI children: `format: docker` holds for a promotion too.
  if (format === 'docker') chooseFormat('docker', children, false);
  return {
    list: { mediaType: r.manifest.mediaType, bytes: r.manifest.bytes, digest: r.manifest.digest },
    format: r.manifest.mediaType === MediaType.DockerList ? 'docker' : 'oci',
    // Every manifest the index references, strays included: the target must hold them all.
    children,
    platforms: entries.map((e) => formatPlatform(e.image.descriptor.platform)),
    entries,
    contributors: [r.source],
    promoted: true,
    warnings: []
  };
}

/** A nested index can only be promoted as it is: a new list would have to flatten it, which is not done. */
function refuseNested(r: Resolved, what: string): void {
  const n = r.nested?.[0];
  if (!n) return;
  throw new InputError(
    `${what}: its entry ${n.descriptor.digest} is an index itself (a nested index), which only a promotion keeps (that index as the one source, nothing changed: no annotations, amend, format change or dropped attestations); a new list does not flatten it: give the inner index as a source instead. Nothing was written`
  );
}

/** The top-level fields of an amended list other than its manifests and annotations: kept as they are. */
function indexFieldsOf(existing: Resolved): Record<string, unknown> | undefined {
  const m = parseManifest(existing.manifest.bytes, existing.manifest.mediaType);
  return m.kind === 'index' ? m.others : undefined;
}
