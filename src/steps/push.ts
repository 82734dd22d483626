/**
 * Put the list under every tag: different repositories in parallel; in one repository, the tags
 * that do not hold the list yet in one PUT by digest with every tag as `?tag=` where the registry
 * takes that (distribution spec, "Pushing Manifests"), else one after another. A tag that already
 * holds the list is left alone. A partial failure says which tags were written.
 */
import { hasStatus, withContext } from '../model/errors';
import { type Logger } from '../model/logger';
import { type BuiltList } from '../model/manifest';
import { type Reference, type TagReference, formatReference, repoName } from '../model/reference';
import { type RegistryClient } from '../registry/client';
import { type Registries } from '../registry/open';
import { withTagQuery } from '../registry/oci-tag';
import { type PutOptions, isCurrent, putChecked, withRepoHint } from './put';
import { type TargetChecks } from './target-checks';

type Outcome = Map<Reference, Error | 'written' | 'current'>;

/** Answers to a PUT with several `?tag=` that mean "ask one tag at a time" (spec: 414; also 431, 400). */
const TOO_MANY_TAGS = new Set([400, 414, 431]);

/**
 * One PUT by digest naming every tag. Returns the tags the registry did not name in `OCI-Tag`:
 * all of them where it ignores the parameter (distribution 2.8 answers 201 and sets none) or
 * refuses the request.
 */
async function putTogether(
  client: RegistryClient,
  repo: string,
  tags: TagReference[],
  list: BuiltList,
  opts: PutOptions,
  written: (t: TagReference) => void
): Promise<TagReference[]> {
  const where = `${client.registry}/${repo}`;
  let named: Set<string>;
  try {
    const ref = withTagQuery(
      list.digest,
      tags.map((t) => t.tag)
    );
    named = new Set((await putChecked(client, repo, ref, list.bytes, list.mediaType, list.digest, opts)).tags);
  } catch (err) {
    if (!hasStatus(err, ...TOO_MANY_TAGS)) throw err;
    opts.log.debug(`${where}: ${tags.length} tags in one PUT refused (HTTP ${err.status}): one PUT per tag`);
    return tags;
  }
  const rest = tags.filter((t) => !named.has(t.tag));
  const taken = tags.filter((t) => named.has(t.tag));
  taken.forEach(written);
  // A tag named but not asked for is not ours to claim: only the asked ones count.
  const extra = [...named].filter((n) => !tags.some((t) => t.tag === n));
  if (extra.length) opts.log.debug(`${where}: OCI-Tag also named ${extra.join(', ')}, not asked for: ignored`);
  opts.log.debug(
    `${where}: ${
      rest.length === 0
        ? `${tags.length} tags in one PUT (the registry named each in OCI-Tag)`
        : taken.length === 0
          ? `the registry ignored the ${tags.length} ?tag= parameters (no OCI-Tag): one PUT per tag`
          : `OCI-Tag named ${taken.length} of ${tags.length} tags: one PUT per tag for ${rest.map((t) => t.tag).join(', ')}`
    }`
  );
  return rest;
}

/** One repository's tags: those not yet on the list's digest written, in one PUT where possible. */
async function pushRepo(
  client: RegistryClient,
  repo: string,
  tags: TagReference[],
  list: BuiltList,
  opts: PutOptions,
  outcome: Outcome,
  checks?: TargetChecks
): Promise<void> {
  const where = `${client.registry}/${repo}`;
  const current = await Promise.all(
    tags.map((t) => isCurrent(client, t.repository, t.tag, list.digest, checks?.tagDigest(t)))
  );
  const pending = tags.filter((_, i) => !current[i]);
  tags.forEach((t, i) => {
    if (!current[i]) return;
    outcome.set(t, 'current');
    opts.log.tagged?.(formatReference(t));
    opts.log.info(`${formatReference(t)} → ${list.digest} (already up to date)`);
  });
  const written = (t: TagReference) => {
    outcome.set(t, 'written');
    opts.log.tagged?.(formatReference(t));
    opts.log.info(`${formatReference(t)} → ${list.digest}`);
  };
  if (pending.length === 0) opts.log.debug(`${where}: every tag already holds the list: nothing written`);
  if (pending.length === 1) opts.log.debug(`${where}: one tag to write: one PUT by tag`);
  const rest = pending.length > 1 ? await putTogether(client, repo, pending, list, opts, written) : pending;
  // Quay fails the same manifest PUT to two tags of one repository at once with MANIFEST_INVALID
  // (GoogleContainerTools/jib#2470): one repository's tags go one after another.
  for (const tag of rest) {
    try {
      await putChecked(client, repo, tag.tag, list.bytes, list.mediaType, list.digest, opts);
      written(tag);
    } catch (err) {
      outcome.set(tag, withRepoHint(err as Error, repoName(tag)));
      return; // this repository's remaining tags stay unwritten
    }
  }
}

/**
 * @param fresh repositories (`registry/repo`) into which this run put manifests: a refusal
 *   naming an unknown manifest there is replication lag, retried for up to 30 s.
 */
export async function pushTags(
  registries: Registries,
  tags: TagReference[],
  list: BuiltList,
  log: Logger,
  fresh: ReadonlySet<string> = new Set(),
  checks?: TargetChecks
): Promise<void> {
  const byRepo = new Map<string, TagReference[]>();
  for (const t of tags) byRepo.set(repoName(t), [...(byRepo.get(repoName(t)) ?? []), t]);
  const outcome: Outcome = new Map();
  await Promise.all(
    [...byRepo.entries()].map(async ([repo, repoTags]) => {
      const opts = { lagRetry: fresh.has(repo), signal: registries.signal, log };
      const first = repoTags[0];
      await pushRepo(registries.get(first.registry), first.repository, repoTags, list, opts, outcome, checks).catch(
        (err: unknown) => {
          for (const t of repoTags) if (!outcome.has(t)) outcome.set(t, withRepoHint(err as Error, repo));
        }
      );
    })
  );
  const failed = tags.find((t) => outcome.get(t) instanceof Error);
  if (!failed) return;
  // Tags found up to date hold the list as much as those written now.
  const written = tags.filter((t) => outcome.get(t) === 'written' || outcome.get(t) === 'current').map(formatReference);
  const err = withContext(
    outcome.get(failed) as Error,
    `push ${formatReference(failed)}${written.length ? ` (already written: ${written.join(', ')})` : ''}`
  );
  // The edge's failure summary names the tags already written.
  throw Object.assign(err, { tagsWritten: written });
}
