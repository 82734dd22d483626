import { InputError } from '../../src/model/errors';
import { parseBoolean, parseOptions, splitLines, splitList } from '../../src/model/options';
import { formatReference } from '../../src/model/reference';

const D = 'sha256:' + '12'.repeat(32);

describe('splitList', () => {
  test('newlines and commas, trimmed, blanks and # comments dropped, order kept', () => {
    expect(
      splitList('ghcr.io/o/a:1\n  ghcr.io/o/a:2 , ghcr.io/o/a:3\n\n# a comment\n   \n\tghcr.io/o/a:4\t\n')
    ).toEqual(['ghcr.io/o/a:1', 'ghcr.io/o/a:2', 'ghcr.io/o/a:3', 'ghcr.io/o/a:4']);
  });

  test('CRLF line ends', () => {
    expect(splitList('a:1\r\nb:2\r\n')).toEqual(['a:1', 'b:2']);
  });

  test('empty and undefined', () => {
    expect(splitList(undefined)).toEqual([]);
    expect(splitList('')).toEqual([]);
    expect(splitList(' ,\n, ')).toEqual([]);
  });

  test('indented comment lines are comments', () => {
    expect(splitList('a:1\n   # b:2\nc:3')).toEqual(['a:1', 'c:3']);
  });

  test('a comment line is dropped whole, even when it holds commas', () => {
    // "lines starting with # are ignored": nothing of a commented-out line may become an item.
    expect(splitList('ghcr.io/o/app:amd64\n# old: ghcr.io/o/app:a, ghcr.io/o/app:b\nghcr.io/o/app:arm64')).toEqual([
      'ghcr.io/o/app:amd64',
      'ghcr.io/o/app:arm64'
    ]);
  });
});

describe('splitLines', () => {
  test('one item per line; commas stay inside the item', () => {
    expect(splitLines('index:k=a, b\n\n# c\n  manifest-descriptor:x=1  \r\n')).toEqual([
      'index:k=a, b',
      'manifest-descriptor:x=1'
    ]);
    expect(splitLines(undefined)).toEqual([]);
  });
});

describe('parseBoolean', () => {
  test.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    [' true ', true],
    ['false', false],
    ['False', false],
    ['FALSE', false]
  ])('%j → %s', (v, expected) => {
    expect(parseBoolean('x', v, !expected)).toBe(expected);
  });

  test('empty or missing gives the fallback', () => {
    expect(parseBoolean('push', '', true)).toBe(true);
    expect(parseBoolean('push', undefined, true)).toBe(true);
    expect(parseBoolean('purge', '  ', false)).toBe(false);
  });

  test.each(['yes', 'no', '1', '0', 'tRue', 'on'])('%j is refused naming the input', (v) => {
    expect(() => parseBoolean('insecure', v, false)).toThrow(`input "insecure" must be true or false, got "${v}"`);
    expect(() => parseBoolean('insecure', v, false)).toThrow(InputError);
  });
});

describe('parseOptions', () => {
  const base = { tags: 'ghcr.io/o/app:1.0', sources: 'ghcr.io/o/app:amd64\nghcr.io/o/app:arm64' };

  test('defaults', () => {
    const o = parseOptions(base);
    expect(o.tags.map(formatReference)).toEqual(['ghcr.io/o/app:1.0']);
    expect(o.sources.map(formatReference)).toEqual(['ghcr.io/o/app:amd64', 'ghcr.io/o/app:arm64']);
    expect(o).toMatchObject({ insecure: false, purge: false, amend: false, format: 'auto', push: true });
    expect(o.annotations.index).toEqual({});
    expect(o.annotations.descriptors).toEqual([]);
    expect(o.annotations.overrides.size).toBe(0);
  });

  test('booleans as the action passes them', () => {
    const o = parseOptions({ ...base, insecure: 'true', purge: 'True', amend: 'TRUE', push: 'false' });
    expect(o).toMatchObject({ insecure: true, purge: true, amend: true, push: false });
    expect(() => parseOptions({ ...base, push: 'no' })).toThrow('input "push" must be true or false, got "no"');
  });

  test('tags: default tag, duplicates removed, order kept', () => {
    const o = parseOptions({
      ...base,
      tags: 'ghcr.io/o/app, ghcr.io/o/app:2\nghcr.io/o/app:latest\nnginx\ndocker.io/library/nginx:latest'
    });
    expect(o.tags.map(formatReference)).toEqual([
      'ghcr.io/o/app:latest',
      'ghcr.io/o/app:2',
      'docker.io/library/nginx:latest'
    ]);
  });

  test('a tag with a digest is refused', () => {
    expect(() => parseOptions({ ...base, tags: `ghcr.io/o/app:1@${D}` })).toThrow(
      `input "tags": ghcr.io/o/app:1@${D} has a digest; a target is registry/repository:tag`
    );
  });

  test('sources: default tag, digests untouched, order kept', () => {
    const o = parseOptions({ ...base, sources: `nginx, ghcr.io/o/app@${D}\nlocalhost:5000/x:1` });
    expect(o.sources.map(formatReference)).toEqual([
      'docker.io/library/nginx:latest',
      `ghcr.io/o/app@${D}`,
      'localhost:5000/x:1'
    ]);
  });

  test('a source listed twice, in two spellings, names both', () => {
    expect(() => parseOptions({ ...base, sources: 'nginx\nghcr.io/o/app:1\ndocker.io/library/nginx:latest' })).toThrow(
      'input "sources": "docker.io/library/nginx:latest" is listed twice (also as "nginx")'
    );
  });

  test('empty inputs', () => {
    expect(() => parseOptions({ tags: ' \n# x\n', sources: 'a' })).toThrow(
      'input "tags" is empty: give at least one target such as ghcr.io/owner/app:1.0'
    );
    expect(() => parseOptions({ tags: 'a', sources: '' })).toThrow(
      'input "sources" is empty: give the per-platform images to combine, by tag or by digest'
    );
  });

  test('bad references name the input', () => {
    expect(() => parseOptions({ ...base, tags: 'ghcr.io/O/app:1' })).toThrow(
      'input "tags": invalid reference "ghcr.io/O/app:1": repository names must be lowercase'
    );
    expect(() => parseOptions({ ...base, sources: 'ghcr.io/o/app@sha256:1' })).toThrow(
      'input "sources": invalid reference "ghcr.io/o/app@sha256:1"'
    );
  });

  test('format: case and blanks tolerated, anything else refused', () => {
    expect(parseOptions({ ...base, format: 'OCI' }).format).toBe('oci');
    expect(parseOptions({ ...base, format: ' docker ' }).format).toBe('docker');
    expect(parseOptions({ ...base, format: '' }).format).toBe('auto');
    expect(parseOptions({ ...base, format: 'Auto' }).format).toBe('auto');
    expect(() => parseOptions({ ...base, format: 'v2s2' })).toThrow(
      'input "format" must be auto, docker or oci, got "v2s2"'
    );
  });

  test('format docker with OCI annotations is an error, not a silent drop', () => {
    const msg =
      'format "docker" cannot carry OCI annotations (index: or manifest-descriptor: lines): a Docker manifest list has no annotations field; use format "oci" or "auto"';
    expect(() =>
      parseOptions({ ...base, format: 'docker', annotations: 'index:org.opencontainers.image.title=app' })
    ).toThrow(msg);
    expect(() =>
      parseOptions({ ...base, format: 'docker', annotations: 'org.opencontainers.image.title=app' })
    ).toThrow(msg);
    expect(() =>
      parseOptions({ ...base, format: 'docker', annotations: 'manifest-descriptor[linux/arm64]:k=v' })
    ).toThrow(msg);
  });

  test('format docker with only annotate flags and ignored manifest: lines is fine', () => {
    const o = parseOptions({
      ...base,
      format: 'docker',
      annotations: 'ghcr.io/o/app:arm64 --variant v8 --arch arm64\nmanifest:org.opencontainers.image.title=app'
    });
    expect(o.format).toBe('docker');
    expect(o.annotations.overrides.get('ghcr.io/o/app:arm64')).toEqual({ architecture: 'arm64', variant: 'v8' });
    expect(o.annotations.warnings).toHaveLength(1);
  });

  test('annotations are split by lines only, so values keep their commas', () => {
    const o = parseOptions({
      ...base,
      annotations:
        '# from metadata-action\nindex:org.opencontainers.image.description=My app, with commas = and equals\n\nmanifest-descriptor:a=b,c\n'
    });
    expect(o.annotations.index).toEqual({ 'org.opencontainers.image.description': 'My app, with commas = and equals' });
    expect(o.annotations.descriptors).toEqual([{ platform: undefined, key: 'a', value: 'b,c' }]);
  });

  test('annotate lines refer to sources after normalization', () => {
    const o = parseOptions({
      tags: 'ghcr.io/o/app:1',
      sources: 'me/app',
      annotations: 'docker.io/me/app:latest --arch arm64'
    });
    expect([...o.annotations.overrides.keys()]).toEqual(['docker.io/me/app:latest']);
  });
});

describe('v2 inputs', () => {
  const base = { tags: 'ghcr.io/o/app:1.0', sources: 'ghcr.io/o/app:amd64\nghcr.io/o/app:arm64' };

  test('defaults: no expected platforms, keep attestations, no referrers, no token, no templates', () => {
    const o = parseOptions(base);
    expect(o).toMatchObject({ platforms: [], attestations: 'keep', referrers: false, githubToken: '' });
    expect(o.templates.size).toBe(0);
  });

  test('platforms: normalized, commas or lines, order kept; a bad one or one twice is refused', () => {
    const o = parseOptions({ ...base, platforms: 'linux/x86_64, linux/arm64\nlinux/arm/7\n# comment' });
    expect(o.platforms).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
      { os: 'linux', architecture: 'arm', variant: 'v7' }
    ]);
    expect(() => parseOptions({ ...base, platforms: 'linux' })).toThrow('input "platforms": invalid platform "linux"');
    expect(() => parseOptions({ ...base, platforms: 'linux/amd64,linux/x86_64' })).toThrow(
      'input "platforms": "linux/x86_64" is listed twice (also as "linux/amd64")'
    );
    expect(() => parseOptions({ ...base, platforms: 'linux/arm64,linux/arm64/v8' })).toThrow('is listed twice');
  });

  test('attestations: keep or drop, anything else refused', () => {
    expect(parseOptions({ ...base, attestations: ' Drop ' }).attestations).toBe('drop');
    expect(() => parseOptions({ ...base, attestations: 'strip' })).toThrow(
      'input "attestations" must be keep or drop, got "strip"'
    );
  });

  test('referrers is a boolean; github-token is kept, blank means none', () => {
    expect(parseOptions({ ...base, referrers: 'true', githubToken: 'ghs_x' })).toMatchObject({
      referrers: true,
      githubToken: 'ghs_x'
    });
    expect(parseOptions({ ...base, githubToken: '  ' }).githubToken).toBe('');
    expect(() => parseOptions({ ...base, referrers: 'yes' })).toThrow(
      'input "referrers" must be true or false, got "yes"'
    );
  });

  test('a template stands for one source per platform, in the order of platforms', () => {
    const o = parseOptions({
      tags: base.tags,
      sources: 'ghcr.io/o/base:1, ghcr.io/o/app:1-ARCHVARIANT',
      platforms: 'linux/arm/v7, linux/amd64'
    });
    expect(o.sources.map(formatReference)).toEqual([
      'ghcr.io/o/base:1',
      'ghcr.io/o/app:1-armv7',
      'ghcr.io/o/app:1-amd64'
    ]);
    expect([...o.templates.entries()]).toEqual([
      [
        'ghcr.io/o/app:1-armv7',
        { template: 'ghcr.io/o/app:1-ARCHVARIANT', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }
      ],
      [
        'ghcr.io/o/app:1-amd64',
        { template: 'ghcr.io/o/app:1-ARCHVARIANT', platform: { os: 'linux', architecture: 'amd64' } }
      ]
    ]);
  });

  test('a template without platforms is an error that says so', () => {
    expect(() => parseOptions({ tags: base.tags, sources: 'ghcr.io/o/app:1-ARCH' })).toThrow(
      'input "sources": "ghcr.io/o/app:1-ARCH" is a template (it holds ARCH), which needs the input "platforms" to say which platforms it stands for'
    );
  });

  test('a template that gives one source twice names the template', () => {
    expect(() =>
      parseOptions({ tags: base.tags, sources: 'ghcr.io/o/app:1-ARCH', platforms: 'linux/arm/v6,linux/arm/v7' })
    ).toThrow(
      'input "sources": "ghcr.io/o/app:1-arm" is listed twice (also as "ghcr.io/o/app:1-arm") (template "ghcr.io/o/app:1-ARCH" for linux/arm/v7 gives a source that is already listed'
    );
  });

  test('annotate lines name an expanded source', () => {
    const o = parseOptions({
      tags: base.tags,
      sources: 'ghcr.io/o/app:1-ARCH',
      platforms: 'linux/amd64',
      annotations: 'ghcr.io/o/app:1-amd64 --os-version 1'
    });
    expect(o.annotations.overrides.get('ghcr.io/o/app:1-amd64')).toEqual({ 'os.version': '1' });
  });
});
