/**
 * What resolving the sources yields: the list's entries and the manifests they reference, and the
 * pure rules over them (what an attestation is, duplicates, amend).
 */
import { InputError } from './errors';
import { type Descriptor, type ImageManifest, type IndexManifest, type Manifest } from './manifest';
import { type Platform, formatPlatform, platformKey } from './platform';
import { type SourceReader } from './source';

/** A repository on a registry: `{ registry: 'ghcr.io', repository: 'o/app' }`. */
export interface Repo {
  registry: string;
  repository: string;
  /** Where a source that is not in a registry (an OCI layout) is read; undefined: the registry. */
  store?: SourceReader;
}

/** A manifest the list references, with what is needed to copy it. */
export interface Child {
  descriptor: Descriptor;
  bytes: Buffer;
  manifest: ImageManifest;
  /** Where it can be read (and mounted from). */
  from: Repo;
}

/** One platform of the list, with the attestations that travel with it. */
export interface Entry {
  /** The source as the user wrote it (fully qualified), for messages and the summary. */
  source: string;
  image: Child & { descriptor: Descriptor & { platform: Platform } };
  attestations: Child[];
}

/**
 * An index entry that is neither a platform nor an attestation (an `unknown/unknown` artifact, an
 * entry without a platform): kept in the list and copied as it is, never checked as a platform.
 */
export interface Other {
  source: string;
  child: Child;
}

/**
 * An index that an index lists as an entry (a nested index), read to copy as it is: only a
 * promoted source may hold one, since a new list cannot keep it (flattening is not done).
 */
export interface NestedIndex {
  descriptor: Descriptor;
  bytes: Buffer;
  manifest: IndexManifest;
  from: Repo;
}

/** What one source (or the list a tag holds) resolved to. */
export interface Resolved {
  /** The source as the user wrote it (fully qualified). */
  source: string;
  /** The source's own manifest, exactly as fetched. */
  manifest: { bytes: Buffer; mediaType: string; digest: string };
  index: boolean;
  /** Its platforms, in its order, each with its attestations. */
  entries: Entry[];
  others: Other[];
  /** Attestations whose subject the index does not list. */
  strays: Child[];
  /** Every child, in the index's order (the image itself for a single-platform source). */
  children: Child[];
  /**
   * Its nested indexes, at any depth; their entries are among `entries`, `others` and `strays`
   * (so a promotion's checks and outputs see the whole tree).
   */
  nested?: NestedIndex[];
}

/** How many attestations an index holds, attached to a platform or not. */
export const attestationCount = (r: Resolved): number =>
  r.strays.length + r.entries.reduce((n, e) => n + e.attestations.length, 0);

export const ATTESTATION_TYPE = 'vnd.docker.reference.type';
export const ATTESTATION_SUBJECT = 'vnd.docker.reference.digest';

/**
 * An entry is an attestation only when it says so: buildx's `vnd.docker.reference.type:
 * attestation-manifest` annotation, or a `subject` in its manifest (BuildKit ≥ 0.32 OCI artifacts,
 * referrers stored in an index). A bare `unknown/unknown` platform is not enough.
 */
export function isAttestation(d: Descriptor, m?: Manifest): boolean {
  return d.annotations?.[ATTESTATION_TYPE] === 'attestation-manifest' || (m?.kind === 'image' && !!m.subject);
}

/** The digest an attestation describes: its annotation, else its manifest's subject. */
export function attestationSubject(c: Child): string | undefined {
  return c.descriptor.annotations?.[ATTESTATION_SUBJECT] ?? c.manifest.subject?.digest;
}

/** Two entries for one platform are an error naming both sources. */
export function checkDuplicates(entries: Entry[]): void {
  const seen = new Map<string, Entry>();
  for (const e of entries) {
    const key = platformKey(e.image.descriptor.platform);
    const before = seen.get(key);
    if (before) {
      const p = formatPlatform(e.image.descriptor.platform);
      const same =
        before.source === e.source ? ` (${before.image.descriptor.digest} and ${e.image.descriptor.digest})` : '';
      throw new InputError(
        `duplicate platform ${p}: both ${before.source} and ${e.source}${same} provide it; drop one source, or fix a platform with an annotations line "SOURCE --arch … --variant …"`
      );
    }
    seen.set(key, e);
  }
}

/** amend: new entries replace old ones of the same platform in place; the rest are appended. */
export function amendEntries(existing: Entry[], fresh: Entry[]): Entry[] {
  const out = [...existing];
  for (const e of fresh) {
    const key = platformKey(e.image.descriptor.platform);
    const i = out.findIndex((x) => platformKey(x.image.descriptor.platform) === key);
    if (i >= 0) out[i] = e;
    else out.push(e);
  }
  return out;
}

/** amend: the existing list's other entries stay; a fresh one already there (same digest) is not added twice. */
export function amendOthers(existing: Other[], fresh: Other[]): Other[] {
  const seen = new Set(existing.map((o) => o.child.descriptor.digest));
  return [...existing, ...fresh.filter((o) => !seen.has(o.child.descriptor.digest))];
}

/** What an index holds, for a message about a source that gave no platform. */
function describeEmpty(r: Resolved): string {
  if (r.children.length === 0) return 'it is an empty index';
  const att = attestationCount(r);
  const parts: string[] = [];
  if (att) parts.push(`${att} attestation${att > 1 ? 's' : ''}`);
  if (r.others.length)
    parts.push(
      `${r.others.length} entr${r.others.length > 1 ? 'ies' : 'y'} without a platform (such as unknown/unknown)`
    );
  return `it is an index of ${parts.join(' and ')} only`;
}

/**
 * Every source must give at least one platform: an index of attestations only, or an empty one,
 * would otherwise turn into a list that silently lacks what the user meant to publish.
 */
export function checkContributions(resolved: Resolved[]): void {
  for (const r of resolved) {
    if (r.entries.length === 0) {
      throw new InputError(
        `source ${r.source} (${r.manifest.digest}) contributes no platform: ${describeEmpty(r)}; give the image index or per-platform image that the build pushed, or drop this source. No manifest or tag was written`
      );
    }
  }
}
