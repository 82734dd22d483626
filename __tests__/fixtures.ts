/** Value fixtures shared by the unit tests: children and entries as resolve.ts makes them. */
import { createHash } from 'node:crypto';
import { type Annotations } from '../src/model/annotations';
import { type Descriptor, type ImageManifest, MediaType } from '../src/model/manifest';
import { type Platform } from '../src/model/platform';
import { type Child, type Entry } from '../src/model/entry';

export const digestOf = (s: string | Buffer) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

/** A child manifest with real bytes and a digest computed from them. */
export function child(
  mediaType: string,
  platform: Platform | undefined,
  seed: string,
  annotations?: Record<string, string>
): Child {
  const config: Descriptor = {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: digestOf(`config ${seed}`),
    size: 10
  };
  const manifest: ImageManifest = { kind: 'image', mediaType, config, layers: [] };
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, config, layers: [], seed }));
  const descriptor: Descriptor = { mediaType, digest: digestOf(bytes), size: bytes.length };
  if (platform) descriptor.platform = platform;
  if (annotations) descriptor.annotations = annotations;
  return { descriptor, bytes, manifest, from: { registry: 'ghcr.io', repository: 'o/app' } };
}

export function entry(
  source: string,
  platform: Platform,
  mediaType: string = MediaType.DockerManifest,
  attestations: Child[] = [],
  annotations?: Record<string, string>
): Entry {
  return {
    source,
    image: child(mediaType, platform, `${source} ${JSON.stringify(platform)}`, annotations) as Entry['image'],
    attestations
  };
}

/** An attestation manifest as buildx attaches it to `subject`. */
export function attestation(subject: Child): Child {
  return child(MediaType.OciManifest, { os: 'unknown', architecture: 'unknown' }, `att ${subject.descriptor.digest}`, {
    'vnd.docker.reference.digest': subject.descriptor.digest,
    'vnd.docker.reference.type': 'attestation-manifest'
  });
}

export function noAnnotations(): Annotations {
  return { overrides: new Map(), index: {}, descriptors: [], warnings: [] };
}
