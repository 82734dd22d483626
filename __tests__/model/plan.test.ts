import { parseAnnotations } from '../../src/model/annotations';
import { InputError } from '../../src/model/errors';
import { MediaType, sha256 } from '../../src/model/manifest';
import { chooseFormat, planList } from '../../src/model/plan';
import { attestation, child, digestOf, entry, noAnnotations } from '../fixtures';

const linuxAmd = { os: 'linux', architecture: 'amd64' };
const linuxArm64 = { os: 'linux', architecture: 'arm64' };
const linuxArm7 = { os: 'linux', architecture: 'arm', variant: 'v7' };
const ann = (...lines: string[]) => parseAnnotations(lines, []);

describe('chooseFormat', () => {
  const docker = child(MediaType.DockerManifest, linuxAmd, 'd');
  const oci = child(MediaType.OciManifest, linuxArm64, 'o');
  const att = attestation(docker);

  test('auto: Docker list when every child is Docker and no OCI annotation', () => {
    expect(chooseFormat('auto', [docker], false)).toBe('docker');
    expect(chooseFormat('auto', [], false)).toBe('docker');
  });

  test('auto: OCI index when a child is OCI (attestations included) or annotations are asked for', () => {
    expect(chooseFormat('auto', [docker, oci], false)).toBe('oci');
    expect(chooseFormat('auto', [docker, att], false)).toBe('oci');
    expect(chooseFormat('auto', [docker], true)).toBe('oci');
  });

  test('oci: always', () => {
    expect(chooseFormat('oci', [docker], false)).toBe('oci');
  });

  test('docker: Docker children only', () => {
    expect(chooseFormat('docker', [docker], false)).toBe('docker');
  });

  test('docker with an OCI image child is an error naming it', () => {
    expect(() => chooseFormat('docker', [docker, oci], false)).toThrow(
      `format "docker": child ${oci.descriptor.digest} (linux/arm64) of ${oci.from.registry}/${oci.from.repository} is an OCI manifest (application/vnd.oci.image.manifest.v1+json), which a Docker manifest list cannot reference; use format "oci" or "auto"`
    );
    expect(() => chooseFormat('docker', [oci], false)).toThrow(InputError);
  });

  test('docker with an attestation child says how to build without one', () => {
    expect(() => chooseFormat('docker', [docker, att], false)).toThrow(
      `format "docker": child ${att.descriptor.digest} (attestation) of ${att.from.registry}/${att.from.repository} is an OCI manifest (application/vnd.oci.image.manifest.v1+json), which a Docker manifest list cannot reference; use format "oci" or "auto", or build without attestations (provenance: false, sbom: false), or set attestations: drop`
    );
    const bare = child(MediaType.OciManifest, undefined, 'no platform');
    expect(() => chooseFormat('docker', [bare], false)).toThrow(
      `child ${bare.descriptor.digest} (no platform) of ${bare.from.registry}/${bare.from.repository} is an OCI manifest`
    );
    expect(() => chooseFormat('docker', [bare], false)).not.toThrow('build without attestations');
    const artifact = child(MediaType.OciManifest, { os: 'unknown', architecture: 'unknown' }, 'artifact');
    expect(() => chooseFormat('docker', [artifact], false)).toThrow(
      `child ${artifact.descriptor.digest} (unknown/unknown) of`
    );
  });
});

describe('planList', () => {
  test('Docker list from Docker entries: bytes, digest, children, platforms', () => {
    const a = entry('ghcr.io/o/app:amd64', linuxAmd);
    const b = entry('ghcr.io/o/app:arm', linuxArm7);
    const p = planList([a, b], 'auto', noAnnotations());
    expect(p.format).toBe('docker');
    expect(p.list.mediaType).toBe(MediaType.DockerList);
    expect(p.platforms).toEqual(['linux/amd64', 'linux/arm/v7']);
    expect(p.children).toEqual([a.image, b.image]);
    expect(p.warnings).toEqual([]);
    expect(p.list.digest).toBe(digestOf(p.list.bytes));
    expect(JSON.parse(p.list.bytes.toString())).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.DockerList,
      manifests: [
        {
          mediaType: MediaType.DockerManifest,
          digest: a.image.descriptor.digest,
          size: a.image.bytes.length,
          platform: { architecture: 'amd64', os: 'linux' }
        },
        {
          mediaType: MediaType.DockerManifest,
          digest: b.image.descriptor.digest,
          size: b.image.bytes.length,
          platform: { architecture: 'arm', os: 'linux', variant: 'v7' }
        }
      ]
    });
  });

  test('attestations go after every platform entry, in entry order', () => {
    const a = entry('s/a', linuxAmd, MediaType.OciManifest);
    const b = entry('s/b', linuxArm64, MediaType.OciManifest);
    a.attestations.push(attestation(a.image));
    b.attestations.push(attestation(b.image));
    const p = planList([a, b], 'auto', noAnnotations());
    expect(p.format).toBe('oci');
    const digests = JSON.parse(p.list.bytes.toString()).manifests.map((m: { digest: string }) => m.digest);
    expect(digests).toEqual([
      a.image.descriptor.digest,
      b.image.descriptor.digest,
      a.attestations[0].descriptor.digest,
      b.attestations[0].descriptor.digest
    ]);
    expect(p.children.map((c) => c.descriptor.digest)).toEqual(digests);
    expect(p.platforms).toEqual(['linux/amd64', 'linux/arm64']);
  });

  test('manifest-descriptor annotations: all entries, and per platform (arm64 pattern matches arm64/v8); index annotations', () => {
    const a = entry('s/a', linuxAmd, MediaType.OciManifest, [], {
      'from.source': 'kept',
      'org.opencontainers.image.version': 'old'
    });
    const b = entry('s/b', { os: 'linux', architecture: 'arm64', variant: 'v8' }, MediaType.OciManifest);
    const att = attestation(b.image);
    b.attestations.push(att);
    const p = planList(
      [a, b],
      'auto',
      ann(
        'manifest-descriptor:org.opencontainers.image.version=1.0',
        'manifest-descriptor[linux/arm64]:com.example.arm=yes',
        'index:org.opencontainers.image.title=app'
      )
    );
    const json = JSON.parse(p.list.bytes.toString());
    expect(json.manifests[0].annotations).toEqual({ 'from.source': 'kept', 'org.opencontainers.image.version': '1.0' });
    expect(json.manifests[1].annotations).toEqual({
      'com.example.arm': 'yes',
      'org.opencontainers.image.version': '1.0'
    });
    // Attestation descriptors are not platforms: untouched.
    expect(json.manifests[2].annotations).toEqual(att.descriptor.annotations);
    expect(json.annotations).toEqual({ 'org.opencontainers.image.title': 'app' });
    expect(p.warnings).toEqual([]);
    // The entries themselves are not modified.
    expect(a.image.descriptor.annotations).toEqual({
      'from.source': 'kept',
      'org.opencontainers.image.version': 'old'
    });
    expect(b.image.descriptor.annotations).toBeUndefined();
  });

  test('OCI annotations on Docker children make auto choose OCI', () => {
    const p = planList([entry('s/a', linuxAmd)], 'auto', ann('manifest-descriptor:k=v'));
    expect(p.format).toBe('oci');
    expect(p.list.mediaType).toBe(MediaType.OciIndex);
    expect(JSON.parse(p.list.bytes.toString()).manifests[0].annotations).toEqual({ k: 'v' });
  });

  test('a manifest-descriptor[platform] that matches nothing is a warning', () => {
    const p = planList(
      [entry('s/a', linuxAmd)],
      'auto',
      ann('manifest-descriptor[linux/s390x]:k=v', 'manifest-descriptor[linux/amd64]:x=y')
    );
    expect(p.warnings).toEqual(['annotations: manifest-descriptor[linux/s390x]:k matches no platform of the list']);
  });

  test('amend: existing index annotations are kept, new ones override', () => {
    const p = planList([entry('s/a', linuxAmd)], 'oci', ann('index:b=new'), { a: 'old', b: 'old' });
    expect(JSON.parse(p.list.bytes.toString()).annotations).toEqual({ a: 'old', b: 'new' });
  });

  test('format docker cannot keep the existing index annotations: it fails naming them (issue 17, item 4)', () => {
    expect(() => planList([entry('s/a', linuxAmd)], 'docker', noAnnotations(), { a: 'old' })).toThrow(
      'format "docker": the existing list has "annotations", which a Docker manifest list cannot hold and amend would lose; use format "oci" or "auto". Nothing was written'
    );
  });

  test('format auto keeps the annotations of the list being amended (an OCI index stays one)', () => {
    const p = planList([entry('s/a', linuxAmd)], 'auto', noAnnotations(), { 'org.opencontainers.image.title': 'app' });
    expect(p.format).toBe('oci');
    expect(JSON.parse(p.list.bytes.toString()).annotations).toEqual({ 'org.opencontainers.image.title': 'app' });
  });

  test('format docker with an OCI child fails before building', () => {
    expect(() => planList([entry('s/a', linuxAmd, MediaType.OciManifest)], 'docker', noAnnotations())).toThrow(
      'format "docker": child'
    );
  });

  test('same input, same bytes', () => {
    const es = [entry('s/a', linuxAmd), entry('s/b', linuxArm7)];
    const one = planList(es, 'auto', ann('index:x=1'));
    const two = planList(es, 'auto', ann('index:x=1'));
    expect(two.list.bytes.equals(one.list.bytes)).toBe(true);
    expect(one.list.digest).toBe(sha256(one.list.bytes));
  });
});
