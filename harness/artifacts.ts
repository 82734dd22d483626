/**
 * Fixtures beyond plain images, pushed with the test client of ./images: BuildKit ≥ 0.32
 * attestations as OCI artifacts, OCI 1.1 referrers (signatures, SBOMs) with the `sha256-<hex>`
 * fallback tag index, cosign's `.sig`/`.att`/`.sbom` tags, and images whose layers carry foreign
 * media types or `urls`. Independent of src/, like ./images.
 */
import crypto from 'node:crypto';
import {
  MT,
  getManifest,
  pushBlob,
  pushImage,
  pushIndex,
  putManifest,
  sha256,
  type Descriptor,
  type PushedImage,
  type PushedIndex,
  type RegistryLike
} from './images';

/** The OCI empty descriptor's content: `{}`. */
export const EMPTY_JSON = '{}';
export const EMPTY = { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(EMPTY_JSON), size: 2 } as const;
/** cosign 3's signature format. */
const SIGSTORE_BUNDLE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export interface PushedManifest {
  digest: string;
  mediaType: string;
  size: number;
  manifest: string;
  /** blobs it names (config first) */
  blobs: string[];
}

async function pushJsonBlob(
  reg: RegistryLike,
  repo: string,
  content: string
): Promise<{ digest: string; size: number }> {
  const digest = sha256(content);
  await pushBlob(reg, repo, digest, Buffer.byteLength(content), Buffer.from(content));
  return { digest, size: Buffer.byteLength(content) };
}

/**
 * An OCI artifact manifest (empty config, one layer, `subject`), as BuildKit ≥ 0.32 stores an
 * attestation and as cosign 3 / notation store signatures. Pushed by digest, or under `tag`.
 */
export async function pushArtifact(
  reg: RegistryLike,
  repo: string,
  opts: {
    artifactType: string;
    layerType: string;
    content: string;
    subject?: { mediaType: string; digest: string; size: number };
    annotations?: Record<string, string>;
    tag?: string;
    layerAnnotations?: Record<string, string>;
  }
): Promise<PushedManifest> {
  await pushJsonBlob(reg, repo, EMPTY_JSON);
  const layer = await pushJsonBlob(reg, repo, opts.content);
  const doc: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    artifactType: opts.artifactType,
    config: EMPTY,
    layers: [
      {
        mediaType: opts.layerType,
        digest: layer.digest,
        size: layer.size,
        ...(opts.layerAnnotations ? { annotations: opts.layerAnnotations } : {})
      }
    ]
  };
  if (opts.subject)
    doc.subject = { mediaType: opts.subject.mediaType, digest: opts.subject.digest, size: opts.subject.size };
  if (opts.annotations) doc.annotations = opts.annotations;
  const manifest = JSON.stringify(doc);
  const digest = await putManifest(reg, repo, opts.tag ?? sha256(manifest), MT.ociManifest, manifest);
  return {
    digest,
    mediaType: MT.ociManifest,
    size: Buffer.byteLength(manifest),
    manifest,
    blobs: [EMPTY.digest, layer.digest]
  };
}

export interface PushedBuildkit extends PushedIndex {
  image: PushedImage;
  attestation: PushedManifest;
}

/**
 * What BuildKit ≥ 0.32 pushes: an OCI index of the image and its attestation, the attestation an
 * OCI artifact (artifactType, empty config, in-toto layer, `subject` = the image), listed with
 * platform unknown/unknown and the vnd.docker.reference.* annotations.
 */
export async function pushBuildkitArtifactStyle(
  reg: RegistryLike,
  repo: string,
  tag: string | undefined,
  opts: { architecture: string; variant?: string; layerSizes?: number[] }
): Promise<PushedBuildkit> {
  const image = await pushImage(reg, repo, undefined, { ...opts, format: 'oci' });
  const statement = JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    predicateType: 'https://slsa.dev/provenance/v1',
    subject: [{ name: `pkg:docker/${repo}`, digest: { sha256: image.digest.slice(7) } }],
    predicate: {
      buildDefinition: {
        buildType: 'https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md'
      },
      nonce: crypto.randomUUID()
    }
  });
  const attestation = await pushArtifact(reg, repo, {
    artifactType: 'application/vnd.docker.attestation.manifest.v1+json',
    layerType: MT.inToto,
    content: statement,
    layerAnnotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v1' },
    subject: { mediaType: image.mediaType, digest: image.digest, size: image.size }
  });
  const index = await pushIndex(
    reg,
    repo,
    tag,
    [
      image,
      {
        mediaType: MT.ociManifest,
        digest: attestation.digest,
        size: attestation.size,
        platform: { architecture: 'unknown', os: 'unknown' },
        annotations: {
          'vnd.docker.reference.digest': image.digest,
          'vnd.docker.reference.type': 'attestation-manifest'
        }
      }
    ],
    { format: 'oci' }
  );
  return { ...index, image, attestation };
}

/** `sha256:abc` → `sha256-abc` */
export const fallbackTagOf = (digest: string) => digest.replace(':', '-');

/** Create or extend the fallback tag index of `subject` (as oras or cosign do where the registry has no referrers API). */
export async function addToFallbackIndex(
  reg: RegistryLike,
  repo: string,
  subject: string,
  referrer: PushedManifest,
  artifactType: string
): Promise<string> {
  const tag = fallbackTagOf(subject);
  const now = await getManifest(reg, repo, tag);
  const manifests = now.status === 200 ? (JSON.parse(now.body) as { manifests: Descriptor[] }).manifests : [];
  manifests.push({
    mediaType: referrer.mediaType,
    digest: referrer.digest,
    size: referrer.size,
    artifactType
  } as Descriptor);
  return putManifest(
    reg,
    repo,
    tag,
    MT.ociIndex,
    JSON.stringify({ schemaVersion: 2, mediaType: MT.ociIndex, manifests })
  );
}

/** A sigstore bundle signing `subject`, as cosign 3 pushes one: an artifact, listed in the subject's fallback tag index. */
export async function pushSigstoreSignature(
  reg: RegistryLike,
  repo: string,
  subject: { mediaType: string; digest: string; size: number },
  content: string,
  annotations?: Record<string, string>
): Promise<PushedManifest> {
  const sig = await pushArtifact(reg, repo, {
    artifactType: SIGSTORE_BUNDLE,
    layerType: SIGSTORE_BUNDLE,
    content,
    subject,
    annotations
  });
  await addToFallbackIndex(reg, repo, subject.digest, sig, SIGSTORE_BUNDLE);
  return sig;
}

/** A cosign (v2, tag scheme) signature under `sha256-<hex>.sig` (or `.att`, `.sbom`). */
export async function pushCosignTag(
  reg: RegistryLike,
  repo: string,
  subject: string,
  suffix: 'sig' | 'att' | 'sbom'
): Promise<PushedManifest> {
  const payload = JSON.stringify({
    critical: {
      identity: { 'docker-reference': repo },
      image: { 'docker-manifest-digest': subject },
      type: 'cosign container image signature'
    },
    optional: { n: crypto.randomUUID() }
  });
  const layerType = {
    sig: 'application/vnd.dev.cosign.simplesigning.v1+json',
    att: 'application/vnd.dsse.envelope.v1+json',
    sbom: 'text/spdx+json'
  }[suffix];
  const layer = await pushJsonBlob(reg, repo, payload);
  const config = JSON.stringify({
    architecture: '',
    os: '',
    config: {},
    rootfs: { type: 'layers', diff_ids: [layer.digest] }
  });
  const cfg = await pushJsonBlob(reg, repo, config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    config: { mediaType: MT.ociConfig, size: cfg.size, digest: cfg.digest },
    layers: [
      {
        mediaType: layerType,
        size: layer.size,
        digest: layer.digest,
        annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQ' + crypto.randomBytes(8).toString('hex') }
      }
    ]
  });
  const digest = await putManifest(reg, repo, `${fallbackTagOf(subject)}.${suffix}`, MT.ociManifest, manifest);
  return {
    digest,
    mediaType: MT.ociManifest,
    size: Buffer.byteLength(manifest),
    manifest,
    blobs: [cfg.digest, layer.digest]
  };
}

export interface LayerSpec {
  mediaType: string;
  content: string;
  urls?: string[];
  /** push the blob to the source (default true) */
  push?: boolean;
}

/** A single-platform image with hand-made layer descriptors (foreign types, `urls`, blobs absent). */
export async function pushImageWithLayers(
  reg: RegistryLike,
  repo: string,
  tag: string,
  opts: { architecture: string; format: 'docker' | 'oci'; os?: string; layers: LayerSpec[] }
): Promise<PushedManifest & { layers: string[] }> {
  const layers: Array<Record<string, unknown>> = [];
  for (const l of opts.layers) {
    const digest = sha256(l.content);
    if (l.push !== false) await pushBlob(reg, repo, digest, Buffer.byteLength(l.content), Buffer.from(l.content));
    layers.push({
      mediaType: l.mediaType,
      size: Buffer.byteLength(l.content),
      digest,
      ...(l.urls ? { urls: l.urls } : {})
    });
  }
  const oci = opts.format === 'oci';
  const config = JSON.stringify({
    architecture: opts.architecture,
    os: opts.os ?? 'linux',
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) }
  });
  const cfg = await pushJsonBlob(reg, repo, config);
  const mediaType = oci ? MT.ociManifest : MT.dockerManifest;
  const manifest = JSON.stringify(
    {
      schemaVersion: 2,
      mediaType,
      config: { mediaType: oci ? MT.ociConfig : MT.dockerConfig, size: cfg.size, digest: cfg.digest },
      layers
    },
    null,
    3
  );
  const digest = await putManifest(reg, repo, tag, mediaType, manifest);
  return {
    digest,
    mediaType,
    size: Buffer.byteLength(manifest),
    manifest,
    blobs: [cfg.digest, ...layers.map((l) => l.digest as string)],
    layers: layers.map((l) => l.digest as string)
  };
}
