/**
 * An `oci-layout://` source: its layout opened (once per path in the run), its manifest selected
 * from index.json, expanded as a registry source is, and every blob the list will copy found in
 * the layout with the size its manifest gives, before anything is written.
 */
import { IntegrityError, InputError, withContext } from '../model/errors';
import { type Repo, type Resolved } from '../model/entry';
import { blobPath, describeLayoutEntry, parseLayoutIndex, selectLayoutManifest } from '../model/layout';
import { type Manifest, blobsOf, parseManifest, servedElsewhere } from '../model/manifest';
import { type Reference, formatReference } from '../model/reference';
import { LayoutStore } from '../layout/store';

type Fetched = { bytes: Buffer; mediaType: string; digest: string };

/** The manifest `ref` selects: from index.json, or (by digest) any manifest among the layout's blobs. */
async function selectManifest(store: LayoutStore, ref: Reference, name: string): Promise<Fetched> {
  const manifests = parseLayoutIndex(await store.indexJson());
  const chosen = selectLayoutManifest(manifests, ref, name);
  if (!chosen && !(await store.hasBlob('', ref.digest!)))
    throw new InputError(
      `source ${name}: the layout has no manifest ${ref.digest}; its index.json names ${manifests.map(describeLayoutEntry).join(', ') || 'none'}`
    );
  const digest = chosen?.digest ?? ref.digest!;
  const fetched = await store.getManifest('', digest);
  if (chosen && fetched.bytes.length !== chosen.size)
    throw new IntegrityError(
      `manifest ${digest} has ${fetched.bytes.length} bytes, index.json says ${chosen.size}: the layout is corrupt`
    );
  return { ...fetched, mediaType: chosen?.mediaType ?? fetched.mediaType };
}

/** Every blob of every child is in the layout, whole: a missing or cut blob fails here, naming it and its manifest. */
async function checkBlobs(store: LayoutStore, r: Resolved): Promise<void> {
  for (const child of r.children) {
    for (const b of blobsOf(child.manifest)) {
      const size = await store.blobSize(b.digest);
      if (size === b.size || (size === undefined && servedElsewhere(b))) continue;
      const what = `blob ${b.digest} of manifest ${child.descriptor.digest}`;
      throw new IntegrityError(
        size === undefined
          ? `${what} is missing from the layout (no ${blobPath(b.digest)}); write the layout again`
          : `${what} has ${size} bytes in the layout, the manifest says ${b.size}: the layout is corrupt; write it again`
      );
    }
  }
}

export async function resolveLayout(
  ref: Reference,
  layouts: Map<string, Promise<LayoutStore>>,
  expand: (repo: Repo, fetched: Fetched, parsed: Manifest) => Promise<Resolved>
): Promise<Resolved> {
  const name = formatReference(ref);
  const inContext = <T>(p: Promise<T>) => p.catch((err: Error) => Promise.reject(withContext(err, `source ${name}`)));
  let opening = layouts.get(ref.layout!);
  if (!opening) {
    opening = LayoutStore.open(ref.layout!);
    layouts.set(ref.layout!, opening);
  }
  const store = await inContext(opening);
  const fetched = await inContext(selectManifest(store, ref, name));
  let parsed: Manifest;
  try {
    parsed = parseManifest(fetched.bytes, fetched.mediaType);
  } catch (err) {
    throw withContext(err as Error, `source ${name}: manifest ${fetched.digest}`);
  }
  // Expanded as a registry source is (its messages name the source themselves).
  const resolved = await expand({ registry: ref.registry, repository: '', store }, fetched, parsed);
  await inContext(checkBlobs(store, resolved));
  return resolved;
}
