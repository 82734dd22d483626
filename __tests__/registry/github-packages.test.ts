// @actions/github is ESM-only and jest (CommonJS) cannot load it: Octokit is replaced by a fake
// that answers as GitHub's REST API does (data, or a RequestError-like { status, message }).
jest.mock('@actions/http-client', () => ({ HttpClient: class {} }), { virtual: true });
const getOctokit = jest.fn();
jest.mock('@actions/github', () => ({ getOctokit: (...args: unknown[]) => getOctokit(...args) }), { virtual: true });

import { GitHubApiError, GitHubPackages } from '../../src/registry/github-packages';
import type { Logger } from '../../src/model/logger';

const log: Logger = {
  info: jest.fn(),
  warning: jest.fn(),
  debug: jest.fn(),
  secret: jest.fn(),
  group: (_n, fn) => fn()
};
const D = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const version = (id: number, tags: string[] = []) => ({ id, name: D(id), metadata: { container: { tags } } });
const apiError = (status: number, message: string) => Object.assign(new Error(message), { status, name: 'HttpError' });

interface Call {
  method: string;
  params: Record<string, unknown>;
}

/** A fake Octokit: `owners` says which owner is an org or a user; versions listed newest first. */
function fakeOctokit(
  owners: Record<string, 'org' | 'user'>,
  versions: ReturnType<typeof version>[],
  failures: Partial<Record<string, Error[]>> = {}
) {
  const calls: Call[] = [];
  const answer = (
    method: string,
    kind: 'org' | 'user',
    who: string,
    params: Record<string, unknown>,
    data: () => unknown
  ) => {
    calls.push({ method, params });
    const queued = failures[method]?.shift();
    if (queued) return Promise.reject(queued);
    if (owners[who] !== kind) return Promise.reject(apiError(404, 'Not Found'));
    return Promise.resolve({ status: 200, data: data() });
  };
  const page = (p: Record<string, unknown>) => {
    const per = p.per_page as number;
    const n = p.page as number;
    return versions.slice((n - 1) * per, n * per);
  };
  const packages = {
    getAllPackageVersionsForPackageOwnedByOrg: (p: Record<string, unknown>) =>
      answer('listOrg', 'org', p.org as string, p, () => page(p)),
    getAllPackageVersionsForPackageOwnedByUser: (p: Record<string, unknown>) =>
      answer('listUser', 'user', p.username as string, p, () => page(p)),
    deletePackageVersionForOrg: (p: Record<string, unknown>) =>
      answer('deleteOrg', 'org', p.org as string, p, () => undefined),
    deletePackageVersionForUser: (p: Record<string, unknown>) =>
      answer('deleteUser', 'user', p.username as string, p, () => undefined)
  };
  return { octokit: { rest: { packages } }, calls };
}

const api = () =>
  new GitHubPackages({
    token: 'tok',
    baseUrl: 'http://127.0.0.1:9/api/v3',
    timeoutMs: 5000,
    log,
    retry: { attempts: 3, baseMs: 1, capMs: 2, deadlineMs: 1000 },
    listingDelaysMs: [1, 1]
  });

beforeEach(() => getOctokit.mockReset());

test('Octokit gets the token and the base URL; a user owner is found after the organization API says 404, and remembered', async () => {
  const fake = fakeOctokit({ octocat: 'user' }, [version(7), version(6)]);
  getOctokit.mockReturnValue(fake.octokit);
  const a = api();
  const pkg = { owner: 'octocat', name: 'team/app' };
  expect(await a.findVersion(pkg, D(6))).toEqual({ id: 6, digest: D(6), tags: [] });
  expect(getOctokit).toHaveBeenCalledWith('tok', { baseUrl: 'http://127.0.0.1:9/api/v3' });
  expect(fake.calls.map((c) => c.method)).toEqual(['listOrg', 'listUser']);
  expect(fake.calls[1].params).toMatchObject({
    username: 'octocat',
    package_type: 'container',
    package_name: 'team/app',
    per_page: 100,
    page: 1
  });

  await a.deleteVersion(pkg, { id: 6, digest: D(6), tags: [] });
  expect(fake.calls.map((c) => c.method)).toEqual(['listOrg', 'listUser', 'deleteUser']);
  expect(fake.calls[2].params).toMatchObject({ username: 'octocat', package_name: 'team/app', package_version_id: 6 });
});

test('pages until the digest is found; a short page ends the search', async () => {
  const many = Array.from({ length: 150 }, (_, i) => version(1000 - i));
  const fake = fakeOctokit({ o: 'org' }, many);
  getOctokit.mockReturnValue(fake.octokit);
  expect((await api().findVersion({ owner: 'o', name: 'app' }, D(1000 - 120)))?.id).toBe(880);
  expect(fake.calls.map((c) => c.params.page)).toEqual([1, 2]);
});

test('a version not listed yet is looked for again after a wait; never found is undefined', async () => {
  const fake = fakeOctokit({ o: 'org' }, [version(1)]);
  getOctokit.mockReturnValue(fake.octokit);
  expect(await api().findVersion({ owner: 'o', name: 'app' }, D(2))).toBeUndefined();
  expect(fake.calls).toHaveLength(3); // the first listing and one per delay
});

test('403 on DELETE is an access error in one line, without the docs URL', async () => {
  const fake = fakeOctokit({ o: 'org' }, [version(1)], {
    deleteOrg: [
      apiError(
        403,
        'Resource not accessible by integration - https://docs.github.com/rest/packages/packages#delete-package-version-for-an-organization'
      )
    ]
  });
  getOctokit.mockReturnValue(fake.octokit);
  const err = await api()
    .deleteVersion({ owner: 'o', name: 'app' }, { id: 1, digest: D(1), tags: [] })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GitHubApiError);
  expect((err as GitHubApiError).access).toBe(true);
  expect((err as Error).message).toBe(
    'GitHub API http://127.0.0.1:9/api/v3: DELETE /orgs/o/packages/container/app/versions/1 answered HTTP 403 Resource not accessible by integration'
  );
});

test('a 5xx is retried; a package that neither API knows is a 404 access error', async () => {
  const fake = fakeOctokit({ o: 'org' }, [version(1)], { listOrg: [apiError(502, 'Bad Gateway')] });
  getOctokit.mockReturnValue(fake.octokit);
  expect((await api().findVersion({ owner: 'o', name: 'app' }, D(1)))?.id).toBe(1);
  expect(fake.calls.map((c) => c.method)).toEqual(['listOrg', 'listOrg']);

  const none = fakeOctokit({}, []);
  getOctokit.mockReturnValue(none.octokit);
  const err = await api()
    .findVersion({ owner: 'ghost', name: 'app' }, D(1))
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GitHubApiError);
  expect([(err as GitHubApiError).status, (err as GitHubApiError).access]).toEqual([404, true]);
  expect((err as Error).message).toContain(
    'GET /users/ghost/packages/container/app/versions?page=1 answered HTTP 404 Not Found'
  );
});

test('the package name is URL-encoded in messages as in the request path', async () => {
  const fake = fakeOctokit({ o: 'org' }, [], { deleteOrg: [apiError(401, 'Bad credentials')] });
  getOctokit.mockReturnValue(fake.octokit);
  const err = await api()
    .deleteVersion({ owner: 'o', name: 'team/tool' }, { id: 5, digest: D(5), tags: [] })
    .catch((e: unknown) => e);
  expect((err as Error).message).toContain(
    'DELETE /orgs/o/packages/container/team%2Ftool/versions/5 answered HTTP 401 Bad credentials'
  );
});
