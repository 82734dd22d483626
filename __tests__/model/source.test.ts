/** Source forms (issue 19): bare digests name the first tag's repository; sources-from files line by line. */
import { parseOptions } from '../../src/model/options';
import { parseSource, sourceFileItems } from '../../src/model/source';
import { parseReference } from '../../src/model/reference';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

describe('bare digests', () => {
  const first = parseReference('ghcr.io/acme/app:1.0');

  test("sha256:<hex> is that digest in the first tag's repository, not Docker Hub's library/sha256", () => {
    expect(parseSource(D1, first)).toEqual({ registry: 'ghcr.io', repository: 'acme/app', digest: D1 });
    expect(parseSource(` ${D1} `, first)).toEqual({ registry: 'ghcr.io', repository: 'acme/app', digest: D1 });
    expect(parseSource('ghcr.io/o/x:1', first)).toEqual(parseReference('ghcr.io/o/x:1'));
  });

  test('a malformed bare digest is an error, not a Docker Hub reference', () => {
    expect(() => parseSource('sha256:abc', first)).toThrow(/a bare digest is sha256:<64 lowercase hex digits>/);
    expect(() => parseSource(`sha256:${'A'.repeat(64)}`, first)).toThrow(/bare digest/);
  });

  test('sha512 too (the digest model); an algorithm that cannot be verified is refused by name', () => {
    const d512 = `sha512:${'5'.repeat(128)}`;
    expect(parseSource(d512, first)).toEqual({ registry: 'ghcr.io', repository: 'acme/app', digest: d512 });
    expect(() => parseSource(`blake3:${'b'.repeat(64)}`, first)).toThrow(
      'digest algorithm "blake3" is registered but cannot be verified here (sha256 and sha512 can)'
    );
  });

  test('in sources, with annotations lines naming them as written', () => {
    const o = parseOptions({
      tags: 'quay.io/o/app:2\nghcr.io/o/app:2',
      sources: `${D1}\n${D2}`,
      annotations: `${D2} --variant v7`
    });
    expect(o.sources).toEqual([
      { registry: 'quay.io', repository: 'o/app', digest: D1 },
      { registry: 'quay.io', repository: 'o/app', digest: D2 }
    ]);
    expect(o.annotations.overrides.get(`quay.io/o/app@${D2}`)).toEqual({ variant: 'v7' });
  });

  test('the same digest bare and qualified is listed twice', () => {
    expect(() => parseOptions({ tags: 'ghcr.io/o/app:2', sources: `${D1}\nghcr.io/o/app@${D1}` })).toThrow(
      /listed twice/
    );
  });
});

describe('sources-from files', () => {
  test('one source per line; blank lines, # comments, CR LF and a BOM tolerated; each line named', () => {
    const items = sourceFileItems({ path: 'digests/linux-amd64', text: `\uFEFF# amd64\r\n${D1}\r\n\r\n  ${D2}  \n` });
    expect(items).toEqual([
      { item: D1, origin: 'sources-from digests/linux-amd64 line 2' },
      { item: D2, origin: 'sources-from digests/linux-amd64 line 4' }
    ]);
  });

  test('after sources, in the order given; a bad line names its file and line', () => {
    const o = parseOptions({
      tags: 'ghcr.io/o/app:2',
      sources: 'ghcr.io/o/base:1',
      sourceFiles: [
        { path: 'd/a', text: `${D1}\n` },
        { path: 'd/b', text: `${D2}\n` }
      ]
    });
    expect(o.sources.map((s) => s.digest ?? s.tag)).toEqual(['1', D1, D2]);
    expect(() =>
      parseOptions({ tags: 'ghcr.io/o/app:2', sourceFiles: [{ path: 'd/a', text: 'x\nNot/Valid\n' }] })
    ).toThrow(/^sources-from d\/a line 2: invalid reference "Not\/Valid"/);
  });

  test('no sources anywhere is an error that names the files', () => {
    expect(() => parseOptions({ tags: 'ghcr.io/o/app:2', sourceFiles: [{ path: 'd/a', text: '# none\n' }] })).toThrow(
      /files of "sources-from" \(d\/a\) hold none/
    );
    expect(() => parseOptions({ tags: 'ghcr.io/o/app:2', sources: '' })).toThrow(/input "sources" is empty/);
  });
});
