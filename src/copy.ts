import { CONCURRENCY, Once, mapLimit } from './concurrency';
import { IntegrityError, withContext } from './errors';
import { Logger } from './logger';
import { Descriptor, isNondistributable } from './manifest';
import { Registries } from './registry/client';
import { Child, Repo } from './resolve';

/** Children and their blobs into each target repository: HEAD → mount → stream, then the manifest. */
export interface CopyStats {
  manifestsPresent: number;
  manifestsCopied: number;
  blobsPresent: number;
  blobsMounted: number;
  blobsStreamed: number;
  bytesStreamed: number;
}

export const sameRepo = (a: Repo, b: Repo) => a.registry === b.registry && a.repository === b.repository;
export const repoString = (r: Repo) => `${r.registry}/${r.repository}`;

export function blobsOf(c: Child): Descriptor[] {
  return [c.manifest.config, ...c.manifest.layers].filter((d) => !isNondistributable(d));
}

/**
 * Make every child exist in every target repository. Work is shared: a blob used by several
 * children is copied once per repository; all checks of one kind run together.
 */
export async function copyChildren(registries: Registries, children: Child[], targets: Repo[], log: Logger): Promise<CopyStats> {
  const stats: CopyStats = { manifestsPresent: 0, manifestsCopied: 0, blobsPresent: 0, blobsMounted: 0, blobsStreamed: 0, bytesStreamed: 0 };
  const blobJobs = new Once<void>();
  const work = targets.flatMap((t) => children.map((c) => ({ t, c })));

  // Children whose source is this very repository exist there already: no request needed.
  const toCheck = work.filter(({ t, c }) => !sameRepo(t, c.from));
  stats.manifestsPresent += work.length - toCheck.length;
  const present = await mapLimit(toCheck, CONCURRENCY, ({ t, c }) => registries.get(t.registry).headManifest(t.repository, c.descriptor.digest, true));
  const missing = toCheck.filter((_, i) => !present[i]);
  stats.manifestsPresent += toCheck.length - missing.length;

  await mapLimit(missing, CONCURRENCY, async ({ t, c }) => {
    const target = registries.get(t.registry);
    await Promise.all(
      blobsOf(c).map((b) => blobJobs.run(`${repoString(t)}@${b.digest}`, () => copyBlob(registries, b, c.from, t, stats, log)))
    );
    const what = `copy ${c.descriptor.digest} from ${repoString(c.from)} to ${repoString(t)}`;
    try {
      const digest = await target.putManifest(t.repository, c.descriptor.digest, c.bytes, c.descriptor.mediaType);
      if (digest && digest !== c.descriptor.digest) throw new IntegrityError(`the registry stored it as ${digest}`);
    } catch (err) {
      throw withContext(err as Error, what);
    }
    stats.manifestsCopied++;
    log.debug(`${what}: done`);
  });
  return stats;
}

async function copyBlob(registries: Registries, blob: Descriptor, from: Repo, to: Repo, stats: CopyStats, log: Logger): Promise<void> {
  const target = registries.get(to.registry);
  const what = `blob ${blob.digest} (${blob.size} bytes) from ${repoString(from)} to ${repoString(to)}`;
  try {
    if (await target.hasBlob(to.repository, blob.digest)) {
      stats.blobsPresent++;
      return;
    }
    if (from.registry === to.registry && (await target.mountBlob(to.repository, blob.digest, from.repository))) {
      stats.blobsMounted++;
      return;
    }
    const source = registries.get(from.registry);
    await target.uploadBlob(to.repository, blob.digest, blob.size, async () => {
      const { stream, size } = await source.openBlob(from.repository, blob.digest);
      if (size !== undefined && size !== blob.size) {
        stream.destroy();
        throw new IntegrityError(`the source serves ${size} bytes, the manifest says ${blob.size}`);
      }
      return stream;
    });
    stats.blobsStreamed++;
    stats.bytesStreamed += blob.size;
    log.debug(`${what}: streamed`);
  } catch (err) {
    throw withContext(err as Error, what);
  }
}
