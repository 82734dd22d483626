/**
 * Issue #17 item 2 (platform values checked where they come from) and item 4 (fields this action
 * does not set are kept), as pure rules: platform, annotations, spec file, list building.
 */
import { parseAnnotations } from '../../src/model/annotations';
import { buildList, checkListSize, MAX_MANIFEST_BYTES, MediaType, parseManifest } from '../../src/model/manifest';
import {
  normalizePlatform,
  orderedPlatform,
  parsePlatform,
  platformProblem,
  platformValueProblem
} from '../../src/model/platform';
import { parseReference, withDefaultTag } from '../../src/model/reference';
import { parseSpec } from '../../src/model/spec-file';
import { parsePlatforms } from '../../src/model/options';

const D = 'sha256:' + 'ab'.repeat(32);
const src = withDefaultTag(parseReference('ghcr.io/o/app:arm'));
const annotate = (line: string) => parseAnnotations([line], [src]).overrides.get('ghcr.io/o/app:arm');

describe('platformValueProblem', () => {
  test.each(['linux', 'amd64', 'arm64', 'v7', 'windows', 'riscv64', 'loong64', 'x86_64', 'sparc.v9'])(
    '%s is fine',
    (v) => expect(platformValueProblem('architecture', v)).toBeUndefined()
  );
  test('arch/variant names the split; quotes and other characters are refused', () => {
    expect(platformValueProblem('architecture', 'arm/v7')).toBe(
      'architecture "arm/v7" holds a variant; the architecture is arm, the variant v7 (--arch arm --variant v7)'
    );
    expect(platformValueProblem('architecture', "'arm64'")).toContain('is quoted');
    expect(platformValueProblem('os', '"linux"')).toContain('write linux');
    expect(platformValueProblem('variant', 'v 7')).toContain('holds characters other than');
    expect(platformValueProblem('os', 'linux/arm')).toContain('holds characters other than');
  });
  test('platformProblem (index entries) and parsePlatform (platforms input, manifest-descriptor[…]) use it', () => {
    expect(platformProblem({ os: 'linux', architecture: 'arm/v7' })).toContain(
      'its architecture "arm/v7" holds a variant'
    );
    expect(platformProblem({ os: 'linux', architecture: 'arm', variant: "'v7'" })).toContain('is quoted');
    expect(() => parsePlatform("linux/'arm64'")).toThrow('invalid platform "linux/\'arm64\'": architecture');
    expect(() => parsePlatforms('linux/arm 64')).toThrow('input "platforms"');
  });
});

describe('annotate flags', () => {
  test('--arch arm/v7 is split into architecture and variant', () => {
    expect(annotate('ghcr.io/o/app:arm --arch arm/v7')).toEqual({ architecture: 'arm', variant: 'v7' });
    expect(annotate('ghcr.io/o/app:arm --arch=arm64/v8 --os linux')).toEqual({
      architecture: 'arm64',
      variant: 'v8',
      os: 'linux'
    });
    expect(annotate('ghcr.io/o/app:arm --arch arm/v7 --variant 7')).toEqual({ architecture: 'arm', variant: 'v7' });
  });
  test('a --variant that contradicts --arch arm/v7, quotes, and odd values are refused, naming the line', () => {
    expect(() => annotate('ghcr.io/o/app:arm --arch arm/v7 --variant v6')).toThrow(
      'annotations line 1 "ghcr.io/o/app:arm --arch arm/v7 --variant v6": --arch arm/v7 says variant v7, --variant says v6; give one'
    );
    expect(() => annotate("ghcr.io/o/app:arm --arch 'arm64'")).toThrow(
      "--arch 'arm64' is quoted; the annotations input is not read by a shell: write --arch arm64"
    );
    expect(() => annotate('ghcr.io/o/app:arm --os "linux"')).toThrow('is quoted');
    expect(() => annotate('ghcr.io/o/app:arm --arch arm/v7/x')).toThrow('holds characters other than');
    expect(() => annotate('ghcr.io/o/app:arm --variant v7+')).toThrow('holds characters other than');
  });
});

describe('spec file platform values', () => {
  const spec = (platform: string) =>
    `image: ghcr.io/o/app:1\nmanifests:\n  - image: ghcr.io/o/app:arm\n    platform:\n${platform}`;
  test('architecture: arm/v7 becomes --arch arm/v7 (split by the annotate flag)', () => {
    expect(parseSpec(spec('      architecture: arm/v7\n      os: linux\n'), 's.yml').annotations).toEqual([
      'ghcr.io/o/app:arm --arch arm/v7 --os linux'
    ]);
  });
  test('a quoted value or an odd character is refused at its line', () => {
    expect(() => parseSpec(spec(`      architecture: "'arm64'"\n`), 's.yml')).toThrow(
      /^spec file s\.yml line 5: platform field "architecture": architecture "'arm64'" is quoted/
    );
    expect(() => parseSpec(spec('      os: linux/x\n'), 's.yml')).toThrow(
      'spec file s.yml line 5: platform field "os"'
    );
  });
});

describe('fields this action does not set are kept (amend)', () => {
  test('normalizePlatform and orderedPlatform keep features and unknown fields after the known ones', () => {
    const p = normalizePlatform({
      os: 'Linux',
      architecture: 'x86_64',
      features: ['sse4'],
      'x-extra': 1
    } as never);
    expect(p).toEqual({ os: 'linux', architecture: 'amd64', features: ['sse4'], 'x-extra': 1 });
    expect(Object.keys(orderedPlatform(p, true))).toEqual(['architecture', 'os', 'features', 'x-extra']);
    expect(Object.keys(orderedPlatform(p))).toEqual(['architecture', 'os']);
  });
  test('buildList keeps descriptor fields (data, unknown) and index fields (artifactType, subject, unknown)', () => {
    const d = { mediaType: MediaType.OciManifest, digest: D, size: 3, data: 'e30=', 'x-d': true };
    const subject = { mediaType: MediaType.OciManifest, digest: D, size: 3 };
    const l = buildList([d], 'oci', { a: 'b' }, { 'x-top': 1, subject, artifactType: 'application/x' });
    const doc = JSON.parse(l.bytes.toString('utf8'));
    expect(Object.keys(doc)).toEqual([
      'schemaVersion',
      'mediaType',
      'artifactType',
      'manifests',
      'subject',
      'annotations',
      'x-top'
    ]);
    expect(doc.manifests[0]).toEqual({ mediaType: d.mediaType, digest: D, size: 3, data: 'e30=', 'x-d': true });
    const parsed = parseManifest(l.bytes, l.mediaType);
    expect(parsed.kind === 'index' && parsed.others).toEqual({ artifactType: 'application/x', subject, 'x-top': 1 });
  });
});

describe('list size (issue 17 item 6)', () => {
  test('over 4 MiB is refused, in one line that says nothing was written', () => {
    expect(() => checkListSize(MAX_MANIFEST_BYTES, 1)).not.toThrow();
    expect(() => checkListSize(MAX_MANIFEST_BYTES + 1, 2)).toThrow(
      'the list would be 4194305 bytes (4.00 MiB, 2 entries), over the 4 MiB a registry accepts for a manifest'
    );
    const huge = {
      mediaType: MediaType.OciManifest,
      digest: D,
      size: 3,
      annotations: { k: 'x'.repeat(MAX_MANIFEST_BYTES) }
    };
    expect(() => buildList([huge], 'oci')).toThrow('Nothing was written');
  });
});
