import { parseSpec } from '../../src/model/spec-file';

const bad = (text: string) => {
  try {
    parseSpec(text, 'spec.yml');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe("parseSpec: manifest-tool's from-spec YAML", () => {
  test("manifest-tool's README example: image, tags, manifests with platform", () => {
    const r = parseSpec(
      `image: myprivreg:5000/someimage:latest
tags: ['1.0.0', 'stable']
manifests:
  - image: myprivreg:5000/someimage:ppc64le
    platform:
      architecture: ppc64le
      os: linux
  - image: myprivreg:5000/someimage:arm
    platform:
      architecture: arm
      os: linux
      variant: v7
  - image: myprivreg:5000/someimage:amd64
`,
      'spec.yml'
    );
    expect(r).toEqual({
      tags: ['myprivreg:5000/someimage:latest', 'myprivreg:5000/someimage:1.0.0', 'myprivreg:5000/someimage:stable'],
      sources: ['myprivreg:5000/someimage:ppc64le', 'myprivreg:5000/someimage:arm', 'myprivreg:5000/someimage:amd64'],
      annotations: [
        'myprivreg:5000/someimage:ppc64le --arch ppc64le --os linux',
        'myprivreg:5000/someimage:arm --arch arm --os linux --variant v7'
      ]
    });
  });

  test('osversion and osfeatures (and their JSON spellings), index annotations, numeric tags as written', () => {
    const r = parseSpec(
      `image: reg.example/win:1
tags: [1.0, 2]
annotations:
  org.opencontainers.image.version: 1.0
manifests:
  - image: reg.example/win:ltsc2022
    platform:
      os: windows
      architecture: amd64
      osversion: 10.0.20348.2113
      osfeatures: [win32k]
  - image: reg.example/win:ltsc2019
    platform:
      os.version: 10.0.17763.5122
      os.features: win32k
`,
      'spec.yml'
    );
    expect(r.tags).toEqual(['reg.example/win:1', 'reg.example/win:1.0', 'reg.example/win:2']);
    expect(r.annotations).toEqual([
      'reg.example/win:ltsc2022 --os windows --arch amd64 --os-version 10.0.20348.2113 --os-features win32k',
      'reg.example/win:ltsc2019 --os-version 10.0.17763.5122 --os-features win32k',
      'index:org.opencontainers.image.version=1.0'
    ]);
  });

  test('a tag with a slash is a full reference', () => {
    expect(
      parseSpec('image: a.example/x:1\ntags: [b.example/y:2]\nmanifests:\n  - image: a.example/x:amd64\n', 'f').tags
    ).toEqual(['a.example/x:1', 'b.example/y:2']);
  });

  test('an unknown key names the key and its line', () => {
    expect(bad('image: a.example/x:1\nmanifest:\n  - image: a.example/x:2\n')).toBe(
      'spec file spec.yml line 2: unknown key "manifest" at the top level (known: image, tags, manifests, annotations)'
    );
    expect(bad('image: a.example/x:1\nmanifests:\n  - image: a.example/x:2\n    platfrom: {os: linux}\n')).toBe(
      'spec file spec.yml line 4: unknown key "platfrom" in a manifests entry (known: image, platform)'
    );
    expect(
      bad(
        'image: a.example/x:1\nmanifests:\n  - image: a.example/x:2\n    platform:\n      os: linux\n      arch: amd64\n'
      )
    ).toBe(
      'spec file spec.yml line 6: unknown platform field "arch" (known: architecture, os, variant, osversion, osfeatures)'
    );
  });

  test('a missing image or manifests', () => {
    expect(bad('tags: [a]\nmanifests:\n  - image: a.example/x:2\n')).toContain('line 1: no "image"');
    expect(bad('image: a.example/x:1\n')).toContain('line 1: no "manifests"');
    expect(bad('image: a.example/x:1\nmanifests: []\n')).toContain('line 2: "manifests" must be a non-empty list');
    expect(bad('image: a.example/x:1\nmanifests:\n  - platform: {os: linux}\n')).toContain(
      'line 3: a manifests entry has no "image"'
    );
  });

  test('a platform field that is not a string names the field and the line', () => {
    expect(
      bad(
        'image: a.example/x:1\nmanifests:\n  - image: a.example/x:2\n    platform:\n      os: linux\n      variant: 8\n'
      )
    ).toBe('spec file spec.yml line 6: platform field "variant" must be a string, got 8 (quote it)');
    expect(
      bad('image: a.example/x:1\nmanifests:\n  - image: a.example/x:2\n    platform:\n      architecture: [amd64]\n')
    ).toContain('line 5: platform field "architecture" must be a string');
  });

  test('YAML syntax errors and duplicate keys name the line', () => {
    expect(bad('image: a.example/x:1\nmanifests:\n  - image: [oops\n')).toMatch(
      /^spec file spec.yml line \d+: not valid YAML/
    );
    expect(bad('image: a.example/x:1\nimage: a.example/x:2\nmanifests:\n  - image: a.example/x:2\n')).toBe(
      'spec file spec.yml line 2: "image" is given twice at the top level'
    );
    expect(
      bad(
        'image: a.example/x:1\nmanifests:\n  - image: a.example/x:2\n    platform:\n      osversion: "1"\n      os.version: "2"\n'
      )
    ).toBe('spec file spec.yml line 6: platform field "os.version" is given twice');
  });

  test('a bad target reference names the line', () => {
    expect(bad('manifests:\n  - image: a.example/x:2\nimage: "Not A Ref"\n')).toMatch(
      /^spec file spec.yml line 3: "image": invalid reference/
    );
  });

  test('not a mapping', () => {
    expect(bad('- a\n- b\n')).toContain('line 1: expected a mapping');
  });
});
