/**
 * The forms a source may take, and the lines of a `sources-from` file. Pure. A source is a
 * registry reference (`host/repo:tag`, `…@sha256:…`) or a bare digest (`sha256:<hex>`, what
 * docker/build-push-action's `digest` output holds after a push by digest to the image's
 * repository), which names that digest in the first tag's repository. Other forms (an image
 * layout on disk) get their own branch here.
 */
import { InputError } from './errors';
import { type Reference, parseReference } from './reference';

const BARE_DIGEST = /^sha256:[a-f0-9]{64}$/;

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
  if (BARE_DIGEST.test(s)) return { registry: firstTag.registry, repository: firstTag.repository, digest: s };
  // Without this, `sha256:abc` would read as Docker Hub's library/sha256 with the tag abc.
  if (/^sha256:/i.test(s))
    throw new InputError(
      `invalid reference "${s}": a bare digest is sha256:<64 lowercase hex digits> (the digest in the first tag's repository)`
    );
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
