/** Blob operations on one registry: HEAD, GET (into memory or as a stream), cross-repository mount. */
import { type Readable } from 'node:stream';
import { IntegrityError } from '../model/errors';
import { repoScope } from './auth';
import { contentDigestMismatch } from './content-digest';
import { type RegistryRequest, type RegistrySession } from './session';
import { type HttpResponse } from './transport';

/** Whether a blob is in this repository. */
export function hasBlob(s: RegistrySession, repo: string, digest: string): Promise<boolean> {
  const what = `HEAD blob ${s.registry}/${repo}@${digest}`;
  return s.retry(what, async () => {
    const res = await s.send({ method: 'HEAD', path: `${repo}/blobs/${digest}`, scopes: [repoScope(repo, 'pull')] });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw s.error(res, what);
  });
}

/** A blob's GET, whether read whole or streamed. */
const blobGet = (repo: string, digest: string): RegistryRequest => ({
  method: 'GET',
  path: `${repo}/blobs/${digest}`,
  scopes: [repoScope(repo, 'pull')]
});

/** GET a small blob (a config) into memory, digest verified. */
export function getBlob(
  s: RegistrySession,
  repo: string,
  digest: string,
  maxBytes = 16 * 1024 * 1024
): Promise<Buffer> {
  const what = `GET blob ${s.registry}/${repo}@${digest}`;
  return s.retry(what, async () => {
    const res = await s.send({ ...blobGet(repo, digest), maxBytes });
    if (res.status !== 200) throw s.error(res, what);
    const mismatch = contentDigestMismatch(s.registry, res.body, digest, res.headers['docker-content-digest']);
    if (mismatch) throw new IntegrityError(`${what}: ${mismatch}; refusing it`);
    return res.body;
  });
}

/**
 * Cross-repository mount. True when mounted; false when the registry declined (it may answer
 * 202 with an upload session instead, which we cancel so nothing dangles).
 */
export function mountBlob(s: RegistrySession, repo: string, digest: string, fromRepo: string): Promise<boolean> {
  const what = `mount blob ${digest} from ${fromRepo} into ${s.registry}/${repo}`;
  return s.retry(what, async () => {
    const path = `${repo}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepo)}`;
    const res = await s.send({
      method: 'POST',
      path,
      scopes: [repoScope(repo, 'push'), repoScope(fromRepo, 'pull')],
      headers: { 'Content-Length': '0' }
    });
    if (res.status === 201) return true;
    if (res.status === 202 && res.headers.location) await cancelUpload(s, locationOf(res), repo).catch(() => undefined);
    if (res.status >= 500 || res.status === 429) throw s.error(res, what);
    s.log.debug(`${what}: not mounted (HTTP ${res.status}); streaming instead`);
    return false;
  });
}

/** Open a blob for streaming; the stream must be consumed or destroyed. */
export function openBlob(
  s: RegistrySession,
  repo: string,
  digest: string
): Promise<{ stream: Readable; size?: number }> {
  const what = `GET blob ${s.registry}/${repo}@${digest}`;
  return s.retry(what, async () => {
    const res = await s.send({ ...blobGet(repo, digest), stream: true });
    if (res.status !== 200 || !res.stream) throw s.error(res, what);
    const len = Number(res.headers['content-length']);
    return { stream: res.stream, size: Number.isFinite(len) ? len : undefined };
  });
}

/** Drop an upload session (a declined mount's, or a failed upload's) so nothing dangles. */
export async function cancelUpload(s: RegistrySession, session: URL, repo: string): Promise<void> {
  await s.send({ method: 'DELETE', path: session.toString(), scopes: [repoScope(repo, 'push')] });
}

/** A response's Location, resolved against the URL that answered (relative Locations are allowed). */
export function locationOf(res: HttpResponse): URL {
  return new URL(String(res.headers.location), res.url);
}
