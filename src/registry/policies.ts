/**
 * Every retry and poll of the project, by name: what is retried, for how long, which answers are
 * final. The one mechanism that runs them is retry.ts's `retryWith`.
 */
import { isReferenceUnknown } from '../model/errors';
import { DEFAULT_RETRY, type RetryPolicy, isTransient, waitPolicy } from './retry';

/** A result that is not there yet: thrown inside a poll to ask for another look. */
export class NotYet extends Error {
  override name = 'NotYet';
}

const notYet = (err: unknown): boolean => err instanceof NotYet;

/** How long a PUT refused for a manifest this run just put is retried (replication lag). */
export const LAG_WAIT_MS = 30_000;

export const policies = {
  /** One registry request or operation safe to repeat: transient failures (5xx, 429, dropped connections). */
  request: { ...DEFAULT_RETRY, retryable: isTransient } satisfies RetryPolicy,
  /**
   * A whole blob upload (start, stream, commit), restarted from its first byte on a transient
   * failure; its start and commit are retried on their own under `request` first.
   */
  upload: { ...DEFAULT_RETRY, retryable: isTransient } satisfies RetryPolicy,
  /**
   * A manifest PUT refused as naming something unknown that this run just put: CDN-fronted or
   * replicated registries lag (int128/docker-manifest-create-action#857). Only that refusal is retried.
   */
  tagLag: {
    attempts: 100,
    baseMs: 500,
    capMs: 5_000,
    deadlineMs: LAG_WAIT_MS,
    jitter: true,
    retryable: isReferenceUnknown
  } satisfies RetryPolicy,
  /** Purge's check that each tag serves the pushed list: 250 ms doubling to 2 s, until `waitMs`. */
  purgeRecheck: (waitMs: number): RetryPolicy => ({
    attempts: Number.POSITIVE_INFINITY,
    baseMs: 250,
    capMs: 2_000,
    deadlineMs: waitMs,
    jitter: false,
    retryable: notYet
  }),
  /** A GitHub REST call: throttling and server trouble (GitHubApiError says which). */
  githubApi: DEFAULT_RETRY satisfies RetryPolicy,
  /**
   * A package version not listed yet: GitHub's package listing trails a push by seconds. Looked
   * at again after each of `delaysMs`.
   */
  packageListing: (delaysMs: readonly number[]): RetryPolicy => ({
    attempts: delaysMs.length + 1,
    baseMs: 0,
    capMs: 0,
    deadlineMs: Number.POSITIVE_INFINITY,
    delaysMs,
    retryable: notYet
  }),
  /** A source that a matrix job may not have pushed yet (see waitPolicy). */
  sourceWait: waitPolicy
};
