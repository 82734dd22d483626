/**
 * What purge does to one source tag, whichever way the registry removes tags: the candidate, the
 * outcome, the check just before the tag is changed, and putting a tag back where it was.
 */
import { errorMessage } from '../../model/errors';
import { type Logger } from '../../model/logger';
import { type TagReference, formatReference } from '../../model/reference';
import { type PurgeLeftReason } from '../../model/result';
import { type RegistryClient } from '../../registry/client';
import { type Placeholder } from './placeholder';

export interface PurgeCandidate {
  ref: TagReference;
  /** The digest the tag pointed to when the list was built from it. */
  digest: string;
  /** Its manifest, to put the tag back if a removal goes wrong half-way. */
  bytes: Buffer;
  mediaType: string;
}

export type Outcome = { removed: true } | { removed: false; reason: PurgeLeftReason; detail: string };

export const left = (reason: PurgeLeftReason, detail: string): Outcome => ({ removed: false, reason, detail });

/**
 * Check the tag again right before changing it, so a push that landed while the run went on is
 * never undone. Returns an outcome when the tag must not be touched, else undefined.
 */
export async function recheck(client: RegistryClient, c: PurgeCandidate): Promise<Outcome | undefined> {
  const now = (await client.headManifest(c.ref.repository, c.ref.tag, 'push'))?.digest;
  if (now === undefined) return { removed: true };
  if (now !== c.digest) {
    return left(
      'changed',
      `it now points to ${now}, not ${c.digest} that the list was built from: it was pushed again while this ran, so it is left alone`
    );
  }
  return undefined;
}

/**
 * The tag was moved onto a placeholder and could not be removed: put it back on the manifest it
 * held, then drop the placeholder where `leftover.drop` can, else say what remains
 * (`leftover.says`). Never leaves the tag on something new without a warning that says how to
 * repair it.
 */
export async function putBack(
  client: RegistryClient,
  c: PurgeCandidate,
  ph: Placeholder,
  outcome: { reason: PurgeLeftReason; detail: string },
  leftover: { drop?: () => Promise<boolean>; says: string },
  log: Logger
): Promise<Outcome> {
  const name = formatReference(c.ref);
  try {
    await client.putManifest(c.ref.repository, c.ref.tag, c.bytes, c.mediaType);
  } catch (err) {
    log.warning(
      `purge: ${name} now points to a placeholder (${ph.digest}), not ${c.digest}: putting it back failed (${errorMessage(err)}); tag ${c.digest} as ${c.ref.tag} again`
    );
    return left('failed', outcome.detail);
  }
  const dropped = leftover.drop ? await leftover.drop().catch(() => false) : false;
  if (!dropped) log.warning(`purge: ${leftover.says}`);
  return left(outcome.reason, outcome.detail);
}
