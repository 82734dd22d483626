import { createHash } from 'node:crypto';
import { IntegrityError } from '../../src/model/errors';
import {
  ACCEPT_MANIFESTS,
  type Descriptor,
  MAX_MANIFEST_BYTES,
  MediaType,
  buildList,
  isDockerType,
  isIndexType,
  servedElsewhere,
  parseManifest,
  sha256
} from '../../src/model/manifest';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);
const C = 'sha256:' + 'c'.repeat(64);
const buf = (o: unknown) => Buffer.from(JSON.stringify(o));

describe('constants and predicates', () => {
  test('media types', () => {
    expect(MediaType).toEqual({
      DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
      DockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
      DockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
      DockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
      OciManifest: 'application/vnd.oci.image.manifest.v1+json',
      OciIndex: 'application/vnd.oci.image.index.v1+json'
    });
  });

  test('Accept names exactly the four accepted types, no schema 1', () => {
    expect(ACCEPT_MANIFESTS).toBe(
      'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
    );
    expect(MAX_MANIFEST_BYTES).toBe(4194304);
  });

  test('sha256 of bytes and of strings', () => {
    expect(sha256('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256(Buffer.from('{}'))).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  test('isIndexType / isDockerType', () => {
    expect(isIndexType(MediaType.OciIndex)).toBe(true);
    expect(isIndexType(MediaType.DockerList)).toBe(true);
    expect(isIndexType(MediaType.OciManifest)).toBe(false);
    expect(isIndexType(MediaType.DockerManifest)).toBe(false);
    expect(isDockerType(MediaType.DockerManifest)).toBe(true);
    expect(isDockerType(MediaType.DockerList)).toBe(true);
    expect(isDockerType(MediaType.OciManifest)).toBe(false);
    expect(isDockerType('application/vnd.in-toto+json')).toBe(false);
  });

  test('servedElsewhere: only a descriptor with urls, whatever its media type', () => {
    const d = (mediaType: string, urls?: string[]): Descriptor => ({ mediaType, digest: A, size: 1, urls });
    expect(servedElsewhere(d('application/vnd.docker.image.rootfs.foreign.diff.tar.gzip'))).toBe(false);
    expect(servedElsewhere(d('application/vnd.oci.image.layer.nondistributable.v1.tar+gzip'))).toBe(false);
    expect(
      servedElsewhere(d('application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', ['https://mcr.microsoft.com/x']))
    ).toBe(true);
    expect(servedElsewhere(d('application/vnd.oci.image.layer.v1.tar+gzip', ['https://mcr.microsoft.com/x']))).toBe(
      true
    );
    expect(servedElsewhere(d('application/vnd.oci.image.layer.v1.tar+gzip', []))).toBe(false);
    expect(servedElsewhere(d('application/vnd.docker.image.rootfs.diff.tar.gzip'))).toBe(false);
  });
});

describe('parseManifest', () => {
  const config = { mediaType: 'application/vnd.docker.container.image.v1+json', digest: A, size: 100 };
  const layer = { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: B, size: 200 };

  test('Docker v2 image manifest', () => {
    const m = parseManifest(
      buf({ schemaVersion: 2, mediaType: MediaType.DockerManifest, config, layers: [layer] }),
      MediaType.DockerManifest
    );
    expect(m).toEqual({
      kind: 'image',
      mediaType: MediaType.DockerManifest,
      config,
      layers: [layer],
      subject: undefined
    });
  });

  test('OCI image manifest with a subject', () => {
    const subject = { mediaType: MediaType.OciManifest, digest: C, size: 300 };
    const m = parseManifest(
      buf({ schemaVersion: 2, mediaType: MediaType.OciManifest, config, layers: [], subject }),
      undefined
    );
    expect(m).toEqual({ kind: 'image', mediaType: MediaType.OciManifest, config, layers: [], subject });
  });

  test('Docker manifest list', () => {
    const child = {
      mediaType: MediaType.DockerManifest,
      digest: A,
      size: 10,
      platform: { architecture: 'amd64', os: 'linux' }
    };
    const m = parseManifest(
      buf({ schemaVersion: 2, mediaType: MediaType.DockerList, manifests: [child] }),
      MediaType.DockerList
    );
    expect(m).toEqual({ kind: 'index', mediaType: MediaType.DockerList, manifests: [child], annotations: undefined });
  });

  test('OCI index with annotations', () => {
    const child = { mediaType: MediaType.OciManifest, digest: A, size: 10, annotations: { x: 'y' } };
    const m = parseManifest(
      buf({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [child], annotations: { t: 'v' } }),
      undefined
    );
    expect(m).toEqual({ kind: 'index', mediaType: MediaType.OciIndex, manifests: [child], annotations: { t: 'v' } });
  });

  test('no mediaType field: the Content-Type decides (parameters ignored)', () => {
    const m = parseManifest(buf({ schemaVersion: 2, manifests: [] }), `${MediaType.DockerList}; charset=utf-8`);
    expect(m.mediaType).toBe(MediaType.DockerList);
    expect(m.kind).toBe('index');
  });

  test('no mediaType field and a generic Content-Type: the shape decides', () => {
    expect(parseManifest(buf({ schemaVersion: 2, manifests: [] }), 'application/json').mediaType).toBe(
      MediaType.OciIndex
    );
    expect(parseManifest(buf({ schemaVersion: 2, config, layers: [] }), 'text/plain').mediaType).toBe(
      MediaType.OciManifest
    );
    expect(parseManifest(buf({ schemaVersion: 2, config }), undefined)).toEqual({
      kind: 'image',
      mediaType: MediaType.OciManifest,
      config,
      layers: [],
      subject: undefined
    });
  });

  test('the declared mediaType wins over the Content-Type', () => {
    const m = parseManifest(
      buf({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [] }),
      MediaType.DockerManifest
    );
    expect(m.mediaType).toBe(MediaType.OciIndex);
  });

  const schema1 =
    'it is a Docker schema 1 manifest, which is deprecated and cannot be listed; rebuild and push it with a current docker/buildx';

  test('schema 1 is refused with a clear message, however it is recognized', () => {
    const s1 = buf({
      schemaVersion: 1,
      name: 'library/x',
      tag: 'latest',
      architecture: 'amd64',
      fsLayers: [],
      history: []
    });
    expect(() => parseManifest(s1, 'application/json')).toThrow(schema1);
    expect(() => parseManifest(s1, MediaType.DockerSchema1Signed)).toThrow(IntegrityError);
    expect(() => parseManifest(buf({ fsLayers: [] }), MediaType.DockerSchema1Signed)).toThrow(schema1);
    expect(() => parseManifest(buf({ mediaType: MediaType.DockerSchema1 }), undefined)).toThrow(schema1);
  });

  test('not JSON', () => {
    expect(() => parseManifest(Buffer.from('<html>'), 'text/html')).toThrow('the manifest is not valid JSON');
    expect(() => parseManifest(Buffer.from(''), undefined)).toThrow(IntegrityError);
  });

  test('JSON that is not an object is an IntegrityError, not a TypeError', () => {
    expect(() => parseManifest(Buffer.from('null'), MediaType.OciIndex)).toThrow(IntegrityError);
  });

  test('unsupported media type', () => {
    expect(() =>
      parseManifest(buf({ schemaVersion: 2, mediaType: 'application/vnd.cncf.helm.config.v1+json' }), undefined)
    ).toThrow('unsupported manifest media type "application/vnd.cncf.helm.config.v1+json"');
  });

  test('an index without manifests', () => {
    expect(() => parseManifest(buf({ schemaVersion: 2, mediaType: MediaType.OciIndex }), undefined)).toThrow(
      `a ${MediaType.OciIndex} without "manifests"`
    );
  });

  test('an index whose "manifests" is there but not an array says what it is (issue 17 item 13)', () => {
    const idx = (manifests: unknown) => buf({ schemaVersion: 2, mediaType: MediaType.OciIndex, manifests });
    expect(() => parseManifest(idx({ a: 1 }), undefined)).toThrow(
      `a ${MediaType.OciIndex} whose "manifests" is an object, not an array`
    );
    expect(() => parseManifest(idx('x'), undefined)).toThrow('whose "manifests" is the string "x", not an array');
    expect(() => parseManifest(idx(null), undefined)).toThrow('whose "manifests" is null, not an array');
    expect(() => parseManifest(idx(7), undefined)).not.toThrow('without "manifests"');
  });

  test('bad descriptors are named by position', () => {
    expect(() =>
      parseManifest(
        buf({
          mediaType: MediaType.OciIndex,
          manifests: [
            { mediaType: MediaType.OciManifest, digest: A, size: 1 },
            { digest: A, size: 1 }
          ]
        }),
        undefined
      )
    ).toThrow('manifests[1] is not a valid descriptor (needs mediaType, digest and size)');
    expect(() =>
      parseManifest(
        buf({ mediaType: MediaType.OciManifest, config: { ...config, size: '100' }, layers: [] }),
        undefined
      )
    ).toThrow('config is not a valid descriptor');
    expect(() => parseManifest(buf({ mediaType: MediaType.OciManifest, layers: [] }), undefined)).toThrow(
      'config is not a valid descriptor'
    );
    const d512 = 'sha512:' + 'a'.repeat(128);
    const with512 = parseManifest(
      buf({ mediaType: MediaType.OciManifest, config, layers: [layer, { ...layer, digest: d512 }] }),
      undefined
    );
    expect(with512.kind === 'image' && with512.layers[1].digest).toBe(d512);
    const b3 = 'blake3:' + 'a'.repeat(64);
    expect(() =>
      parseManifest(
        buf({ mediaType: MediaType.OciManifest, config, layers: [layer, { ...layer, digest: b3 }] }),
        undefined
      )
    ).toThrow(
      `layers[1] has an unusable digest: digest algorithm "blake3" is registered but cannot be verified here (sha256 and sha512 can)`
    );
  });
});

describe('buildList', () => {
  const amd: Descriptor = {
    size: 528,
    digest: A,
    mediaType: MediaType.DockerManifest,
    platform: { variant: undefined, os: 'linux', architecture: 'amd64' }
  };
  const arm: Descriptor = {
    platform: { variant: 'v7', os: 'linux', architecture: 'arm' },
    mediaType: MediaType.DockerManifest,
    digest: B,
    size: 1234
  };

  test('Docker list: exact bytes, 3-space indent, fixed key order, digest of the bytes', () => {
    const l = buildList([amd, arm], 'docker');
    const expected = `{
   "schemaVersion": 2,
   "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
   "manifests": [
      {
         "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "digest": "${A}",
         "size": 528,
         "platform": {
            "architecture": "amd64",
            "os": "linux"
         }
      },
      {
         "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "digest": "${B}",
         "size": 1234,
         "platform": {
            "architecture": "arm",
            "os": "linux",
            "variant": "v7"
         }
      }
   ]
}`;
    expect(l.bytes.toString('utf8')).toBe(expected);
    expect(l.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(l.digest).toBe(`sha256:${hex(expected)}`);
  });

  test('Docker list carries no annotations and no artifactType, even when given', () => {
    const l = buildList([{ ...amd, annotations: { a: 'b' }, artifactType: 'application/x' }], 'docker', {
      'org.opencontainers.image.title': 'x'
    });
    const json = JSON.parse(l.bytes.toString());
    expect(Object.keys(json)).toEqual(['schemaVersion', 'mediaType', 'manifests']);
    expect(Object.keys(json.manifests[0])).toEqual(['mediaType', 'digest', 'size', 'platform']);
    expect(l.bytes.toString()).not.toContain('annotations');
    expect(l.bytes.toString()).not.toContain('artifactType');
  });

  test('OCI index: exact bytes with sorted annotations, all platform fields in order, urls, artifactType', () => {
    const win: Descriptor = {
      annotations: { 'z.last': '1', 'a.first': '2' },
      artifactType: 'application/vnd.example',
      platform: {
        variant: 'v3',
        'os.features': ['win32k'],
        'os.version': '10.0.20348.2113',
        os: 'windows',
        architecture: 'amd64'
      },
      urls: ['https://example.com/x'],
      size: 42,
      digest: C,
      mediaType: MediaType.OciManifest
    };
    const att: Descriptor = {
      mediaType: MediaType.OciManifest,
      digest: A,
      size: 7,
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': C }
    };
    const l = buildList([win, att], 'oci', {
      'org.opencontainers.image.title': 'app',
      'org.opencontainers.image.description': 'My app, with commas = and equals'
    });
    const expected = `{
   "schemaVersion": 2,
   "mediaType": "application/vnd.oci.image.index.v1+json",
   "manifests": [
      {
         "mediaType": "application/vnd.oci.image.manifest.v1+json",
         "digest": "${C}",
         "size": 42,
         "urls": [
            "https://example.com/x"
         ],
         "platform": {
            "architecture": "amd64",
            "os": "windows",
            "os.version": "10.0.20348.2113",
            "os.features": [
               "win32k"
            ],
            "variant": "v3"
         },
         "artifactType": "application/vnd.example",
         "annotations": {
            "a.first": "2",
            "z.last": "1"
         }
      },
      {
         "mediaType": "application/vnd.oci.image.manifest.v1+json",
         "digest": "${A}",
         "size": 7,
         "platform": {
            "architecture": "unknown",
            "os": "unknown"
         },
         "annotations": {
            "vnd.docker.reference.digest": "${C}",
            "vnd.docker.reference.type": "attestation-manifest"
         }
      }
   ],
   "annotations": {
      "org.opencontainers.image.description": "My app, with commas = and equals",
      "org.opencontainers.image.title": "app"
   }
}`;
    expect(l.bytes.toString('utf8')).toBe(expected);
    expect(l.mediaType).toBe(MediaType.OciIndex);
    expect(l.digest).toBe(`sha256:${hex(expected)}`);
  });

  test('OCI index without annotations has no annotations keys; empty fields dropped', () => {
    const l = buildList(
      [
        {
          ...amd,
          mediaType: MediaType.OciManifest,
          annotations: {},
          urls: [],
          platform: { os: 'linux', architecture: 'amd64', 'os.features': [], 'os.version': '' }
        }
      ],
      'oci',
      {}
    );
    expect(l.bytes.toString()).toBe(`{
   "schemaVersion": 2,
   "mediaType": "application/vnd.oci.image.index.v1+json",
   "manifests": [
      {
         "mediaType": "application/vnd.oci.image.manifest.v1+json",
         "digest": "${A}",
         "size": 528,
         "platform": {
            "architecture": "amd64",
            "os": "linux"
         }
      }
   ]
}`);
  });

  test('descriptor without platform (an artifact) has no platform key', () => {
    const l = buildList([{ mediaType: MediaType.OciManifest, digest: A, size: 1 }], 'oci');
    expect(JSON.parse(l.bytes.toString()).manifests).toEqual([
      { mediaType: MediaType.OciManifest, digest: A, size: 1 }
    ]);
  });

  test('deterministic: same input, identical bytes and digest, whatever the key order of the input', () => {
    const a = buildList([amd, arm], 'oci', { b: '2', a: '1' });
    const b = buildList(
      [
        { digest: A, platform: { architecture: 'amd64', os: 'linux' }, size: 528, mediaType: MediaType.DockerManifest },
        {
          size: 1234,
          mediaType: MediaType.DockerManifest,
          platform: { os: 'linux', variant: 'v7', architecture: 'arm' },
          digest: B
        }
      ],
      'oci',
      { a: '1', b: '2' }
    );
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(b.digest).toBe(a.digest);
    expect(a.digest).toBe(`sha256:${createHash('sha256').update(a.bytes).digest('hex')}`);
  });

  test('entry order is kept', () => {
    const l = JSON.parse(buildList([arm, amd], 'docker').bytes.toString());
    expect(l.manifests.map((m: Descriptor) => m.digest)).toEqual([B, A]);
  });

  test('the output parses back as the same list', () => {
    const l = buildList([amd, arm], 'docker');
    const m = parseManifest(l.bytes, l.mediaType);
    expect(m.kind).toBe('index');
    expect(m.kind === 'index' && m.manifests.map((d) => d.digest)).toEqual([A, B]);
  });

  test('does not modify its input descriptors', () => {
    const d: Descriptor = {
      mediaType: MediaType.OciManifest,
      digest: A,
      size: 1,
      annotations: { z: '1', a: '2' },
      platform: { os: 'linux', architecture: 'amd64' }
    };
    const copy = JSON.parse(JSON.stringify(d));
    buildList([d], 'oci');
    buildList([d], 'docker');
    expect(d).toEqual(copy);
    expect(Object.keys(d.annotations!)).toEqual(['z', 'a']);
  });
});
