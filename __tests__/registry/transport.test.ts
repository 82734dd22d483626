// @actions/http-client is ESM-only and jest (CommonJS) cannot load it. These tests use only the
// pure helpers of transport.ts, never the Transport class, so a stand-in for it is enough.
jest.mock('@actions/http-client', () => ({ HttpClient: class {} }), { virtual: true });

import { TransportError } from '../../src/model/errors';
import { isCertificateError, isPlainHttpServer, toTransportError } from '../../src/registry/transport';

const err = (code: string | undefined, message = 'x') => Object.assign(new Error(message), code ? { code } : {});

describe('isCertificateError', () => {
  test.each([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_GET_ISSUER_CERT',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'CERT_UNTRUSTED',
    'ERR_TLS_CERT_ALTNAME_INVALID'
  ])('%s is a certificate error', (code) => {
    expect(isCertificateError(err(code))).toBe(true);
  });

  test.each(['ECONNRESET', 'ECONNREFUSED', 'EPROTO', 'ENOTFOUND', 'ETIMEDOUT', 'ERR_SSL_WRONG_VERSION_NUMBER'])('%s is not', (code) => {
    expect(isCertificateError(err(code))).toBe(false);
  });

  test('no code, or not an error', () => {
    expect(isCertificateError(err(undefined, 'self signed certificate'))).toBe(false);
    expect(isCertificateError(undefined)).toBe(false);
    expect(isCertificateError(null)).toBe(false);
    expect(isCertificateError('CERT_HAS_EXPIRED')).toBe(false);
  });
});

describe('isPlainHttpServer', () => {
  test("Node 24's error for HTTPS against a plain HTTP server", () => {
    // As observed: https.get against http.createServer on Node 24.
    const e = err('EPROTO', 'write EPROTO 409D46E5137F0000:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number:../deps/openssl/openssl/ssl/record/methods/tlsany_meth.c:77:\n');
    expect(isPlainHttpServer(e)).toBe(true);
  });

  test.each([
    'write EPROTO 140:error:1408F10B:SSL routines:ssl3_get_record:wrong version number:',
    'write EPROTO error:1408F119:SSL routines:ssl3_get_record:packet length too long',
    'write EPROTO error:0A00009C:SSL routines::http request',
    'write EPROTO error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol'
  ])('EPROTO "%s"', (message) => {
    expect(isPlainHttpServer(err('EPROTO', message))).toBe(true);
  });

  test('other TLS failures are not a plain HTTP server', () => {
    expect(isPlainHttpServer(err('EPROTO', 'write EPROTO error:0A000410:SSL routines::sslv3 alert handshake failure'))).toBe(false);
    expect(isPlainHttpServer(err('ECONNRESET', 'wrong version number'))).toBe(false);
    expect(isPlainHttpServer(err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'))).toBe(false);
    expect(isPlainHttpServer(undefined)).toBe(false);
    expect(isPlainHttpServer({ code: 'EPROTO' })).toBe(false);
  });
});

describe('toTransportError', () => {
  const url = new URL('https://registry.example.com:5000/v2/o/app/manifests/1');

  test('names the host and keeps the code and the cause', () => {
    const cause = err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5000');
    const t = toTransportError(cause, url) as TransportError;
    expect(t).toBeInstanceOf(TransportError);
    expect(t.message).toBe('registry.example.com:5000: connect ECONNREFUSED 127.0.0.1:5000');
    expect(t.code).toBe('ECONNREFUSED');
    expect((t as { cause?: unknown }).cause).toBe(cause);
  });

  test('codes inferred for hang-ups and timeouts', () => {
    expect((toTransportError(err(undefined, 'socket hang up'), url) as TransportError).code).toBe('ECONNRESET');
    expect((toTransportError(err(undefined, 'aborted'), url) as TransportError).code).toBe('ECONNRESET');
    expect((toTransportError(err(undefined, 'Request timeout: /v2/'), url) as TransportError).code).toBe('TIMEOUT');
    expect((toTransportError(err(undefined, 'something else'), url) as TransportError).code).toBeUndefined();
  });

  test('a TransportError passes through unchanged', () => {
    const t = new TransportError('already', 'TOO_LARGE');
    expect(toTransportError(t, url)).toBe(t);
  });

  test('non-errors', () => {
    expect(toTransportError('boom', url).message).toBe('registry.example.com:5000: boom');
  });
});

describe('badHeader', () => {
  const { badHeader } = require('../../src/registry/transport') as typeof import('../../src/registry/transport');
  test('names a header whose value Node would refuse, never its value', () => {
    expect(badHeader({ Authorization: 'Bearer abc\r\n', Accept: 'x' })).toBe('Authorization');
    expect(badHeader({ Authorization: 'Bearer a\u0000b' })).toBe('Authorization');
    expect(badHeader({ Accept: 'a, b', 'Content-Type': 'x\ty' })).toBeUndefined();
  });
});
