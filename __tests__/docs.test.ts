/**
 * The README is what a person arriving from the Marketplace reads: its Inputs and Outputs tables
 * must say exactly what action.yml says (names, required flags, defaults), and it must document
 * the CLI flags, the environment knobs and the `docker manifest` flags it claims to map.
 */
import fs from 'node:fs';
import path from 'node:path';
import { USAGE } from '../src/edges/cli-args';
import { ROOT, parseDefaultCell, parseRequiredCell, readActionYml, tableUnder, unCode } from './support/action-meta';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
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
    }
  );

  test('a required input has no default, in both places', () => {
    for (const r of rows()) if (r.required) expect(r.default).toBeUndefined();
  });
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
  });
});

describe('README documents the rest of the surface', () => {
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
    const table = tableUnder(readme, 'Environment knobs');
    expect(table).toBeDefined();
    const documented = table!.rows.map((r) => unCode(r[0]));
    for (const k of knobs) expect(documented).toContain(k);
  });

  test('the CLI flag table lists exactly the flags of the CLI usage text', () => {
    const usageFlags = new Set([...USAGE.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));
    usageFlags.add('--help');
    const table = tableUnder(readme, 'Command line (GitLab CI, a laptop)');
    expect(table).toBeDefined();
    const documented = new Set(table!.rows.flatMap((r) => [...r[0].matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0])));
    expect([...documented].sort()).toEqual([...usageFlags].sort());
  });

  test('the docker manifest section maps every create/annotate/push flag and command', () => {
    const table = tableUnder(readme, 'Coming from `docker manifest`');
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
  });

  test('the two fresh-machine commands, the benchmark section and the local-run command', () => {
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
