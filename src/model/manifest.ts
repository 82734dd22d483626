/** Media types, descriptors, parsing and building of manifests. Pure. */
import { digestOf, digestProblem } from './digest';
import { InputError, IntegrityError } from './errors';
import { type Platform, orderedPlatform } from './platform';

export const MediaType = {
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  DockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  DockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciIndex: 'application/vnd.oci.image.index.v1+json'
} as const;

/** What we ask registries for: the four types we accept (schema 1 is refused). */
export const ACCEPT_MANIFESTS = [
  MediaType.OciIndex,
  MediaType.DockerList,
  MediaType.OciManifest,
  MediaType.DockerManifest
].join(', ');

/** Manifests larger than this are refused (what distribution and most registries enforce). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  urls?: string[];
  artifactType?: string;
}

export interface ImageManifest {
  kind: 'image';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  /** OCI 1.1: what an artifact is (a signature, an SBOM, an attestation). */
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface IndexManifest {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
  /** Every other top-level field (`artifactType`, `subject`, unknown ones), as read: amend keeps them. */
  others?: Record<string, unknown>;
}

/** Top-level index fields only an OCI index can carry: a Docker list has no place for them. */
export const OCI_ONLY_INDEX_FIELDS = ['artifactType', 'subject'];

export type Manifest = ImageManifest | IndexManifest;

/** The sha256 digest of bytes this tool writes (see digest.ts for the rest). */
export function sha256(data: Buffer | string): string {
  return digestOf(data, 'sha256');
}

export function isIndexType(mediaType: string): boolean {
  return mediaType === MediaType.DockerList || mediaType === MediaType.OciIndex;
}

export function isDockerType(mediaType: string): boolean {
  return mediaType.startsWith('application/vnd.docker.');
}

/** Every blob a manifest names: all are copied, whatever their media type. */
export function blobsOf(m: Manifest): Descriptor[] {
  return m.kind === 'image' ? [m.config, ...m.layers] : [];
}

/**
 * A blob its descriptor says can be fetched elsewhere (`urls`: Windows base layers on
 * mcr.microsoft.com). Only such a blob may be left out of a copy, and only when the source does
 * not serve it: a foreign or non-distributable media type alone says nothing about where it is.
 */
export function servedElsewhere(d: Descriptor): boolean {
  return (d.urls?.length ?? 0) > 0;
}

function asDescriptor(v: unknown, where: string): Descriptor {
  const d = v as Descriptor;
  if (
    !d ||
    typeof d !== 'object' ||
    typeof d.digest !== 'string' ||
    typeof d.size !== 'number' ||
    typeof d.mediaType !== 'string'
  ) {
    throw new IntegrityError(`${where} is not a valid descriptor (needs mediaType, digest and size)`);
  }
  const problem = digestProblem(d.digest);
  if (problem) throw new IntegrityError(`${where} has an unusable digest: ${problem}`);
  return d;
}

/** What a JSON value is, for a message: `an object`, `the string "x"`, `null`. */
function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  return 'an object';
}

/**
 * Parse manifest bytes as served with `contentType`. Accepts Docker v2, Docker list, OCI
 * manifest and OCI index; refuses schema 1 with a message that says how to fix it.
 */
export function parseManifest(bytes: Buffer, contentType: string | undefined): Manifest {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new IntegrityError('the manifest is not valid JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new IntegrityError('the manifest is not a JSON object');
  const declared = typeof json.mediaType === 'string' ? json.mediaType : undefined;
  const header = contentType?.split(';')[0].trim();
  let mediaType = declared ?? (header && header !== 'application/json' && header !== 'text/plain' ? header : undefined);
  if (
    json.schemaVersion === 1 ||
    mediaType === MediaType.DockerSchema1 ||
    mediaType === MediaType.DockerSchema1Signed
  ) {
    throw new IntegrityError(
      'it is a Docker schema 1 manifest, which is deprecated and cannot be listed; rebuild and push it with a current docker/buildx'
    );
  }
  if (!mediaType) mediaType = Array.isArray(json.manifests) ? MediaType.OciIndex : MediaType.OciManifest;

  if (isIndexType(mediaType)) {
    if (json.manifests === undefined) throw new IntegrityError(`a ${mediaType} without "manifests"`);
    if (!Array.isArray(json.manifests))
      throw new IntegrityError(`a ${mediaType} whose "manifests" is ${jsonKind(json.manifests)}, not an array`);
    return {
      kind: 'index',
      mediaType,
      manifests: json.manifests.map((m, i) => asDescriptor(m, `manifests[${i}]`)),
      annotations: json.annotations as Record<string, string> | undefined,
      others: othersOf(json, ['schemaVersion', 'mediaType', 'manifests', 'annotations'])
    };
  }
  if (mediaType === MediaType.DockerManifest || mediaType === MediaType.OciManifest) {
    return {
      kind: 'image',
      mediaType,
      config: asDescriptor(json.config, 'config'),
      layers: (Array.isArray(json.layers) ? json.layers : []).map((l, i) => asDescriptor(l, `layers[${i}]`)),
      subject: json.subject ? asDescriptor(json.subject, 'subject') : undefined,
      artifactType: typeof json.artifactType === 'string' ? json.artifactType : undefined,
      annotations:
        json.annotations && typeof json.annotations === 'object'
          ? (json.annotations as Record<string, string>)
          : undefined
    };
  }
  throw new IntegrityError(`unsupported manifest media type "${mediaType}"`);
}

/** The fields of `json` not named in `known`, in their order; undefined when there are none. */
function othersOf(json: object, known: string[]): Record<string, unknown> | undefined {
  const rest = Object.entries(json).filter(([k]) => !known.includes(k));
  return rest.length ? Object.fromEntries(rest) : undefined;
}

function orderedAnnotations(a: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!a || Object.keys(a).length === 0) return undefined;
  return Object.fromEntries(
    Object.keys(a)
      .sort()
      .map((k) => [k, a[k]])
  );
}

const DESCRIPTOR_FIELDS = ['mediaType', 'digest', 'size', 'urls', 'platform', 'artifactType', 'annotations'];

/** Known fields in a fixed order; fields this action does not set (`data`, unknown ones) after them, kept. */
function orderedDescriptor(d: Descriptor, oci: boolean): Descriptor {
  const out: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (d.urls?.length) out.urls = d.urls;
  if (d.platform) out.platform = orderedPlatform(d.platform, true);
  if (oci) {
    if (d.artifactType) out.artifactType = d.artifactType;
    const a = orderedAnnotations(d.annotations);
    if (a) out.annotations = a;
  }
  return { ...out, ...othersOf(d, DESCRIPTOR_FIELDS) };
}

export interface BuiltList {
  mediaType: string;
  bytes: Buffer;
  digest: string;
}

/**
 * Serialize a list deterministically: fixed key order, sorted annotation keys, 3-space indent
 * (as docker's own lists). The digest is sha256 of exactly these bytes.
 */
export function buildList(
  descriptors: Descriptor[],
  format: 'docker' | 'oci',
  indexAnnotations?: Record<string, string>,
  others?: Record<string, unknown>
): BuiltList {
  const oci = format === 'oci';
  const mediaType = oci ? MediaType.OciIndex : MediaType.DockerList;
  const { artifactType, subject, ...unknown } = others ?? {};
  // The OCI index's field order: schemaVersion, mediaType, artifactType, manifests, subject, annotations.
  const doc: Record<string, unknown> = { schemaVersion: 2, mediaType };
  if (oci && artifactType !== undefined) doc.artifactType = artifactType;
  doc.manifests = descriptors.map((d) => orderedDescriptor(d, oci));
  if (oci && subject !== undefined) doc.subject = subject;
  const a = oci ? orderedAnnotations(indexAnnotations) : undefined;
  if (a) doc.annotations = a;
  Object.assign(doc, unknown);
  const bytes = Buffer.from(JSON.stringify(doc, null, 3), 'utf8');
  checkListSize(bytes.length, descriptors.length);
  return { mediaType, bytes, digest: sha256(bytes) };
}

/**
 * A list the registry would refuse is refused before anything is written: the spec says a
 * registry SHOULD accept manifests up to 4 MiB, and distribution refuses bigger ones at the PUT.
 */
export function checkListSize(bytes: number, entries: number): void {
  if (bytes <= MAX_MANIFEST_BYTES) return;
  const mib = (bytes / (1024 * 1024)).toFixed(2);
  throw new InputError(
    `the list would be ${bytes} bytes (${mib} MiB, ${entries} entries), over the 4 MiB a registry accepts for a manifest (the OCI distribution spec's limit); drop descriptor annotations or entries. Nothing was written`
  );
}
