/**
 * No import circles (issue 18): among the relative imports of src/, harness/ and scripts/, `import
 * type` included. A circle makes module load order matter and hides which module owns what.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Each file's relative imports, resolved to files. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps: string[] = [];
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const t = path.resolve(path.dirname(f), m[1]);
      const hit = [`${t}.ts`, path.join(t, 'index.ts')].find((c) => fs.existsSync(c));
      if (hit) deps.push(hit);
    }
    graph.set(f, deps);
  }
  return graph;
}

/** Every circle found by a depth-first walk, as `a -> b -> a` relative to the root. */
function circles(graph: Map<string, string[]>): string[] {
  const found = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (state.get(d) === 'open') {
        const ring = stack.slice(stack.indexOf(d)).map((x) => path.relative(ROOT, x));
        found.add([...ring, ring[0]].join(' -> '));
      } else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return [...found];
}

test('the walk finds a circle where there is one', () => {
  const g = new Map([
    ['/r/a.ts', ['/r/b.ts']],
    ['/r/b.ts', ['/r/c.ts']],
    ['/r/c.ts', ['/r/a.ts']],
    ['/r/d.ts', ['/r/a.ts']]
  ]);
  expect(circles(g)).toHaveLength(1);
});

test.each(['src', 'harness', 'scripts'])('%s/ has no import circles', (dir) => {
  const files = tsFiles(path.join(ROOT, dir));
  expect(files.length).toBeGreaterThan(5);
  expect(circles(importGraph(files))).toEqual([]);
});
