/**
 * The `metadata` output: the list, its tags and references, and each entry with the source it
 * came from, as JSON (the shape is the contract's). Pure.
 */
import { type Child, type NestedIndex, isAttestation } from './entry';
import { type Descriptor } from './manifest';
import { formatPlatform, isUnknownPlatform } from './platform';

/** One entry of the list, in list order. */
export interface ListEntry {
  digest: string;
  mediaType: string;
  size: number;
  /** `os/arch[/variant]` of a platform entry; null for an attestation or an entry without a (known) platform. */
  platform: string | null;
  /** The source reference it came from (the tag itself for an entry kept by amend). */
  source: string;
  attestation: boolean;
}

export interface Metadata {
  digest: string;
  mediaType: string;
  size: number;
  tags: string[];
  refs: string[];
  entries: ListEntry[];
}

/** The list's descriptors, in order, with what the run knows of each (its manifest, its source). */
export function listEntries(
  descriptors: Descriptor[],
  children: Array<Child | NestedIndex>,
  origins: Map<string, string>
): ListEntry[] {
  const manifests = new Map(children.map((c) => [c.descriptor.digest, c.manifest]));
  return descriptors.map((d) => {
    const attestation = isAttestation(d, manifests.get(d.digest));
    const platform = !attestation && d.platform && !isUnknownPlatform(d.platform) ? formatPlatform(d.platform) : null;
    return {
      digest: d.digest,
      mediaType: d.mediaType,
      size: d.size,
      platform,
      source: origins.get(d.digest) ?? '',
      attestation
    };
  });
}

/** One `registry/repository@digest` per target repository, in the order of the tags. */
export function refsOf(tags: Array<{ registry: string; repository: string }>, digest: string): string[] {
  return [...new Set(tags.map((t) => `${t.registry}/${t.repository}@${digest}`))];
}
