/** What a run did, as plain values: the edges turn it into outputs and a job summary. */
import { type Entry } from './entry';
import { type ListEntry } from './metadata';

/** How the children reached the target repositories. */
export interface CopyStats {
  manifestsPresent: number;
  manifestsCopied: number;
  blobsPresent: number;
  blobsMounted: number;
  blobsStreamed: number;
  bytesStreamed: number;
  /** Blobs left out: their descriptor has `urls` and the source does not serve them. */
  blobsSkipped?: number;
  /** With `referrers: true`: signatures, SBOMs and other referrers put into target repositories. */
  referrersCopied?: number;
  /** With `referrers: true`: `sha256-<hex>` fallback tag indexes created or updated. */
  fallbackIndexesWritten?: number;
  /** The same counts per target repository (`registry/repo`). */
  repos?: Record<string, RepoCopyStats>;
}

/** What one target repository received. */
export interface RepoCopyStats {
  manifestsPresent: number;
  manifestsCopied: number;
  blobsMounted: number;
  blobsStreamed: number;
  bytesStreamed: number;
}

/** Why purge left a source tag in place. */
export type PurgeLeftReason =
  /** It points somewhere else than when the list was built: pushed again while the run went on. */
  | 'changed'
  /** The registry removes no tag in this repository (no DELETE, or deletes that take other tags). */
  | 'unsupported'
  /** The registry refused these credentials a delete (401/403). */
  | 'denied'
  /** GitHub Packages: no github-token, or one without the rights to delete a package version. */
  | 'github-access'
  /** Something failed on the way; the tag was put back where it was. */
  | 'failed';

export interface PurgeLeft {
  tag: string;
  reason: PurgeLeftReason;
  /** One line for the log: what happened and what to do. */
  detail: string;
}

export interface PurgeResult {
  removed: string[];
  left: PurgeLeft[];
  /** `docker manifest create` lists removed from $DOCKER_CONFIG/manifests. */
  localLists: string[];
}

export interface Result {
  digest: string;
  mediaType: string;
  /** The list's bytes as pushed (or as they would be pushed, in a dry run). */
  manifest: string;
  /** First tag's repository @ digest. */
  ref: string;
  /** Each target repository @ digest, in the order of the tags. */
  refs: string[];
  /** The list's size in bytes. */
  size: number;
  /** Every entry of the list, in list order, with its source. */
  listEntries: ListEntry[];
  platforms: string[];
  tags: string[];
  entries: Entry[];
  pushed: boolean;
  copy?: CopyStats;
  purge?: PurgeResult;
  requests: number;
  warnings: string[];
}
