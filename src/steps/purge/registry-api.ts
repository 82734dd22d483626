/**
 * Removing a tag over the registry API, where registries disagree on what a DELETE removes:
 * - CNCF distribution 2.8: DELETE of a tag is 400 UNSUPPORTED; DELETE by digest removes the
 *   manifest and every tag on it (with storage.delete.enabled; without it every DELETE is 405).
 * - Harbor: DELETE of a tag deletes the artifact and every tag on it (goharbor/harbor#11988).
 * - Google Artifact Registry: DELETE of a tag removes that tag only; DELETE by digest while a tag
 *   points at it is 400 GOOGLE_MANIFEST_DANGLING_TAG (genuinetools/reg#136).
 * - Docker Hub: no DELETE on the registry API (405).
 * - ECR with tag immutability: no tag can be moved (400 TAG_INVALID), so no placeholder either.
 * So no real tag is deleted by DELETE until the repository has shown, on a throwaway manifest
 * under two throwaway tags, that deleting one tag leaves the manifest and the other tag. Without
 * that proof a tag is moved onto a unique placeholder, and the placeholder is deleted by digest.
 * The probe runs once per repository, before any real tag is touched.
 */
import { hasCode } from '../../model/errors';
import { type Logger } from '../../model/logger';
import { formatReference } from '../../model/reference';
import { type RegistryClient } from '../../registry/client';
import { type Deletion } from '../../registry/manifests';
import { type Placeholder, ensurePlaceholderConfig, placeholder, throwawayTag } from './placeholder';
import { type Outcome, type PurgeCandidate, left, putBack, recheck } from './tag';
import { type PurgeLeftReason } from '../../model/result';

/** How tags are removed in one repository. */
export type TagRemoval =
  { kind: 'tag' } | { kind: 'placeholder' } | { kind: 'none'; reason: PurgeLeftReason; detail: string };

const deleted = (d: Deletion) => d.outcome === 'deleted';

/** A DELETE answer that says no delete will work here (for these credentials), as a TagRemoval. */
function refusal(registry: string, res: Deletion): TagRemoval | undefined {
  if (res.outcome === 'denied') {
    return {
      kind: 'none',
      reason: 'denied',
      detail: `${registry} refused these credentials a delete (${res.answer}): log in with an account that may delete there`
    };
  }
  if (res.outcome === 'unsupported')
    return {
      kind: 'none',
      reason: 'unsupported',
      detail: `${registry} does not allow deleting tags or manifests (DELETE answered ${res.answer})`
    };
  return undefined;
}

/** Those of `tags` that still resolve. */
async function remaining(client: RegistryClient, repo: string, tags: string[]): Promise<string[]> {
  const found = await Promise.all(tags.map((t) => client.headManifest(repo, t).catch(() => ({}))));
  return tags.filter((_, i) => found[i]);
}

/** Find out, on throwaway manifests, how this repository can lose a tag and nothing else. */
export async function probeTagRemoval(client: RegistryClient, repo: string, log: Logger): Promise<TagRemoval> {
  const where = `${client.registry}/${repo}`;
  // A DELETE of a tag that does not exist changes nothing, and shows a registry (or credentials)
  // that allows no delete at all before anything is written there.
  const nothing = await client.deleteManifest(repo, throwawayTag());
  const no = refusal(client.registry, nothing);
  if (no) return no;

  await ensurePlaceholderConfig(client, repo);
  const m = placeholder('purge probe, safe to delete');
  // Untagged first: where neither a tag DELETE is understood nor a manifest can be deleted, the
  // answer comes before any throwaway tag is written (it could not be removed again).
  await client.putManifest(repo, m.digest, m.bytes, m.mediaType);
  const loose = await client.deleteManifest(repo, m.digest);
  if (!deleted(loose) && nothing.outcome !== 'not-found') {
    log.debug(`${where}: DELETE of a missing tag answered ${nothing.answer}, of an untagged manifest ${loose.answer}`);
    return (
      refusal(client.registry, loose) ?? {
        kind: 'none',
        reason: 'unsupported',
        detail: `${client.registry} deletes neither tags (${nothing.answer}) nor manifests (${loose.answer})`
      }
    );
  }
  return probeWithTags(client, repo, m, log);
}

/** The probe manifest under two throwaway tags: whether a tag DELETE takes that tag alone, more, or nothing. */
async function probeWithTags(client: RegistryClient, repo: string, m: Placeholder, log: Logger): Promise<TagRemoval> {
  const where = `${client.registry}/${repo}`;
  const [t1, t2] = [throwawayTag(), throwawayTag()];
  await client.putManifest(repo, t1, m.bytes, m.mediaType);
  await client.putManifest(repo, t2, m.bytes, m.mediaType);
  const strays = async () => {
    const rest = await remaining(client, repo, [t1, t2]);
    if (rest.length)
      log.warning(`purge: the throwaway probe tag(s) ${rest.join(', ')} remain in ${where}; they are safe to delete`);
  };

  const byTag = await client.deleteManifest(repo, t1);
  if (deleted(byTag)) {
    const [kept, other, gone] = await Promise.all([
      client.headManifest(repo, m.digest),
      client.headManifest(repo, t2),
      client.headManifest(repo, t1)
    ]);
    if (kept && other?.digest === m.digest && !gone) {
      // The tag went alone (GAR): the other probe tag, then the untagged probe, go the same way.
      await client.deleteManifest(repo, t2);
      await client.deleteManifest(repo, m.digest);
      await strays();
      return { kind: 'tag' };
    }
    // It took the manifest or its other tag with it (Harbor): never DELETE a real tag here.
    log.debug(
      `${where}: DELETE of a tag also removed ${kept ? 'the other tag' : 'the manifest'}; tags are removed through placeholders here`
    );
    if (kept || other) await client.deleteManifest(repo, m.digest);
    await strays();
    return { kind: 'placeholder' };
  }

  // No tag DELETE (distribution): deleting the manifest by digest must take its tags with it.
  const byDigest = await client.deleteManifest(repo, m.digest);
  const rest = await remaining(client, repo, [t1, t2]);
  if (deleted(byDigest) && !rest.length) return { kind: 'placeholder' };
  log.debug(
    `${where}: DELETE of a tag answered ${byTag.answer}, by digest ${byDigest.answer}; tags still there: ${rest.join(', ') || 'none'}`
  );
  await strays();
  return (
    refusal(client.registry, byDigest) ?? {
      kind: 'none',
      reason: 'unsupported',
      detail: `${client.registry} removes no tag without removing more (DELETE of a tag answered ${byTag.answer}; of a manifest by digest ${byDigest.answer}${deleted(byDigest) ? ', leaving its tags' : ''})`
    }
  );
}

// Distribution 2.8 (registry/handlers/manifests.go DeleteManifest) deletes the manifest, then
// looks its tags up to untag them; a DELETE in the same repository that untags at that moment
// makes the lookup fail (500 UNKNOWN) after the manifest went, so the retry answers 404 and the
// tag is left listed, pointing at nothing. Placeholder DELETEs of one repository therefore go one
// at a time, and a 404 (another client raced us) is met by putting the placeholder back by
// digest and deleting it again, which untags.
const deleting = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, op: () => Promise<T>): Promise<T> {
  const run = (deleting.get(key) ?? Promise.resolve()).catch(() => undefined).then(op);
  const settled = run.catch(() => undefined);
  deleting.set(key, settled);
  void settled.then(() => {
    if (deleting.get(key) === settled) deleting.delete(key);
  });
  return run;
}

async function deletePlaceholder(client: RegistryClient, repo: string, ph: Placeholder): Promise<Deletion> {
  return oneAtATime(`${client.registry}/${repo}`, async () => {
    const res = await client.deleteManifest(repo, ph.digest);
    if (res.outcome !== 'not-found') return res;
    await client.putManifest(repo, ph.digest, ph.bytes, ph.mediaType);
    return client.deleteManifest(repo, ph.digest);
  });
}

/** Remove one source tag the way the probe found; the tag is checked again right before. */
export async function removeByRegistry(
  client: RegistryClient,
  c: PurgeCandidate,
  removal: TagRemoval,
  log: Logger
): Promise<Outcome> {
  if (removal.kind === 'none') return left(removal.reason, removal.detail);
  const stale = await recheck(client, c);
  if (stale) return stale;
  return removal.kind === 'tag' ? deleteTag(client, c, log) : moveOntoPlaceholder(client, c, log);
}

/** DELETE the tag itself (the probe showed it leaves the manifest and its other tags). */
async function deleteTag(client: RegistryClient, c: PurgeCandidate, log: Logger): Promise<Outcome> {
  const repo = c.ref.repository;
  const tag = c.ref.tag;
  const res = await client.deleteManifest(repo, tag);
  if (!deleted(res) && res.outcome !== 'not-found')
    return left('failed', `DELETE ${formatReference(c.ref)} answered ${res.answer}`);
  // The probe showed the manifest stays; should it not, it is put back by digest.
  if (!(await client.headManifest(repo, c.digest))) {
    await client.putManifest(repo, c.digest, c.bytes, c.mediaType);
    log.warning(
      `purge: deleting the tag ${formatReference(c.ref)} also removed ${c.digest} from ${client.registry}/${repo}; it was pushed again by digest`
    );
  }
  if (await client.headManifest(repo, tag))
    return left('failed', `DELETE answered ${res.answer}, but the tag is still there`);
  return { removed: true };
}

/** Move the tag onto a unique placeholder and delete that by digest; on failure the tag is put back. */
async function moveOntoPlaceholder(client: RegistryClient, c: PurgeCandidate, log: Logger): Promise<Outcome> {
  const repo = c.ref.repository;
  const tag = c.ref.tag;
  const ph = placeholder(formatReference(c.ref));
  try {
    await client.putManifest(repo, tag, ph.bytes, ph.mediaType);
  } catch (err) {
    // ECR with tag immutability refuses to move any tag (400 TAG_INVALID; see the ecr
    // personality): a trait of the repository, so one warning names every tag it keeps.
    if (hasCode(err, 'TAG_INVALID')) {
      return left(
        'unsupported',
        `${client.registry}/${repo} does not let a tag move (${err.status} TAG_INVALID: immutable tags), so none is removed; delete them with the registry's own API`
      );
    }
    throw err;
  }
  const res = await deletePlaceholder(client, repo, ph).catch((err: Error) => err);
  const gone = !(res instanceof Error) && deleted(res) && !(await client.headManifest(repo, tag).catch(() => true));
  if (gone) return { removed: true };
  const why =
    res instanceof Error
      ? res.message
      : deleted(res)
        ? `deleting its placeholder ${ph.digest} left the tag in place`
        : `DELETE ${ph.digest} answered ${res.answer}`;
  return putBack(
    client,
    c,
    ph,
    { reason: 'failed', detail: why },
    {
      drop: async () => deleted(await deletePlaceholder(client, repo, ph)),
      says: `an untagged placeholder manifest ${ph.digest} remains in ${client.registry}/${repo}; it is safe to delete`
    },
    log
  );
}
