/**
 * Placeholder manifests for purge: tiny, unique OCI manifests that a tag is moved onto so the
 * tag can be removed by deleting the placeholder (never the manifest the tag pointed at). Each
 * carries a random annotation, so its digest is new and referenced by nothing else.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { MediaType, sha256 } from '../../model/manifest';
import { type RegistryClient } from '../../registry/client';

export interface Placeholder {
  bytes: Buffer;
  digest: string;
  mediaType: string;
}

const EMPTY_CONFIG = Buffer.from('{}');

/** A fresh placeholder; `note` says in the registry's UI what it is for. */
export function placeholder(note: string): Placeholder {
  const doc = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(EMPTY_CONFIG),
      size: EMPTY_CONFIG.length
    },
    layers: [],
    annotations: {
      'org.opencontainers.image.description': `manifest-fanin purge placeholder: ${note}`,
      'dev.manifest-fanin.purge': randomUUID()
    }
  };
  const bytes = Buffer.from(JSON.stringify(doc));
  return { bytes, digest: sha256(bytes), mediaType: MediaType.OciManifest };
}

/** A throwaway tag name for probes: unique, and plainly ours in a tag listing. */
export function throwawayTag(): string {
  return `fanin-purge-probe-${randomUUID().slice(0, 8)}`;
}

/** The placeholder's config blob (`{}`) must be in the repository before a placeholder is pushed. */
export async function ensurePlaceholderConfig(client: RegistryClient, repo: string): Promise<void> {
  const digest = sha256(EMPTY_CONFIG);
  if (await client.hasBlob(repo, digest)) return;
  await client.uploadBlob(repo, digest, EMPTY_CONFIG.length, async () => Readable.from([EMPTY_CONFIG]));
}
