import { InputError } from '../../src/model/errors';
import {
  type Platform,
  configPlatformFields,
  formatPlatform,
  isUnknownPlatform,
  normalizeArch,
  normalizePlatform,
  parsePlatform,
  platformKey,
  osArchVariant,
  platformMatches,
  platformProblem
} from '../../src/model/platform';

describe('normalizeArch', () => {
  test.each([
    ['x86_64', undefined, { architecture: 'amd64' }],
    ['x86-64', undefined, { architecture: 'amd64' }],
    ['x64', undefined, { architecture: 'amd64' }],
    ['AMD64', undefined, { architecture: 'amd64' }],
    ['aarch64', undefined, { architecture: 'arm64' }],
    ['aarch64', 'v8', { architecture: 'arm64', variant: 'v8' }],
    ['armhf', undefined, { architecture: 'arm', variant: 'v7' }],
    ['armel', undefined, { architecture: 'arm', variant: 'v6' }],
    ['i386', undefined, { architecture: '386' }],
    ['i686', undefined, { architecture: '386' }],
    ['x86', undefined, { architecture: '386' }],
    ['arm', '7', { architecture: 'arm', variant: 'v7' }],
    ['arm', 'V6', { architecture: 'arm', variant: 'v6' }],
    ['arm64', '8', { architecture: 'arm64', variant: 'v8' }],
    ['amd64', 'v1', { architecture: 'amd64' }],
    ['amd64', 'v3', { architecture: 'amd64', variant: 'v3' }],
    ['riscv64', undefined, { architecture: 'riscv64' }],
    ['ppc64le', '', { architecture: 'ppc64le' }],
    [' s390x ', '  ', { architecture: 's390x' }]
  ])('%s %s', (arch, variant, expected) => {
    expect(normalizeArch(arch, variant)).toEqual(expected);
  });

  test('an explicit variant wins over the alias default', () => {
    expect(normalizeArch('armhf', 'v6')).toEqual({ architecture: 'arm', variant: 'v6' });
  });

  test('a bare number is only prefixed with v for arm', () => {
    expect(normalizeArch('amd64', '3')).toEqual({ architecture: 'amd64', variant: '3' });
  });
});

describe('normalizePlatform', () => {
  test('lowercases, resolves aliases, drops empty fields, keeps field values', () => {
    expect(
      normalizePlatform({ os: 'Linux', architecture: 'x86_64', variant: '', 'os.features': [], 'os.version': '' })
    ).toEqual({
      os: 'linux',
      architecture: 'amd64'
    });
    expect(
      normalizePlatform({
        os: 'windows',
        architecture: 'amd64',
        'os.version': '10.0.17763.1234',
        'os.features': ['win32k']
      })
    ).toEqual({
      os: 'windows',
      architecture: 'amd64',
      'os.version': '10.0.17763.1234',
      'os.features': ['win32k']
    });
    expect(normalizePlatform({ os: 'linux', architecture: 'armhf' })).toEqual({
      os: 'linux',
      architecture: 'arm',
      variant: 'v7'
    });
  });

  test('does not share the os.features array with its input', () => {
    const features = ['a'];
    const out = normalizePlatform({ os: 'windows', architecture: 'amd64', 'os.features': features });
    features.push('b');
    expect(out['os.features']).toEqual(['a']);
  });
});

describe('formatPlatform', () => {
  test.each([
    [{ os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    [{ os: 'linux', architecture: 'arm', variant: 'v7' }, 'linux/arm/v7'],
    [{ os: 'linux', architecture: 'arm64', variant: 'v8' }, 'linux/arm64/v8'],
    [{ os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1' }, 'windows/amd64']
  ] as [Platform, string][])('%j → %s', (p, s) => {
    expect(formatPlatform(p)).toBe(s);
  });
});

describe('platformKey', () => {
  const key = (p: Platform) => platformKey(p);

  test('exact key form', () => {
    expect(key({ os: 'linux', architecture: 'arm', variant: 'v7' })).toBe('linux|arm|v7||');
    expect(key({ os: 'windows', architecture: 'amd64', 'os.version': '10.0.1', 'os.features': ['b', 'a'] })).toBe(
      'windows|amd64||10.0.1|a,b'
    );
  });

  test('arm64 and arm64/v8 are one platform for duplicates, but formatPlatform keeps v8', () => {
    const a = { os: 'linux', architecture: 'arm64' };
    const b = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    expect(key(a)).toBe(key(b));
    expect(formatPlatform(b)).toBe('linux/arm64/v8');
    expect(formatPlatform(a)).toBe('linux/arm64');
  });

  test('aliases are one platform', () => {
    expect(key({ os: 'linux', architecture: 'x86_64' })).toBe(key({ os: 'linux', architecture: 'amd64' }));
    expect(key({ os: 'linux', architecture: 'aarch64' })).toBe(
      key({ os: 'linux', architecture: 'arm64', variant: 'v8' })
    );
    expect(key({ os: 'linux', architecture: 'armhf' })).toBe(key({ os: 'linux', architecture: 'arm', variant: 'v7' }));
    expect(key({ os: 'Linux', architecture: 'arm', variant: '7' })).toBe(
      key({ os: 'linux', architecture: 'arm', variant: 'v7' })
    );
  });

  test('distinct platforms have distinct keys', () => {
    const all: Platform[] = [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'amd64', variant: 'v3' },
      { os: 'linux', architecture: 'arm', variant: 'v6' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
      { os: 'linux', architecture: 'arm64' },
      { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1' },
      { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1' },
      { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1', 'os.features': ['win32k'] }
    ];
    expect(new Set(all.map(key)).size).toBe(all.length);
  });

  test('os.features order does not matter', () => {
    expect(key({ os: 'windows', architecture: 'amd64', 'os.features': ['x', 'a'] })).toBe(
      key({ os: 'windows', architecture: 'amd64', 'os.features': ['a', 'x'] })
    );
  });
});

describe('isUnknownPlatform', () => {
  test('only unknown/unknown', () => {
    expect(isUnknownPlatform({ os: 'unknown', architecture: 'unknown' })).toBe(true);
    expect(isUnknownPlatform({ os: 'linux', architecture: 'unknown' })).toBe(false);
    expect(isUnknownPlatform({ os: 'unknown', architecture: 'amd64' })).toBe(false);
    expect(isUnknownPlatform(undefined)).toBe(false);
  });
});

describe('parsePlatform', () => {
  test.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/arm64', { os: 'linux', architecture: 'arm64' }],
    ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['Linux/X86_64', { os: 'linux', architecture: 'amd64' }],
    [' linux/aarch64 ', { os: 'linux', architecture: 'arm64' }],
    ['linux/armhf', { os: 'linux', architecture: 'arm', variant: 'v7' }]
  ])('%s', (s, expected) => {
    expect(parsePlatform(s)).toEqual(expected);
  });

  test.each(['linux', 'linux/arm/v7/extra', 'linux//v7', '/amd64', 'linux/', ''])('refuses %j', (s) => {
    expect(() => parsePlatform(s)).toThrow(
      `invalid platform "${s}": expected os/arch or os/arch/variant, e.g. linux/arm64 or linux/arm/v7`
    );
    expect(() => parsePlatform(s)).toThrow(InputError);
  });
});

describe('platformMatches', () => {
  const m = (p: Platform, pattern: string) => platformMatches(p, parsePlatform(pattern));

  test('a pattern without variant matches every variant', () => {
    expect(m({ os: 'linux', architecture: 'arm', variant: 'v7' }, 'linux/arm')).toBe(true);
    expect(m({ os: 'linux', architecture: 'arm', variant: 'v6' }, 'linux/arm')).toBe(true);
    expect(m({ os: 'linux', architecture: 'arm64', variant: 'v8' }, 'linux/arm64')).toBe(true);
  });

  test('a variant in the pattern must match', () => {
    expect(m({ os: 'linux', architecture: 'arm', variant: 'v7' }, 'linux/arm/v7')).toBe(true);
    expect(m({ os: 'linux', architecture: 'arm', variant: 'v6' }, 'linux/arm/v7')).toBe(false);
    // A bare arm is arm/v7, as in duplicate detection (containerd's default).
    expect(m({ os: 'linux', architecture: 'arm' }, 'linux/arm/v7')).toBe(true);
    expect(m({ os: 'linux', architecture: 'arm' }, 'linux/arm/v6')).toBe(false);
  });

  test('arm64 without variant is arm64/v8', () => {
    expect(m({ os: 'linux', architecture: 'arm64' }, 'linux/arm64/v8')).toBe(true);
    expect(m({ os: 'linux', architecture: 'aarch64' }, 'linux/arm64/v8')).toBe(true);
  });

  test('os and arch must match, with aliases on both sides', () => {
    expect(m({ os: 'linux', architecture: 'x86_64' }, 'linux/amd64')).toBe(true);
    expect(m({ os: 'linux', architecture: 'amd64' }, 'linux/x86_64')).toBe(true);
    expect(m({ os: 'linux', architecture: 'amd64' }, 'windows/amd64')).toBe(false);
    expect(m({ os: 'linux', architecture: 'amd64' }, 'linux/arm64')).toBe(false);
    expect(m({ os: 'windows', architecture: 'amd64', 'os.version': '10.0.1' }, 'windows/amd64')).toBe(true);
  });
});

describe('platformProblem', () => {
  test('fine platforms', () => {
    expect(platformProblem({ os: 'linux', architecture: 'amd64' })).toBeUndefined();
    expect(
      platformProblem({
        os: 'windows',
        architecture: 'amd64',
        'os.version': '10.0',
        'os.features': ['win32k'],
        variant: 'v1'
      })
    ).toBeUndefined();
  });

  test('what is wrong, said plainly', () => {
    expect(platformProblem({ architecture: 'amd64' })).toBe('it has no "os"');
    expect(platformProblem({ os: 'linux' })).toBe('it has no "architecture"');
    expect(platformProblem({ os: '', architecture: 'amd64' })).toBe('its "os" is not a non-empty string');
    expect(platformProblem({ os: 'linux', architecture: 7 })).toBe('its "architecture" is not a non-empty string');
    expect(platformProblem({ os: 'linux', architecture: 'arm', variant: 7 })).toBe('its "variant" is not a string');
    expect(platformProblem({ os: 'linux', architecture: 'arm', 'os.features': 'x' })).toBe(
      'its "os.features" is not a list of strings'
    );
    expect(platformProblem('linux/amd64')).toBe('it is not an object');
    expect(platformProblem(null)).toBe('it is not an object');
  });
});

describe('osArchVariant', () => {
  test('normalized, containerd defaults, os.version and features ignored', () => {
    expect(osArchVariant({ os: 'linux', architecture: 'x86_64' })).toBe('linux/amd64');
    expect(osArchVariant({ os: 'linux', architecture: 'arm64', variant: 'v8' })).toBe('linux/arm64');
    expect(osArchVariant({ os: 'linux', architecture: 'arm' })).toBe('linux/arm/v7');
    expect(osArchVariant({ os: 'Linux', architecture: 'armhf' })).toBe('linux/arm/v7');
    expect(osArchVariant({ os: 'windows', architecture: 'amd64', 'os.version': '10.0.1' })).toBe('windows/amd64');
  });
});

describe('configPlatformFields', () => {
  it('takes the non-empty string fields a config has, and nothing else', () => {
    expect(
      configPlatformFields({
        os: 'linux',
        architecture: 'arm64',
        variant: 'v8',
        'os.version': '',
        'os.features': ['a'],
        rootfs: {}
      })
    ).toEqual({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
      'os.features': ['a']
    });
    expect(configPlatformFields({ os: ' ', architecture: 3, 'os.features': ['a', 1] })).toEqual({});
    expect(configPlatformFields(null)).toBeUndefined();
    expect(configPlatformFields('linux')).toBeUndefined();
  });
});
