import { Annotations } from './annotations';
import { InputError } from './errors';
import { BuiltList, Descriptor, buildList, isDockerType } from './manifest';
import { Format } from './options';
import { formatPlatform, platformMatches } from './platform';
import { Child, Entry } from './entry';

/** Entries + options → the list's bytes and what must be copied. Pure. */
export interface Plan {
  list: BuiltList;
  format: 'docker' | 'oci';
  /** Every manifest the list references, platforms first, then attestations. */
  children: Child[];
  platforms: string[];
  warnings: string[];
}

/** Annotations asked for, kept from an amended list, or carried on the sources' descriptors. */
function hasOciAnnotations(a: Annotations, entries: Entry[], existing?: Record<string, string>): boolean {
  const carried = entries.some((e) => Object.keys(e.image.descriptor.annotations ?? {}).length > 0);
  return Object.keys(a.index).length > 0 || a.descriptors.length > 0 || Object.keys(existing ?? {}).length > 0 || carried;
}

/**
 * `auto`: a Docker list when every child is a Docker manifest and no OCI annotation is asked
 * for, else an OCI index. `docker` with an OCI child is an error, never a silent drop.
 */
export function chooseFormat(format: Format, children: Child[], ociAnnotations: boolean): 'docker' | 'oci' {
  const oci = children.find((c) => !isDockerType(c.descriptor.mediaType));
  if (format === 'docker') {
    if (oci) {
      const what = oci.descriptor.platform ? formatPlatform(oci.descriptor.platform) : 'attestation';
      throw new InputError(
        `format "docker": child ${oci.descriptor.digest} (${what}) of ${oci.from.registry}/${oci.from.repository} is an OCI manifest (${oci.descriptor.mediaType}), which a Docker manifest list cannot reference; use format "oci" or "auto"${what === 'attestation' || what === 'unknown/unknown' ? ', or build without attestations (provenance: false, sbom: false)' : ''}`
      );
    }
    return 'docker';
  }
  if (format === 'oci') return 'oci';
  return oci || ociAnnotations ? 'oci' : 'docker';
}

export function planList(entries: Entry[], format: Format, annotations: Annotations, existingIndexAnnotations?: Record<string, string>): Plan {
  const warnings: string[] = [];
  const children = [...entries.map((e) => e.image), ...entries.flatMap((e) => e.attestations)];
  const chosen = chooseFormat(format, children, hasOciAnnotations(annotations, entries, existingIndexAnnotations));

  const descriptors: Descriptor[] = entries.map((e) => {
    const d = e.image.descriptor;
    const extra: Record<string, string> = {};
    for (const a of annotations.descriptors) if (!a.platform || platformMatches(d.platform, a.platform)) extra[a.key] = a.value;
    const merged = { ...(d.annotations ?? {}), ...extra };
    return { ...d, annotations: Object.keys(merged).length ? merged : undefined };
  });
  for (const a of annotations.descriptors) {
    if (a.platform && !entries.some((e) => platformMatches(e.image.descriptor.platform, a.platform!))) {
      warnings.push(`annotations: manifest-descriptor[${formatPlatform(a.platform)}]:${a.key} matches no platform of the list`);
    }
  }
  descriptors.push(...entries.flatMap((e) => e.attestations.map((c) => c.descriptor)));

  const indexAnnotations = { ...(existingIndexAnnotations ?? {}), ...annotations.index };
  if (chosen === 'docker' && Object.keys(existingIndexAnnotations ?? {}).length > 0) {
    warnings.push('format "docker": the existing list\'s index annotations are dropped (a Docker manifest list has none)');
  }
  if (chosen === 'docker' && descriptors.some((d) => Object.keys(d.annotations ?? {}).length > 0)) {
    warnings.push('format "docker": the sources\' descriptor annotations are dropped (a Docker manifest list has none)');
  }
  const list = buildList(descriptors, chosen, indexAnnotations);
  return { list, format: chosen, children, platforms: entries.map((e) => formatPlatform(e.image.descriptor.platform)), warnings };
}
