import { describeEntry, parseErrorBody } from '../../src/registry/error-body';

const b = (s: string) => Buffer.from(s);

describe('parseErrorBody', () => {
  test('OAuth2, docker-style and registry-style token refusals become one short phrase', () => {
    expect(parseErrorBody(b('{"error":"invalid_grant","error_description":"refresh token expired"}')).summary).toBe(
      'invalid_grant: refresh token expired'
    );
    expect(parseErrorBody(b('{"details":"bad credentials"}')).summary).toBe('bad credentials');
    expect(
      parseErrorBody(b('{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}')).summary
    ).toBe('DENIED requested access to the resource is denied');
  });

  test('every error of the body, each with its detail (issue 8: the detail is often the missing digest)', () => {
    const body = {
      errors: [
        { code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: 'sha256:aaaa' },
        { code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: { digest: 'sha256:bbbb' } },
        { code: 'SIZE_INVALID', message: 'provided length did not match content length' }
      ]
    };
    const r = parseErrorBody(b(JSON.stringify(body)), 'application/json; charset=utf-8');
    expect(r.errors.map((e) => e.code)).toEqual(['MANIFEST_BLOB_UNKNOWN', 'MANIFEST_BLOB_UNKNOWN', 'SIZE_INVALID']);
    expect(r.summary).toBe(
      'MANIFEST_BLOB_UNKNOWN blob unknown to registry (detail: sha256:aaaa); MANIFEST_BLOB_UNKNOWN blob unknown to registry (detail: {"digest":"sha256:bbbb"}); SIZE_INVALID provided length did not match content length'
    );
  });

  test("Docker Hub's plain-text 429 is quoted, on one line", () => {
    const r = parseErrorBody(
      b('You have reached your unauthenticated pull rate limit.\nhttps://www.docker.com/increase-rate-limit\n'),
      'text/plain; charset=utf-8'
    );
    expect(r.summary).toBe(
      'You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit'
    );
    expect(r.errors).toEqual([]);
  });

  test('control characters never reach the failure line; long bodies are cut', () => {
    expect(parseErrorBody(b('{"errors":[{"code":"DENIED","message":"no\\r\\n::error::x\\u0007"}]}')).summary).toBe(
      'DENIED no ::error::x'
    );
    expect(parseErrorBody(b('x'.repeat(5000)), 'text/plain').summary!.length).toBeLessThanOrEqual(300);
  });

  test('nothing useful: undefined', () => {
    expect(parseErrorBody(b('<html>502</html>')).summary).toBeUndefined();
    expect(parseErrorBody(b('oops'), 'text/html').summary).toBeUndefined();
    expect(parseErrorBody(b('{}')).summary).toBeUndefined();
    expect(parseErrorBody(b('')).summary).toBeUndefined();
    expect(parseErrorBody(undefined).summary).toBeUndefined();
    expect(parseErrorBody(b('null')).summary).toBeUndefined();
  });

  test('describeEntry leaves out what is missing', () => {
    expect(describeEntry({ code: 'UNKNOWN' })).toBe('UNKNOWN');
    expect(describeEntry({ message: 'm', detail: {} })).toBe('m');
    expect(
      describeEntry({ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: 'x/y' } })
    ).toBe('NAME_UNKNOWN repository name not known to registry (detail: {"name":"x/y"})');
  });
});
