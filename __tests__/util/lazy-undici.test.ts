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
    expect(() => new m.ProxyAgent({ uri: 'http://proxy:3128' })).toThrow(/undici was used before the GitHub Packages client loaded it/);
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
    const main = path.join(ROOT, 'dist/index.js');
    if (!fs.existsSync(main)) return;
    // undici's own source (its diagnostics channels) lives in a chunk loaded by the GitHub client only.
    expect(fs.readFileSync(main, 'utf8')).not.toContain('undici:client:beforeConnect');
    const chunks = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => /^\d+\.index\.js$/.test(f));
    expect(chunks.some((f) => fs.readFileSync(path.join(ROOT, 'dist', f), 'utf8').includes('undici:client:beforeConnect'))).toBe(true);
  });
});
