import crypto from 'node:crypto';
import { contentDigestMismatch, storedDigestMismatch } from '../../src/registry/content-digest';

const bytes = Buffer.from('{"schemaVersion":2}');
const hex = (alg: string, b: Buffer | string) => `${alg}:${crypto.createHash(alg).update(b).digest('hex')}`;
const s256 = hex('sha256', bytes);
const s512 = hex('sha512', bytes);
const other256 = hex('sha256', 'x');
const other512 = hex('sha512', 'x');

test('answers that agree with their bytes pass, in either algorithm', () => {
  expect(contentDigestMismatch('r.example', bytes, undefined, s256)).toBeUndefined();
  expect(contentDigestMismatch('r.example', bytes, undefined, s512)).toBeUndefined();
  expect(contentDigestMismatch('r.example', bytes, s512, s256)).toBeUndefined();
  expect(contentDigestMismatch('r.example', bytes, undefined, undefined)).toBeUndefined();
  // Not computable here: the spec lets a client ignore it.
  expect(contentDigestMismatch('r.example', bytes, undefined, `blake3:${'a'.repeat(64)}`)).toBeUndefined();
});

test('a contradiction names the registry and both digests', () => {
  expect(contentDigestMismatch('r.example', bytes, other256, undefined)).toBe(
    `r.example sent bytes whose digest is ${s256}, not ${other256} as asked`
  );
  expect(contentDigestMismatch('r.example', bytes, undefined, other512)).toBe(
    `r.example answered Docker-Content-Digest ${other512}, but the bytes it sent have digest ${s512}`
  );
});

test('a PUT answer: the stored digest against the bytes sent', () => {
  expect(storedDigestMismatch('r.example', bytes, s256, s256)).toBeUndefined();
  expect(storedDigestMismatch('r.example', bytes, s256, s512)).toBeUndefined();
  expect(storedDigestMismatch('r.example', bytes, s256, undefined)).toBeUndefined();
  expect(storedDigestMismatch('r.example', bytes, s256, other256)).toBe(
    `r.example answered Docker-Content-Digest ${other256}, but the manifest sent has digest ${s256}`
  );
});
