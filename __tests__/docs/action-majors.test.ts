/**
 * Every `uses: owner/name@vN` in the README, the other markdown files, the workflows and any
 * action.yml names a major that runs on Node 24: GitHub's runners removed Node 20 in September
 * 2026, so a copied example that names a Node 20 major breaks (or runs on a forced runtime).
 *
 * The table below is what each action's own `action.yml` says under `runs.using`, read at the
 * newest commit of each major tag, with the release notes that announced the change. An action
 * that the table does not know fails too: add its majors (and their source) before using it.
 * Inputs, outputs and environment variables that a major removed are checked as well.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/action-meta';
import { parseYaml, type YamlValue } from '../support/yaml';

type Runtime = 'node12' | 'node16' | 'node20' | 'node24' | 'composite' | 'docker';

interface Removed {
  /** The first major without them. */
  since: number;
  inputs?: string[];
  outputs?: string[];
  env?: string[];
  note: string;
}

interface KnownAction {
  /** runs.using of each major tag (for a subpath such as codeql-action/init, of that subpath). */
  majors: Record<number, Runtime>;
  /** Majors published as vN.M.P releases only: `@vN` does not resolve, a full version must be given. */
  noMajorTag?: number[];
  removed?: Removed[];
  source: string;
}

const ACTIONS: Record<string, KnownAction> = {
  'actions/checkout': {
    majors: { 2: 'node12', 3: 'node16', 4: 'node20', 5: 'node24', 6: 'node24', 7: 'node24' },
    source: 'action.yml runs.using at tags v2..v7; CHANGELOG.md v5.0.0 "Update actions checkout to use node 24"'
  },
  'actions/setup-node': {
    majors: { 1: 'node12', 2: 'node12', 3: 'node16', 4: 'node20', 5: 'node24', 6: 'node24', 7: 'node24' },
    removed: [
      {
        since: 6,
        inputs: ['always-auth'],
        note: 'README "Breaking changes in V6": the always-auth input has been removed'
      }
    ],
    source: 'action.yml runs.using at tags v1..v7; README "Breaking changes in V5": upgraded from node20 to node24'
  },
  'actions/upload-artifact': {
    majors: { 2: 'node12', 3: 'node16', 4: 'node20', 5: 'node20', 6: 'node24', 7: 'node24' },
    source:
      'action.yml runs.using at tags v2..v7; README "v6 - What\'s new": v5 still ran on Node 20 by default, v6 runs on node24'
  },
  'actions/download-artifact': {
    majors: { 2: 'node12', 3: 'node16', 4: 'node20', 5: 'node20', 6: 'node20', 7: 'node24', 8: 'node24' },
    source:
      'action.yml runs.using at tags v2..v8; README "v7 - What\'s new": v6 still ran on Node 20 by default, v7 runs on node24'
  },
  'docker/login-action': {
    majors: { 1: 'node12', 2: 'node16', 3: 'node20', 4: 'node24' },
    source: 'action.yml runs.using at tags v1..v4; v4.0.0 "node 24 as default runtime" (docker/login-action#929)'
  },
  'docker/metadata-action': {
    majors: { 1: 'node12', 2: 'node12', 3: 'node12', 4: 'node16', 5: 'node20', 6: 'node24' },
    source: 'action.yml runs.using at tags v1..v6; v6.0.0 "node 24 as default runtime" (docker/metadata-action#605)'
  },
  'docker/build-push-action': {
    majors: { 1: 'docker', 2: 'node12', 3: 'node16', 4: 'node16', 5: 'node20', 6: 'node20', 7: 'node24' },
    removed: [
      {
        since: 7,
        env: ['DOCKER_BUILD_NO_SUMMARY', 'DOCKER_BUILD_EXPORT_RETENTION_DAYS', 'DOCKER_BUILD_EXPORT_LEGACY'],
        note: 'v7.0.0 removed the deprecated envs (#1473: use DOCKER_BUILD_SUMMARY, DOCKER_BUILD_RECORD_RETENTION_DAYS) and the legacy export-build tool (#1474)'
      }
    ],
    source: 'action.yml runs.using at tags v1..v7; v7.0.0 "node 24 as default runtime" (docker/build-push-action#1470)'
  },
  'docker/setup-buildx-action': {
    majors: { 1: 'node12', 2: 'node16', 3: 'node20', 4: 'node24' },
    removed: [
      {
        since: 4,
        inputs: ['config', 'config-inline', 'install'],
        outputs: ['endpoint', 'status', 'flags'],
        note: 'v4.0.0 "remove deprecated inputs/outputs" (#464): use buildkitd-config, buildkitd-config-inline, BUILDX_BUILDER'
      }
    ],
    source: 'action.yml runs.using at tags v1..v4; v4.0.0 "node 24 as default runtime" (docker/setup-buildx-action#483)'
  },
  'docker/setup-qemu-action': {
    majors: { 1: 'node12', 2: 'node16', 3: 'node20', 4: 'node24' },
    source: 'action.yml runs.using at tags v1..v4; v4.0.0 "node 24 as default runtime" (docker/setup-qemu-action#245)'
  },
  'github/codeql-action': {
    majors: { 2: 'node16', 3: 'node20', 4: 'node24' },
    source: 'init/action.yml and analyze/action.yml runs.using at tags v2..v4'
  },
  'sigstore/cosign-installer': {
    // A composite action (shell steps, no Node). Its v4 releases have no moving v4 tag.
    majors: { 2: 'composite', 3: 'composite', 4: 'composite' },
    noMajorTag: [4],
    source:
      'action.yml runs.using "composite" at v2, v3, v4.1.2; tags: v3 is the last moving major tag, v4 exists only as v4.0.0..v4.1.2'
  }
};

/** Newer runtimes only: GitHub's hosted runners no longer run node20 (or older) actions. */
const SUPPORTED: Runtime[] = ['node24', 'composite', 'docker'];

/** This action itself (the README's placeholder, or the checked-out repository). */
const isThisRepository = (ref: string) => ref.startsWith('./') || ref === '.' || /^OWNER\//.test(ref);

interface Use {
  where: string;
  /** owner/name (without a subpath) */
  action: string;
  ref: string;
}

/** The value of a `uses:` key on this line (`- uses: x` or `uses: x`, quoted or not), if any. */
const usesValue = (line: string): string | undefined => /^\s*(?:-\s+)?uses:\s*(['"]?)([^\s'"#]+)\1/.exec(line)?.[2];

/** Every `uses:` of another action in a YAML text (a whole file, or a markdown file's lines). */
function findUses(file: string, text: string): Use[] {
  const out: Use[] = [];
  text.split('\n').forEach((line, i) => {
    const value = usesValue(line);
    if (!value || isThisRepository(value) || value.startsWith('docker://')) return;
    const at = value.lastIndexOf('@');
    const name = at < 0 ? value : value.slice(0, at);
    // A full commit SHA is pinned on purpose: its version is in the comment, as Dependabot writes it.
    const sha = /^[0-9a-f]{40}$/.test(value.slice(at + 1))
      ? (/#\s*(v\d[\w.-]*)/.exec(line)?.[1] ?? 'sha-without-version-comment')
      : undefined;
    out.push({
      where: `${file}:${i + 1}`,
      action: name.split('/').slice(0, 2).join('/'),
      ref: at < 0 ? '' : (sha ?? value.slice(at + 1))
    });
  });
  return out;
}

/** What is wrong with one `uses:`, or undefined. */
function checkUse(u: Use): string | undefined {
  const known = ACTIONS[u.action];
  const what = `${u.where}: ${u.action}@${u.ref}`;
  if (!known)
    return `${what}: not in the table of __tests__/docs/action-majors.test.ts; add its majors and runs.using there`;
  const v = /^v(\d+)(\.\d+){0,2}$/.exec(u.ref);
  if (!v) return `${what}: name a major tag (v1) or a release (v1.2.3), or a full SHA with a "# vN.M.P" comment`;
  const major = Number(v[1]);
  const majors = Object.keys(known.majors)
    .map(Number)
    .sort((a, b) => a - b);
  if (major < majors[0]) return `${what}: older than v${majors[0]}, the oldest major known (${known.source})`;
  const runtime = known.majors[major];
  // A major newer than the table: not known to be old. (Add it to the table when you use it.)
  if (runtime && !SUPPORTED.includes(runtime)) {
    const first = majors.find((n) => n > major && SUPPORTED.includes(known.majors[n]));
    return `${what}: runs on ${runtime}, which GitHub's runners no longer have; use v${first ?? majors[majors.length - 1]} or newer (${known.source})`;
  }
  if (known.noMajorTag?.includes(major) && !v[2])
    return `${what}: there is no moving v${major} tag, so this does not resolve; name a release such as v${major}.x.y (${known.source})`;
  return undefined;
}

/** Inputs, outputs and environment variables that the named major no longer has. */
function checkRemoved(name: string, source: string): string[] {
  let doc: YamlValue;
  try {
    doc = parseYaml(source);
  } catch (e) {
    return [`${name}: cannot read as YAML: ${(e as Error).message}`];
  }
  const problems: string[] = [];
  const lines = source.split('\n');
  const seen = new Map<string, number>();
  const visit = (v: YamlValue) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    if (typeof v.uses === 'string') {
      // The n-th step with this `uses` value is on the n-th line that names it (document order).
      const n = (seen.get(v.uses) ?? 0) + 1;
      seen.set(v.uses, n);
      const line = lines.map((l, i) => (usesValue(l) === v.uses ? i + 1 : 0)).filter(Boolean)[n - 1] ?? 0;
      const u = findUses(name, `uses: ${v.uses}`)[0];
      const major = Number(/^v(\d+)/.exec(u?.ref ?? '')?.[1]);
      for (const r of (u && ACTIONS[u.action]?.removed) || []) {
        if (!(major >= r.since)) continue;
        const at = `${name}:${line}: ${v.uses}`;
        const given = v.with && typeof v.with === 'object' && !Array.isArray(v.with) ? Object.keys(v.with) : [];
        for (const k of r.inputs ?? [])
          if (given.includes(k)) problems.push(`${at}: input ${k} was removed in v${r.since} (${r.note})`);
        const id = typeof v.id === 'string' ? v.id : undefined;
        for (const o of r.outputs ?? [])
          if (id && source.includes(`steps.${id}.outputs.${o}`))
            problems.push(`${at}: output ${o} was removed in v${r.since} (${r.note})`);
        for (const e of r.env ?? [])
          if (new RegExp(`^\\s*${e}\\s*:`, 'm').test(source))
            problems.push(`${at}: ${e} was removed in v${r.since} (${r.note})`);
      }
    }
    Object.values(v).forEach(visit);
  };
  visit(doc);
  return problems;
}

/** The files whose examples people copy. */
function scannedFiles(): string[] {
  const skip = new Set(['node_modules', '.git', 'dist', '.tmp', 'coverage', 'lib']);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (skip.has(e.name)) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (
        /\.md$/i.test(e.name) ||
        /^action\.ya?ml$/.test(e.name) ||
        (path.relative(ROOT, dir) === path.join('.github', 'workflows') && /\.ya?ml$/.test(e.name))
      )
        out.push(path.relative(ROOT, p));
    }
  };
  walk(ROOT);
  return out.sort();
}

/** YAML texts to read as YAML: workflow and action files, and ```yaml blocks of markdown with steps. */
function yamlSources(file: string, text: string): Array<{ name: string; source: string }> {
  if (!file.endsWith('.md')) return [{ name: file, source: text }];
  const lines = text.split('\n');
  const out: Array<{ name: string; source: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i])) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const source = lines.slice(i + 1, end).join('\n') + '\n';
    if (/^\s*(-\s+)?uses:/m.test(source)) out.push({ name: `${file}:${i + 2}`, source });
    i = end;
  }
  return out;
}

const files = scannedFiles();
const uses = files.flatMap((f) => findUses(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));

test('the scan sees the README, the workflows and the actions they use', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'README.md',
      'CONTRIBUTING.md',
      '.github/workflows/ci.yml',
      '.github/workflows/e2e.yml',
      'action.yml'
    ])
  );
  const names = new Set(uses.map((u) => u.action));
  for (const a of [
    'actions/checkout',
    'actions/upload-artifact',
    'actions/download-artifact',
    'docker/login-action',
    'docker/metadata-action',
    'docker/build-push-action',
    'docker/setup-buildx-action'
  ])
    expect([...names]).toContain(a);
});

test('every action major named in an example runs on Node 24 (or is composite / docker)', () => {
  expect(uses.map(checkUse).filter(Boolean)).toEqual([]);
});

test('no example uses an input, output or environment variable that its major removed', () => {
  const problems = files.flatMap((f) =>
    yamlSources(f, fs.readFileSync(path.join(ROOT, f), 'utf8')).flatMap((y) => checkRemoved(y.name, y.source))
  );
  expect(problems).toEqual([]);
});

describe('the checks themselves', () => {
  const sample = [
    'steps:',
    '  - uses: actions/checkout@v4',
    '  - uses: actions/checkout@v7',
    "  - uses: 'actions/setup-node@v6.5.0'",
    '  - uses: docker/build-push-action@v6 # comment',
    '  - uses: github/codeql-action/init@v3',
    '  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
    '  - uses: actions/checkout@main',
    '  - uses: docker/login-action@v0',
    '  - uses: sigstore/cosign-installer@v4',
    '  - uses: sigstore/cosign-installer@v4.1.2',
    '  - uses: someone/unknown-action@v1',
    '  - uses: actions/checkout@v9',
    '  - uses: ./',
    '  - uses: OWNER/manifest-fanin-action/inspect@v1',
    '  - uses: docker://alpine:3',
    '  # uses: actions/checkout@v1 (a comment)'
  ].join('\n');

  test('names file:line and the reason for each old or unknown major, and nothing else', () => {
    const found = findUses('x.yml', sample);
    expect(found.map((u) => `${u.where} ${u.action}@${u.ref}`)).toEqual([
      'x.yml:2 actions/checkout@v4',
      'x.yml:3 actions/checkout@v7',
      'x.yml:4 actions/setup-node@v6.5.0',
      'x.yml:5 docker/build-push-action@v6',
      'x.yml:6 github/codeql-action@v3',
      'x.yml:7 actions/checkout@v4.2.2',
      'x.yml:8 actions/checkout@main',
      'x.yml:9 docker/login-action@v0',
      'x.yml:10 sigstore/cosign-installer@v4',
      'x.yml:11 sigstore/cosign-installer@v4.1.2',
      'x.yml:12 someone/unknown-action@v1',
      'x.yml:13 actions/checkout@v9'
    ]);
    const problems = found.map(checkUse);
    expect(
      problems.map((p) =>
        p
          ? p.split(':').slice(0, 2).join(':') +
            ' ' +
            /: (runs on node\d+|older than|not in the table|name a major|there is no moving)/.exec(p)![1]
          : 'ok'
      )
    ).toEqual([
      'x.yml:2 runs on node20',
      'ok',
      'ok',
      'x.yml:5 runs on node20',
      'x.yml:6 runs on node20',
      'x.yml:7 runs on node20',
      'x.yml:8 name a major',
      'x.yml:9 older than',
      'x.yml:10 there is no moving',
      'ok',
      'x.yml:12 not in the table',
      'ok'
    ]);
    expect(problems[0]).toContain('use v5 or newer');
  });

  test('removed inputs, outputs and environment variables are named with their line', () => {
    const wf = [
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-24.04',
      '    env:',
      '      DOCKER_BUILD_NO_SUMMARY: "true"',
      '    steps:',
      '      - uses: actions/setup-node@v5',
      '        with:',
      '          always-auth: true',
      '      - uses: actions/setup-node@v7',
      '        with:',
      '          always-auth: true',
      '      - id: bx',
      '        uses: docker/setup-buildx-action@v4',
      '        with:',
      '          install: true',
      '      - run: echo "${{ steps.bx.outputs.endpoint }}"',
      '      - uses: docker/build-push-action@v7',
      ''
    ].join('\n');
    expect(checkRemoved('w.yml', wf).map((p) => p.split(' (')[0])).toEqual([
      'w.yml:10: actions/setup-node@v7: input always-auth was removed in v6',
      'w.yml:14: docker/setup-buildx-action@v4: input install was removed in v4',
      'w.yml:14: docker/setup-buildx-action@v4: output endpoint was removed in v4',
      'w.yml:18: docker/build-push-action@v7: DOCKER_BUILD_NO_SUMMARY was removed in v7'
    ]);
  });

  test('every table entry has a source and a Node 24 (or runtime-free) major', () => {
    for (const [name, a] of Object.entries(ACTIONS)) {
      expect([name, a.source.length > 10]).toEqual([name, true]);
      expect([name, Object.values(a.majors).some((r) => SUPPORTED.includes(r))]).toEqual([name, true]);
    }
  });
});
