/** The predicates beside the error types, and context added through `cause` (the original's stack survives). */
import {
  InputError,
  IntegrityError,
  RegistryError,
  TransportError,
  debugTrace,
  hasCode,
  hasStatus,
  isDenied,
  isKnownFailure,
  isNotFound,
  isReferenceUnknown,
  isServerFailure,
  withContext,
  withHint
} from '../../src/model/errors';
import { isTransient } from '../../src/registry/retry';

const reg = (status: number, code?: string) => new RegistryError('x', status, code, undefined, code ? [{ code }] : []);

test('predicates', () => {
  expect(isNotFound(reg(404))).toBe(true);
  expect(isNotFound(reg(403))).toBe(false);
  expect(isNotFound(new TransportError('404'))).toBe(false);
  expect(isDenied(reg(401))).toBe(true);
  expect(isDenied(reg(403))).toBe(true);
  expect(isDenied(reg(400, 'DENIED'))).toBe(true);
  expect(isDenied(reg(404))).toBe(false);
  expect(isReferenceUnknown(reg(400, 'MANIFEST_BLOB_UNKNOWN'))).toBe(true);
  expect(isReferenceUnknown(reg(404, 'MANIFEST_UNKNOWN'))).toBe(true);
  expect(isReferenceUnknown(reg(400, 'MANIFEST_INVALID'))).toBe(false);
  expect(isServerFailure(reg(500))).toBe(true);
  expect(isServerFailure(reg(429))).toBe(false);
  expect(hasStatus(reg(405), 400, 405)).toBe(true);
  expect(hasCode(reg(400, 'TAG_INVALID'), 'TAG_INVALID')).toBe(true);
  expect(hasCode(new Error('TAG_INVALID'), 'TAG_INVALID')).toBe(false);
  expect(isTransient(reg(503))).toBe(true);
  expect(isTransient(new TransportError('x', 'ECONNRESET'))).toBe(true);
  expect(isTransient(reg(404))).toBe(false);
  for (const e of [new InputError('x'), reg(400), new TransportError('x'), new IntegrityError('x')])
    expect(isKnownFailure(e)).toBe(true);
  expect(isKnownFailure(new TypeError('x'))).toBe(false);
});

function thrownAt(): RegistryError {
  return new RegistryError('HTTP 500 UNKNOWN', 500, 'UNKNOWN', 1000, [{ code: 'UNKNOWN' }]);
}

test('withContext: same type and fields, same message as before, the original (and its stack) as the cause', () => {
  const original = thrownAt();
  const stack = original.stack;
  const wrapped = withContext(original, 'PUT manifest r/a:v1');
  expect(wrapped).not.toBe(original);
  expect(wrapped).toBeInstanceOf(RegistryError);
  expect(wrapped.message).toBe('PUT manifest r/a:v1: HTTP 500 UNKNOWN');
  expect([wrapped.status, wrapped.code, wrapped.retryAfterMs, wrapped.errors]).toEqual([
    500,
    'UNKNOWN',
    1000,
    [{ code: 'UNKNOWN' }]
  ]);
  expect(wrapped.cause).toBe(original);
  // The original is untouched: its message and its stack (with the frame that threw) survive.
  expect(original.message).toBe('HTTP 500 UNKNOWN');
  expect(original.stack).toBe(stack);
  expect(original.stack).toMatch(/at thrownAt/);
  // Said once, even through the chain.
  expect(withContext(wrapped, 'PUT manifest r/a:v1')).toBe(wrapped);
  const hinted = withHint(wrapped, '; try again');
  expect(hinted.message).toBe('PUT manifest r/a:v1: HTTP 500 UNKNOWN; try again');
  expect(hinted.cause).toBe(wrapped);
});

test('withContext keeps subclasses, fields attached by callers, and other error types', () => {
  class Special extends RegistryError {}
  const s = withContext(Object.assign(new Special('x', 404), { tagsWritten: ['a'] }), 'ctx');
  expect(s).toBeInstanceOf(Special);
  expect((s as unknown as { tagsWritten: string[] }).tagsWritten).toEqual(['a']);
  const t = withContext(new TransportError('reset', 'ECONNRESET'), 'ctx');
  expect(t).toBeInstanceOf(TransportError);
  expect(t.code).toBe('ECONNRESET');
  const type = withContext(new TypeError('bad'), 'ctx');
  expect(type).toBeInstanceOf(TypeError);
  expect(type.message).toBe('ctx: bad');
});

test('debugTrace: every stack down the cause chain', () => {
  const inner = new TypeError('inner');
  const trace = debugTrace(withContext(withContext(inner, 'b'), 'a'));
  expect(trace).toMatch(/^TypeError: a: b: inner/);
  expect(trace).toContain('caused by: TypeError: b: inner');
  expect(trace).toContain('caused by: TypeError: inner');
  expect(trace.split('caused by:')).toHaveLength(3);
});
