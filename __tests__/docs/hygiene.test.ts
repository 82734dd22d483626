/**
 * The files a published action carries besides its code: LICENSE (the one package.json names),
 * SECURITY.md, CHANGELOG.md, CONTRIBUTING.md, Dependabot for npm and actions, and the release and
 * CodeQL workflows. (actionlint checks the workflows themselves: __tests__/lint.test.ts lints
 * every file in .github/workflows.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/action-meta';
import { parseYaml, type YamlValue } from '../support/yaml';

const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const map = (v: YamlValue | undefined, what: string): Record<string, YamlValue> => {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`${what} is not a mapping`);
  return v;
};
const list = (v: YamlValue | undefined, what: string): YamlValue[] => {
  if (!Array.isArray(v)) throw new Error(`${what} is not a list`);
  return v;
};

const FILES = [
  'LICENSE',
  'SECURITY.md',
  'CHANGELOG.md',
  'CONTRIBUTING.md',
  '.github/dependabot.yml',
  '.github/workflows/release.yml',
  '.github/workflows/codeql.yml'
];

test.each(FILES)('%s exists and is not empty', (f) => {
  expect(fs.existsSync(path.join(ROOT, f))).toBe(true);
  expect(read(f).trim().length).toBeGreaterThan(100);
});

describe('LICENSE', () => {
  const pkg = JSON.parse(read('package.json')) as { license?: string };

  test("is the MIT license, as package.json's license field says", () => {
    expect(pkg.license).toBe('MIT');
    const text = read('LICENSE');
    expect(text.split('\n')[0].trim()).toBe('MIT License');
    expect(text).toMatch(/^Copyright \(c\) \d{4} \S/m);
    // The MIT license's two operative sentences (whitespace-insensitive).
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(
      'Permission is hereby granted, free of charge, to any person obtaining a copy of this software'
    );
    expect(flat).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  test('the README names the same license', () => {
    expect(read('README.md')).toMatch(/^## License\s+MIT\b/m);
  });
});

test('SECURITY.md says how to report privately', () => {
  const md = read('SECURITY.md');
  expect(md).toMatch(/^## Reporting a vulnerability$/m);
  expect(md).toMatch(/Report a\s+vulnerability/);
  expect(md).toMatch(/not\*\* open a public issue/);
});

test('CHANGELOG.md has an Unreleased section and an entry for the version in package.json', () => {
  const md = read('CHANGELOG.md');
  const { version } = JSON.parse(read('package.json')) as { version: string };
  expect(md).toMatch(/^## \[Unreleased\]/m);
  expect(md).toMatch(new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  // Newest first: Unreleased comes before every released version.
  expect(md.indexOf('## [Unreleased]')).toBeLessThan(md.search(/^## \[\d/m));
});

test('CONTRIBUTING.md: the two commands, the layout, how to add a registry personality', () => {
  const md = read('CONTRIBUTING.md');
  for (const s of [
    'npm run demo',
    'npm test',
    'src/',
    'edges/',
    'model/',
    'steps/',
    'registry/',
    'util/',
    'harness/',
    '__tests__/integration/',
    'harness/personalities/'
  ]) {
    expect(`CONTRIBUTING.md mentions ${s}: ${md.includes(s)}`).toBe(`CONTRIBUTING.md mentions ${s}: true`);
  }
  expect(md).toMatch(/^## How to add a registry personality$/m);
});

describe('.github/dependabot.yml', () => {
  const cfg = map(parseYaml(read('.github/dependabot.yml')), 'dependabot.yml');
  const updates = list(cfg.updates, 'updates').map((u, i) => map(u, `updates[${i}]`));

  test('version 2, one entry each for npm and github-actions at the root, on a schedule', () => {
    expect(cfg.version).toBe('2');
    expect(updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const u of updates) {
      expect(u.directory).toBe('/');
      expect(['daily', 'weekly', 'monthly']).toContain(map(u.schedule, 'schedule').interval);
    }
  });

  test('only keys Dependabot knows', () => {
    for (const k of Object.keys(cfg))
      expect(['version', 'updates', 'registries', 'enable-beta-ecosystems', 'multi-ecosystem-groups']).toContain(k);
    const known = [
      'package-ecosystem',
      'directory',
      'directories',
      'schedule',
      'allow',
      'assignees',
      'commit-message',
      'groups',
      'ignore',
      'labels',
      'milestone',
      'open-pull-requests-limit',
      'pull-request-branch-name',
      'rebase-strategy',
      'registries',
      'reviewers',
      'target-branch',
      'vendor',
      'versioning-strategy',
      'cooldown'
    ];
    for (const u of updates) for (const k of Object.keys(u)) expect(known).toContain(k);
  });
});

describe('.github/workflows/release.yml', () => {
  const wf = map(parseYaml(read('.github/workflows/release.yml')), 'release.yml');
  const on = map(wf.on, 'on');

  test('runs on a published release, and by hand for a given tag', () => {
    expect(list(map(on.release, 'on.release').types, 'types')).toEqual(['published']);
    const tag = map(map(map(on.workflow_dispatch, 'workflow_dispatch').inputs, 'inputs').tag, 'inputs.tag');
    expect(tag.required).toBe('true');
  });

  const jobs = map(wf.jobs, 'jobs');
  const jobSteps = (j: YamlValue) => list(map(j, 'job').steps, 'steps').map((s) => map(s, 'step'));

  test('each job may do only its own part: write tags, or sign an npm publish (no token for anything else)', () => {
    expect(wf.permissions).toEqual({});
    const perms = Object.values(jobs).map((j) => map(j, 'job').permissions);
    expect(perms).toEqual(expect.arrayContaining([{ contents: 'write' }, { contents: 'read', 'id-token': 'write' }]));
    expect(perms).toHaveLength(2);
  });

  test('publishes the CLI to npm with provenance, the version checked against the release tag (issue 22)', () => {
    const npmJob = Object.values(jobs).find((j) => JSON.stringify(j).includes('npm publish'))!;
    const steps = jobSteps(npmJob);
    const script = steps.map((s) => (typeof s.run === 'string' ? s.run : '')).join('\n');
    expect(script).toMatch(/npm publish --provenance\b/);
    expect(script).toContain('"v$version" != "$TAG"');
    const setup = steps.find((s) => String(s.uses ?? '').startsWith('actions/setup-node@'))!;
    expect(map(setup.with, 'with')['registry-url']).toBe('https://registry.npmjs.org');
    // The package npx fetches: `npx manifest-fanin@2`, its command and files as npm pack shows them.
    const pkg = JSON.parse(read('package.json')) as { name: string; bin: Record<string, string>; files: string[] };
    expect(pkg.name).toBe('manifest-fanin');
    expect(pkg.bin).toEqual({ 'manifest-fanin': 'bin/manifest-fanin.js' });
    expect(pkg.files).toEqual(expect.arrayContaining(['bin/', 'dist/cli/']));
  });

  test('moves the major tag of the release tag to its commit', () => {
    const steps = Object.values(map(wf.jobs, 'jobs')).flatMap((j) =>
      list(map(j, 'job').steps, 'steps').map((s) => map(s, 'step'))
    );
    const script = steps.map((s) => (typeof s.run === 'string' ? s.run : '')).join('\n');
    const env = Object.assign({}, ...steps.map((s) => (s.env ? map(s.env, 'env') : {}))) as Record<string, string>;
    expect(env.TAG).toContain('github.event.release.tag_name');
    expect(env.TAG).toContain('inputs.tag');
    expect(script).toContain('major="v${BASH_REMATCH[1]}"');
    expect(script).toMatch(/git tag --force "\$major" "\$sha"/);
    expect(script).toMatch(/git push --force origin "refs\/tags\/\$major"/);
  });
});

test('.github/workflows/codeql.yml analyzes the TypeScript with CodeQL and may upload results', () => {
  const wf = map(parseYaml(read('.github/workflows/codeql.yml')), 'codeql.yml');
  const jobs = Object.values(map(wf.jobs, 'jobs')).map((j) => map(j, 'job'));
  const uses = jobs.flatMap((j) => list(j.steps, 'steps').map((s) => String(map(s, 'step').uses ?? '')));
  expect(uses.some((u) => u.startsWith('github/codeql-action/init@'))).toBe(true);
  expect(uses.some((u) => u.startsWith('github/codeql-action/analyze@'))).toBe(true);
  expect(jobs.some((j) => map(j.permissions, 'permissions')['security-events'] === 'write')).toBe(true);
  expect(read('.github/workflows/codeql.yml')).toContain('javascript-typescript');
});
