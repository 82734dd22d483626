import { USAGE, parseArgs } from '../../src/edges/cli-args';

describe('parseArgs', () => {
  test('nothing given', () => {
    expect(parseArgs([])).toEqual({ inputs: { tags: '', sources: '', annotations: '' }, json: false, debug: false, help: false });
  });

  test('repeated and comma-separated lists, separate and = values', () => {
    const r = parseArgs([
      '--tags', 'ghcr.io/o/app:1,ghcr.io/o/app:latest',
      '--tags=ghcr.io/o/app:stable',
      '--sources', 'ghcr.io/o/app:amd64',
      '--sources=ghcr.io/o/app:arm64'
    ]);
    expect(r.inputs).toEqual({
      tags: 'ghcr.io/o/app:1,ghcr.io/o/app:latest\nghcr.io/o/app:stable',
      sources: 'ghcr.io/o/app:amd64\nghcr.io/o/app:arm64',
      annotations: ''
    });
  });

  test('annotations: one line per flag, values with =, commas and docker-annotate flags kept whole', () => {
    const r = parseArgs([
      '--annotations=index:org.opencontainers.image.description=My app, with commas = and equals',
      '--annotations', 'manifest-descriptor[linux/arm64]:org.opencontainers.image.version=1.0',
      '--annotations', 'ghcr.io/o/app:arm --arch arm --variant v7'
    ]);
    expect(r.inputs.annotations).toBe(
      'index:org.opencontainers.image.description=My app, with commas = and equals\nmanifest-descriptor[linux/arm64]:org.opencontainers.image.version=1.0\nghcr.io/o/app:arm --arch arm --variant v7'
    );
  });

  test('boolean flags: bare means true, =value passed on as is', () => {
    expect(parseArgs(['--insecure', '--purge', '--amend']).inputs).toEqual({ tags: '', sources: '', annotations: '', insecure: 'true', purge: 'true', amend: 'true' });
    expect(parseArgs(['--push=false', '--insecure=false']).inputs).toMatchObject({ push: 'false', insecure: 'false' });
    expect(parseArgs(['--push']).inputs.push).toBe('true');
  });

  test('--dry-run is push=false', () => {
    expect(parseArgs(['--dry-run']).inputs.push).toBe('false');
  });

  test('--format, separate or with =', () => {
    expect(parseArgs(['--format', 'oci']).inputs.format).toBe('oci');
    expect(parseArgs(['--format=docker']).inputs.format).toBe('docker');
  });

  test('--json, --debug, --help', () => {
    const r = parseArgs(['--json', '--debug', '--help']);
    expect([r.json, r.debug, r.help]).toEqual([true, true, true]);
  });

  test('missing values', () => {
    expect(() => parseArgs(['--tags'])).toThrow('--tags needs a value');
    expect(() => parseArgs(['--sources', 'a', '--annotations'])).toThrow('--annotations needs a value');
    expect(() => parseArgs(['--format'])).toThrow('--format needs a value');
  });

  test('positional and unknown arguments are errors followed by the usage', () => {
    expect(() => parseArgs(['ghcr.io/o/app:1'])).toThrow(`unexpected argument "ghcr.io/o/app:1"\n${USAGE}`);
    expect(() => parseArgs(['-t', 'x'])).toThrow('unexpected argument "-t"');
    expect(() => parseArgs(['--tag', 'x'])).toThrow(`unknown flag --tag\n${USAGE}`);
    expect(() => parseArgs(['--Tags=x'])).toThrow('unexpected argument "--Tags=x"');
  });

  test('usage names every flag', () => {
    for (const f of ['--tags', '--sources', '--annotations', '--format', '--insecure', '--amend', '--purge', '--push=false', '--dry-run', '--json', '--debug']) {
      expect(USAGE).toContain(f);
    }
  });
});
