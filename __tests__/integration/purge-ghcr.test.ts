/**
 * Issue #11 item 5: purge on GitHub Packages. The `ghcr` personality (no DELETE over the registry
 * API) fronts a real distribution 2.8 registry whose repositories are `{owner}/{package}`; the
 * GitHub Packages REST stand-in, backed by the same registry, is reached through GITHUB_API_URL
 * on 127.0.0.1, as the runner sets it. dist/index.js runs as the runner runs it.
 * Proven: the source tags go, every child stays, only the placeholders' versions are deleted
 * (organization and user owners, a package name with a '/'), a token without the rights gives a
 * warning naming the permission and the run succeeds, no token likewise, and the token is never
 * printed (only the runner's ::add-mask:: command carries it).
 */
import crypto from 'node:crypto';
import { getManifest, listTags, pushImage } from '../../harness/images';
import { startGithubPackagesApi, type PackagesApi, type PackagesApiOptions } from '../../harness/github-packages-api';
import { startPersonality, type Personality } from '../../harness/personalities';
import { startRegistry, type TestRegistry } from '../../harness/registry';
import { runAction, runCli, type ActionResult } from '../../harness/run-action';
import { assertListComplete, commandLines, expectExit, ref, type ListDoc } from '../../harness/checks';
import { startTrigger } from '../support/trigger-proxy';

const started: Array<{ stop(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

interface Ghcr {
  reg: TestRegistry;
  p: Personality;
  api: PackagesApi;
  token: string;
}

async function ghcr(owner: string, opts: Partial<PackagesApiOptions> = {}): Promise<Ghcr> {
  const reg = await startRegistry();
  const p = await startPersonality(reg, 'ghcr');
  const token = `ghs_${crypto.randomBytes(18).toString('hex')}`;
  const api = await startGithubPackagesApi({ registry: reg, owner, validToken: token, ...opts });
  started.push(api, p, reg);
  return { reg, p, api, token };
}

function run(g: Ghcr, inputs: Record<string, string>, token = g.token): Promise<ActionResult> {
  return runAction(
    { purge: 'true', 'github-token': token, ...inputs },
    { env: { GITHUB_API_URL: g.api.url, FANIN_GITHUB_PACKAGES_REGISTRIES: g.p.host } }
  );
}

/** The token appears in no output line except the runner's own mask command. */
function expectTokenHidden(r: ActionResult, token: string): void {
  const lines = `${r.stdout}\n${r.stderr}\n${r.summary}\n${Object.values(r.outputs).join('\n')}`.split('\n');
  expect(lines.filter((l) => l.includes(token) && l !== `::add-mask::${token}`)).toEqual([]);
}

/** id → digest of every version of a package. */
async function versionMap(api: PackagesApi, pkg: string): Promise<Map<number, string>> {
  return new Map(((await api.versions(pkg)) ?? []).map((v) => [v.id, v.name]));
}

const deletes = (api: PackagesApi) => api.requests.filter((q) => q.method === 'DELETE');

test('organization owner: the source tags go through placeholder versions; every child and every earlier version stays', async () => {
  const g = await ghcr('octo-org');
  const amd = await pushImage(g.reg, 'octo-org/app', 'amd64', { architecture: 'amd64' });
  const arm = await pushImage(g.reg, 'octo-org/app', 'arm64', { architecture: 'arm64' });
  const rv = await pushImage(g.reg, 'octo-org/team/tool', 'riscv64', { architecture: 'riscv64' }); // package "team/tool"
  const before = { app: await versionMap(g.api, 'app'), tool: await versionMap(g.api, 'team/tool') };

  const r = await run(g, {
    tags: ref(g.p, 'octo-org/app', 'latest'),
    sources: [
      ref(g.p, 'octo-org/app', 'amd64'),
      ref(g.p, 'octo-org/app', 'arm64'),
      ref(g.p, 'octo-org/team/tool', 'riscv64')
    ].join('\n')
  });
  expectExit(r, 0);
  expect(commandLines(r.stdout, 'warning')).toEqual([]);
  expectTokenHidden(r, g.token);

  expect(await listTags(g.reg, 'octo-org/app')).toEqual(['latest']);
  expect(await listTags(g.reg, 'octo-org/team/tool')).toEqual([]);
  const list = JSON.parse((await getManifest(g.reg, 'octo-org/app', 'latest')).body) as ListDoc;
  expect(list.manifests.map((d) => d.digest)).toEqual([amd.digest, arm.digest, rv.digest]);
  await assertListComplete(g.reg, 'octo-org/app', list);
  expect((await getManifest(g.reg, 'octo-org/team/tool', rv.digest)).status).toBe(200);

  // Every version that was there before is still there (same id); the new ones are the list and
  // the child copied in from team/tool: no placeholder is left.
  const after = { app: await versionMap(g.api, 'app'), tool: await versionMap(g.api, 'team/tool') };
  expect(
    [...after.app]
      .filter(([id]) => !before.app.has(id))
      .map(([, d]) => d)
      .sort()
  ).toEqual([r.outputs.digest, rv.digest].sort());
  for (const [id, d] of before.app) expect(after.app.get(id)).toBe(d);
  expect(after.tool).toEqual(before.tool);

  // One DELETE per source tag, each of a version that did not exist before the run (a placeholder).
  const ids = deletes(g.api).map((q) => Number(q.path.split('/').pop()));
  expect(ids).toHaveLength(3);
  for (const id of ids) expect(before.app.has(id) || before.tool.has(id)).toBe(false);
  expect(deletes(g.api).every((q) => q.status === 204)).toBe(true);
  // The package name below the owner, URL-encoded; the organization API.
  expect(g.api.requests.some((q) => q.path.startsWith('/orgs/octo-org/packages/container/team%2Ftool/versions'))).toBe(
    true
  );
});

test('user owner, API under /api/v3 (GitHub Enterprise Server): the organization API answers 404, the user API does the work', async () => {
  const g = await ghcr('octocat', { ownerType: 'user', pathPrefix: '/api/v3' });
  const amd = await pushImage(g.reg, 'octocat/app', 'amd64', { architecture: 'amd64' });
  const before = await versionMap(g.api, 'app');
  const r = await run(g, { tags: ref(g.p, 'octocat/app', 'v1'), sources: ref(g.p, 'octocat/app', 'amd64') });
  expectExit(r, 0);
  expect(commandLines(r.stdout, 'warning')).toEqual([]);
  expectTokenHidden(r, g.token);

  expect(await listTags(g.reg, 'octocat/app')).toEqual(['v1']);
  expect((await getManifest(g.reg, 'octocat/app', amd.digest)).status).toBe(200);
  for (const [id, d] of before) expect((await versionMap(g.api, 'app')).get(id)).toBe(d);
  const del = deletes(g.api);
  expect(del).toHaveLength(1);
  expect(del[0].path).toMatch(/^\/api\/v3\/users\/octocat\/packages\/container\/app\/versions\/\d+$/);
  expect(before.has(Number(del[0].path.split('/').pop()))).toBe(false);
});

test('a token without the rights: one warning naming the permission to add, success, every tag where it was', async () => {
  const g = await ghcr('octo-org', { tokenRights: 'read' });
  const amd = await pushImage(g.reg, 'octo-org/app', 'amd64', { architecture: 'amd64' });
  const arm = await pushImage(g.reg, 'octo-org/app', 'arm64', { architecture: 'arm64' });
  const amdRef = ref(g.p, 'octo-org/app', 'amd64');
  const armRef = ref(g.p, 'octo-org/app', 'arm64');
  const r = await run(g, { tags: ref(g.p, 'octo-org/app', 'latest'), sources: `${amdRef}\n${armRef}` });
  expectExit(r, 0);
  expectTokenHidden(r, g.token);

  expect((await getManifest(g.reg, 'octo-org/app', 'amd64')).digest).toBe(amd.digest);
  expect((await getManifest(g.reg, 'octo-org/app', 'arm64')).digest).toBe(arm.digest);
  expect((await getManifest(g.reg, 'octo-org/app', 'latest')).digest).toBe(r.outputs.digest);

  const warnings = commandLines(r.stdout, 'warning');
  const access = warnings.filter((w) => w.includes('left in place'));
  expect(access).toHaveLength(1);
  expect(access[0]).toContain(amdRef);
  expect(access[0]).toContain(armRef);
  expect(access[0]).toContain('HTTP 403');
  expect(access[0]).toContain('packages: write');
  expect(access[0]).toContain('Manage Actions access');
  // The first tag tried was moved and put back; the second was never touched.
  const moved = g.p.requests
    .filter((q) => q.method === 'PUT' && /\/manifests\/(amd64|arm64)$/.test(q.path))
    .map((q) => q.path.split('/').pop());
  expect(moved).toHaveLength(2);
  expect(new Set(moved).size).toBe(1);
  // What it leaves behind is said: one untagged placeholder version.
  expect(warnings.filter((w) => w.includes('untagged placeholder'))).toHaveLength(1);
  expect(r.summary).toContain('github-token may not delete package versions');
});

test('no github-token: a warning, success, nothing moved', async () => {
  const g = await ghcr('octo-org');
  const amd = await pushImage(g.reg, 'octo-org/app', 'amd64', { architecture: 'amd64' });
  const r = await run(g, { tags: ref(g.p, 'octo-org/app', 'latest'), sources: ref(g.p, 'octo-org/app', 'amd64') }, '');
  expectExit(r, 0);
  const warnings = commandLines(r.stdout, 'warning');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('no github-token was given');
  expect(warnings[0]).toContain('packages: write');
  expect((await getManifest(g.reg, 'octo-org/app', 'amd64')).digest).toBe(amd.digest);
  expect(g.p.requests.filter((q) => q.method === 'PUT' && q.path.endsWith('/manifests/amd64'))).toEqual([]);
  expect(g.api.requests).toEqual([]);
});

test('a source tag pushed again after the list read it is left alone, with a warning that says so; the other goes', async () => {
  const g = await ghcr('octo-org');
  await pushImage(g.reg, 'octo-org/app', 'amd64', { architecture: 'amd64' });
  const arm = await pushImage(g.reg, 'octo-org/app', 'arm64', { architecture: 'arm64' });
  let again = '';
  // The arm64 job re-runs and pushes while the list goes up.
  const trigger = await startTrigger(g.p, /^PUT \/v2\/octo-org\/app\/manifests\/latest$/, async () => {
    again = (await pushImage(g.reg, 'octo-org/app', 'arm64', { architecture: 'arm64' })).digest;
  });
  started.push(trigger);
  const via = { host: trigger.host };
  const armRef = ref(via, 'octo-org/app', 'arm64');
  const r = await runAction(
    {
      purge: 'true',
      'github-token': g.token,
      tags: ref(via, 'octo-org/app', 'latest'),
      sources: `${ref(via, 'octo-org/app', 'amd64')}\n${armRef}`
    },
    { env: { GITHUB_API_URL: g.api.url, FANIN_GITHUB_PACKAGES_REGISTRIES: trigger.host } }
  );
  expectExit(r, 0);
  expect(trigger.fired()).toBe(true);
  expect((await getManifest(g.reg, 'octo-org/app', 'arm64')).digest).toBe(again);
  expect((await getManifest(g.reg, 'octo-org/app', 'amd64')).status).toBe(404);
  const warnings = commandLines(r.stdout, 'warning');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(`${armRef} left in place: it now points to ${again}, not ${arm.digest}`);
  expect(deletes(g.api)).toHaveLength(1);
  expectTokenHidden(r, g.token);
});

test('the command line takes the token from GITHUB_TOKEN and never prints it', async () => {
  const g = await ghcr('octo-org');
  await pushImage(g.reg, 'octo-org/app', 'amd64', { architecture: 'amd64' });
  const r = await runCli(
    ['--tags', ref(g.p, 'octo-org/app', 'latest'), '--sources', ref(g.p, 'octo-org/app', 'amd64'), '--purge'],
    {
      env: { GITHUB_TOKEN: g.token, GITHUB_API_URL: g.api.url, FANIN_GITHUB_PACKAGES_REGISTRIES: g.p.host }
    }
  );
  expectExit(r, 0);
  expect(await listTags(g.reg, 'octo-org/app')).toEqual(['latest']);
  expect(deletes(g.api)).toHaveLength(1);
  expect(`${r.stdout}\n${r.stderr}`).not.toContain(g.token);
});
