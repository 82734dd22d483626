/**
 * OCI image layouts as sources (`oci-layout://PATH[:TAG][@DIGEST]`): the source form, the
 * layout's `index.json`, and which of its manifests a source selects. Pure. The layout's files
 * are read by src/layout/.
 */
import { InputError, IntegrityError } from './errors';
import { digestProblem } from './digest';
import { type Descriptor } from './manifest';
import { type Reference } from './reference';

export const LAYOUT_SCHEME = 'oci-layout://';
/** The annotation by which an image layout's index.json names its manifests (image-spec, annotations.md). */
export const REF_NAME = 'org.opencontainers.image.ref.name';

/** What may follow the path's last `:`: a ref.name as BuildKit and skopeo write them (no `/`, so a path never reads as one). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

export function isLayoutSource(item: string): boolean {
  return item.trim().startsWith(LAYOUT_SCHEME);
}

/**
 * `oci-layout://PATH[:TAG][@DIGEST]` as a Reference whose `layout` is PATH. Its registry is the
 * whole `oci-layout://PATH` (never a registry's host, so nothing mounts from it or confuses it
 * with a target) and its repository is empty, so formatReference gives back the form as written.
 */
export function parseLayoutSource(input: string): Reference {
  const s = input.trim();
  let rest = s.slice(LAYOUT_SCHEME.length);
  let digest: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0 && rest.slice(at + 1).includes(':')) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = digestProblem(digest);
    if (problem) throw new InputError(`invalid source "${input}": ${problem}`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  // `C:\out` or `C:/out` keep their colon: what follows is no tag.
  if (colon > 0 && TAG.test(rest.slice(colon + 1))) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!rest)
    throw new InputError(
      `invalid source "${input}": the path is missing; write oci-layout://PATH[:TAG][@DIGEST], PATH an OCI layout directory or a tar of one`
    );
  return { registry: `${LAYOUT_SCHEME}${rest}`, repository: '', tag, digest, layout: rest };
}

/** The manifests a layout's index.json names, checked as descriptors. */
export function parseLayoutIndex(bytes: Buffer): Descriptor[] {
  let json: { manifests?: unknown };
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new IntegrityError('its index.json is not valid JSON');
  }
  if (!json || !Array.isArray(json.manifests)) throw new IntegrityError('its index.json has no "manifests" list');
  return json.manifests.map((m: unknown, i: number) => {
    const d = m as Partial<Descriptor> | null;
    if (!d || typeof d.mediaType !== 'string' || typeof d.digest !== 'string' || typeof d.size !== 'number')
      throw new IntegrityError(`its index.json's manifests[${i}] is not a descriptor (mediaType, digest, size)`);
    const problem = digestProblem(d.digest);
    if (problem) throw new IntegrityError(`its index.json's manifests[${i}]: ${problem}`);
    return d as Descriptor;
  });
}

/** One manifest of index.json, for messages: `sha256:… (tag "v1", application/vnd.oci.image.index.v1+json)`. */
export function describeLayoutEntry(d: Descriptor): string {
  const name = d.annotations?.[REF_NAME];
  return `${d.digest} (${name !== undefined ? `tag "${name}", ` : 'no tag, '}${d.mediaType})`;
}

/**
 * The manifest a source selects: by TAG (the `org.opencontainers.image.ref.name` annotation), by
 * DIGEST, both (they must agree), or neither (index.json must name exactly one). Undefined: a
 * digest that index.json does not name, which may still be a manifest among the layout's blobs.
 */
export function selectLayoutManifest(
  manifests: Descriptor[],
  ref: Pick<Reference, 'tag' | 'digest'>,
  name: string
): Descriptor | undefined {
  const holds = () =>
    manifests.length === 0
      ? 'its index.json names no manifest'
      : `its index.json names ${manifests.length}: ${manifests.map(describeLayoutEntry).join(', ')}`;
  if (ref.tag !== undefined) {
    const tagged = manifests.filter((d) => d.annotations?.[REF_NAME] === ref.tag);
    if (tagged.length !== 1)
      throw new InputError(
        `source ${name}: ${tagged.length ? `the tag "${ref.tag}" names ${tagged.length} manifests` : `no manifest has the tag "${ref.tag}"`}; ${holds()}`
      );
    if (ref.digest && tagged[0].digest !== ref.digest)
      throw new InputError(`source ${name}: the tag "${ref.tag}" names ${tagged[0].digest}, not ${ref.digest}`);
    return tagged[0];
  }
  if (ref.digest) return manifests.find((d) => d.digest === ref.digest);
  if (manifests.length !== 1)
    throw new InputError(
      `source ${name}: ${holds()}; select one with oci-layout://PATH:TAG or oci-layout://PATH@DIGEST`
    );
  return manifests[0];
}

/** The path of a blob inside a layout (image-spec, image-layout.md). */
export function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}
