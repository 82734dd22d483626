import { expandTemplate, isTemplate, placeholdersOf } from '../../src/model/template';

const amd = { os: 'linux', architecture: 'amd64' };
const arm7 = { os: 'linux', architecture: 'arm', variant: 'v7' };

describe('source templates', () => {
  test('OS, ARCH and VARIANT are replaced; VARIANT is dropped where the platform has none', () => {
    expect(expandTemplate('ghcr.io/o/app:1-ARCHVARIANT', amd)).toBe('ghcr.io/o/app:1-amd64');
    expect(expandTemplate('ghcr.io/o/app:1-ARCHVARIANT', arm7)).toBe('ghcr.io/o/app:1-armv7');
    expect(expandTemplate('ghcr.io/o/app:OS-ARCH', arm7)).toBe('ghcr.io/o/app:linux-arm');
    expect(expandTemplate('ghcr.io/o/app:1_OS_ARCH_VARIANT', arm7)).toBe('ghcr.io/o/app:1_linux_arm_v7');
    expect(expandTemplate('ghcr.io/o/app:OSARCH', amd)).toBe('ghcr.io/o/app:linuxamd64');
  });

  test('only whole uppercase runs made of the placeholder words count', () => {
    for (const s of [
      'ghcr.io/o/app:MYARCH',
      'ghcr.io/o/app:ARCHIVE',
      'ghcr.io/o/app:POS',
      'ghcr.io/o/app:arch',
      'ghcr.io/o/app:1.0',
      'ghcr.io/o/os-arch:v1',
      'ghcr.io/o/app:Arch'
    ]) {
      expect(isTemplate(s)).toBe(false);
      expect(expandTemplate(s, amd)).toBe(s);
    }
    expect(isTemplate('ghcr.io/o/app:1-ARCH')).toBe(true);
    expect(isTemplate('ghcr.io/o/app:buildARCH')).toBe(true);
    // A run that is not a placeholder stays even beside one that is.
    expect(expandTemplate('ghcr.io/o/app:RC1-ARCH', amd)).toBe('ghcr.io/o/app:RC1-amd64');
  });

  test('placeholdersOf names them in order', () => {
    expect(placeholdersOf('ghcr.io/o/app:OS-ARCHVARIANT')).toEqual(['OS', 'ARCH', 'VARIANT']);
    expect(placeholdersOf('ghcr.io/o/app:MYARCH')).toEqual([]);
  });
});
