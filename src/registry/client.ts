/**
 * The registry operations the action needs, for one registry, over ping → auth → retry
 * (session.ts). Each operation lives with its kind: manifests.ts, blobs.ts, upload-sequence.ts.
 */
import { type Readable } from 'node:stream';
import { type Access } from './auth';
import { getBlob, hasBlob, mountBlob, openBlob } from './blobs';
import {
  type Deletion,
  type FetchedManifest,
  deleteManifest,
  getManifest,
  getReferrers,
  headManifest,
  putManifest,
  repositoryExists
} from './manifests';
import { type ClientOptions, RegistrySession } from './session';
import { type UploadOptions, uploadBlob } from './upload-sequence';

export class RegistryClient {
  private readonly session: RegistrySession;

  constructor(
    /** Registry as users name it (docker.io, ghcr.io, 127.0.0.1:5000). */
    readonly registry: string,
    opts: ClientOptions
  ) {
    this.session = new RegistrySession(registry, opts);
  }

  /** Requests sent, for the debug log and the benchmark. */
  get requests(): number {
    return this.session.requests;
  }

  /**
   * Declare the repositories this run touches, so one token covers every request. `parallel`:
   * how many requests the run's first waves send here at once (connections worth opening early).
   */
  declareScopes(pull: string[], push: string[], parallel = 1): Promise<void> {
    return this.session.declareScopes(pull, push, parallel);
  }

  /** GET a manifest by tag or digest; the digest is verified when asked by digest. */
  getManifest(repo: string, ref: string): Promise<FetchedManifest> {
    return getManifest(this.session, repo, ref);
  }

  /** HEAD a manifest: its digest, or undefined when absent (see manifests.ts). */
  headManifest(
    repo: string,
    ref: string,
    access: Access = 'pull'
  ): Promise<{ digest: string; mediaType?: string } | undefined> {
    return headManifest(this.session, repo, ref, access);
  }

  /** PUT a manifest under a tag or its digest; returns the digest the registry computed. */
  async putManifest(repo: string, ref: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
    return (await putManifest(this.session, repo, ref, bytes, mediaType)).digest;
  }

  /** PUT a manifest; also says whether the registry indexed its `subject` (OCI-Subject) and which tags it set (OCI-Tag). */
  putManifestDetailed(
    repo: string,
    ref: string,
    bytes: Buffer,
    mediaType: string
  ): Promise<{ digest?: string; subject?: string; tags: string[] }> {
    return putManifest(this.session, repo, ref, bytes, mediaType);
  }

  /** The OCI 1.1 referrers index of `digest`, every page; undefined where the registry has no such API. */
  getReferrers(repo: string, digest: string): Promise<Buffer[] | undefined> {
    return getReferrers(this.session, repo, digest);
  }

  /** DELETE a manifest by tag or digest: what came of it, with the registry's answer. */
  deleteManifest(repo: string, ref: string): Promise<Deletion> {
    return deleteManifest(this.session, repo, ref);
  }

  /** Whether a repository exists (tags/list); undefined when it cannot tell. */
  repositoryExists(repo: string): Promise<boolean | undefined> {
    return repositoryExists(this.session, repo);
  }

  /** Whether a blob is in this repository. */
  hasBlob(repo: string, digest: string): Promise<boolean> {
    return hasBlob(this.session, repo, digest);
  }

  /** GET a small blob (a config) into memory, digest verified. */
  getBlob(repo: string, digest: string, maxBytes?: number): Promise<Buffer> {
    return getBlob(this.session, repo, digest, maxBytes);
  }

  /** Cross-repository mount: true when mounted, false when the registry declined. */
  mountBlob(repo: string, digest: string, fromRepo: string): Promise<boolean> {
    return mountBlob(this.session, repo, digest, fromRepo);
  }

  /** Open a blob for streaming; the stream must be consumed or destroyed. */
  openBlob(repo: string, digest: string): Promise<{ stream: Readable; size?: number }> {
    return openBlob(this.session, repo, digest);
  }

  /** Upload a blob from a stream: start, stream, commit (see upload-sequence.ts), retried as a whole. */
  uploadBlob(
    repo: string,
    digest: string,
    size: number,
    open: () => Promise<Readable>,
    options: UploadOptions = {}
  ): Promise<void> {
    return uploadBlob(this.session, repo, digest, size, open, options);
  }
}
