/**
 * Writing one manifest the way every registry accepts: read the tag first (ECR), wait out
 * replication lag (CDN-fronted registries), name a missing repository. Shared by copy and push.
 */
import { IntegrityError, hasCode, isReferenceUnknown, withContext, withHint } from '../model/errors';
import { type Logger } from '../model/logger';
import { type RegistryClient } from '../registry/client';
import { storedDigestMismatch } from '../registry/content-digest';
import { LAG_WAIT_MS, policies } from '../registry/policies';
import { retryWith } from '../registry/retry';

export { LAG_WAIT_MS };

/**
 * CDN-fronted or replicated registries can answer MANIFEST_BLOB_UNKNOWN / MANIFEST_UNKNOWN about
 * a manifest or blob put a moment ago (int128/docker-manifest-create-action#857).
 */
export function isLagRefusal(err: unknown): boolean {
  return isReferenceUnknown(err);
}

/** A hint for a target repository that does not exist (ECR creates none on push). */
export function withRepoHint<E extends Error>(err: E, repo: string): E {
  if (hasCode(err, 'NAME_UNKNOWN') && !REPO_HINTED.has(err)) {
    const hinted = withHint(
      err,
      `; create the repository ${repo} first (some registries, such as ECR, do not create repositories on push)`
    );
    REPO_HINTED.add(hinted);
    return hinted;
  }
  return err;
}

/** Errors that already carry the create-the-repository hint (said once, without reading the message). */
const REPO_HINTED = new WeakSet<Error>();

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
  const put = async () => {
    const put = await client.putManifestDetailed(repo, ref, bytes, mediaType);
    const mismatch = storedDigestMismatch(client.registry, bytes, digest, put.digest);
    if (mismatch) throw new IntegrityError(mismatch);
    return put;
  };
  if (!opts.lagRetry) return put();
  return retryWith(policies.tagLag, put, {
    signal: opts.signal,
    onRetry: (err, delay) =>
      opts.log.info(
        `${(err as Error).message}; the registry may not show what this run just put yet: retrying in ${(delay / 1000).toFixed(1)} s`
      ),
    onGiveUp: (err) =>
      withContext(
        err as Error,
        `still refused after ${Math.round((Date.now() - started) / 1000)} s of waiting for what this run just put to become visible`
      )
  });
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
