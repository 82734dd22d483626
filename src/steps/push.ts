/** Put the list under every tag. A partial failure says which tags were written. */
import { IntegrityError, withContext } from '../model/errors';
import { Logger } from '../model/logger';
import { BuiltList } from '../model/manifest';
import { Reference, formatReference } from '../model/reference';
import { Registries } from '../registry/client';

export async function pushTags(registries: Registries, tags: Reference[], list: BuiltList, log: Logger): Promise<void> {
  const outcomes = await Promise.allSettled(
    tags.map(async (tag) => {
      const digest = await registries.get(tag.registry).putManifest(tag.repository, tag.tag!, list.bytes, list.mediaType);
      if (digest && digest !== list.digest) throw new IntegrityError(`the registry stored it as ${digest}, not ${list.digest}`);
      log.info(`${formatReference(tag)} → ${list.digest}`);
    })
  );
  const failed = outcomes.findIndex((o) => o.status === 'rejected');
  if (failed < 0) return;
  const written = tags.filter((_, i) => outcomes[i].status === 'fulfilled').map(formatReference);
  // The edge's failure summary names the tags already written.
  const err = Object.assign((outcomes[failed] as PromiseRejectedResult).reason as Error, { tagsWritten: written });
  throw withContext(err, `push ${formatReference(tags[failed])}${written.length ? ` (already written: ${written.join(', ')})` : ''}`);
}
