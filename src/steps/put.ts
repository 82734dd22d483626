/**
 * Writing one manifest the way every registry accepts: read the tag first (ECR), wait out
 * replication lag (CDN-fronted registries), name a missing repository. Shared by copy and push.
 */
import { IntegrityError, RegistryError, withContext, withHint } from '../model/errors';
import { type Logger } from '../model/logger';
import { type RegistryClient } from '../registry/client';
import { storedDigestMismatch } from '../registry/content-digest';
import { backoffDelay, sleep } from '../registry/retry';

/** How long a PUT refused for a manifest this run just put is retried (replication lag). */
export const LAG_WAIT_MS = 30_000;
const LAG_POLICY = { attempts: 100, baseMs: 500, capMs: 5_000, deadlineMs: LAG_WAIT_MS };

/**
 * CDN-fronted or replicated registries can answer MANIFEST_BLOB_UNKNOWN / MANIFEST_UNKNOWN about
 * a manifest or blob put a moment ago (int128/docker-manifest-create-action#857).
 */
export function isLagRefusal(err: unknown): boolean {
  return err instanceof RegistryError && (err.code === 'MANIFEST_BLOB_UNKNOWN' || err.code === 'MANIFEST_UNKNOWN');
}

/** A hint for a target repository that does not exist (ECR creates none on push). */
export function withRepoHint<E extends Error>(err: E, repo: string): E {
  if (err instanceof RegistryError && err.code === 'NAME_UNKNOWN' && !err.message.includes('; create the repository')) {
    return withHint(
      err,
      `; create the repository ${repo} first (some registries, such as ECR, do not create repositories on push)`
    );
  }
  return err;
}

export interface PutOptions {
  /** This run put what the manifest names: a refusal naming it unknown is lag, retried up to 30 s. */
  lagRetry: boolean;
  signal?: AbortSignal;
  log: Logger;
}

/** PUT and check the stored digest; returns the registry's `OCI-Subject` and `OCI-Tag` answers. */
export async function putChecked(
  client: RegistryClient,
  repo: string,
  ref: string,
  bytes: Buffer,
  mediaType: string,
  digest: string,
  opts: PutOptions
): Promise<{ subject?: string; tags: string[] }> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const put = await client.putManifestDetailed(repo, ref, bytes, mediaType);
      const mismatch = storedDigestMismatch(client.registry, bytes, digest, put.digest);
      if (mismatch) throw new IntegrityError(mismatch);
      return put;
    } catch (err) {
      if (!opts.lagRetry || !isLagRefusal(err) || opts.signal?.aborted) throw err;
      const delay = backoffDelay(attempt, LAG_POLICY);
      const waited = Date.now() - started;
      if (waited + delay > LAG_WAIT_MS) {
        throw withContext(
          err as Error,
          `still refused after ${Math.round(waited / 1000)} s of waiting for what this run just put to become visible`
        );
      }
      opts.log.info(
        `${(err as Error).message}; the registry may not show what this run just put yet: retry in ${(delay / 1000).toFixed(1)} s`
      );
      await sleep(delay, opts.signal);
    }
  }
}

/**
 * PUT under a tag unless it already holds `digest`. ECR's immutable tags refuse every re-push,
 * even of the same digest (aws/containers-roadmap#2179): reading first lets a re-run of the same
 * inputs succeed. Returns false when the tag was already up to date.
 */
export async function putUnlessCurrent(
  client: RegistryClient,
  repo: string,
  tag: string,
  bytes: Buffer,
  mediaType: string,
  digest: string,
  opts: PutOptions & { known?: Promise<string | undefined> }
): Promise<boolean> {
  if (await isCurrent(client, repo, tag, digest, opts.known)) return false;
  await putChecked(client, repo, tag, bytes, mediaType, digest, opts);
  return true;
}

/**
 * Whether a tag holds `digest` now. A read made earlier in the run (`known`) saves the round trip;
 * only "already current" is read again, since skipping the write on a stale answer would leave the
 * tag elsewhere.
 */
export async function isCurrent(
  client: RegistryClient,
  repo: string,
  tag: string,
  digest: string,
  known?: Promise<string | undefined>
): Promise<boolean> {
  const early = known ? await known.catch(() => digest) : digest;
  return early === digest && (await client.headManifest(repo, tag, 'push'))?.digest === digest;
}
