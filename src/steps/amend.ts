/**
 * `amend` against concurrent writers. Registries have no conditional PUT (the distribution spec
 * leaves races on a tag to clients), so two runs that read the same old list would each put a
 * list without the other's entries. Instead the tag is read again right before the PUT and after
 * it: when it moved and no longer holds this run's entries, the run merges again onto what the tag
 * holds now and puts again, a bounded number of rounds. A run that returns has its entries on the
 * tag as last read; a writer that lands after that read can still drop them (see the README).
 */
import { IntegrityError, isNotFound } from '../model/errors';
import { type Logger } from '../model/logger';
import { parseManifest } from '../model/manifest';
import { type Plan } from '../model/plan';
import { type TagReference, formatReference } from '../model/reference';
import { type RegistryClient } from '../registry/client';

/** Rounds of merge-and-put before giving up: each one means another writer landed in between. */
export const AMEND_ROUNDS = 3;

/** The tag kept changing under this run: another writer amends it at the same time. */
export class AmendConflictError extends IntegrityError {
  override name = 'AmendConflictError';
}

export interface AmendSteps {
  /** Read the tag's list again and plan this run's entries onto it (copying what that needs). */
  replan(): Promise<{ plan: Plan; base?: string }>;
  /** Put the plan's list under every tag. */
  push(plan: Plan): Promise<void>;
}

/** The digests of the list a tag holds; undefined when the tag is absent. */
async function heldDigests(
  client: RegistryClient,
  tag: TagReference
): Promise<{ digest: string; entries: Set<string> } | undefined> {
  try {
    const got = await client.getManifest(tag.repository, tag.tag);
    const m = parseManifest(got.bytes, got.mediaType);
    return { digest: got.digest, entries: new Set(m.kind === 'index' ? m.manifests.map((d) => d.digest) : []) };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Put an amended list so that it ends on `tag` with every digest of `ours`, merging again onto
 * whatever another writer put meanwhile. `base`: the digest the tag held when the plan was made.
 * Returns the plan that was put last.
 */
export async function putConverged(
  client: RegistryClient,
  tag: TagReference,
  start: { plan: Plan; base?: string },
  ours: ReadonlySet<string>,
  steps: AmendSteps,
  log: Logger
): Promise<Plan> {
  const name = formatReference(tag);
  const conflict = (holds: string | undefined) =>
    new AmendConflictError(
      `amend ${name}: the tag kept changing while this run merged onto it (${AMEND_ROUNDS} rounds; it now holds ${holds ?? 'nothing'}, not this run's list); another run amends it at the same time: run them one after another (a concurrency group), then re-run this job`
    );
  let { plan, base } = start;
  for (let round = 1; ; round++) {
    // Right before the PUT: the tag must still hold what the plan was merged onto.
    const before = (await client.headManifest(tag.repository, tag.tag, 'push'))?.digest;
    if (before !== base) {
      if (round === AMEND_ROUNDS) throw conflict(before);
      log.info(`amend: ${name} moved since it was read (${base ?? 'absent'} → ${before ?? 'absent'}); merging again`);
      ({ plan, base } = await steps.replan());
      continue;
    }
    await steps.push(plan);
    // Right after: another writer may have landed in between (its list lacking this run's entries).
    const now = await heldDigests(client, tag);
    if (now?.digest === plan.list.digest) return plan;
    // Another list landed: merged again even when it holds this run's entries, so that every tag,
    // the outputs and purge's check name the one list the first tag holds.
    if (round === AMEND_ROUNDS) throw conflict(now?.digest);
    const missing = [...ours].filter((d) => !now?.entries.has(d));
    log.info(
      `amend: ${name} moved after this run's PUT (now ${now?.digest ?? 'absent'}, without ${missing.length} of this run's entries); merging again`
    );
    ({ plan, base } = await steps.replan());
  }
}
