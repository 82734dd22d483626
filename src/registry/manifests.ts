/** Manifest operations on one registry: GET, HEAD, PUT, DELETE, the referrers API, and whether a repository exists. */
import { IntegrityError, isNotFound } from '../model/errors';
import { isDigest, isDigestRef, parseDigest } from '../model/digest';
import { ACCEPT_MANIFESTS, MAX_MANIFEST_BYTES, sha256 } from '../model/manifest';
import { type Access, repoScope } from './auth';
import { contentDigestMismatch } from './content-digest';
import { ociTagsOf } from './oci-tag';
import { type RegistrySession } from './session';
import { answerText } from './status-hint';
import { type HttpResponse } from './transport';

export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

/**
 * What a DELETE of a manifest came to, with the registry's answer in words (`HTTP 400 UNSUPPORTED …`):
 * deleted (200, 202, 204), not-found (404), denied (401, 403: not with these credentials),
 * unsupported (405: no DELETE at all), or refused (any other answer, e.g. distribution's 400 UNSUPPORTED for a tag).
 */
export interface Deletion {
  outcome: 'deleted' | 'not-found' | 'denied' | 'unsupported' | 'refused';
  answer: string;
}

/** `registry/repo:tag` or `registry/repo@sha256:…`, for messages. */
function manifestName(s: RegistrySession, repo: string, ref: string): string {
  return `${s.registry}/${repo}${isDigestRef(ref) ? '@' : ':'}${ref}`;
}

function mediaTypeOf(res: HttpResponse): string {
  return String(res.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
}

/** GET a manifest by tag or digest; the digest is verified when asked by digest. */
export function getManifest(s: RegistrySession, repo: string, ref: string): Promise<FetchedManifest> {
  const what = `GET manifest ${manifestName(s, repo, ref)}`;
  return s.retry(what, async () => {
    const res = await s.send({
      method: 'GET',
      path: `${repo}/manifests/${ref}`,
      scopes: [repoScope(repo, 'pull')],
      headers: { Accept: ACCEPT_MANIFESTS },
      maxBytes: MAX_MANIFEST_BYTES
    });
    if (res.status !== 200) throw s.error(res, what);
    const asked = isDigestRef(ref) ? ref : undefined;
    const mismatch = contentDigestMismatch(s.registry, res.body, asked, res.headers['docker-content-digest']);
    if (mismatch) throw new IntegrityError(`${what}: ${mismatch}; refusing it`);
    // Asked by digest (sha512 too), that digest names it; by tag, the sha256 of its bytes.
    const digest = asked ?? sha256(res.body);
    return { bytes: res.body, mediaType: mediaTypeOf(res), digest };
  });
}

/**
 * HEAD a manifest: its digest, or undefined when absent. The spec only says a registry SHOULD
 * send Docker-Content-Digest; where it does not, the digest of a GET's bytes answers instead.
 * `access`: the right the caller will need next ('push' before copying into the repository).
 */
export async function headManifest(
  s: RegistrySession,
  repo: string,
  ref: string,
  access: Access = 'pull'
): Promise<{ digest: string; mediaType?: string } | undefined> {
  const what = `HEAD manifest ${manifestName(s, repo, ref)}`;
  const head = await s.retry(what, async () => {
    const res = await s.send({
      method: 'HEAD',
      path: `${repo}/manifests/${ref}`,
      scopes: [repoScope(repo, access)],
      headers: { Accept: ACCEPT_MANIFESTS }
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw s.error(res, what);
    const claimed = res.headers['docker-content-digest'];
    // Asked by digest, a 200 says it all; by tag, only a sha256 claim compares with this tool's digests.
    const digest = isDigestRef(ref)
      ? ref
      : typeof claimed === 'string' && isDigest(claimed) && parseDigest(claimed)?.algorithm === 'sha256'
        ? claimed
        : undefined;
    return { digest, mediaType: mediaTypeOf(res) || undefined };
  });
  if (!head || head.digest) return head as { digest: string; mediaType?: string } | undefined;
  s.log.debug(`${what}: the answer has no Docker-Content-Digest; reading the manifest for its digest`);
  try {
    const got = await getManifest(s, repo, ref);
    return { digest: got.digest, mediaType: got.mediaType || head.mediaType };
  } catch (err) {
    // Deleted between the two requests: absent.
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * PUT a manifest under a tag or its digest: the digest the registry computed, and whether it
 * indexed the manifest's `subject` itself (OCI 1.1: the `OCI-Subject` header), which spares the
 * client the fallback tag index.
 */
export function putManifest(
  s: RegistrySession,
  repo: string,
  ref: string,
  bytes: Buffer,
  mediaType: string
): Promise<{ digest?: string; subject?: string; tags: string[] }> {
  const what = `PUT manifest ${manifestName(s, repo, ref)}`;
  return s.retry(what, async () => {
    const res = await s.send({
      method: 'PUT',
      path: `${repo}/manifests/${ref}`,
      scopes: [repoScope(repo, 'push')],
      headers: { 'Content-Type': mediaType },
      body: bytes
    });
    if (res.status !== 201 && res.status !== 200) throw s.error(res, what);
    const d = res.headers['docker-content-digest'];
    const sub = res.headers['oci-subject'];
    return {
      digest: typeof d === 'string' ? d : undefined,
      subject: typeof sub === 'string' ? sub : undefined,
      // Several tags in one PUT by digest (`?tag=`): those the registry set (oci-tag.ts).
      tags: ociTagsOf(res.headers['oci-tag'])
    };
  });
}

/**
 * The OCI 1.1 referrers API: the index of what refers to `digest`, every page of it; undefined
 * where the registry has no such API (404, as the distribution spec says it must answer then).
 */
export function getReferrers(s: RegistrySession, repo: string, digest: string): Promise<Buffer[] | undefined> {
  const what = `GET referrers of ${s.registry}/${repo}@${digest}`;
  return s.retry(what, async () => {
    const pages: Buffer[] = [];
    let path = `${repo}/referrers/${digest}`;
    for (let page = 0; page < 50; page++) {
      const res = await s.send({
        method: 'GET',
        path,
        scopes: [repoScope(repo, 'pull')],
        headers: { Accept: 'application/vnd.oci.image.index.v1+json' },
        maxBytes: MAX_MANIFEST_BYTES
      });
      if (res.status === 404 && page === 0) return undefined;
      if (res.status !== 200) throw s.error(res, what);
      pages.push(res.body);
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ''));
      if (!next) break;
      path = new URL(next[1], res.url).toString();
    }
    return pages;
  });
}

/** DELETE a manifest by tag or digest. A failing registry (5xx, 429) is an error, retried first. */
export function deleteManifest(s: RegistrySession, repo: string, ref: string): Promise<Deletion> {
  const what = `DELETE manifest ${manifestName(s, repo, ref)}`;
  return s.retry(what, async () => {
    const res = await s.send({
      method: 'DELETE',
      path: `${repo}/manifests/${ref}`,
      scopes: [repoScope(repo, 'delete'), repoScope(repo, 'push')]
    });
    if (res.status >= 500 || res.status === 429) throw s.error(res, what);
    return { outcome: deletionOutcome(res.status), answer: answerText(res) };
  });
}

function deletionOutcome(status: number): Deletion['outcome'] {
  if (status === 200 || status === 202 || status === 204) return 'deleted';
  if (status === 404) return 'not-found';
  if (status === 401 || status === 403) return 'denied';
  return status === 405 ? 'unsupported' : 'refused';
}

/**
 * Whether a repository exists, to tell a missing repository from a missing tag: registries
 * answer a manifest GET with MANIFEST_UNKNOWN for both, and tags/list with 404 for a repository
 * that does not exist (distribution spec, "Listing Tags"). Undefined when it cannot tell.
 */
export async function repositoryExists(s: RegistrySession, repo: string): Promise<boolean | undefined> {
  try {
    const res = await s.send({
      method: 'GET',
      path: `${repo}/tags/list?n=1`,
      scopes: [repoScope(repo, 'pull')],
      maxBytes: 64 * 1024
    });
    return res.status === 200 ? true : res.status === 404 ? false : undefined;
  } catch {
    return undefined;
  }
}
