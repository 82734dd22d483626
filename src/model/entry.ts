/**
 * What resolving the sources yields: the list's entries and the manifests they reference, and the
 * pure rules over them (what an attestation is, duplicates, amend).
 */
import { InputError } from './errors';
import { Descriptor, ImageManifest } from './manifest';
import { Platform, formatPlatform, isUnknownPlatform, platformKey } from './platform';

/** A repository on a registry: `{ registry: 'ghcr.io', repository: 'o/app' }`. */
export interface Repo {
  registry: string;
  repository: string;
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

export const ATTESTATION_TYPE = 'vnd.docker.reference.type';
export const ATTESTATION_SUBJECT = 'vnd.docker.reference.digest';

export function isAttestation(d: Descriptor): boolean {
  return d.annotations?.[ATTESTATION_TYPE] === 'attestation-manifest' || isUnknownPlatform(d.platform);
}

/** Two entries for one platform are an error naming both sources. */
export function checkDuplicates(entries: Entry[]): void {
  const seen = new Map<string, Entry>();
  for (const e of entries) {
    const key = platformKey(e.image.descriptor.platform);
    const before = seen.get(key);
    if (before) {
      const p = formatPlatform(e.image.descriptor.platform);
      const same = before.source === e.source ? ` (${before.image.descriptor.digest} and ${e.image.descriptor.digest})` : '';
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
