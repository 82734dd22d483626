import type { Inspected } from '../../src/model/inspect-view';
import { goJson, inspectText, inspectVerbose, platformsOf } from '../../src/model/inspect-view';
import { MediaType, parseManifest } from '../../src/model/manifest';
import { attestation, child } from '../fixtures';

const amd = child(MediaType.DockerManifest, { os: 'linux', architecture: 'amd64' }, 'amd');
const arm = child(MediaType.OciManifest, { os: 'linux', architecture: 'arm', variant: 'v7' }, 'arm');
const att = attestation(amd);

function listOf(children = [amd, arm, att]): Inspected {
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciIndex,
      manifests: children.map((c) => c.descriptor),
      annotations: { a: 'b' }
    })
  );
  return {
    name: 'ghcr.io/o/app:1',
    repo: 'ghcr.io/o/app',
    tag: '1',
    digest: 'sha256:' + 'f'.repeat(64),
    mediaType: MediaType.OciIndex,
    bytes,
    manifest: parseManifest(bytes, MediaType.OciIndex),
    entries: children.map((c) => ({ descriptor: c.descriptor, bytes: c.bytes, manifest: c.manifest }))
  };
}

function single(): Inspected {
  return {
    name: 'ghcr.io/o/app:arm',
    repo: 'ghcr.io/o/app',
    tag: 'arm',
    digest: arm.descriptor.digest,
    mediaType: MediaType.OciManifest,
    bytes: arm.bytes,
    manifest: arm.manifest,
    platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
    entries: []
  };
}

describe('inspect views', () => {
  test("-v: an entry without a platform gets docker's empty one (issue 17 item 12)", () => {
    const bare = { ...amd, descriptor: { ...amd.descriptor, platform: undefined } };
    const [e] = JSON.parse(inspectVerbose(listOf([bare])));
    expect(e.Descriptor).toEqual({ ...bare.descriptor, platform: { architecture: '', os: '' } });
    expect(inspectVerbose(listOf([bare]))).toContain(
      '\t\t\t"size": ' +
        amd.descriptor.size +
        ',\n\t\t\t"platform": {\n\t\t\t\t"architecture": "",\n\t\t\t\t"os": ""\n\t\t\t}\n\t\t},'
    );
  });

  test("goJson escapes as Go's encoding/json does", () => {
    expect(goJson({ a: '<b>&\u2028' })).toBe('{\n\t"a": "\\u003cb\\u003e\\u0026\\u2028"\n}\n');
  });

  test('-v on a list: docker ImageManifest objects, SchemaV2Manifest or OCIManifest by media type', () => {
    const v = JSON.parse(inspectVerbose(listOf()));
    expect(v).toHaveLength(3);
    expect(v[0]).toEqual({
      Ref: `ghcr.io/o/app:1@${amd.descriptor.digest}`,
      Descriptor: {
        mediaType: MediaType.DockerManifest,
        digest: amd.descriptor.digest,
        size: amd.descriptor.size,
        platform: { architecture: 'amd64', os: 'linux' }
      },
      Raw: amd.bytes.toString('base64'),
      SchemaV2Manifest: JSON.parse(amd.bytes.toString())
    });
    expect(v[1].OCIManifest).toEqual(JSON.parse(arm.bytes.toString()));
    expect(v[1].Descriptor.platform).toEqual({ architecture: 'arm', os: 'linux', variant: 'v7' });
    // docker's Descriptor carries no annotations.
    expect(v[2].Descriptor.annotations).toBeUndefined();
  });

  test('-v on a single manifest: one object with the platform from the config', () => {
    const v = JSON.parse(inspectVerbose(single()));
    expect(v.Ref).toBe('ghcr.io/o/app:arm');
    expect(v.Descriptor).toEqual({
      mediaType: MediaType.OciManifest,
      digest: arm.descriptor.digest,
      size: arm.bytes.length,
      platform: { architecture: 'arm', os: 'linux', variant: 'v7' }
    });
  });

  test('platforms: attestations are not platforms; a single manifest has its own', () => {
    expect(platformsOf(listOf())).toEqual(['linux/amd64', 'linux/arm/v7']);
    expect(platformsOf(single())).toEqual(['linux/arm/v7']);
  });

  test('text: a block per entry with media type, digest, size, platform and layers', () => {
    const t = inspectText(listOf());
    expect(t).toContain('Name:       ghcr.io/o/app:1\n');
    expect(t).toContain('Annotation: a=b\n');
    expect(t).toContain('Entries:    3 (2 platforms)\n');
    expect(t).toContain(
      `[2] linux/arm/v7\n    Media type: ${MediaType.OciManifest}\n    Digest: ${arm.descriptor.digest}\n    Size: ${arm.descriptor.size}\n    Platform: linux/arm/v7\n`
    );
    expect(t).toContain(`[3] attestation for ${amd.descriptor.digest}\n`);
    expect(t).toContain('    Layers: 0\n');
    expect(inspectText(single())).toContain('Platform: linux/arm/v7\nConfig: ');
  });
});
