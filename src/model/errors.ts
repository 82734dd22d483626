/**
 * Typed errors. Every failure the user can see is one of these, so the edge can print one
 * line that names what failed and what to do, without a stack trace.
 */

/** Something wrong in the inputs: caught before any request is made. */
export class InputError extends Error {
  override name = 'InputError';
}

/** The registry answered with an error status. */
export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    /** From the response's Retry-After, when the registry sent one. */
    readonly retryAfterMs?: number
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

/** Prefix an error's message with context while keeping its type (for retry decisions and tests). */
export function withContext<E extends Error>(err: E, context: string): E {
  err.message = `${context}: ${err.message}`;
  return err;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
