/**
 * Upload a blob from a stream the way docker push does, which every registry accepts: start a
 * session (POST, while the source is opened), stream the bytes (PATCH), commit (PUT ?digest=),
 * structured as go-containerregistry's remote/write.go uploadOne. The bytes on their way are
 * checked by upload.ts.
 */
import { type Readable } from 'node:stream';
import { IntegrityError, TransportError } from '../model/errors';
import { repoScope } from './auth';
import { cancelUpload, hasBlob, locationOf } from './blobs';
import { policies } from './policies';
import { doNotRetry } from './retry';
import { type RegistrySession } from './session';
import { type HttpResponse } from './transport';
import { checkedBytes } from './upload';

export interface UploadOptions {
  /**
   * Hears of every chunk sent (its size in bytes), for a progress display. A retried upload
   * starts again from its first byte, so the sum can pass the blob's size.
   */
  onBytes?: (n: number) => void;
  /** Where the bytes come from (registry/repo@digest), to blame a source that stalls or breaks off. */
  source?: string;
}

/**
 * The whole is retried: a failure while the bytes stream starts a fresh session and calls `open`
 * again. The start and the commit carry no bytes and are retried on their own first (a commit
 * whose answer was lost is asked again, and a blob that landed counts as done); when they give
 * up, so does the upload.
 */
export function uploadBlob(
  s: RegistrySession,
  repo: string,
  digest: string,
  size: number,
  open: () => Promise<Readable>,
  options: UploadOptions = {}
): Promise<void> {
  const what = `upload blob ${digest} to ${s.registry}/${repo}`;
  const step = <T>(name: string, op: () => Promise<T>) =>
    s.retry(`${what} (${name})`, op).catch((err: unknown) => Promise.reject(doNotRetry(err)));
  return s.retry(
    what,
    async () => {
      // The source is opened while the session starts: its round trip hides behind the POST's.
      // Until its bytes flow, an error of the opened stream (a reset while the POST is retried)
      // must find a listener, or Node ends the process; streamUpload then sees it destroyed.
      const opening = open().then((src) => src.on('error', () => undefined));
      opening.catch(() => undefined); // awaited, and reported, by streamUpload
      let session: URL;
      try {
        session = await step('start', () => startUpload(s, repo, what));
      } catch (err) {
        opening.then(
          (src) => src.destroy(),
          () => undefined
        );
        throw err;
      }
      const upload = { repo, digest, size, session, what, source: options.source ?? 'the source' };
      const commit = await streamUpload(s, upload, () => opening, options.onBytes);
      await step('commit', () => commitUpload(s, repo, digest, commit, what));
    },
    policies.upload
  );
}

/** Start: POST a session; its Location is where the bytes go. */
async function startUpload(s: RegistrySession, repo: string, what: string): Promise<URL> {
  const res = await s.send({
    method: 'POST',
    path: `${repo}/blobs/uploads/`,
    scopes: [repoScope(repo, 'push')],
    headers: { 'Content-Length': '0' }
  });
  if (res.status !== 202 || !res.headers.location) throw s.error(res, what);
  return locationOf(res);
}

/** One upload's blob and session, for the streaming step. */
interface Upload {
  repo: string;
  digest: string;
  size: number;
  session: URL;
  /** The operation, for messages. */
  what: string;
  /** Where the bytes come from, for messages. */
  source: string;
}

/** Stream: PATCH the source's bytes, hashed on the way; returns where to commit. Cancels the session on any failure. */
async function streamUpload(
  s: RegistrySession,
  { repo, digest, size, session, what, source: from }: Upload,
  open: () => Promise<Readable>,
  onBytes?: (n: number) => void
): Promise<URL> {
  const cancel = () => cancelUpload(s, session, repo).catch(() => undefined);
  let source: Readable;
  try {
    // Opening the source is retried on its own (openBlob): its failure ends the upload.
    source = await open();
  } catch (err) {
    await cancel();
    throw doNotRetry(err);
  }
  if (source.destroyed) {
    // It broke off before a byte was sent: a dropped connection, retried with a fresh source and session.
    await cancel();
    const why = source.errored?.message ?? 'closed';
    throw new TransportError(
      `${what}: the source's connection broke off before the upload began (${why})`,
      'ECONNRESET'
    );
  }
  const bytes = checkedBytes(source, digest, size, onBytes);
  let patch: HttpResponse;
  try {
    patch = await s.send({
      method: 'PATCH',
      path: session.toString(),
      scopes: [repoScope(repo, 'push')],
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
      body: bytes.body
    });
  } catch (err) {
    await cancel();
    // The source failed mid-stream (a stall, a reset): the target's request only died of it.
    const broke = source.errored;
    if (broke) {
      throw new TransportError(
        `${what}: the source ${from} stopped sending (${broke.message})`,
        (broke as NodeJS.ErrnoException).code ?? 'ECONNRESET',
        { cause: err }
      );
    }
    throw err;
  } finally {
    source.destroy();
  }
  // ECR answers 201 where the spec says 202.
  if (patch.status !== 202 && patch.status !== 201) throw s.error(patch, what);
  const got = bytes.result();
  if (got.seen !== size || got.digest !== digest) {
    await cancel();
    throw new IntegrityError(
      `blob ${digest}: the source sent ${got.seen} bytes with digest ${got.digest}, expected ${size} bytes with that digest; refusing to store it`
    );
  }
  const commit = patch.headers.location ? locationOf(patch) : session;
  commit.searchParams.set('digest', digest);
  return commit;
}

/** Commit: PUT ?digest=. A session gone (404) because an earlier try landed unheard counts as done. */
async function commitUpload(
  s: RegistrySession,
  repo: string,
  digest: string,
  commit: URL,
  what: string
): Promise<void> {
  const res = await s.send({
    method: 'PUT',
    path: commit.toString(),
    scopes: [repoScope(repo, 'push')],
    headers: { 'Content-Length': '0' }
  });
  if (res.status === 201) return;
  if (res.status === 404 && (await hasBlob(s, repo, digest))) return;
  throw s.error(res, what);
}
