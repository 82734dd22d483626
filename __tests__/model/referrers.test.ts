import {
  BUILDKIT_ATTESTATION,
  cosignTags,
  describeReferrer,
  fallbackTag,
  isBuildkitAttestation,
  mergeFallbackIndex,
  referrerDescriptors
} from '../../src/model/referrers';
import { type Descriptor, MediaType, parseManifest, sha256 } from '../../src/model/manifest';

const S = 'sha256:' + 'a'.repeat(64);
const R1: Descriptor = {
  mediaType: MediaType.OciManifest,
  digest: 'sha256:' + '1'.repeat(64),
  size: 10,
  artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json'
};
const R2: Descriptor = {
  mediaType: MediaType.OciManifest,
  digest: 'sha256:' + '2'.repeat(64),
  size: 20,
  artifactType: 'application/spdx+json'
};

test('tag names: the fallback tag and cosign tags of a digest', () => {
  expect(fallbackTag(S)).toBe('sha256-' + 'a'.repeat(64));
  expect(cosignTags(S)).toEqual(['sig', 'att', 'sbom'].map((s) => `sha256-${'a'.repeat(64)}.${s}`));
  // sha512: the referrers tag schema truncates; cosign's names would pass a tag's 128 characters.
  expect(fallbackTag('sha512:' + 'b'.repeat(128))).toBe('sha512-' + 'b'.repeat(64));
  expect(cosignTags('sha512:' + 'b'.repeat(128))).toEqual([]);
});

test('referrerDescriptors reads an index and drops entries that are not descriptors', () => {
  const body = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [R1, { digest: 3 }, null] })
  );
  expect(referrerDescriptors(body, 'x')).toEqual([R1]);
  expect(() => referrerDescriptors(Buffer.from('<html>'), 'the answer')).toThrow(/the answer is not valid JSON/);
  expect(() => referrerDescriptors(Buffer.from('{}'), 'the answer')).toThrow(/not an image index/);
});

test('describeReferrer: artifactType, else the config media type; annotations kept', () => {
  const config = { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256('{}'), size: 2 };
  const art = parseManifest(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.OciManifest,
        artifactType: 'application/x-sig',
        config,
        layers: [],
        subject: { mediaType: MediaType.OciManifest, digest: S, size: 1 },
        annotations: { a: 'b' }
      })
    ),
    undefined
  );
  expect(describeReferrer(art, R1.digest, 99)).toEqual({
    mediaType: MediaType.OciManifest,
    digest: R1.digest,
    size: 99,
    artifactType: 'application/x-sig',
    annotations: { a: 'b' }
  });
  const old = parseManifest(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.OciManifest,
        config: { ...config, mediaType: 'application/x-sbom' },
        layers: []
      })
    ),
    undefined
  );
  expect(describeReferrer(old, R1.digest, 5)).toEqual({
    mediaType: MediaType.OciManifest,
    digest: R1.digest,
    size: 5,
    artifactType: 'application/x-sbom'
  });
});

describe('mergeFallbackIndex', () => {
  test('a new index when there is none', () => {
    const m = mergeFallbackIndex(undefined, [R1]);
    expect(m.changed).toBe(true);
    expect(JSON.parse(m.bytes.toString())).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.OciIndex,
      manifests: [R1]
    });
    expect(m.digest).toBe(sha256(m.bytes));
  });

  test("keeps what the index lists (another tool's referrer), appends the new one, keeps other fields", () => {
    const existing = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [R2], annotations: { k: 'v' } })
    );
    const m = mergeFallbackIndex(existing, [R1, R2]);
    expect(m.changed).toBe(true);
    expect(JSON.parse(m.bytes.toString())).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.OciIndex,
      manifests: [R2, R1],
      annotations: { k: 'v' }
    });
  });

  test('nothing new: unchanged, the same bytes', () => {
    const existing = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [R2, R1] }, null, 2)
    );
    const m = mergeFallbackIndex(existing, [R1, R1]);
    expect(m.changed).toBe(false);
    expect(m.bytes).toBe(existing);
  });

  test('the same referrer twice in what is added is listed once', () => {
    expect(JSON.parse(mergeFallbackIndex(undefined, [R1, R1]).bytes.toString()).manifests).toEqual([R1]);
  });

  test('a fallback tag holding something else is an error, not overwritten', () => {
    expect(() => mergeFallbackIndex(Buffer.from('{"schemaVersion":2,"config":{}}'), [R1])).toThrow(
      /not an image index/
    );
  });
});

test("isBuildkitAttestation: by the manifest's artifactType", () => {
  const config = { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256('{}'), size: 2 };
  const m = (artifactType?: string) =>
    parseManifest(
      Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OciManifest, artifactType, config, layers: [] })
      ),
      undefined
    );
  expect(isBuildkitAttestation(m(BUILDKIT_ATTESTATION))).toBe(true);
  expect(isBuildkitAttestation(m('application/vnd.dev.sigstore.bundle.v0.3+json'))).toBe(false);
  expect(isBuildkitAttestation(m())).toBe(false);
});
