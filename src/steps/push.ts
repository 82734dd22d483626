/**
 * Put the list under every tag: the tags of one repository one after another, different
 * repositories in parallel; a tag that already holds the list is left alone. A partial failure
 * says which tags were written.
 */
import { withContext } from '../model/errors';
import { type Logger } from '../model/logger';
import { type BuiltList } from '../model/manifest';
import { type Reference, type TagReference, formatReference, repoName } from '../model/reference';
import { type Registries } from '../registry/open';
import { putUnlessCurrent, withRepoHint } from './put';
import { type TargetChecks } from './target-checks';

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
  // Quay fails the same manifest PUT to two tags of one repository at once with MANIFEST_INVALID
  // (GoogleContainerTools/jib#2470): one repository's tags go one after another.
  const byRepo = new Map<string, TagReference[]>();
  for (const t of tags) byRepo.set(repoName(t), [...(byRepo.get(repoName(t)) ?? []), t]);
  const outcome = new Map<Reference, Error | 'written' | 'current'>();
  await Promise.all(
    [...byRepo.entries()].map(async ([repo, repoTags]) => {
      for (const tag of repoTags) {
        try {
          const opts = { lagRetry: fresh.has(repo), signal: registries.signal, log, known: checks?.tagDigest(tag) };
          const wrote = await putUnlessCurrent(
            registries.get(tag.registry),
            tag.repository,
            tag.tag,
            list.bytes,
            list.mediaType,
            list.digest,
            opts
          );
          outcome.set(tag, wrote ? 'written' : 'current');
          log.info(`${formatReference(tag)} → ${list.digest}${wrote ? '' : ' (already up to date)'}`);
        } catch (err) {
          outcome.set(tag, withRepoHint(err as Error, repo));
          return; // this repository's remaining tags stay unwritten
        }
      }
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
