/**
 * The README is what a person arriving from the Marketplace reads: its Inputs and Outputs tables
 * must say exactly what action.yml says (names, required flags, defaults), one line each, and its
 * first screen must work as pasted. docs/ holds the rest, checked where it lives: the CLI flags
 * (docs/cli.md), the environment knobs (docs/inputs.md), the `docker manifest` and manifest-tool
 * flags they claim to map (docs/migrating-from-*.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { USAGE } from '../src/edges/cli-args';
import { parseYaml, type YamlValue } from './support/yaml';
import { ROOT, parseDefaultCell, parseRequiredCell, readActionYml, tableUnder, unCode } from './support/action-meta';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const doc = (name: string) => fs.readFileSync(path.join(ROOT, 'docs', name), 'utf8');
const action = readActionYml();

describe('README Inputs table = action.yml inputs', () => {
  const table = tableUnder(readme, 'Inputs');

  test('the table exists with the columns name | required | default | description', () => {
    expect(table).toBeDefined();
    expect(table!.header.map((h) => h.toLowerCase())).toEqual(['name', 'required', 'default', 'description']);
  });

  const rows = () =>
    table!.rows.map((r) => {
      if (r.length !== 4) throw new Error(`Inputs row has ${r.length} cells, not 4: | ${r.join(' | ')} |`);
      return {
        name: unCode(r[0]),
        required: parseRequiredCell(r[1]),
        default: parseDefaultCell(r[2]),
        description: r[3]
      };
    });

  test('same names, in the same order, no duplicates', () => {
    expect(rows().map((r) => r.name)).toEqual(action.inputs.map((i) => i.name));
  });

  test.each(action.inputs.map((i) => [i.name, i] as const))(
    '%s: required flag and default as in action.yml',
    (name, input) => {
      const row = rows().find((r) => r.name === name);
      expect(row).toBeDefined();
      expect({ required: row!.required, default: row!.default }).toEqual({
        required: input.required,
        default: input.default
      });
      expect(row!.description.length).toBeGreaterThan(20);
      // One line in a rendered table: the detail lives in docs/inputs.md.
      expect(row!.description.length).toBeLessThanOrEqual(160);
    }
  );

  test('a required input has no default, in both places', () => {
    for (const r of rows()) if (r.required) expect(r.default).toBeUndefined();
  });
});

test('docs/inputs.md details every input and output of action.yml, in order', () => {
  const inputs = tableUnder(doc('inputs.md'), 'Inputs in detail');
  expect(inputs!.rows.map((r) => unCode(r[0]))).toEqual(action.inputs.map((i) => i.name));
  for (const r of inputs!.rows) {
    const i = action.inputs.find((x) => x.name === unCode(r[0]))!;
    expect({ name: i.name, required: parseRequiredCell(r[1]), default: parseDefaultCell(r[2]) }).toEqual({
      name: i.name,
      required: i.required,
      default: i.default
    });
  }
  const outputs = tableUnder(doc('inputs.md'), 'Outputs in detail');
  expect(outputs!.rows.map((r) => unCode(r[0]))).toEqual(action.outputs.map((o) => o.name));
});

describe('README Outputs table = action.yml outputs', () => {
  const table = tableUnder(readme, 'Outputs');

  test('the table exists with the columns name | description', () => {
    expect(table).toBeDefined();
    expect(table!.header.map((h) => h.toLowerCase())).toEqual(['name', 'description']);
  });

  test('same names, in the same order, each described', () => {
    expect(table!.rows.map((r) => unCode(r[0]))).toEqual(action.outputs.map((o) => o.name));
    for (const r of table!.rows) expect((r[1] ?? '').length).toBeGreaterThan(10);
    for (const r of table!.rows) expect([r[0], (r[1] ?? '').length <= 160]).toEqual([r[0], true]);
  });
});

describe('the README as a first screen (issue 22)', () => {
  const yamlBlocks = [...readme.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1]);

  test('under 400 lines, MIT, no example of an older major', () => {
    expect(readme.split('\n').length).toBeLessThan(400);
    expect(readme).not.toMatch(/manifest-fanin-action(\/inspect)?@v1\b/);
  });

  test('what it is comes first, in three lines, then the quick start, inputs, outputs, the matrix workflow', () => {
    const headings = [...readme.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(headings.slice(0, 4)).toEqual(['Quick start', 'Inputs', 'Outputs', 'The matrix fan-in workflow']);
    const intro = readme.split('\n').slice(
      1,
      readme.split('\n').findIndex((l) => l.startsWith('> '))
    );
    expect(intro.filter((l) => l.trim()).length).toBeLessThanOrEqual(3);
  });

  test("the quick start's job has the permissions GHCR needs and credentials for it", () => {
    const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Inputs'));
    const block = /```yaml\n([\s\S]*?)```/.exec(quick)![1];
    const jobs = parseYaml(block) as Record<string, Record<string, Record<string, YamlValue>>>;
    const job = jobs.jobs ? Object.values(jobs.jobs as never)[0] : Object.values(jobs)[0];
    const j = job as unknown as Record<string, YamlValue>;
    expect(j.permissions).toEqual({ contents: 'read', packages: 'write' });
    const steps = j.steps as Array<Record<string, YamlValue>>;
    const fanin = steps.findIndex((st) => String(st.uses).startsWith('OWNER/manifest-fanin-action@v2'));
    expect(fanin).toBeGreaterThanOrEqual(0);
    const login = steps.findIndex((st) => String(st.uses).startsWith('docker/login-action@'));
    const withCreds = (steps[fanin].with ?? {}) as Record<string, YamlValue>;
    // Credentials: login-action before the step, or the action's own username/password inputs.
    expect((login >= 0 && login < fanin) || (!!withCreds.username && !!withCreds.password)).toBe(true);
    expect(JSON.stringify(steps)).toContain('ghcr.io');
  });

  test('every use of this action and its inspect sub-action names @v2, in README and docs', () => {
    const texts = [
      readme,
      ...fs
        .readdirSync(path.join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map(doc)
    ];
    const uses = texts.flatMap((t) => [...t.matchAll(/OWNER\/manifest-fanin-action(\/inspect)?@(\S+?)[\s`]/g)]);
    expect(uses.length).toBeGreaterThan(3);
    for (const u of uses) expect(u[2]).toBe('v2');
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(2);
  });

  test('input descriptions in action.yml are at most 300 characters (the editor tooltip)', () => {
    for (const i of action.inputs) expect([i.name, i.description.length <= 300]).toEqual([i.name, true]);
  });
});

describe('docs/ documents the rest of the surface', () => {
  test('every FANIN_* environment knob that src/ reads', () => {
    const knobs = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts'))
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/\benv\.(FANIN_[A-Z0-9_]+)/g)) knobs.add(m[1]);
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(knobs.size).toBeGreaterThan(0);
    const table = tableUnder(doc('inputs.md'), 'Environment knobs');
    expect(table).toBeDefined();
    const documented = table!.rows.map((r) => unCode(r[0]));
    for (const k of knobs) expect(documented).toContain(k);
  });

  test('the CLI flag table lists exactly the flags of the CLI usage text', () => {
    const usageFlags = new Set([...USAGE.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));
    usageFlags.add('--help');
    const table = tableUnder(doc('cli.md'), 'Command line (GitLab CI, a laptop)');
    expect(table).toBeDefined();
    const documented = new Set(table!.rows.flatMap((r) => [...r[0].matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0])));
    expect([...documented].sort()).toEqual([...usageFlags].sort());
  });

  test('the docker manifest section maps every create/annotate/push flag and command', () => {
    const table = tableUnder(doc('migrating-from-docker-manifest.md'), 'Coming from `docker manifest`');
    expect(table).toBeDefined();
    const text = table!.rows.map((r) => r.join(' ')).join('\n');
    for (const flag of [
      '--amend',
      '--insecure',
      '--purge',
      '--arch',
      '--os',
      '--os-version',
      '--os-features',
      '--variant'
    ]) {
      expect(text).toMatch(new RegExp(`${flag}(?![a-z-])`));
    }
    for (const cmd of ['create', 'annotate', 'push', 'inspect', 'rm']) expect(text).toContain(`docker manifest ${cmd}`);
    // The same word, another meaning: docker's --purge removes a local list, ours registry tags.
    const purgeRow = table!.rows.find((r) => r[0].includes('--purge'))!;
    expect(purgeRow[1]).toMatch(/registry/);
    expect(doc('migrating-from-docker-manifest.md')).toMatch(/Same word, other meaning: `--purge`/);
  });

  test("the manifest-tool page maps every flag of manifest-tool's push, from-spec, from-args and globals", () => {
    const table = tableUnder(doc('migrating-from-manifest-tool.md'), 'Coming from manifest-tool');
    expect(table).toBeDefined();
    const text = table!.rows.map((r) => r[0]).join('\n');
    for (const flag of [
      '--username',
      '--password',
      '--docker-cfg',
      '--plain-http',
      '--insecure',
      '--debug',
      '--platforms',
      '--template',
      '--target',
      '--tags',
      '--ignore-missing',
      '--type',
      '--raw',
      '--expand-config'
    ]) {
      expect(text).toMatch(new RegExp(`${flag}(?![a-z-])`));
    }
    // The printed digest line differs: said, not hidden.
    expect(doc('migrating-from-manifest-tool.md')).toContain('Digest: sha256:… 1234');
  });

  test('the two fresh-machine commands, the benchmark section and the local-run command', () => {
    expect(doc('benchmark.md')).toMatch(/^Goals \(issue 10\):$/m);
    expect(readme).toContain('npm run demo');
    expect(readme).toContain('npm test');
    expect(readme).toContain('npm run bench');
    expect(readme).toMatch(/^## Benchmark$/m);
    expect(readme).toContain('npx @github/local-action run . src/edges/action.ts');
    for (const script of ['demo', 'test', 'bench', 'build']) {
      expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts[script]).toBeDefined();
    }
  });

  test('the matrix workflow wires docker/metadata-action and the digest output', () => {
    expect(readme).toContain('tags: ${{ steps.meta.outputs.tags }}');
    expect(readme).toContain('annotations: ${{ steps.meta.outputs.annotations }}');
    expect(readme).toContain('DOCKER_METADATA_ANNOTATIONS_LEVELS: index,manifest-descriptor');
    expect(readme).toContain('push-by-digest=true,name-canonical=true,push=true');
    expect(readme).toMatch(/steps\.fanin\.outputs\.(digest|ref)/);
  });
});

test('.env.example sets exactly the inputs of action.yml', () => {
  const env = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
  const set = [...env.matchAll(/^INPUT_([A-Z0-9_-]+)=/gm)].map((m) => m[1]);
  expect(set.sort()).toEqual(action.inputs.map((i) => i.name.replace(/ /g, '_').toUpperCase()).sort());
});
