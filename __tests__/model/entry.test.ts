import { InputError } from '../../src/model/errors';
import { MediaType } from '../../src/model/manifest';
import {
  ATTESTATION_SUBJECT,
  ATTESTATION_TYPE,
  type Resolved,
  amendEntries,
  amendOthers,
  attestationSubject,
  checkContributions,
  checkDuplicates,
  isAttestation
} from '../../src/model/entry';
import { child, entry } from '../fixtures';

const A = 'sha256:' + 'a'.repeat(64);

describe('isAttestation', () => {
  test('annotation keys', () => {
    expect(ATTESTATION_TYPE).toBe('vnd.docker.reference.type');
    expect(ATTESTATION_SUBJECT).toBe('vnd.docker.reference.digest');
  });

  test('by the attestation-manifest annotation, whatever the platform', () => {
    expect(
      isAttestation({
        mediaType: MediaType.OciManifest,
        digest: A,
        size: 1,
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest' }
      })
    ).toBe(true);
  });

  test('by a subject in its manifest (BuildKit >= 0.32 OCI artifacts), even without annotations', () => {
    const m = {
      kind: 'image' as const,
      mediaType: MediaType.OciManifest,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: A, size: 2 },
      layers: []
    };
    expect(
      isAttestation(
        { mediaType: MediaType.OciManifest, digest: A, size: 1 },
        { ...m, subject: { mediaType: MediaType.OciManifest, digest: A, size: 3 } }
      )
    ).toBe(true);
    expect(isAttestation({ mediaType: MediaType.OciManifest, digest: A, size: 1 }, m)).toBe(false);
  });

  test('an unknown/unknown platform alone does not make an attestation', () => {
    expect(
      isAttestation({
        mediaType: MediaType.OciManifest,
        digest: A,
        size: 1,
        platform: { os: 'unknown', architecture: 'unknown' }
      })
    ).toBe(false);
  });

  test('ordinary images are not', () => {
    expect(
      isAttestation({
        mediaType: MediaType.OciManifest,
        digest: A,
        size: 1,
        platform: { os: 'linux', architecture: 'amd64' }
      })
    ).toBe(false);
    expect(isAttestation({ mediaType: MediaType.OciManifest, digest: A, size: 1 })).toBe(false);
    expect(
      isAttestation({
        mediaType: MediaType.OciManifest,
        digest: A,
        size: 1,
        annotations: { 'vnd.docker.reference.type': 'something-else' }
      })
    ).toBe(false);
  });
});

describe('checkDuplicates', () => {
  test('distinct platforms pass', () => {
    expect(() =>
      checkDuplicates([
        entry('ghcr.io/o/app:amd64', { os: 'linux', architecture: 'amd64' }),
        entry('ghcr.io/o/app:arm64', { os: 'linux', architecture: 'arm64' }),
        entry('ghcr.io/o/app:arm', { os: 'linux', architecture: 'arm', variant: 'v7' }),
        entry('ghcr.io/o/app:armv6', { os: 'linux', architecture: 'arm', variant: 'v6' }),
        entry('ghcr.io/o/app:ltsc2019', { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1' }),
        entry('ghcr.io/o/app:ltsc2022', { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1' })
      ])
    ).not.toThrow();
  });

  test('two sources for one platform: an error naming both', () => {
    const run = () =>
      checkDuplicates([
        entry('ghcr.io/o/app:amd64', { os: 'linux', architecture: 'amd64' }),
        entry('ghcr.io/o/app:arm64', { os: 'linux', architecture: 'arm64' }),
        entry('ghcr.io/o/app:amd64-again', { os: 'linux', architecture: 'amd64' })
      ]);
    expect(run).toThrow(InputError);
    expect(run).toThrow(
      'duplicate platform linux/amd64: both ghcr.io/o/app:amd64 and ghcr.io/o/app:amd64-again provide it; drop one source, or fix a platform with an annotations line "SOURCE --arch … --variant …"'
    );
  });

  test('arm64 and arm64/v8 are the same platform', () => {
    expect(() =>
      checkDuplicates([
        entry('s/a', { os: 'linux', architecture: 'arm64' }),
        entry('s/b', { os: 'linux', architecture: 'arm64', variant: 'v8' })
      ])
    ).toThrow('duplicate platform linux/arm64/v8: both s/a and s/b provide it');
  });

  test('aliases are the same platform', () => {
    expect(() =>
      checkDuplicates([
        entry('s/a', { os: 'linux', architecture: 'x86_64' }),
        entry('s/b', { os: 'linux', architecture: 'amd64' })
      ])
    ).toThrow('duplicate platform linux/amd64: both s/a and s/b provide it');
  });

  test('two children of one index: both digests are named', () => {
    const a = entry('ghcr.io/o/idx:1', { os: 'linux', architecture: 'amd64' });
    const b = { ...entry('ghcr.io/o/idx:1 ', { os: 'linux', architecture: 'amd64' }), source: 'ghcr.io/o/idx:1' };
    expect(() => checkDuplicates([a, b])).toThrow(
      `duplicate platform linux/amd64: both ghcr.io/o/idx:1 and ghcr.io/o/idx:1 (${a.image.descriptor.digest} and ${b.image.descriptor.digest}) provide it`
    );
  });

  test('the same os/arch with different os.features are distinct', () => {
    expect(() =>
      checkDuplicates([
        entry('s/a', { os: 'windows', architecture: 'amd64', 'os.version': '10.0.1', 'os.features': ['win32k'] }),
        entry('s/b', { os: 'windows', architecture: 'amd64', 'os.version': '10.0.1' })
      ])
    ).not.toThrow();
  });

  test('empty', () => {
    expect(() => checkDuplicates([])).not.toThrow();
  });
});

describe('amendEntries', () => {
  test('a new entry replaces the old one of its platform in place; others appended in order', () => {
    const oldAmd = entry('existing ghcr.io/o/app:1', { os: 'linux', architecture: 'amd64' });
    const oldArm = entry('existing ghcr.io/o/app:1', { os: 'linux', architecture: 'arm', variant: 'v7' });
    const oldPpc = entry('existing ghcr.io/o/app:1', { os: 'linux', architecture: 'ppc64le' });
    const newArm = entry('ghcr.io/o/app:arm', { os: 'linux', architecture: 'arm', variant: 'v7' });
    const newRiscv = entry('ghcr.io/o/app:riscv', { os: 'linux', architecture: 'riscv64' });
    const newS390 = entry('ghcr.io/o/app:s390x', { os: 'linux', architecture: 's390x' });
    const existing = [oldAmd, oldArm, oldPpc];
    const out = amendEntries(existing, [newRiscv, newArm, newS390]);
    expect(out).toEqual([oldAmd, newArm, oldPpc, newRiscv, newS390]);
    expect(out[1]).toBe(newArm);
    // The input array is not modified.
    expect(existing).toEqual([oldAmd, oldArm, oldPpc]);
  });

  test('platform identity as for duplicates: arm64/v8 replaces arm64', () => {
    const old = entry('old', { os: 'linux', architecture: 'arm64' });
    const fresh = entry('new', { os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(amendEntries([old], [fresh])).toEqual([fresh]);
  });

  test('nothing existing: the new entries as they are', () => {
    const a = entry('a', { os: 'linux', architecture: 'amd64' });
    expect(amendEntries([], [a])).toEqual([a]);
  });

  test('attestations travel with their entry', () => {
    const old = entry('old', { os: 'linux', architecture: 'amd64' });
    const fresh = entry('new', { os: 'linux', architecture: 'amd64' });
    old.attestations.push(entry('x', { os: 'unknown', architecture: 'unknown' }).image);
    const out = amendEntries([old], [fresh]);
    expect(out[0].attestations).toEqual([]);
  });
});

describe('attestationSubject', () => {
  test('the annotation first, else the manifest subject', () => {
    const img = entry('s/a', { os: 'linux', architecture: 'amd64' }).image;
    const att = child(MediaType.OciManifest, { os: 'unknown', architecture: 'unknown' }, 'att', {
      [ATTESTATION_SUBJECT]: A
    });
    expect(attestationSubject(att)).toBe(A);
    const bare = child(MediaType.OciManifest, undefined, 'bare');
    bare.manifest.subject = img.descriptor;
    expect(attestationSubject(bare)).toBe(img.descriptor.digest);
    expect(attestationSubject(child(MediaType.OciManifest, undefined, 'none'))).toBeUndefined();
  });
});

describe('amendOthers', () => {
  test('existing kept, fresh appended, the same digest not twice', () => {
    const x = { source: 'old', child: child(MediaType.OciManifest, { os: 'unknown', architecture: 'unknown' }, 'x') };
    const y = { source: 'new', child: child(MediaType.OciManifest, { os: 'unknown', architecture: 'unknown' }, 'y') };
    expect(amendOthers([x], [{ ...x, source: 'new' }, y])).toEqual([x, y]);
  });
});

describe('checkContributions', () => {
  const resolvedOf = (source: string, r: Partial<Resolved>): Resolved => ({
    source,
    manifest: { bytes: Buffer.from('{}'), mediaType: MediaType.OciIndex, digest: A },
    index: true,
    entries: [],
    others: [],
    strays: [],
    children: [],
    ...r
  });

  test('a source with a platform passes', () => {
    const e = entry('s/a', { os: 'linux', architecture: 'amd64' });
    expect(() => checkContributions([resolvedOf('s/a', { entries: [e], children: [e.image] })])).not.toThrow();
  });

  test('an empty index fails, naming the source', () => {
    const run = () => checkContributions([resolvedOf('ghcr.io/o/empty:1', {})]);
    expect(run).toThrow(InputError);
    expect(run).toThrow(`source ghcr.io/o/empty:1 (${A}) contributes no platform: it is an empty index;`);
  });

  test('an index of attestations only fails, saying so', () => {
    const img = entry('s/a', { os: 'linux', architecture: 'amd64' }).image;
    const att = child(MediaType.OciManifest, { os: 'unknown', architecture: 'unknown' }, 'att', {
      [ATTESTATION_SUBJECT]: img.descriptor.digest,
      [ATTESTATION_TYPE]: 'attestation-manifest'
    });
    expect(() => checkContributions([resolvedOf('s/att', { strays: [att], children: [att] })])).toThrow(
      'contributes no platform: it is an index of 1 attestation only'
    );
  });

  test('an index of unknown/unknown entries only fails, saying so', () => {
    const o = child(MediaType.OciManifest, { os: 'unknown', architecture: 'unknown' }, 'o');
    expect(() =>
      checkContributions([resolvedOf('s/o', { others: [{ source: 's/o', child: o }], children: [o] })])
    ).toThrow('contributes no platform: it is an index of 1 entry without a platform (such as unknown/unknown) only');
  });
});
