import { freshRepos, orderForCopy, prerequisites } from '../../src/steps/copy';
import { isLagRefusal, withRepoHint } from '../../src/steps/put';
import { RegistryError } from '../../src/model/errors';
import { type Descriptor, type ImageManifest, type IndexManifest, MediaType, blobsOf } from '../../src/model/manifest';

const dg = (c: string) => 'sha256:' + c.repeat(64);
const desc = (c: string, extra: Partial<Descriptor> = {}): Descriptor => ({
  mediaType: MediaType.OciManifest,
  digest: dg(c),
  size: 1,
  ...extra
});
const image = (subject?: string, layers: Descriptor[] = []): ImageManifest => ({
  kind: 'image',
  mediaType: MediaType.OciManifest,
  config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: dg('e'), size: 2 },
  layers,
  subject: subject ? desc(subject) : undefined
});
const item = (c: string, manifest: ImageManifest | IndexManifest) => ({ descriptor: desc(c), manifest });

test('blobsOf: every blob, foreign and non-distributable ones and those with urls included', () => {
  const layers = [
    desc('1', {
      mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
      urls: ['https://mcr.microsoft.com/x']
    }),
    desc('2', { mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip' }),
    desc('3', { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' })
  ];
  expect(blobsOf(image(undefined, layers)).map((d) => d.digest)).toEqual([dg('e'), dg('1'), dg('2'), dg('3')]);
  expect(blobsOf({ kind: 'index', mediaType: MediaType.OciIndex, manifests: [desc('1')] })).toEqual([]);
});

test("prerequisites: a subject, an index's children", () => {
  expect(prerequisites(image('a'))).toEqual([dg('a')]);
  expect(prerequisites(image())).toEqual([]);
  expect(prerequisites({ kind: 'index', mediaType: MediaType.OciIndex, manifests: [desc('1'), desc('2')] })).toEqual([
    dg('1'),
    dg('2')
  ]);
});

test('orderForCopy puts what a manifest names before it, and keeps input order otherwise', () => {
  const sig = item('s', image('t')); // signs the attestation
  const att = item('t', image('i')); // attests the image
  const img = item('i', image());
  const other = item('o', image());
  const idx = item('x', { kind: 'index', mediaType: MediaType.OciIndex, manifests: [desc('o')] });
  expect(orderForCopy([sig, idx, att, other, img]).map((i) => i.descriptor.digest[7])).toEqual([
    'i',
    't',
    's',
    'o',
    'x'
  ]);
  // A subject outside the set (already in the target) does not hold anything back.
  expect(orderForCopy([att]).map((i) => i.descriptor.digest[7])).toEqual(['t']);
});

test('freshRepos: only repositories this run wrote into', () => {
  const z = { manifestsPresent: 0, manifestsCopied: 0, blobsMounted: 0, blobsStreamed: 0, bytesStreamed: 0 };
  const stats = {
    manifestsPresent: 0,
    manifestsCopied: 0,
    blobsPresent: 0,
    blobsMounted: 0,
    blobsStreamed: 0,
    bytesStreamed: 0,
    repos: {
      'r/a': { ...z, manifestsCopied: 1 },
      'r/b': { ...z, manifestsPresent: 2 },
      'r/c': { ...z, blobsMounted: 1 }
    }
  };
  expect([...freshRepos(stats)]).toEqual(['r/a', 'r/c']);
});

test('isLagRefusal: an unknown manifest or blob named in a PUT, nothing else', () => {
  expect(isLagRefusal(new RegistryError('x', 400, 'MANIFEST_BLOB_UNKNOWN'))).toBe(true);
  expect(isLagRefusal(new RegistryError('x', 404, 'MANIFEST_UNKNOWN'))).toBe(true);
  expect(isLagRefusal(new RegistryError('x', 400, 'MANIFEST_INVALID'))).toBe(false);
  expect(isLagRefusal(new Error('MANIFEST_UNKNOWN'))).toBe(false);
});

test('withRepoHint: NAME_UNKNOWN says to create the repository, once', () => {
  const e = withRepoHint(
    withRepoHint(new RegistryError('PUT x: answered HTTP 404 NAME_UNKNOWN', 404, 'NAME_UNKNOWN'), 'r.example/app'),
    'r.example/app'
  );
  expect(e.message).toBe(
    'PUT x: answered HTTP 404 NAME_UNKNOWN; create the repository r.example/app first (some registries, such as ECR, do not create repositories on push)'
  );
  expect(withRepoHint(new RegistryError('y', 401, 'UNAUTHORIZED'), 'r').message).toBe('y');
});
