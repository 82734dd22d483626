import { createHash } from 'node:crypto';
import { digestOf, digestProblem, isDigestRef, matchesDigest, parseDigest, referrersTag } from '../../src/model/digest';

const HEX64 = 'a'.repeat(64);

test('parse: algorithm and encoded part, by the image spec grammar', () => {
  expect(parseDigest(`sha256:${HEX64}`)).toEqual({ algorithm: 'sha256', encoded: HEX64 });
  expect(parseDigest(`sha512:${'b'.repeat(128)}`)).toEqual({ algorithm: 'sha512', encoded: 'b'.repeat(128) });
  expect(parseDigest('multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8')).toEqual({
    algorithm: 'multihash+base58',
    encoded: 'QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8'
  });
  expect(parseDigest('sha256')).toBeUndefined();
  expect(parseDigest('SHA256:abc')).toBeUndefined();
  expect(parseDigest('sha256:ab/c')).toBeUndefined();
  expect(parseDigest(':abc')).toBeUndefined();
});

test('usable digests: sha256 and sha512 (what Node computes); anything else refused in one line', () => {
  expect(digestProblem(`sha256:${HEX64}`)).toBeUndefined();
  expect(digestProblem(`sha512:${'0'.repeat(128)}`)).toBeUndefined();
  expect(digestProblem('nope')).toBe('"nope" is not a digest (algorithm:encoded, e.g. sha256:<64 hex digits>)');
  expect(digestProblem(`blake3:${HEX64}`)).toBe(
    'digest algorithm "blake3" is registered but cannot be verified here (sha256 and sha512 can)'
  );
  expect(digestProblem(`md5:${'a'.repeat(32)}`)).toBe(
    'digest algorithm "md5" is not supported (sha256 and sha512 are)'
  );
  expect(digestProblem(`sha256:${'A'.repeat(64)}`)).toBe(
    `"sha256:${'A'.repeat(64)}" is not a sha256 digest (64 lowercase hex digits)`
  );
  expect(digestProblem(`sha512:${HEX64}`)).toBe(`"sha512:${HEX64}" is not a sha512 digest (128 lowercase hex digits)`);
});

test('compute and match with the digest’s own algorithm', () => {
  const data = Buffer.from('{}');
  const s256 = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  const s512 = `sha512:${createHash('sha512').update(data).digest('hex')}`;
  expect(digestOf(data)).toBe(s256);
  expect(digestOf(data, 'sha512')).toBe(s512);
  expect(matchesDigest(data, s256)).toBe(true);
  expect(matchesDigest(data, s512)).toBe(true);
  expect(matchesDigest(Buffer.from('[]'), s512)).toBe(false);
  expect(() => matchesDigest(data, `blake3:${HEX64}`)).toThrow(/blake3/);
});

test('a manifest reference is a digest when it has the algorithm separator (a tag never has ":")', () => {
  expect(isDigestRef(`sha512:${'0'.repeat(128)}`)).toBe(true);
  expect(isDigestRef('v1.2')).toBe(false);
});

// distribution-spec spec.md, "Referrers Tag Schema": the table of examples, row by row.
test.each([
  [`sha256:${HEX64}`, `sha256-${HEX64}`],
  [`sha512:${'a'.repeat(128)}`, `sha512-${HEX64}`],
  [
    'test+algorithm+using+algorithm+separators+and+lots+of+characters+to+excercise+overall+truncation:alsoSome=InTheEncodedSectionToShowHyphenReplacementAndLotsAndLotsOfCharactersToExcerciseEncodedTruncation',
    'test-algorithm-using-algorithm-s-alsoSome-InTheEncodedSectionToShowHyphenReplacementAndLotsAndLot'
  ]
])('referrers tag schema: %s', (digest, tag) => {
  expect(referrersTag(digest)).toBe(tag);
});
