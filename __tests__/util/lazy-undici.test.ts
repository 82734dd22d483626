import fs from 'node:fs';
import path from 'node:path';
import type * as Undici from 'undici/index.js';

const ROOT = path.join(__dirname, '../..');

/** A fresh copy of the module, so one test's provided undici is not the next one's. */
function load(): typeof import('../../src/util/lazy-undici') {
  let m: typeof import('../../src/util/lazy-undici') | undefined;
  jest.isolateModules(() => {
    m = require('../../src/util/lazy-undici');
  });
  return m!;
}

describe("lazy-undici (the bundles' undici)", () => {
  test('ProxyAgent and fetch are the real ones once provided', async () => {
    const made: unknown[] = [];
    class RealProxyAgent {
      constructor(readonly opts: unknown) {
        made.push(opts);
      }
    }
    const fetch = jest.fn(async () => 'answer');
    const m = load();
    m.provideUndici({ ProxyAgent: RealProxyAgent, fetch } as unknown as typeof Undici);
    const agent = new m.ProxyAgent({ uri: 'http://proxy:3128' });
    expect(agent).toBeInstanceOf(RealProxyAgent);
    expect(made).toEqual([{ uri: 'http://proxy:3128' }]);
    await expect(m.fetch('https://api.github.com/x', { method: 'GET' })).resolves.toBe('answer');
    expect(fetch).toHaveBeenCalledWith('https://api.github.com/x', { method: 'GET' });
  });

  test('used before the GitHub client provided it: says so instead of failing somewhere inside', () => {
    const m = load();
    expect(() => new m.ProxyAgent({ uri: 'http://proxy:3128' })).toThrow(
      /undici was used before the GitHub Packages client loaded it/
    );
  });

  test('the real undici is handed over before @actions/github loads (it makes a ProxyAgent as it loads behind a proxy)', () => {
    const provider = fs.readFileSync(path.join(ROOT, 'src/registry/real-undici.ts'), 'utf8');
    expect(provider).toMatch(/from 'undici\/index\.js'/);
    expect(provider).toMatch(/provideUndici\(undici\)/);
    const octokit = fs.readFileSync(path.join(ROOT, 'src/registry/octokit.ts'), 'utf8');
    const imports = [...octokit.matchAll(/^(?:import|export) .*'([^']+)';$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['./real-undici', '@actions/github']);
  });

  test("the bundles map undici here, and the action's main file does without it", () => {
    const tsconfig = fs.readFileSync(path.join(ROOT, 'bundle/tsconfig.json'), 'utf8');
    expect(tsconfig).toMatch(/"undici": \["src\/util\/lazy-undici\.ts"\]/);
    const main = path.join(ROOT, 'dist/index.js'); // committed, and built before every test run
    // undici's own source (its diagnostics channels) lives in a chunk loaded by the GitHub client only.
    expect(fs.readFileSync(main, 'utf8')).not.toContain('undici:client:beforeConnect');
    const chunks = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => /^\d+\.index\.js$/.test(f));
    expect(
      chunks.some((f) => fs.readFileSync(path.join(ROOT, 'dist', f), 'utf8').includes('undici:client:beforeConnect'))
    ).toBe(true);
  });
});

test('every name the bundled toolkit packages import from undici is one the stand-in provides', () => {
  const lazy = require('../../src/util/lazy-undici') as Record<string, unknown>;
  const provided = new Set(Object.keys(lazy));
  // The packages whose code the bundles hold (nested copies included): an upgrade that imports more of undici fails here, not in a run.
  const roots = ['@actions/core', '@actions/http-client', '@actions/github', '@octokit'].map((p) =>
    path.join(ROOT, 'node_modules', p)
  );
  const wanted = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.(c|m)?js$/.test(e.name)) {
        const text = fs.readFileSync(f, 'utf8');
        for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]undici['"]/g)) {
          for (const name of m[1].split(',').map((n) => n.trim().split(/\s+as\s+/)[0]))
            if (name) wanted.set(name, path.relative(ROOT, f));
        }
        // CommonJS (`const undici_1 = require("undici")`) or a namespace import: the names read off it.
        for (const m of text.matchAll(
          /(?:(\w+)\s*=\s*require\(['"]undici['"]\)|import\s+\*\s+as\s+(\w+)\s+from\s*['"]undici['"])/g
        )) {
          const v = m[1] ?? m[2];
          for (const use of text.matchAll(new RegExp(`\\b${v}\\.(\\w+)`, 'g')))
            wanted.set(use[1], path.relative(ROOT, f));
        }
      }
    }
  };
  roots.filter((r) => fs.existsSync(r)).forEach(walk);
  expect(wanted.size).toBeGreaterThan(0); // the scan sees the toolkit's imports at all
  const missing = [...wanted].filter(([name]) => !provided.has(name)).map(([name, file]) => `${name} (${file})`);
  expect(missing).toEqual([]);
});
