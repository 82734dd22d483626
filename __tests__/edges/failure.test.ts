import {
  InputError,
  IntegrityError,
  RegistryError,
  TransportError,
  errorMessage,
  withContext,
  withHint
} from '../../src/model/errors';
import { oneLine } from '../../src/edges/failure';

describe('oneLine', () => {
  test('known errors: their message as is', () => {
    expect(oneLine(new InputError('input "tags" is empty'))).toBe('input "tags" is empty');
    expect(
      oneLine(
        new RegistryError(
          'ghcr.io/o/app:1 on ghcr.io: HTTP 403 DENIED: permission denied; check the login step',
          403,
          'DENIED'
        )
      )
    ).toBe('ghcr.io/o/app:1 on ghcr.io: HTTP 403 DENIED: permission denied; check the login step');
    expect(oneLine(new TransportError('ghcr.io: connect ECONNREFUSED', 'ECONNREFUSED'))).toBe(
      'ghcr.io: connect ECONNREFUSED'
    );
    expect(oneLine(new IntegrityError('digest mismatch'))).toBe('digest mismatch');
  });

  test('anything else is marked unexpected', () => {
    expect(oneLine(new TypeError("Cannot read properties of null (reading 'x')"))).toBe(
      "unexpected error: Cannot read properties of null (reading 'x')"
    );
    expect(oneLine('a string')).toBe('unexpected error: a string');
    expect(oneLine(undefined)).toBe('unexpected error: undefined');
  });

  test('always one line', () => {
    expect(oneLine(new InputError('unexpected argument "x"\nusage: manifest-fanin\n\n  --tags REF'))).toBe(
      'unexpected argument "x" usage: manifest-fanin --tags REF'
    );
    expect(oneLine(new Error('a\r\n  b'))).toBe('unexpected error: a b');
  });

  test('withContext keeps the type', () => {
    expect(oneLine(withContext(new RegistryError('HTTP 404', 404), 'source ghcr.io/o/app:1'))).toBe(
      'source ghcr.io/o/app:1: HTTP 404'
    );
  });
});

describe('errors', () => {
  test('names, fields and instanceof', () => {
    const r = new RegistryError('m', 429, 'TOOMANYREQUESTS', 3000);
    expect([r.name, r.status, r.code, r.retryAfterMs, r.message]).toEqual([
      'RegistryError',
      429,
      'TOOMANYREQUESTS',
      3000,
      'm'
    ]);
    expect(r).toBeInstanceOf(Error);
    expect(new InputError('x').name).toBe('InputError');
    expect(new IntegrityError('x').name).toBe('IntegrityError');
    const t = new TransportError('x', 'ECONNRESET');
    expect([t.name, t.code]).toEqual(['TransportError', 'ECONNRESET']);
  });

  test('withContext returns a copy with a prefix, of the same type and fields', () => {
    const e = new TransportError('reset', 'ECONNRESET');
    const w = withContext(e, 'push ghcr.io/o/app:1');
    expect(w).toBeInstanceOf(TransportError);
    expect(w.message).toBe('push ghcr.io/o/app:1: reset');
    expect(w.code).toBe('ECONNRESET');
    expect(w.name).toBe('TransportError');
    expect(e.message).toBe('reset');
    const r = withContext(new RegistryError('HTTP 500', 500, 'UNKNOWN', 2000, [{ code: 'UNKNOWN' }]), 'x');
    expect([r instanceof RegistryError, r.status, r.code, r.retryAfterMs, r.errors]).toEqual([
      true,
      500,
      'UNKNOWN',
      2000,
      [{ code: 'UNKNOWN' }]
    ]);
  });

  test('a shared error decorated by several callers names each context once (issue 8, 7)', () => {
    // One token refusal is awaited by every source: each adds its own name, none piles up.
    const shared = new RegistryError('127.0.0.1:5000: token server 127.0.0.1:6000 refused anonymous access', 401);
    const lines = ['source A', 'source B', 'source C'].map((ctx) => oneLine(withContext(shared, ctx)));
    expect(lines).toEqual([
      'source A: 127.0.0.1:5000: token server 127.0.0.1:6000 refused anonymous access',
      'source B: 127.0.0.1:5000: token server 127.0.0.1:6000 refused anonymous access',
      'source C: 127.0.0.1:5000: token server 127.0.0.1:6000 refused anonymous access'
    ]);
    expect(shared.message).toBe('127.0.0.1:5000: token server 127.0.0.1:6000 refused anonymous access');
    // The same context twice (a failure passing one caller twice) is said once.
    expect(withContext(withContext(shared, 'source A'), 'source A').message).toBe(
      'source A: 127.0.0.1:5000: token server 127.0.0.1:6000 refused anonymous access'
    );
  });

  test('withHint appends to a copy', () => {
    const e = new RegistryError('HTTP 404', 404);
    const h = withHint(e, '; check the name');
    expect([h.message, e.message, h.status]).toEqual(['HTTP 404; check the name', 'HTTP 404', 404]);
  });

  test('errorMessage', () => {
    expect(errorMessage(new Error('x'))).toBe('x');
    expect(errorMessage(42)).toBe('42');
  });
});
