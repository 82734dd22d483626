import { applyOverride, parseAnnotations, sourceKey } from '../../src/model/annotations';
import { InputError } from '../../src/model/errors';
import { parseReference, withDefaultTag } from '../../src/model/reference';

const D = 'sha256:' + 'cd'.repeat(32);
const sources = ['ghcr.io/o/app:amd64', 'ghcr.io/o/app:arm', 'nginx', `ghcr.io/o/app@${D}`, 'localhost:5000/app:1'].map(
  (s) => withDefaultTag(parseReference(s))
);
const parse = (...lines: string[]) => parseAnnotations(lines, sources);

describe('sourceKey', () => {
  test('fully qualified, default tag applied', () => {
    expect(sourceKey(parseReference('nginx'))).toBe('docker.io/library/nginx:latest');
    expect(sourceKey(parseReference('ghcr.io/o/app:1'))).toBe('ghcr.io/o/app:1');
    expect(sourceKey(parseReference(`ghcr.io/o/app@${D}`))).toBe(`ghcr.io/o/app@${D}`);
  });
});

describe('OCI annotation lines (docker/metadata-action output)', () => {
  test('index: lines, values with commas, equals signs, colons and spaces kept verbatim', () => {
    const a = parse(
      'index:org.opencontainers.image.description=My app, with commas = and equals',
      'index:org.opencontainers.image.created=2024-05-01T12:34:56.789Z',
      'index:org.opencontainers.image.source=https://github.com/o/app',
      'index:org.opencontainers.image.title=app'
    );
    expect(a.index).toEqual({
      'org.opencontainers.image.description': 'My app, with commas = and equals',
      'org.opencontainers.image.created': '2024-05-01T12:34:56.789Z',
      'org.opencontainers.image.source': 'https://github.com/o/app',
      'org.opencontainers.image.title': 'app'
    });
    expect(a.descriptors).toEqual([]);
    expect(a.overrides.size).toBe(0);
    expect(a.warnings).toEqual([]);
  });

  test('bare KEY=VALUE is an index annotation; an empty value is kept', () => {
    const a = parse('org.opencontainers.image.licenses=MIT', 'com.example.empty=');
    expect(a.index).toEqual({ 'org.opencontainers.image.licenses': 'MIT', 'com.example.empty': '' });
  });

  test('a later line for the same key wins', () => {
    expect(parse('index:k=1', 'k=2').index).toEqual({ k: '2' });
  });

  test('manifest-descriptor lines, for all or for one platform', () => {
    const a = parse(
      'manifest-descriptor:org.opencontainers.image.version=1.0',
      'manifest-descriptor[linux/arm64]:org.opencontainers.image.version=1.0',
      'manifest-descriptor[linux/arm/v7]:com.example.note=a=b',
      'manifest-descriptor[linux/aarch64]:k=v'
    );
    expect(a.descriptors).toEqual([
      { platform: undefined, key: 'org.opencontainers.image.version', value: '1.0' },
      { platform: { os: 'linux', architecture: 'arm64' }, key: 'org.opencontainers.image.version', value: '1.0' },
      { platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, key: 'com.example.note', value: 'a=b' },
      { platform: { os: 'linux', architecture: 'arm64' }, key: 'k', value: 'v' }
    ]);
    expect(a.index).toEqual({});
  });

  test('manifest: and index-descriptor: lines are ignored with one warning', () => {
    const a = parse(
      'manifest:org.opencontainers.image.title=app',
      'index:org.opencontainers.image.title=app',
      'manifest:org.opencontainers.image.version=1.0',
      'index-descriptor:org.opencontainers.image.title=app',
      'manifest[linux/amd64]:org.opencontainers.image.title=app'
    );
    expect(a.index).toEqual({ 'org.opencontainers.image.title': 'app' });
    expect(a.descriptors).toEqual([]);
    expect(a.warnings).toEqual([
      'annotations: ignoring "manifest:" lines such as line 1; they belong to the build step (docker/build-push-action\'s annotations), not to the list'
    ]);
  });

  test('index annotations take no platform; the error names the line', () => {
    expect(() => parse('index:a=1', 'index[linux/amd64]:k=v')).toThrow(
      'annotations line 2 "index[linux/amd64]:k=v": index annotations take no platform'
    );
  });

  test('an unknown level is an error naming the line', () => {
    expect(() => parse('manifests:k=v')).toThrow(
      'annotations line 1 "manifests:k=v": unknown annotation level "manifests" (use index:, manifest-descriptor: or manifest-descriptor[os/arch]:)'
    );
  });

  test('index:=value (no key) is an error, never an annotate line', () => {
    const run = () => parse('index:=value');
    expect(run).toThrow(InputError);
    expect(run).toThrow(
      'annotations line 1 "index:=value": the key is empty; write index:KEY=VALUE (an empty value is "KEY=")'
    );
    expect(() => parse('manifest-descriptor[linux/amd64]:=v')).toThrow(
      'the key is empty; write manifest-descriptor[linux/amd64]:KEY=VALUE'
    );
    expect(() => parse('=value')).toThrow('annotations line 1 "=value": the key is empty');
  });

  test('index:KEY without =VALUE says that, not "not one of the sources"', () => {
    const run = () => parse('index:org.opencontainers.image.title');
    expect(run).toThrow(
      'annotations line 1 "index:org.opencontainers.image.title": there is no =VALUE; write index:KEY=VALUE'
    );
    expect(run).not.toThrow(/not one of the sources/);
    expect(() => parse('manifest-descriptor:k')).toThrow('there is no =VALUE; write manifest-descriptor:KEY=VALUE');
    expect(() => parse('index:my key=v')).toThrow('the key holds white space');
  });

  test('a bare word with no flags is neither an annotation nor an annotate line', () => {
    expect(() => parse('org.opencontainers.image.title')).toThrow(
      'annotations line 1 "org.opencontainers.image.title": neither KEY=VALUE (an OCI annotation) nor SOURCE --flag VALUE'
    );
  });

  test('a bad platform in manifest-descriptor[…] is an InputError naming the line', () => {
    const run = () => parse('index:a=1', 'manifest-descriptor[linux]:k=v');
    expect(run).toThrow(InputError);
    expect(run).toThrow('annotations line 2 "manifest-descriptor[linux]:k=v": invalid platform "linux"');
  });
});

describe('docker manifest annotate lines', () => {
  test('all five flags, separate and = forms', () => {
    const a = parse(
      'ghcr.io/o/app:amd64 --os Windows --arch=x86_64 --os-version 10.0.17763.1 --os-features=win32k,foo'
    );
    expect([...a.overrides.entries()]).toEqual([
      [
        'ghcr.io/o/app:amd64',
        { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1', 'os.features': ['win32k', 'foo'] }
      ]
    ]);
  });

  test('arch aliases and numeric variants are normalized, in either flag order', () => {
    expect(parse('ghcr.io/o/app:arm --arch armhf').overrides.get('ghcr.io/o/app:arm')).toEqual({
      architecture: 'arm',
      variant: 'v7'
    });
    expect(parse('ghcr.io/o/app:arm --arch arm --variant 6').overrides.get('ghcr.io/o/app:arm')).toEqual({
      architecture: 'arm',
      variant: 'v6'
    });
    expect(parse('ghcr.io/o/app:arm --variant 8 --arch aarch64').overrides.get('ghcr.io/o/app:arm')).toEqual({
      architecture: 'arm64',
      variant: 'v8'
    });
  });

  test('the source may be written in any spelling docker accepts', () => {
    const a = parse('docker.io/library/nginx:latest --arch arm64', 'index.docker.io/library/nginx --os linux');
    expect([...a.overrides.entries()]).toEqual([
      ['docker.io/library/nginx:latest', { architecture: 'arm64', os: 'linux' }]
    ]);
  });

  test('sources by digest and on host:port', () => {
    const a = parse(`ghcr.io/o/app@${D} --arch s390x`, 'localhost:5000/app:1 --os linux');
    expect(a.overrides.get(`ghcr.io/o/app@${D}`)).toEqual({ architecture: 's390x' });
    expect(a.overrides.get('localhost:5000/app:1')).toEqual({ os: 'linux' });
  });

  test('mixing with OCI lines', () => {
    const a = parse('ghcr.io/o/app:arm --arch arm --variant v7', 'index:org.opencontainers.image.title=app');
    expect(a.overrides.get('ghcr.io/o/app:arm')).toEqual({ architecture: 'arm', variant: 'v7' });
    expect(a.index).toEqual({ 'org.opencontainers.image.title': 'app' });
  });

  test.each([
    [
      'ghcr.io/o/other:1 --arch arm64',
      'ghcr.io/o/other:1 is not one of the sources; annotate lines must name a source exactly'
    ],
    [
      'ghcr.io/o/app:amd64',
      'no flags: expected --arch, --os, --os-version, --os-features or --variant, or KEY=VALUE for an OCI annotation'
    ],
    ['ghcr.io/o/app:amd64 --arch', '--arch needs a value'],
    ['ghcr.io/o/app:amd64 --arch --os linux', '--arch needs a value'],
    ['ghcr.io/o/app:amd64 --arch=', '--arch needs a value'],
    [
      'ghcr.io/o/app:amd64 --platform linux/arm64',
      'unknown flag "--platform" (known: --arch, --os, --os-version, --os-features, --variant)'
    ],
    ['--arch arm64 ghcr.io/o/app:amd64', 'a docker-annotate line starts with the source it annotates'],
    ['ghcr.io/O/app:amd64 --arch arm64', 'invalid reference "ghcr.io/O/app:amd64": repository names must be lowercase']
  ])('%s → error naming the line', (line, why) => {
    expect(() => parse('index:x=y', line)).toThrow(`annotations line 2 "${line}": ${why}`);
    expect(() => parse(line)).toThrow(InputError);
  });
});

describe('applyOverride', () => {
  test('no override: the same object', () => {
    const p = { os: 'linux', architecture: 'amd64' };
    expect(applyOverride(p, undefined)).toBe(p);
  });

  test('a new architecture drops the old variant', () => {
    expect(applyOverride({ os: 'linux', architecture: 'arm', variant: 'v7' }, { architecture: 'arm64' })).toEqual({
      os: 'linux',
      architecture: 'arm64'
    });
  });

  test('a new architecture with its own variant keeps that variant', () => {
    expect(
      applyOverride({ os: 'linux', architecture: 'arm', variant: 'v7' }, { architecture: 'arm', variant: 'v6' })
    ).toEqual({
      os: 'linux',
      architecture: 'arm',
      variant: 'v6'
    });
  });

  test('the same architecture keeps the variant; other fields override', () => {
    expect(
      applyOverride({ os: 'linux', architecture: 'arm', variant: 'v7' }, { architecture: 'arm', os: 'freebsd' })
    ).toEqual({
      os: 'freebsd',
      architecture: 'arm',
      variant: 'v7'
    });
    expect(
      applyOverride({ os: 'windows', architecture: 'amd64' }, { 'os.version': '10.0.1', 'os.features': ['win32k'] })
    ).toEqual({
      os: 'windows',
      architecture: 'amd64',
      'os.version': '10.0.1',
      'os.features': ['win32k']
    });
  });

  test('does not modify its input', () => {
    const p = { os: 'linux', architecture: 'arm', variant: 'v7' };
    applyOverride(p, { architecture: 'amd64' });
    expect(p).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
  });
});
