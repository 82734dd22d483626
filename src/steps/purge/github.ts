/**
 * Removing a tag on a GitHub Packages registry (ghcr.io, a GitHub Enterprise Server's
 * containers.HOST). Its registry API has no tag DELETE, and deleting a package version deletes the
 * manifest, so a per-arch tag cannot simply go without breaking the list. Instead the tag is moved
 * onto a unique placeholder and the placeholder's version is deleted through the REST API: never
 * a version whose digest the list references, never one that is not the placeholder just made.
 */
import { errorMessage } from '../../model/errors';
import { type Logger } from '../../model/logger';
import { formatReference } from '../../model/reference';
import { type RegistryClient } from '../../registry/client';
import { GitHubApiError, type PackageRef, type PackagesApi, packageOf } from '../../registry/github-packages';
import { ensurePlaceholderConfig, placeholder } from './placeholder';
import { type Outcome, type PurgeCandidate, left, putBack, recheck } from './tag';

/** What to tell a user whose token may not delete the package's versions. */
export function accessHint(pkg: PackageRef): string {
  return (
    `deleting a version of the package ${pkg.owner}/${pkg.name} needs github-token with packages: write ` +
    `(in the workflow: permissions: packages: write) and, in the package's settings on GitHub, Manage Actions access ` +
    `giving this repository the Admin role`
  );
}

export async function removeByPackagesApi(
  client: RegistryClient,
  api: PackagesApi | undefined,
  c: PurgeCandidate,
  listDigests: ReadonlySet<string>,
  log: Logger
): Promise<Outcome> {
  const repo = c.ref.repository;
  const pkg = packageOf(repo);
  if (!pkg) return left('failed', `${client.registry}/${repo} is not OWNER/PACKAGE, so it names no GitHub package`);
  if (!api) return left('github-access', `no github-token was given: ${accessHint(pkg)}`);
  const stale = await recheck(client, c);
  if (stale) return stale;

  await ensurePlaceholderConfig(client, repo);
  const ph = placeholder(formatReference(c.ref));
  const leftover = {
    says: `an untagged placeholder version ${ph.digest} remains in the package ${pkg.owner}/${pkg.name}; it is safe to delete`
  };
  await client.putManifest(repo, c.ref.tag, ph.bytes, ph.mediaType);
  try {
    const version = await api.findVersion(pkg, ph.digest);
    if (!version)
      throw new Error(`the GitHub API lists no version ${ph.digest} of the package ${pkg.owner}/${pkg.name}`);
    // The placeholder is unique, so this cannot be a digest the list references; say it anyway.
    if (version.digest !== ph.digest || listDigests.has(version.digest))
      throw new Error(`refusing to delete package version ${version.id} (${version.digest})`);
    await api.deleteVersion(pkg, version);
  } catch (err) {
    const access = err instanceof GitHubApiError && err.access;
    const detail = access ? `${errorMessage(err)}: ${accessHint(pkg)}` : errorMessage(err);
    log.debug(`purge: ${formatReference(c.ref)}: ${errorMessage(err)}`);
    return putBack(client, c, ph, { reason: access ? 'github-access' : 'failed', detail }, leftover, log);
  }
  const now = await client.headManifest(repo, c.ref.tag).catch(() => undefined);
  if (now?.digest === ph.digest) {
    return putBack(
      client,
      c,
      ph,
      { reason: 'failed', detail: `its placeholder's package version was deleted, yet the tag still points to it` },
      leftover,
      log
    );
  }
  return { removed: true };
}
