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
    readonly errors: RegistryErrorEntry[] = [],
    options?: ErrorOptions
  ) {
    super(message, options);
  }
}

/** The registry could not be reached or spoke in a way we cannot use (TLS, protocol, timeouts). */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    readonly code?: string,
    options?: ErrorOptions
  ) {
    super(message, options);
  }
}

/** Content did not match what was promised (digest, size, media type). */
export class IntegrityError extends Error {
  override name = 'IntegrityError';
}

/**
 * A new error of the same type and fields with another message, the original as its `cause`: the
 * original keeps its stack (the debug log shows both), and one failure awaited by many callers
 * (a token refusal, a lost ping) is never changed by any of them.
 */
export function rephrase<E extends Error>(err: E, message: string): E {
  const options = { cause: err };
  const next: Error =
    err.constructor === RegistryError
      ? new RegistryError(
          message,
          (err as RegistryError).status,
          (err as RegistryError).code,
          (err as RegistryError).retryAfterMs,
          (err as RegistryError).errors,
          options
        )
      : err.constructor === TransportError
        ? new TransportError(message, (err as TransportError).code, options)
        : err.constructor === InputError
          ? new InputError(message, options)
          : err.constructor === IntegrityError
            ? new IntegrityError(message, options)
            : sameKind(err, message);
  // Fields callers attached (a push's tagsWritten, a Node error's code) travel with it.
  for (const [k, v] of Object.entries(err)) if (!(k in next)) (next as unknown as Record<string, unknown>)[k] = v;
  return next as E;
}

/** Any other error (a subclass, a TypeError): one of its kind, with its own stack, the original as its cause. */
function sameKind(err: Error, message: string): Error {
  const next = Object.assign(Object.create(Object.getPrototypeOf(err) as object) as Error, err);
  const hidden = (value: unknown) => ({ value, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(next, 'message', hidden(message));
  Object.defineProperty(next, 'cause', hidden(err));
  Error.captureStackTrace(next, rephrase);
  return next;
}

/** Prefix an error's message with context, keeping its type (for retry decisions and tests). */
export function withContext<E extends Error>(err: E, context: string): E {
  // Said once: a context already at the front (the same failure passing a caller twice) is not repeated.
  if (hasContext(err, context)) return err;
  return rephrase(err, `${context}: ${err.message}`);
}

/** Whether `context` is already at the front of the error or of one it wraps. */
function hasContext(err: Error, context: string): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e.message === context || e.message.startsWith(`${context}: `)) return true;
  }
  return false;
}

/** Append a hint to an error's message (a new error, as withContext). */
export function withHint<E extends Error>(err: E, hint: string): E {
  return hint ? rephrase(err, `${err.message}${hint}`) : err;
}

/** The registry answered with one of `statuses`. */
export function hasStatus(err: unknown, ...statuses: number[]): err is RegistryError {
  return err instanceof RegistryError && statuses.includes(err.status);
}

/** The registry's (first) error code is one of `codes`. */
export function hasCode(err: unknown, ...codes: string[]): err is RegistryError {
  return err instanceof RegistryError && !!err.code && codes.includes(err.code);
}

/** 404: the thing (manifest, blob, repository) is not there. */
export const isNotFound = (err: unknown): err is RegistryError => hasStatus(err, 404);

/** A 5xx: the registry itself failed. */
export const isServerFailure = (err: unknown): err is RegistryError =>
  err instanceof RegistryError && err.status >= 500;

/** 401/403 or a DENIED/UNAUTHORIZED code: the credentials do not allow it. */
export const isDenied = (err: unknown): err is RegistryError =>
  hasStatus(err, 401, 403) || hasCode(err, 'DENIED', 'UNAUTHORIZED');

/** A manifest PUT refused because something it references is not visible yet (MANIFEST_BLOB_UNKNOWN / MANIFEST_UNKNOWN). */
export const isReferenceUnknown = (err: unknown): err is RegistryError =>
  hasCode(err, 'MANIFEST_BLOB_UNKNOWN', 'MANIFEST_UNKNOWN');

/** Any failure the edge knows how to say in one line (others are internal: "unexpected error"). */
export function isKnownFailure(err: unknown): boolean {
  return (
    err instanceof InputError ||
    err instanceof RegistryError ||
    err instanceof TransportError ||
    err instanceof IntegrityError
  );
}

/** The error, its stack, and every cause under it: for the debug log, never the failure line. */
export function debugTrace(err: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = err; e !== undefined && !seen.has(e); e = (e as { cause?: unknown })?.cause) {
    seen.add(e);
    const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
    parts.push(parts.length ? `caused by: ${text}` : text);
  }
  return parts.join('\n');
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
