/** What a run did, as plain values: the edges turn it into outputs and a job summary. */
import { Entry } from './entry';

/** How the children reached the target repositories. */
export interface CopyStats {
  manifestsPresent: number;
  manifestsCopied: number;
  blobsPresent: number;
  blobsMounted: number;
  blobsStreamed: number;
  bytesStreamed: number;
}

export interface PurgeResult {
  removed: string[];
  left: string[];
  localLists: string[];
}

export interface Result {
  digest: string;
  mediaType: string;
  /** The list's bytes as pushed (or as they would be pushed, in a dry run). */
  manifest: string;
  /** First tag's repository @ digest. */
  ref: string;
  platforms: string[];
  tags: string[];
  entries: Entry[];
  pushed: boolean;
  copy?: CopyStats;
  purge?: PurgeResult;
  requests: number;
  warnings: string[];
}
