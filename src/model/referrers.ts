/**
 * OCI referrers and cosign's tags, as values: the tag names, the referrers index a registry
 * answers, and the `sha256-<hex>` fallback tag index a client keeps where the registry indexes
 * nothing itself (OCI distribution spec 1.1, "Referrers tag schema"). Pure.
 */
import { referrersTag } from './digest';
import { IntegrityError } from './errors';
import { type BuiltList, type Descriptor, type Manifest, MediaType, sha256 } from './manifest';

/**
 * The fallback tag of a subject: the distribution spec's referrers tag schema (`sha256:abc…` →
 * `sha256-abc…`; longer algorithms and encodings truncated, see digest.ts).
 */
export function fallbackTag(digest: string): string {
  return referrersTag(digest);
}

/** BuildKit's attestation manifests, as OCI artifacts (BuildKit ≥ 0.32). */
export const BUILDKIT_ATTESTATION = 'application/vnd.docker.attestation.manifest.v1+json';

/** A referrer that is a BuildKit attestation: `attestations: drop` leaves it behind too. */
export function isBuildkitAttestation(m: Manifest): boolean {
  return m.kind === 'image' && m.artifactType === BUILDKIT_ATTESTATION;
}

/** cosign's tags beside an image: signature, attestations, SBOM. */
export const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'] as const;

/**
 * cosign names them after the whole digest, `:` as `-` (not truncated: no spec schema); a name
 * longer than a tag may be (a sha512 subject's) cannot exist, so it is not looked for.
 */
export function cosignTags(digest: string): string[] {
  return COSIGN_SUFFIXES.map((s) => `${digest.replace(':', '-')}.${s}`).filter((t) => t.length <= 128);
}

/** The descriptors of a referrers index (an API answer page, or a fallback tag's index). */
export function referrerDescriptors(bytes: Buffer, where: string): Descriptor[] {
  let json: { manifests?: unknown };
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new IntegrityError(`${where} is not valid JSON`);
  }
  if (!json || !Array.isArray(json.manifests))
    throw new IntegrityError(`${where} is not an image index (no "manifests")`);
  return json.manifests.filter(
    (d): d is Descriptor =>
      !!d &&
      typeof d === 'object' &&
      typeof d.digest === 'string' &&
      typeof d.mediaType === 'string' &&
      typeof d.size === 'number'
  );
}

/** How a referrer is listed: its artifactType (else its config's media type) and its annotations. */
export function describeReferrer(manifest: Manifest, digest: string, size: number): Descriptor {
  const d: Descriptor = { mediaType: manifest.mediaType, digest, size };
  const artifactType = manifest.kind === 'image' ? (manifest.artifactType ?? manifest.config.mediaType) : undefined;
  if (artifactType) d.artifactType = artifactType;
  if (manifest.annotations && Object.keys(manifest.annotations).length) d.annotations = manifest.annotations;
  return d;
}

/**
 * The fallback index with `add` merged in: every descriptor it already lists is kept as it is
 * (another tool's referrers too), new ones are appended. `changed` false: nothing to write.
 */
export function mergeFallbackIndex(existing: Buffer | undefined, add: Descriptor[]): BuiltList & { changed: boolean } {
  let doc: Record<string, unknown> = { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [] };
  if (existing) {
    try {
      doc = JSON.parse(existing.toString('utf8'));
    } catch {
      throw new IntegrityError('the fallback tag holds something that is not JSON');
    }
    if (!doc || !Array.isArray(doc.manifests))
      throw new IntegrityError('the fallback tag holds something that is not an image index');
  }
  const listed = doc.manifests as Descriptor[];
  const known = new Set(listed.map((d) => d.digest));
  const fresh = add.filter((d) => !known.has(d.digest) && known.add(d.digest));
  if (existing && fresh.length === 0)
    return { mediaType: MediaType.OciIndex, bytes: existing, digest: sha256(existing), changed: false };
  const bytes = Buffer.from(JSON.stringify({ ...doc, manifests: [...listed, ...fresh] }), 'utf8');
  return { mediaType: MediaType.OciIndex, bytes, digest: sha256(bytes), changed: true };
}
