/** Where a source's manifests and blobs are read: its OCI layout, else its registry's client. */
import { type Repo } from '../model/entry';
import { type SourceReader } from '../model/source';
import { type Registries } from '../registry/open';

export function readerFor(registries: Registries, from: Repo): SourceReader {
  return from.store ?? registries.get(from.registry);
}
