import { type CreateCommand, type InspectCommand, USAGE, UsageError, parseCommandLine } from '../../src/edges/cli-args';
import { editDistance, nearest } from '../../src/util/did-you-mean';

const create = (argv: string[]) => {
  const c = parseCommandLine(argv);
  if (c.kind !== 'create') throw new Error(`expected create, got ${c.kind}`);
  return c as CreateCommand;
};
const inspect = (argv: string[]) => {
  const c = parseCommandLine(argv);
  if (c.kind !== 'inspect') throw new Error(`expected inspect, got ${c.kind}`);
  return c as InspectCommand;
};
const usageError = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
};
const T = ['--tags', 'ghcr.io/o/app:1', '--sources', 'ghcr.io/o/app:amd64'];

describe('create with --tags and --sources (the v1 form)', () => {
  test('repeated and comma-separated lists, separate and = values', () => {
    const r = create([
      '--tags',
      'ghcr.io/o/app:1,ghcr.io/o/app:latest',
      '--tags=ghcr.io/o/app:stable',
      '--sources',
      'ghcr.io/o/app:amd64',
      '--sources=ghcr.io/o/app:arm64'
    ]);
    expect(r.inputs).toEqual({
      tags: 'ghcr.io/o/app:1,ghcr.io/o/app:latest\nghcr.io/o/app:stable',
      sources: 'ghcr.io/o/app:amd64\nghcr.io/o/app:arm64',
      annotations: ''
    });
    expect([r.json, r.debug, r.spec]).toEqual([false, false, undefined]);
  });

  test('annotations: one line per flag, values with =, commas and docker-annotate flags kept whole', () => {
    const r = create([
      ...T,
      '--annotations=index:org.opencontainers.image.description=My app, with commas = and equals',
      '--annotations',
      'manifest-descriptor[linux/arm64]:org.opencontainers.image.version=1.0',
      '--annotations',
      'ghcr.io/o/app:arm --arch arm --variant v7'
    ]);
    expect(r.inputs.annotations).toBe(
      'index:org.opencontainers.image.description=My app, with commas = and equals\nmanifest-descriptor[linux/arm64]:org.opencontainers.image.version=1.0\nghcr.io/o/app:arm --arch arm --variant v7'
    );
  });

  test('"create" said or not, the same command', () => {
    expect(create(['create', ...T])).toEqual(create(T));
  });

  test('v2 flags named like the inputs: --platforms, --attestations, --referrers', () => {
    const r = create([
      ...T,
      '--platforms',
      'linux/amd64,linux/arm64',
      '--platforms=linux/arm/v7',
      '--attestations',
      'drop',
      '--referrers'
    ]);
    expect(r.inputs).toMatchObject({
      platforms: 'linux/amd64,linux/arm64\nlinux/arm/v7',
      attestations: 'drop',
      referrers: 'true'
    });
  });

  test('--format, --json, --debug', () => {
    const r = create([...T, '--format', 'oci', '--json', '--debug']);
    expect([r.inputs.format, r.json, r.debug]).toEqual(['oci', true, true]);
    expect(create([...T, '--format=docker']).inputs.format).toBe('docker');
  });

  test('--sources-from: repeatable, enough without --sources; not with --spec', () => {
    const r = create(['--tags', 'ghcr.io/o/app:1', '--sources-from', 'digests/*', '--sources-from=more/*']);
    expect(r.sourcesFrom).toEqual(['digests/*', 'more/*']);
    expect(r.inputs.sources).toBe('');
    expect(create(['create', 'ghcr.io/o/app:1', '--sources-from', 'd/*']).sourcesFrom).toEqual(['d/*']);
    expect(create(T).sourcesFrom).toEqual([]);
    expect(usageError(['--spec', 's.yml', '--sources-from', 'd/*'])).toMatch(
      /without --tags, --sources, --sources-from/
    );
    expect(usageError(['--tags', 'ghcr.io/o/app:1'])).toMatch(/--sources-from PATH/);
  });
});

describe('boolean inputs', () => {
  test('bare means true; =value and a separate true/false word are taken as the value', () => {
    expect(create([...T, '--insecure', '--purge', '--amend']).inputs).toMatchObject({
      insecure: 'true',
      purge: 'true',
      amend: 'true'
    });
    expect(create([...T, '--push=false', '--insecure=false']).inputs).toMatchObject({
      push: 'false',
      insecure: 'false'
    });
    expect(create([...T, '--push', 'false']).inputs.push).toBe('false');
    expect(create(['--push', 'False', ...T]).inputs.push).toBe('False');
    expect(create([...T, '--push']).inputs.push).toBe('true');
  });

  test('a word that is not true/false after a bare boolean flag is the next argument, not its value', () => {
    const r = create(['create', '--amend', 'ghcr.io/o/app:1', 'ghcr.io/o/app:amd64']);
    expect(r.inputs).toMatchObject({ amend: 'true', tags: 'ghcr.io/o/app:1', sources: 'ghcr.io/o/app:amd64' });
  });

  test("docker's short flags: -a (create --amend), -p (push --purge)", () => {
    expect(create(['create', '-a', '-p', 'ghcr.io/o/app:1', 'ghcr.io/o/app:amd64']).inputs).toMatchObject({
      amend: 'true',
      purge: 'true'
    });
  });

  test('--dry-run is push=false; with --push=true it is a contradiction', () => {
    expect(create([...T, '--dry-run']).inputs.push).toBe('false');
    expect(usageError([...T, '--dry-run', '--push=true'])).toContain('contradict');
  });

  test('a value that is not true or false is a usage error naming the flag', () => {
    expect(usageError([...T, '--purge=maybe'])).toBe('--purge takes true or false, got "maybe"');
    expect(usageError([...T, '--push=no'])).toBe('--push takes true or false, got "no"');
  });

  test('without create, a word after a bare boolean flag was meant as its value: the error says so', () => {
    expect(usageError([...T, '--push', 'maybe'])).toBe(
      '--push takes true or false, got "maybe" (or, for a target and sources: manifest-fanin TARGET SOURCE...)'
    );
    expect(usageError(['--purge', 'yes', ...T])).toContain('--purge takes true or false, got "yes"');
    // A stray word elsewhere is a reference: with --tags given, one more target (as after create).
    expect(create([...T, 'ghcr.io/o/app:x']).inputs.tags).toBe('ghcr.io/o/app:x\nghcr.io/o/app:1');
  });

  test('a flag that takes no value given one', () => {
    expect(usageError([...T, '--json=yes'])).toBe('--json takes no value');
  });
});

describe("docker's positional form: create [flags] TARGET SOURCE...", () => {
  test('first the target, then the sources in order', () => {
    const r = create(['create', '--insecure', 'ghcr.io/o/app:1', 'ghcr.io/o/app:amd64', 'ghcr.io/o/app:arm64']);
    expect(r.inputs).toMatchObject({
      tags: 'ghcr.io/o/app:1',
      sources: 'ghcr.io/o/app:amd64\nghcr.io/o/app:arm64',
      insecure: 'true'
    });
  });

  test('flags may follow the references; --tags adds more targets', () => {
    const r = create(['create', 'ghcr.io/o/app:1', 'ghcr.io/o/app:amd64', '--tags', 'ghcr.io/o/app:latest', '--amend']);
    expect(r.inputs).toMatchObject({
      tags: 'ghcr.io/o/app:1\nghcr.io/o/app:latest',
      sources: 'ghcr.io/o/app:amd64',
      amend: 'true'
    });
  });

  test('without "create", the same (issue 17 item 11: a reference is never a subcommand name)', () => {
    expect(create(['ghcr.io/o/app:1', 'ghcr.io/o/app:amd64', 'ghcr.io/o/app:arm64'])).toEqual(
      create(['create', 'ghcr.io/o/app:1', 'ghcr.io/o/app:amd64', 'ghcr.io/o/app:arm64'])
    );
    expect(create(['--insecure', 'localhost:5000/app:1', 'localhost:5000/app:amd64']).inputs).toMatchObject({
      tags: 'localhost:5000/app:1',
      sources: 'localhost:5000/app:amd64',
      insecure: 'true'
    });
    // A repository that is also a command word, given as a reference, stays a reference.
    expect(create(['ghcr.io/o/inspect:1', 'ghcr.io/o/inspect:amd64']).inputs.tags).toBe('ghcr.io/o/inspect:1');
    expect(usageError(['ghcr.io/o/app:1'])).toContain('no sources');
  });
});

describe('usage errors: one line, exit 2', () => {
  test('a missing target or sources', () => {
    expect(usageError(['--sources', 'a:1'])).toContain('no target');
    expect(usageError(['--tags', 'a:1'])).toContain('no sources');
    expect(usageError(['create', 'ghcr.io/o/app:1'])).toContain('no sources');
  });

  test('missing values', () => {
    expect(usageError(['--tags'])).toBe('--tags needs a value');
    expect(usageError([...T, '--annotations'])).toBe('--annotations needs a value');
    expect(usageError([...T, '--format'])).toBe('--format needs a value');
  });

  test('"did you mean" for a near-miss flag', () => {
    expect(usageError(['--tagz', 'x', '--sources', 'y'])).toBe(
      'unknown flag --tagz for create; did you mean --tags? (manifest-fanin --help lists the flags)'
    );
    expect(usageError([...T, '--soruces', 'x'])).toContain('did you mean --sources?');
    expect(usageError([...T, '--insecur'])).toContain('did you mean --insecure?');
    expect(usageError([...T, '--platform', 'linux/amd64'])).toContain('did you mean --platforms?');
    expect(usageError([...T, '--Tags=x'])).toContain('did you mean --tags?');
  });

  test('an annotate flag on the command line points to the annotations line', () => {
    expect(usageError([...T, '--varient', 'v7'])).toBe(
      'unknown flag --varient: --variant belongs on an annotations line, --annotations "SOURCE --variant VALUE"'
    );
    expect(usageError([...T, '--arch', 'arm64'])).toContain('--arch belongs on an annotations line');
  });

  test('a flag far from every known one gets no guess', () => {
    expect(usageError([...T, '--zzzzzzzz'])).toBe(
      'unknown flag --zzzzzzzz for create (manifest-fanin --help lists the flags)'
    );
  });

  test('an unknown command near a known one', () => {
    expect(usageError(['inspcet', 'x'])).toBe('unknown command "inspcet"; did you mean inspect?');
    expect(usageError(['push', 'from-yaml'])).toContain('from-spec FILE or from-args');
  });

  test('the error is a single line', () => {
    for (const argv of [['--tag', 'x'], [...T, '--purge=maybe'], ['inspect'], ['create', 'a:1'], ['--tagz', 'x']])
      expect(usageError(argv)).not.toContain('\n');
  });
});

describe('spec files and manifest-tool forms', () => {
  test('--spec FILE, and push from-spec FILE as its alias', () => {
    expect(create(['--spec', 'spec.yml']).spec).toBe('spec.yml');
    expect(create(['push', 'from-spec', 'spec.yml', '--insecure'])).toEqual(
      create(['--spec', 'spec.yml', '--insecure'])
    );
    expect(usageError(['push', 'from-spec'])).toContain('one spec file');
  });

  test('a spec file with --tags or --sources is ambiguous', () => {
    expect(usageError(['--spec', 'f.yml', '--tags', 'a:1'])).toContain('a spec file names the target and the sources');
  });

  test('push from-args: --template is the source, --target the tag, --tags are tag names in its repository', () => {
    const r = create([
      'push',
      'from-args',
      '--platforms',
      'linux/amd64,linux/arm64',
      '--template',
      'ghcr.io/o/app:1-ARCH',
      '--target',
      'ghcr.io/o/app:1',
      '--tags',
      'latest,stable'
    ]);
    expect(r.inputs).toMatchObject({
      tags: 'ghcr.io/o/app:1\nghcr.io/o/app:latest\nghcr.io/o/app:stable',
      sources: 'ghcr.io/o/app:1-ARCH',
      platforms: 'linux/amd64,linux/arm64'
    });
  });

  test("manifest-tool's global flags before the command: manifest-tool --insecure push from-spec FILE", () => {
    expect(create(['--insecure', 'push', 'from-spec', 'spec.yml'])).toEqual(
      create(['push', 'from-spec', 'spec.yml', '--insecure'])
    );
    expect(create(['--insecure', '--debug', 'push', 'from-spec', 'spec.yml'])).toMatchObject({
      debug: true,
      inputs: { insecure: 'true' }
    });
    expect(inspect(['--insecure', 'inspect', 'ghcr.io/o/app:1']).insecure).toBe('true');
    expect(create(['--insecure', 'false', 'create', 'a.example/x:1', 'a.example/y:1']).inputs.insecure).toBe('false');
    // Without a command word after them, the flags are create's as always.
    expect(create(['--insecure', '--tags', 'a.example/x:1', '--sources', 'a.example/y:1']).inputs.insecure).toBe(
      'true'
    );
  });

  test('push from-args needs its three flags', () => {
    expect(usageError(['push', 'from-args', '--template', 'a-ARCH:1', '--target', 'a:1'])).toContain('--platforms');
    expect(usageError(['push', 'from-args', '--platforms', 'linux/amd64', '--target', 'a:1'])).toContain('--template');
    expect(usageError(['push', 'from-args', '--platforms', 'linux/amd64', '--template', 'a-ARCH:1'])).toContain(
      '--target'
    );
    expect(usageError([...T, '--target', 'a:1'])).toContain('belong to push from-args');
  });
});

describe('inspect [-v] [--insecure] REF', () => {
  test('one reference, flags before or after', () => {
    expect(inspect(['inspect', 'ghcr.io/o/app:1'])).toEqual({
      kind: 'inspect',
      ref: 'ghcr.io/o/app:1',
      verbose: false,
      insecure: 'false',
      format: 'json',
      raw: false,
      debug: false
    });
    expect(inspect(['inspect', '-v', '--insecure', 'ghcr.io/o/app:1'])).toMatchObject({
      verbose: true,
      insecure: 'true'
    });
    expect(inspect(['inspect', 'ghcr.io/o/app:1', '--verbose', '--format', 'text'])).toMatchObject({
      verbose: true,
      format: 'text'
    });
  });

  test('usage errors', () => {
    expect(usageError(['inspect'])).toContain('inspect needs a reference');
    expect(usageError(['inspect', 'a:1', 'b:1'])).toContain('one reference, got 2');
    expect(usageError(['inspect', '--format', 'yaml', 'a:1'])).toContain('json or text');
    expect(usageError(['inspect', '--purge', 'a:1'])).toContain('a flag of create');
    expect(usageError(['inspect', '--verbos', 'a:1'])).toContain('did you mean --verbose?');
  });
});

describe('the spellings of docker buildx imagetools create (contract: Command line in v3)', () => {
  test('-t and --tag are --tags', () => {
    const r = create([
      '-t',
      'ghcr.io/o/app:1',
      '--tag',
      'ghcr.io/o/app:2',
      '--tag=ghcr.io/o/app:3',
      '--sources',
      's.io/a:1'
    ]);
    expect(r.inputs.tags).toBe('ghcr.io/o/app:1\nghcr.io/o/app:2\nghcr.io/o/app:3');
    // buildx imagetools create's form: with -t/--tag, every reference is a source (never overwritten as a target).
    expect(create(['-t', 'ghcr.io/o/app:1', 's.io/a:amd64', 's.io/a:arm64']).inputs).toMatchObject({
      tags: 'ghcr.io/o/app:1',
      sources: 's.io/a:amd64\ns.io/a:arm64'
    });
    // docker manifest create's form keeps its meaning with --tags: the first reference is a target.
    expect(create(['--tags', 'ghcr.io/o/app:2', 'ghcr.io/o/app:1', 's.io/a:1']).inputs).toMatchObject({
      tags: 'ghcr.io/o/app:1\nghcr.io/o/app:2',
      sources: 's.io/a:1'
    });
  });

  test('--annotation is --annotations', () => {
    const r = create([...T, '--annotation', 'index:a=b', '--annotations', 'index:c=d', '--annotation=index:e=f']);
    expect(r.inputs.annotations).toBe('index:c=d\nindex:a=b\nindex:e=f');
  });

  test('--append is --amend, with a value too', () => {
    expect(create([...T, '--append']).inputs.amend).toBe('true');
    expect(create([...T, '--append=false']).inputs.amend).toBe('false');
  });

  test('--version, anywhere', () => {
    for (const argv of [['--version'], ['create', '--version'], ['inspect', '--version'], [...T, '--version']])
      expect(parseCommandLine(argv)).toEqual({ kind: 'version' });
  });

  test('inspect --raw: the stored bytes; not with -v or --format text', () => {
    expect(inspect(['inspect', '--raw', 'ghcr.io/o/app:1'])).toMatchObject({ raw: true, verbose: false });
    expect(usageError(['inspect', '--raw', '-v', 'a:1'])).toContain('--raw prints the stored bytes');
    expect(usageError(['inspect', '--raw', '--format', 'text', 'a:1'])).toContain('--raw prints the stored bytes');
  });
});

describe("manifest-tool's flags on push from-spec / from-args (issue 22)", () => {
  const FA = ['push', 'from-args', '--platforms', 'linux/amd64', '--template', 'r.io/a:1-ARCH', '--target', 'r.io/a:1'];

  test('--type docker|oci is the format; another value, or a contradicting --format, is refused', () => {
    expect(create([...FA, '--type', 'oci']).inputs.format).toBe('oci');
    expect(create(['push', 'from-spec', 's.yml', '--type=docker']).inputs.format).toBe('docker');
    expect(usageError([...FA, '--type', 'helm'])).toBe('--type is docker or oci (manifest-tool\'s), got "helm"');
    expect(usageError([...FA, '--type', 'oci', '--format', 'docker'])).toContain('contradict');
  });

  test('--plain-http is --insecure; --docker-cfg DIR the docker config; --ignore-missing skips missing sources', () => {
    const r = create([...FA, '--plain-http', '--docker-cfg', '/tmp/dc', '--ignore-missing']);
    expect(r.inputs.insecure).toBe('true');
    expect(r.dockerConfig).toBe('/tmp/dc');
    expect(r.ignoreMissing).toBe(true);
    expect(create(['push', 'from-spec', 's.yml', '--ignore-missing']).ignoreMissing).toBe(true);
  });

  test('global flags before the command, as manifest-tool takes them', () => {
    const r = create(['--docker-cfg', '/tmp/dc', '--plain-http', 'push', 'from-spec', 's.yml']);
    expect(r).toMatchObject({ spec: 's.yml', dockerConfig: '/tmp/dc', inputs: { insecure: 'true' } });
    expect(create(['--docker-cfg=/tmp/x', 'push', 'from-spec', 's.yml']).dockerConfig).toBe('/tmp/x');
  });

  test('outside push from-spec / from-args each names what ours is', () => {
    expect(usageError([...T, '--plain-http'])).toBe('--plain-http is a flag of manifest-tool push; here: --insecure');
    expect(usageError([...T, '--type', 'oci'])).toBe(
      '--type is a flag of manifest-tool push; here: --format docker|oci'
    );
    expect(usageError([...T, '--docker-cfg', 'd'])).toContain('DOCKER_CONFIG=DIR');
    expect(usageError(['inspect', '--expand-config', 'a:1'])).toContain('inspect -v');
  });

  test('--username without --password (or the reverse) is refused without echoing a value', () => {
    expect(usageError([...FA, '--username', 'u'])).toContain('--username needs --password-stdin');
    expect(create([...FA, '--username', 'u', '--password', 'p']).inputs).toMatchObject({
      username: 'u',
      password: 'p'
    });
    expect(usageError([...FA, '--password', 'hunter2'])).toBe('--password needs --username too');
  });
});

describe('help', () => {
  test('no arguments, --help, -h, help', () => {
    for (const argv of [[], ['--help'], ['-h'], ['help'], ['inspect', '--help'], ['create', '-h']])
      expect(parseCommandLine(argv)).toEqual({ kind: 'help' });
  });

  test('usage names every flag and form', () => {
    for (const f of [
      '--tags',
      '--sources',
      '--annotations',
      '--platforms',
      '--attestations',
      '--referrers',
      '--format',
      '--insecure',
      '--amend',
      '--purge',
      '--push=false',
      '--dry-run',
      '--spec',
      '--template',
      '--target',
      '--json',
      '--debug',
      '--verbose'
    ]) {
      expect(USAGE).toContain(f);
    }
    for (const form of ['create', 'inspect', 'push from-args', 'from-spec']) expect(USAGE).toContain(form);
  });
});

test('nearest / editDistance', () => {
  expect(editDistance('kitten', 'sitting')).toBe(3);
  expect(nearest('--tag', ['--tags', '--target'])).toBe('--tags');
  expect(nearest('--qqq', ['--tags'])).toBeUndefined();
});

describe('credentials on the command line (v3)', () => {
  test('--username U --password-stdin: the user in the inputs, the password left to stdin', () => {
    const r = create([...T, '--username', 'ci', '--password-stdin']);
    expect(r.inputs.username).toBe('ci');
    expect(r.inputs.password).toBeUndefined();
    expect(r.passwordStdin).toBe(true);
  });

  test('one without the other is a usage error; there is no --password flag', () => {
    expect(usageError([...T, '--password-stdin'])).toBe(
      '--password-stdin needs --username USER (the password is read from stdin for that user)'
    );
    expect(usageError([...T, '--username', 'ci'])).toBe(
      '--username needs --password-stdin (the password comes from stdin, never from the command line)'
    );
    expect(usageError([...T, '--password', 'x'])).toContain('here: --username U --password-stdin');
  });

  test('--registry-auth FILE: the edge reads it', () => {
    expect(create([...T, '--registry-auth', 'auth.yml']).registryAuthFile).toBe('auth.yml');
    expect(create(T).registryAuthFile).toBeUndefined();
  });
});
