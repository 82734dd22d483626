/**
 * The GitHub Packages REST API for container packages (docs.github.com/rest/packages): find the
 * package version of a digest and delete it. GHCR has no tag DELETE on the registry API, and a
 * package version is a manifest, so purge removes a tag there by moving it onto a placeholder and
 * deleting the placeholder's version. Octokit (@actions/github) is loaded on first use only, a
 * chunk of its own in the bundle (octokit.ts); it takes the runner's proxy settings. The base URL
 * is $GITHUB_API_URL, read at the edge.
 */
import type { getOctokit } from './octokit';
import { RegistryError, isNotFound } from '../model/errors';
import { type Logger } from '../model/logger';
import { NotYet, policies } from './policies';
import { type RetryPolicy, parseRetryAfter, retryWith } from './retry';

type Octokit = ReturnType<typeof getOctokit>;

/** A container package: `ghcr.io/OWNER/NAME…` where NAME is the rest of the repository path. */
export interface PackageRef {
  owner: string;
  name: string;
}

export interface PackageVersion {
  id: number;
  /** The version's name: its manifest digest. */
  digest: string;
  tags: string[];
}

/** The repository path below the owner is the package name (`o/team/app` → o, `team/app`). */
export function packageOf(repository: string): PackageRef | undefined {
  const i = repository.indexOf('/');
  if (i <= 0 || i === repository.length - 1) return undefined;
  return { owner: repository.slice(0, i), name: repository.slice(i + 1) };
}

/** The GitHub API answered with an error status. */
export class GitHubApiError extends RegistryError {
  override name = 'GitHubApiError';
  /** 401/403, or 404 where a package the registry serves is not visible: the token's rights. */
  get access(): boolean {
    return this.status === 401 || this.status === 403 || this.status === 404;
  }
}

export interface PackagesApi {
  /** The version whose name is `digest`, or undefined when the package lists none. */
  findVersion(pkg: PackageRef, digest: string): Promise<PackageVersion | undefined>;
  deleteVersion(pkg: PackageRef, version: PackageVersion): Promise<void>;
}

export interface GitHubPackagesOptions {
  token: string;
  /** $GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's /api/v3. */
  baseUrl: string;
  timeoutMs: number;
  log: Logger;
  signal?: AbortSignal;
  /** Tests: backoff of throttled or failed calls (default DEFAULT_RETRY). */
  retry?: RetryPolicy;
  /** Tests: waits before listing again when the new version is not listed yet. */
  listingDelaysMs?: number[];
}

const PER_PAGE = 100;
/** A new version is listed first; a package with more versions than this is searched no further. */
const MAX_PAGES = 20;
/** GitHub may list a version a moment after the registry stored its manifest. */
const LISTING_DELAYS_MS = [500, 1500, 3000];

type Scope = 'orgs' | 'users';

interface RawVersion {
  id: number;
  name: string;
  metadata?: { container?: { tags?: string[] } };
}

export class GitHubPackages implements PackagesApi {
  private octokit?: Promise<Octokit>;
  /** Whether an owner is an organization or a user, once one of the two answered. */
  private readonly scopes = new Map<string, Scope>();

  constructor(private readonly opts: GitHubPackagesOptions) {}

  private client(): Promise<Octokit> {
    this.octokit ??= import('./octokit').then((m) => m.getOctokit(this.opts.token, { baseUrl: this.opts.baseUrl }));
    return this.octokit;
  }

  /** One API call with retries on throttling and server trouble; errors become GitHubApiError. */
  private async call<T>(what: string, op: (o: Octokit, signal: AbortSignal) => Promise<T>): Promise<T> {
    const o = await this.client();
    return retryWith(
      this.opts.retry ?? policies.githubApi,
      async () => {
        const signal = AbortSignal.any([
          AbortSignal.timeout(this.opts.timeoutMs),
          ...(this.opts.signal ? [this.opts.signal] : [])
        ]);
        try {
          return await op(o, signal);
        } catch (err) {
          throw toApiError(err, what, this.opts.baseUrl);
        }
      },
      {
        signal: this.opts.signal,
        onRetry: (err, delay, attempt) =>
          this.opts.log.info(
            `${(err as Error).message}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1})`
          )
      }
    );
  }

  private async page(scope: Scope, pkg: PackageRef, page: number): Promise<RawVersion[]> {
    const path = `/${scope}/${pkg.owner}/packages/container/${encodeURIComponent(pkg.name)}/versions`;
    return this.call(`GET ${path}?page=${page}`, async (o, signal) => {
      const params = {
        package_type: 'container' as const,
        package_name: pkg.name,
        per_page: PER_PAGE,
        page,
        request: { signal }
      };
      const res =
        scope === 'orgs'
          ? await o.rest.packages.getAllPackageVersionsForPackageOwnedByOrg({ ...params, org: pkg.owner })
          : await o.rest.packages.getAllPackageVersionsForPackageOwnedByUser({ ...params, username: pkg.owner });
      return res.data as RawVersion[];
    });
  }

  /** Page 1 under the owner's scope; an owner not yet known is tried as an organization, then a user. */
  private async firstPage(pkg: PackageRef): Promise<{ scope: Scope; versions: RawVersion[] }> {
    const known = this.scopes.get(pkg.owner);
    if (known) return { scope: known, versions: await this.page(known, pkg, 1) };
    try {
      const versions = await this.page('orgs', pkg, 1);
      this.scopes.set(pkg.owner, 'orgs');
      return { scope: 'orgs', versions };
    } catch (err) {
      if (!(err instanceof GitHubApiError && isNotFound(err))) throw err;
    }
    const versions = await this.page('users', pkg, 1);
    this.scopes.set(pkg.owner, 'users');
    return { scope: 'users', versions };
  }

  async findVersion(pkg: PackageRef, digest: string): Promise<PackageVersion | undefined> {
    const delays = this.opts.listingDelaysMs ?? LISTING_DELAYS_MS;
    const look = async (): Promise<PackageVersion> => {
      const first = await this.firstPage(pkg);
      const scope = first.scope;
      let versions = first.versions;
      for (let page = 1; ;) {
        const v = versions.find((x) => x.name === digest);
        if (v) return { id: v.id, digest: v.name, tags: v.metadata?.container?.tags ?? [] };
        if (versions.length < PER_PAGE || page >= MAX_PAGES) throw new NotYet(digest);
        versions = await this.page(scope, pkg, ++page);
      }
    };
    return retryWith(policies.packageListing(delays), look, { signal: this.opts.signal }).catch((err: unknown) =>
      err instanceof NotYet ? undefined : Promise.reject(err)
    );
  }

  async deleteVersion(pkg: PackageRef, version: PackageVersion): Promise<void> {
    const scope = this.scopes.get(pkg.owner) ?? 'orgs';
    const path = `/${scope}/${pkg.owner}/packages/container/${encodeURIComponent(pkg.name)}/versions/${version.id}`;
    await this.call(`DELETE ${path}`, async (o, signal) => {
      const params = {
        package_type: 'container' as const,
        package_name: pkg.name,
        package_version_id: version.id,
        request: { signal }
      };
      if (scope === 'orgs') await o.rest.packages.deletePackageVersionForOrg({ ...params, org: pkg.owner });
      else await o.rest.packages.deletePackageVersionForUser({ ...params, username: pkg.owner });
    });
  }
}

/** Octokit's RequestError (status, GitHub's message) or a network failure, as one GitHubApiError line. */
function toApiError(err: unknown, what: string, baseUrl: string): GitHubApiError {
  const e = err as {
    status?: number;
    message?: string;
    name?: string;
    response?: { headers?: Record<string, string | undefined> };
  };
  const timedOut = e.name === 'TimeoutError' || /aborted|timeout/i.test(e.message ?? '');
  // Octokit reports a connection that failed as status 500: keep it retryable, and say so.
  const status = typeof e.status === 'number' ? e.status : timedOut ? 504 : 500;
  const message = (e.message ?? String(err)).replace(/\s+-\s+https:\/\/docs\.github\.com\S*/, '');
  return new GitHubApiError(
    `GitHub API ${baseUrl}: ${what} answered HTTP ${status} ${message}`.trim(),
    status,
    undefined,
    parseRetryAfter(e.response?.headers?.['retry-after'])
  );
}
