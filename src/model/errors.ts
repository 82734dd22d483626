/**
 * Typed errors. Every failure the user can see is one of these, so the edge can print one
 * line that names what failed and what to do, without a stack trace.
 */

/** Something wrong in the inputs: caught before any request is made. */
export class InputError extends Error {
  override name = 'InputError';
}

/** One entry of a registry's `{"errors":[{code, message, detail}]}` body (distribution spec). */
export interface RegistryErrorEntry {
  code?: string;
  message?: string;
  detail?: unknown;
}

/** The registry answered with an error status. */
export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    /** From the response's Retry-After, when the registry sent one. */
    readonly retryAfterMs?: number,
    /** Every error of the body, in order. */
    readonly errors: RegistryErrorEntry[] = []
  ) {
    super(message);
  }
}

/** The registry could not be reached or spoke in a way we cannot use (TLS, protocol, timeouts). */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    readonly code?: string
  ) {
    super(message);
  }
}

/** Content did not match what was promised (digest, size, media type). */
export class IntegrityError extends Error {
  override name = 'IntegrityError';
}

/**
 * The same error (type, status, code and every other field) with another message. A copy, never
 * the original: one failure (a token refusal, a lost ping) is awaited by many callers, and each
 * must be able to add its own context without the others' piling up on it.
 */
export function rephrase<E extends Error>(err: E, message: string): E {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(err) as object) as E, err);
  Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true, enumerable: false });
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined)
    Object.defineProperty(copy, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  copy.stack = `${copy.name}: ${message}`;
  return copy;
}

/** Prefix an error's message with context, keeping its type (for retry decisions and tests). */
export function withContext<E extends Error>(err: E, context: string): E {
  // Said once: a context already at the front (the same failure passing a caller twice) is not repeated.
  if (err.message === context || err.message.startsWith(`${context}: `)) return err;
  return rephrase(err, `${context}: ${err.message}`);
}

/** Append a hint to an error's message (a copy, as withContext). */
export function withHint<E extends Error>(err: E, hint: string): E {
  return hint ? rephrase(err, `${err.message}${hint}`) : err;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
