import { InputError } from '../../src/model/errors';
import {
  REF_NAME,
  blobPath,
  isLayoutSource,
  parseLayoutIndex,
  parseLayoutSource,
  selectLayoutManifest
} from '../../src/model/layout';
import { formatReference, repoName, withDefaultTag } from '../../src/model/reference';
import { parseSource } from '../../src/model/source';

const D = 'sha256:' + 'ab'.repeat(32);
const FIRST = { registry: 'ghcr.io', repository: 'o/app', tag: '1' };
const E = 'sha256:' + 'cd'.repeat(32);

describe('oci-layout://PATH[:TAG][@DIGEST]', () => {
  test.each([
    ['oci-layout://out', { layout: 'out', tag: undefined, digest: undefined }],
    ['oci-layout://./out/app.tar:v1', { layout: './out/app.tar', tag: 'v1', digest: undefined }],
    [`oci-layout:///tmp/x@${D}`, { layout: '/tmp/x', tag: undefined, digest: D }],
    [`oci-layout://dir:amd64-1.0@${D}`, { layout: 'dir', tag: 'amd64-1.0', digest: D }],
    ['oci-layout://C:\\build\\out', { layout: 'C:\\build\\out', tag: undefined, digest: undefined }],
    ['oci-layout://C:/build/out:v2', { layout: 'C:/build/out', tag: 'v2', digest: undefined }],
    ['oci-layout://a:b/c', { layout: 'a:b/c', tag: undefined, digest: undefined }]
  ])('%s', (input, want) => {
    const ref = parseSource(input, FIRST);
    expect(ref).toMatchObject(want);
    expect(isLayoutSource(input)).toBe(true);
    // Formatting gives the form back; no default tag; the "registry" names the layout whole.
    expect(formatReference(ref)).toBe(input);
    expect(withDefaultTag(ref)).toBe(ref);
    expect(repoName(ref)).toBe(`oci-layout://${want.layout}`);
  });

  test('bad forms name the source', () => {
    expect(() => parseLayoutSource('oci-layout://')).toThrow('the path is missing');
    expect(() => parseLayoutSource('oci-layout://x@sha256:abc')).toThrow('not a sha256 digest');
  });

  test('a registry reference is still one', () => {
    expect(parseSource('ghcr.io/o/app:1', FIRST)).toEqual({ registry: 'ghcr.io', repository: 'o/app', tag: '1' });
    expect(() => parseSource('docker://ghcr.io/o/app', FIRST)).toThrow('has no scheme');
  });
});

describe('index.json', () => {
  const m = (digest: string, tag?: string) => ({
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest,
    size: 10,
    ...(tag ? { annotations: { [REF_NAME]: tag } } : {})
  });

  test('parseLayoutIndex checks descriptors', () => {
    expect(parseLayoutIndex(Buffer.from(JSON.stringify({ manifests: [m(D)] })))).toEqual([m(D)]);
    expect(() => parseLayoutIndex(Buffer.from('{'))).toThrow('not valid JSON');
    expect(() => parseLayoutIndex(Buffer.from('{}'))).toThrow('no "manifests"');
    expect(() => parseLayoutIndex(Buffer.from('{"manifests":[{"digest":"x"}]}'))).toThrow('manifests[0]');
  });

  test('selection: by tag, by digest, both, or the only one', () => {
    const two = [m(D, 'a'), m(E, 'b')];
    expect(selectLayoutManifest(two, { tag: 'b' }, 'S')?.digest).toBe(E);
    expect(selectLayoutManifest(two, { digest: D }, 'S')?.digest).toBe(D);
    expect(selectLayoutManifest(two, { tag: 'a', digest: D }, 'S')?.digest).toBe(D);
    expect(selectLayoutManifest([m(D)], {}, 'S')?.digest).toBe(D);
    // A digest index.json does not name: the caller looks among the blobs.
    expect(selectLayoutManifest(two, { digest: 'sha256:' + '0'.repeat(64) }, 'S')).toBeUndefined();
  });

  test('no selector and several manifests: one error listing them; unknown tags and disagreements too', () => {
    const two = [m(D, 'a'), m(E)];
    expect(() => selectLayoutManifest(two, {}, 'oci-layout://x')).toThrow(
      `source oci-layout://x: its index.json names 2: ${D} (tag "a", application/vnd.oci.image.index.v1+json), ${E} (no tag, application/vnd.oci.image.index.v1+json); select one with oci-layout://PATH:TAG or oci-layout://PATH@DIGEST`
    );
    expect(() => selectLayoutManifest([], {}, 'S')).toThrow('names no manifest');
    expect(() => selectLayoutManifest(two, { tag: 'z' }, 'S')).toThrow('no manifest has the tag "z"');
    expect(() => selectLayoutManifest(two, { tag: 'a', digest: E }, 'S')).toThrow(`names ${D}, not ${E}`);
    expect(() => selectLayoutManifest(two, {}, 'S')).toThrow(InputError);
  });

  test('blobPath', () => expect(blobPath(D)).toBe(`blobs/sha256/${'ab'.repeat(32)}`));
});
