/**
 * Purge: after the list is pushed and verified, remove the source tags it was built from, and the
 * local lists `docker manifest create` left for the targets. Tags only: a digest the list
 * references is never deleted, a source given by digest, a tag that is also a target and a
 * source that contributed nothing are never touched, and no tag is left pointing at something
 * new. Where a tag cannot be removed, purge warns, names it, and the run still succeeds.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONCURRENCY, Once, mapLimit } from '../../util/concurrency';
import { IntegrityError, errorMessage } from '../../model/errors';
import { type Logger } from '../../model/logger';
import { type Reference, type TagReference, formatReference, isTagReference, repoName } from '../../model/reference';
import { type PurgeLeft, type PurgeResult } from '../../model/result';
import { type Registries } from '../../registry/open';
import { NotYet, policies } from '../../registry/policies';
import { retryWith } from '../../registry/retry';
import { type PackagesApi } from '../../registry/github-packages';
import { removeByPackagesApi } from './github';
import { type TagRemoval, probeTagRemoval, removeByRegistry } from './registry-api';
import { type Outcome, type PurgeCandidate, left } from './tag';

export type { PurgeCandidate } from './tag';

/**
 * Sources that purge may remove: given by tag (not digest), not themselves a target, and among
 * `contributed` (fully qualified sources that gave the list at least one entry). Pure.
 */
export function purgeCandidates(
  sources: Reference[],
  tags: Reference[],
  contributed: ReadonlySet<string>
): TagReference[] {
  const targets = new Set(tags.map(formatReference));
  return sources
    .filter(isTagReference)
    .filter((ref) => !targets.has(formatReference(ref)) && contributed.has(formatReference(ref)));
}

/** `docker manifest create` keeps local lists under $DOCKER_CONFIG/manifests/<ref made file-safe>. */
export function localListDirs(dockerConfig: string, tag: Reference): string[] {
  const safe = (s: string) => s.replace(/:/g, '-').replace(/\//g, '_');
  const full = formatReference(tag);
  const names = new Set([full]);
  if (tag.registry === 'docker.io') names.add(full.replace(/^docker\.io\/(library\/)?/, ''));
  return [...names].map((n) => path.join(dockerConfig, 'manifests', safe(n)));
}

/**
 * Before any source goes, every tag must resolve to the pushed list. A tag that answers 404 is
 * waited for up to `waitMs`: a registry behind a CDN or with replicas serves a manifest a moment
 * after the PUT that stored it. A tag on another digest fails at once: someone pushed over it.
 */
export async function verifyTags(
  registries: Registries,
  tags: TagReference[],
  digest: string,
  waitMs: number,
  log: Logger
): Promise<void> {
  await Promise.all(
    tags.map(async (tag) => {
      const wrong = (now?: string) =>
        new IntegrityError(
          `purge: ${formatReference(tag)} resolves to ${now ?? 'nothing'}, not the pushed list ${digest}; nothing was purged`
        );
      await retryWith(
        policies.purgeRecheck(waitMs),
        async () => {
          const now = await registries.get(tag.registry).headManifest(tag.repository, tag.tag);
          if (now?.digest === digest) return;
          // Another digest is final: someone pushed over the tag. Nothing yet may be lag.
          if (now) throw wrong(now.digest);
          throw new NotYet(formatReference(tag));
        },
        {
          signal: registries.signal,
          onRetry: (_err, delay) =>
            log.debug(`purge: ${formatReference(tag)} not served yet after its push; checking again in ${delay} ms`),
          onGiveUp: () => wrong()
        }
      ).catch((err: unknown) => Promise.reject(err instanceof NotYet ? wrong() : err));
    })
  );
}

export interface PurgeContext {
  registries: Registries;
  /** The list's digest and every digest it references. */
  listDigests: ReadonlySet<string>;
  /** Registry hosts whose tags are GitHub packages (FANIN_GITHUB_PACKAGES_REGISTRIES). */
  githubPackagesRegistries: readonly string[];
  /** The GitHub Packages API, when a github-token was given. */
  packages?: PackagesApi;
  dockerConfig: string;
  log: Logger;
}

/** One warning per cause, naming every tag it left in place. */
function warnLeft(leftTags: PurgeLeft[], log: Logger): void {
  const byDetail = new Map<string, string[]>();
  for (const l of leftTags) byDetail.set(l.detail, [...(byDetail.get(l.detail) ?? []), l.tag]);
  for (const [detail, tags] of byDetail) log.warning(`purge: ${tags.join(', ')} left in place: ${detail}`);
}

/** The closing line: what went, and what stayed, each said once. */
export function purgeSummary(r: PurgeResult): string {
  const parts = [r.removed.length ? `removed ${r.removed.join(', ')}` : 'removed no source tag'];
  if (r.left.length) parts.push(`left ${r.left.map((l) => l.tag).join(', ')} in place`);
  if (r.localLists.length)
    parts.push(`removed the local list${r.localLists.length > 1 ? 's' : ''} ${r.localLists.join(', ')}`);
  return `purge: ${parts.join('; ')}`;
}

export async function purge(ctx: PurgeContext, candidates: PurgeCandidate[], tags: Reference[]): Promise<PurgeResult> {
  const { registries, log } = ctx;
  const removals = new Once<TagRemoval>();
  // On GitHub Packages the first tag of each package goes alone: without the token's rights only
  // that one is moved (and put back).
  const firstOfPackage = new Once<Outcome>();
  const githubHosts = new Set(ctx.githubPackagesRegistries.map((h) => h.toLowerCase()));

  const removeOne = async (c: PurgeCandidate): Promise<Outcome> => {
    const client = registries.get(c.ref.registry);
    const key = repoName(c.ref);
    if (githubHosts.has(c.ref.registry.toLowerCase())) {
      let lead = false;
      const first = await firstOfPackage.run(key, () => {
        lead = true;
        return removeByPackagesApi(client, ctx.packages, c, ctx.listDigests, log).catch((err) =>
          left('failed', errorMessage(err))
        );
      });
      if (lead) return first;
      if (!first.removed && first.reason === 'github-access') return first;
      return removeByPackagesApi(client, ctx.packages, c, ctx.listDigests, log);
    }
    const removal = await removals.run(key, () =>
      probeTagRemoval(client, c.ref.repository, log).catch((err): TagRemoval => ({
        kind: 'none',
        reason: 'failed',
        detail: `finding out how ${key} deletes tags failed: ${errorMessage(err)}`
      }))
    );
    return removeByRegistry(client, c, removal, log);
  };

  const outcomes = await mapLimit(candidates, CONCURRENCY, (c) =>
    removeOne(c).catch((err) => left('failed', errorMessage(err)))
  );
  const result: PurgeResult = { removed: [], left: [], localLists: [] };
  candidates.forEach((c, i) => {
    const o = outcomes[i];
    if (o.removed) result.removed.push(formatReference(c.ref));
    else result.left.push({ tag: formatReference(c.ref), reason: o.reason, detail: o.detail });
  });
  warnLeft(result.left, log);

  for (const tag of tags) {
    for (const dir of localListDirs(ctx.dockerConfig, tag)) {
      if (await stat(dir).catch(() => undefined)) {
        await rm(dir, { recursive: true, force: true });
        result.localLists.push(dir);
      }
    }
  }
  log.info(purgeSummary(result));
  return result;
}
