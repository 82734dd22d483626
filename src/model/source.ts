/**
 * The forms a source may take, and the lines of a `sources-from` file. Pure. A source is a
 * registry reference (`host/repo:tag`, `…@sha256:…`) or a bare digest (`sha256:<hex>`, what
 * docker/build-push-action's `digest` output holds after a push by digest to the image's
 * repository), which names that digest in the first tag's repository, or an OCI image layout on
 * disk (`oci-layout://PATH[:TAG][@DIGEST]`, see layout.ts).
 */
import { type Readable } from 'node:stream';
import { digestProblem } from './digest';
import { InputError } from './errors';
import { isLayoutSource, parseLayoutSource } from './layout';
import { type Reference, parseReference } from './reference';

/** A registered digest algorithm and `:` (a Docker Hub image of that name would need a `/` or a tag). */
const BARE_DIGEST = /^(?:sha256|sha512|blake3):/i;

/** A source as written, with where it was written (for messages). */
export interface SourceItem {
  item: string;
  /** `input "sources"`, or `sources-from FILE line N`. */
  origin: string;
}

/** A file named by `sources-from`, as the edge read it. */
export interface SourceFile {
  /** The path as matched (relative to the workspace when the pattern was). */
  path: string;
  text: string;
}

/** A source → the reference it is read from; a bare digest lives in the first tag's repository. */
export function parseSource(item: string, firstTag: Reference): Reference {
  const s = item.trim();
  if (isLayoutSource(s)) return parseLayoutSource(s);
  // Without this, `sha256:abc` would read as Docker Hub's library/sha256 with the tag abc.
  if (BARE_DIGEST.test(s)) {
    const problem = digestProblem(s);
    if (problem)
      throw new InputError(
        `invalid reference "${s}": ${problem}; a bare digest is sha256:<64 lowercase hex digits> or sha512:<128> (the digest in the first tag's repository)`
      );
    return { registry: firstTag.registry, repository: firstTag.repository, digest: s };
  }
  return parseReference(s);
}

/** One source per line; blank lines and `#` comments dropped; CR LF and a UTF-8 BOM tolerated. */
export function sourceFileItems(file: SourceFile): SourceItem[] {
  return file.text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line, i) => ({ item: line.trim(), origin: `sources-from ${file.path} line ${i + 1}` }))
    .filter((x) => x.item && !x.item.startsWith('#'));
}

/** A source on disk (`oci-layout://`), not in a registry: nothing is pulled, mounted or purged there. */
export const isLayout = (ref: Pick<Reference, 'layout'>): boolean => ref.layout !== undefined;

/**
 * Reads of a source's manifests and blobs: a registry client (repository first, as its API
 * takes it), or an OCI layout (which ignores the repository).
 */
export interface SourceReader {
  /** A manifest by digest (or, from a registry, by tag); the digest is verified. */
  getManifest(repo: string, ref: string): Promise<{ bytes: Buffer; mediaType: string; digest: string }>;
  /** A small blob (a config) into memory, digest verified. */
  getBlob(repo: string, digest: string, maxBytes?: number): Promise<Buffer>;
  /** A blob to stream; the stream must be consumed or destroyed (its digest is checked by the upload). */
  openBlob(repo: string, digest: string): Promise<{ stream: Readable; size?: number }>;
  hasBlob(repo: string, digest: string): Promise<boolean>;
}
