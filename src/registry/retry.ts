/** Retries, in one mechanism: which failures are worth another try, how long to wait, when to stop. */
import { RegistryError, TransportError } from '../model/errors';

/** The backoff policy, in one place: exponential with full jitter, bounded in count and time. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
  /** No retry starts after this much time has passed since the first attempt. */
  deadlineMs: number;
  /**
   * The longest `Retry-After` honoured (default four times capMs). A server that asks for longer
   * (Docker Hub's pull limit asks for hours) is not retried early against its word: the failure
   * says so at once.
   */
  maxRetryAfterMs?: number;
  /** false: wait the exponential ceiling itself, no jitter (a poll of our own, not a crowd of clients). */
  jitter?: boolean;
  /** An explicit schedule instead of the exponential one: the wait before retry n is delaysMs[n - 1]. */
  delaysMs?: readonly number[];
  /** Which failures are worth another try; every other answer is final (default: isTransient). */
  retryable?: (err: unknown) => boolean;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 250, capMs: 8_000, deadlineMs: 60_000 };

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const RETRY_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'TIMEOUT',
  'ABORTED'
]);

/** Status codes worth another try: throttling and transient server trouble. */
export function isRetryableStatus(status: number): boolean {
  return RETRY_STATUS.has(status);
}

/**
 * Error codes of the distribution spec (and registries' common additions) that describe the
 * request or its content, not the server's state: the same request gets the same answer, whatever
 * the status. Some registries wrap them in a 500 (a storage layer that turns a validation failure
 * into an internal error); such an answer is not retried. Not here, so retried on a 5xx: UNKNOWN
 * (distribution's catch-all for storage trouble), UNAVAILABLE, TOOMANYREQUESTS, and
 * BLOB_UPLOAD_UNKNOWN / BLOB_UPLOAD_INVALID (a lost upload session, which a fresh start mends).
 */
export const PERMANENT_CODES = new Set([
  'BLOB_UNKNOWN',
  'DIGEST_INVALID',
  'MANIFEST_BLOB_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN',
  'MANIFEST_UNVERIFIED',
  'NAME_INVALID',
  'NAME_UNKNOWN',
  'SIZE_INVALID',
  'TAG_INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED',
  'PAGINATION_NUMBER_INVALID',
  'RANGE_INVALID'
]);

/** The body's errors all say the request itself is wrong (see PERMANENT_CODES). */
export function isPermanentError(err: RegistryError): boolean {
  return err.errors.length > 0 && err.errors.every((e) => !!e.code && PERMANENT_CODES.has(e.code.toUpperCase()));
}

/** Whether a failure is transient: a retryable status, or a dropped/timed-out connection. */
export const isTransient = (err: unknown): boolean => isRetryable(err);

/** Whether a failure is transient (the older name of isTransient). */
export function isRetryable(err: unknown): boolean {
  if (err instanceof RegistryError) return isRetryableStatus(err.status) && !isPermanentError(err);
  if (err instanceof TransportError) return !!err.code && RETRY_CODES.has(err.code);
  return false;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v.trim()) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Delay before retry number `retry` (1-based): full jitter over an exponential ceiling. */
export function backoffDelay(retry: number, policy: RetryPolicy, random = Math.random): number {
  if (policy.delaysMs) return policy.delaysMs[Math.min(retry, policy.delaysMs.length) - 1] ?? 0;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (retry - 1));
  if (policy.jitter === false) return ceiling;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Waiting for something to appear (a source a matrix job has not pushed yet): 0.5 s, 1 s, 2 s,
 * 4 s, then every 5 s, for up to `waitMs`.
 */
export function waitPolicy(waitMs: number): RetryPolicy {
  return { attempts: Number.POSITIVE_INFINITY, baseMs: 500, capMs: 5_000, deadlineMs: waitMs, jitter: false };
}

/** An error that says how long the server asked us to wait. */
export interface WithRetryAfter {
  retryAfterMs?: number;
}

/** Wait `ms`; ends early (rejecting) when `signal` aborts, so a finished run leaves no timers. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** A failure wrapped by doNotRetry(): `retrying` throws the failure inside, as it is, at once. */
class DoNotRetry {
  constructor(readonly error: unknown) {}
}

/**
 * Say, from inside a retried operation, that this failure must end it: a step that was retried on
 * its own already (opening the source of an upload), whose repeat would multiply the attempts.
 * Only for throwing inside `retrying`'s operation; the error itself is not changed.
 */
export function doNotRetry(err: unknown): DoNotRetry {
  return err instanceof DoNotRetry ? err : new DoNotRetry(err);
}

/** Time and waiting, injectable so a policy can be tested without waiting. */
export interface RetryClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

export const realClock: RetryClock = { now: () => Date.now(), sleep, random: Math.random };

/** What a caller hears of the retries besides the result. */
export interface RetryHooks {
  onRetry?: (err: unknown, delayMs: number, attempt: number) => void;
  /** The failure that ends it after `attempts` tries; may return the error to throw instead (with the first as its cause). */
  onGiveUp?: (err: unknown, attempts: number) => unknown;
  signal?: AbortSignal;
  clock?: RetryClock;
}

/**
 * Run `op` until it succeeds, fails for good, or the policy runs out. Only for operations that
 * are safe to repeat; callers make a whole upload one operation so it restarts cleanly.
 * `retryable` decides which failures are worth another try (default: the policy's, else transient ones).
 */
export async function retrying<T>(
  op: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  onRetry?: (err: unknown, delayMs: number, attempt: number) => void,
  signal?: AbortSignal,
  retryable: (err: unknown) => boolean = policy.retryable ?? isRetryable,
  hooks: Omit<RetryHooks, 'onRetry' | 'signal'> = {}
): Promise<T> {
  const clock = hooks.clock ?? realClock;
  const started = clock.now();
  const giveUp = (err: unknown, attempt: number): unknown =>
    attempt > 1 ? (hooks.onGiveUp?.(err, attempt) ?? err) : err;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (caught) {
      if (caught instanceof DoNotRetry) throw caught.error;
      const err = caught;
      // The run is over (another failure ended it): no retry, nothing more to say.
      if (signal?.aborted || !retryable(err)) throw err;
      if (attempt >= policy.attempts) throw giveUp(err, attempt);
      const asked = (err as WithRetryAfter).retryAfterMs;
      if (asked !== undefined && asked > (policy.maxRetryAfterMs ?? policy.capMs * 4)) throw err;
      const delay = Math.max(asked ?? 0, backoffDelay(attempt, policy, clock.random));
      if (clock.now() - started + delay > policy.deadlineMs) throw giveUp(err, attempt);
      onRetry?.(err, delay, attempt);
      await clock.sleep(delay, signal);
    }
  }
}

/** Run `op` under a named policy (see policies.ts): the one way this project retries or polls. */
export function retryWith<T>(
  policy: RetryPolicy,
  op: (attempt: number) => Promise<T>,
  hooks: RetryHooks = {}
): Promise<T> {
  return retrying(op, policy, hooks.onRetry, hooks.signal, policy.retryable ?? isRetryable, hooks);
}
