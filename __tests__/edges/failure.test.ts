import { InputError, IntegrityError, RegistryError, TransportError, errorMessage, withContext } from '../../src/model/errors';
import { oneLine } from '../../src/edges/failure';

describe('oneLine', () => {
  test('known errors: their message as is', () => {
    expect(oneLine(new InputError('input "tags" is empty'))).toBe('input "tags" is empty');
    expect(
      oneLine(new RegistryError('ghcr.io/o/app:1 on ghcr.io: HTTP 403 DENIED: permission denied; check the login step', 403, 'DENIED'))
    ).toBe('ghcr.io/o/app:1 on ghcr.io: HTTP 403 DENIED: permission denied; check the login step');
    expect(oneLine(new TransportError('ghcr.io: connect ECONNREFUSED', 'ECONNREFUSED'))).toBe('ghcr.io: connect ECONNREFUSED');
    expect(oneLine(new IntegrityError('digest mismatch'))).toBe('digest mismatch');
  });

  test('anything else is marked unexpected', () => {
    expect(oneLine(new TypeError("Cannot read properties of null (reading 'x')"))).toBe("unexpected error: Cannot read properties of null (reading 'x')");
    expect(oneLine('a string')).toBe('unexpected error: a string');
    expect(oneLine(undefined)).toBe('unexpected error: undefined');
  });

  test('always one line', () => {
    expect(oneLine(new InputError('unexpected argument "x"\nusage: manifest-fanin\n\n  --tags REF'))).toBe('unexpected argument "x" usage: manifest-fanin --tags REF');
    expect(oneLine(new Error('a\r\n  b'))).toBe('unexpected error: a b');
  });

  test('withContext keeps the type', () => {
    expect(oneLine(withContext(new RegistryError('HTTP 404', 404), 'source ghcr.io/o/app:1'))).toBe('source ghcr.io/o/app:1: HTTP 404');
  });
});

describe('errors', () => {
  test('names, fields and instanceof', () => {
    const r = new RegistryError('m', 429, 'TOOMANYREQUESTS', 3000);
    expect([r.name, r.status, r.code, r.retryAfterMs, r.message]).toEqual(['RegistryError', 429, 'TOOMANYREQUESTS', 3000, 'm']);
    expect(r).toBeInstanceOf(Error);
    expect(new InputError('x').name).toBe('InputError');
    expect(new IntegrityError('x').name).toBe('IntegrityError');
    const t = new TransportError('x', 'ECONNRESET');
    expect([t.name, t.code]).toEqual(['TransportError', 'ECONNRESET']);
  });

  test('withContext returns the same error with a prefix', () => {
    const e = new TransportError('reset', 'ECONNRESET');
    const w = withContext(e, 'push ghcr.io/o/app:1');
    expect(w).toBe(e);
    expect(w.message).toBe('push ghcr.io/o/app:1: reset');
    expect(w.code).toBe('ECONNRESET');
  });

  test('errorMessage', () => {
    expect(errorMessage(new Error('x'))).toBe('x');
    expect(errorMessage(42)).toBe('42');
  });
});
