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

  test.each(['ECONNRESET', 'ECONNREFUSED', 'EPROTO', 'ENOTFOUND', 'ETIMEDOUT', 'ERR_SSL_WRONG_VERSION_NUMBER'])(
    '%s is not',
    (code) => {
      expect(isCertificateError(err(code))).toBe(false);
    }
  );

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
    const e = err(
      'EPROTO',
      'write EPROTO 409D46E5137F0000:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number:../deps/openssl/openssl/ssl/record/methods/tlsany_meth.c:77:\n'
    );
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
    expect(
      isPlainHttpServer(err('EPROTO', 'write EPROTO error:0A000410:SSL routines::sslv3 alert handshake failure'))
    ).toBe(false);
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

  test('a value already found clean is not scanned again; every other value is', () => {
    expect(badHeader({ Authorization: 'Bearer ok', Accept: 'a\r\n' }, 'Bearer ok')).toBe('Accept');
    expect(badHeader({ Authorization: 'Bearer other\n' }, 'Bearer ok')).toBe('Authorization');
  });
});

describe('Transport against a local server (agents injected: plain Node agents)', () => {
  const http = require('node:http') as typeof import('node:http');
  const { Transport, nodeAgents } =
    require('../../src/registry/transport') as typeof import('../../src/registry/transport');
  let server: import('node:http').Server;
  let base: string;
  const seen: Array<{ url: string; auth?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' });
        return res.end();
      }
      if (req.url === '/hang') return; // never answers
      if (req.url === '/chunks') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('abc');
        setTimeout(() => res.write('def'), 5);
        setTimeout(() => res.end('ghi'), 10);
        return;
      }
      if (req.url === '/cut' || req.url === '/part') {
        // Headers and the first bytes of a longer body, then the connection drops (or stalls).
        res.writeHead(200, { 'content-length': '100' });
        res.write('abc');
        if (req.url === '/cut') setTimeout(() => res.socket?.destroy(), 10);
        return;
      }
      if (req.url === '/away') {
        res.writeHead(307, {
          location: `http://localhost:${(server.address() as import('node:net').AddressInfo).port}/ok`
        });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const transport = (timeoutMs = 2_000) =>
    new Transport({ userAgent: 'test', timeoutMs, certsDir: '/nonexistent', agents: nodeAgents });

  test('a plain request, through the injected agent', async () => {
    const t = transport();
    const res = await t.request({ method: 'GET', url: `${base}/ok` });
    expect([res.status, res.body.toString()]).toEqual([200, 'ok']);
    t.dispose();
  });

  test('a redirect loop says so (issue 8, 12)', async () => {
    const t = transport();
    await expect(t.request({ method: 'GET', url: `${base}/loop` })).rejects.toMatchObject({
      name: 'TransportError',
      code: 'REDIRECT_LOOP',
      message: expect.stringMatching(/redirected more than 5 times.*redirect loop/)
    });
    t.dispose();
  });

  test('a redirect to another host carries no credentials', async () => {
    const t = transport();
    seen.length = 0;
    const res = await t.request({ method: 'GET', url: `${base}/away`, headers: { Authorization: 'Bearer x' } });
    expect(res.status).toBe(200);
    expect(seen.map((s) => s.auth)).toEqual(['Bearer x', undefined]);
    t.dispose();
  });

  test('a header value with CR/LF is refused before anything is sent, naming the header only', async () => {
    const t = transport();
    seen.length = 0;
    await expect(
      t.request({ method: 'GET', url: `${base}/ok`, headers: { Authorization: 'Bearer tok\r\nX: y' } })
    ).rejects.toMatchObject({
      code: 'BAD_HEADER',
      message: expect.not.stringContaining('tok')
    });
    expect(seen).toEqual([]);
    t.dispose();
  });

  test('after a clean token, a token with CR/LF is still refused (only the clean value is remembered)', async () => {
    const t = transport();
    expect(
      (await t.request({ method: 'GET', url: `${base}/ok`, headers: { Authorization: 'Bearer ok' } })).status
    ).toBe(200);
    await expect(
      t.request({ method: 'GET', url: `${base}/ok`, headers: { Authorization: 'Bearer ok\r\nX: y' } })
    ).rejects.toMatchObject({ code: 'BAD_HEADER' });
    t.dispose();
  });

  test('a request Node refuses synchronously fails at once and leaves no timer behind (issue 8, 6)', async () => {
    const t = transport(200);
    const started = Date.now();
    // An invalid header name: http.request throws before a request object exists.
    await expect(t.request({ method: 'GET', url: `${base}/ok`, headers: { 'Bad Name': 'x' } })).rejects.toMatchObject({
      name: 'TransportError'
    });
    expect(Date.now() - started).toBeLessThan(150);
    // Before the fix, a timer set before the request fired here with a ReferenceError.
    await new Promise((r) => setTimeout(r, 400));
    t.dispose();
  });

  test('an aborted request ends at once as CANCELLED (issue 13)', async () => {
    const t = transport(5_000);
    const done = new AbortController();
    const p = t.request({ method: 'GET', url: `${base}/hang`, signal: done.signal });
    setTimeout(() => done.abort(new Error('over')), 50);
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    t.dispose();
  });

  test('a body sent in several chunks arrives whole; one past maxBytes is refused as TOO_LARGE', async () => {
    const t = transport();
    const res = await t.request({ method: 'GET', url: `${base}/chunks` });
    expect(res.body.toString()).toBe('abcdefghi');
    await expect(t.request({ method: 'GET', url: `${base}/chunks`, maxBytes: 5 })).rejects.toMatchObject({
      name: 'TransportError',
      code: 'TOO_LARGE'
    });
    t.dispose();
  });

  test('a connection that drops mid-body fails with a retryable code, naming the host', async () => {
    const t = transport();
    const err = await t.request({ method: 'GET', url: `${base}/cut` }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'TransportError',
      code: 'ECONNRESET',
      message: expect.stringContaining('127.0.0.1')
    });
    t.dispose();
  });

  test('one abort listener on the run signal however many requests are in flight; its abort ends them all, headers or body', async () => {
    const { getEventListeners } = require('node:events') as typeof import('node:events');
    const t = transport(5_000);
    const done = new AbortController();
    const waiting = Array.from({ length: 20 }, () =>
      t.request({ method: 'GET', url: `${base}/hang`, signal: done.signal }).catch((e: unknown) => e)
    );
    const reading = t.request({ method: 'GET', url: `${base}/part`, signal: done.signal }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    expect(getEventListeners(done.signal, 'abort')).toHaveLength(1);
    const started = Date.now();
    done.abort(new Error('over'));
    const errs = await Promise.all(waiting);
    expect(errs.every((e) => (e as { code?: string }).code === 'CANCELLED')).toBe(true);
    // Cut while reading its body: the socket is gone under it.
    expect(await reading).toMatchObject({ name: 'TransportError', code: 'ECONNRESET' });
    expect(Date.now() - started).toBeLessThan(1_000);
    t.dispose();
  });

  test('no answer within the timeout is TIMEOUT', async () => {
    const t = transport(200);
    await expect(t.request({ method: 'GET', url: `${base}/hang` })).rejects.toMatchObject({ code: 'TIMEOUT' });
    t.dispose();
  });
});
