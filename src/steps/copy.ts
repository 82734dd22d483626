/** Children and their blobs into each target repository: HEAD → mount → stream, then the manifest. */
import { CONCURRENCY, Once, mapLimit } from '../util/concurrency';
import { IntegrityError, withContext } from '../model/errors';
import { Logger } from '../model/logger';
import { Descriptor, isNondistributable } from '../model/manifest';
import { repoName, sameRepo } from '../model/reference';
import { CopyStats } from '../model/result';
import { Registries } from '../registry/client';
import { Child, Repo } from '../model/entry';

export function blobsOf(c: Child): Descriptor[] {
  return [c.manifest.config, ...c.manifest.layers].filter((d) => !isNondistributable(d));
}

/**
 * Make every child exist in every target repository. All checks run together (the manifest and
 * its blobs in the same round trip); a blob shared by several children is handled once per
 * repository; a child's manifest is put only after all its blobs are there.
 */
export async function copyChildren(registries: Registries, children: Child[], targets: Repo[], log: Logger): Promise<CopyStats> {
  const stats: CopyStats = { manifestsPresent: 0, manifestsCopied: 0, blobsPresent: 0, blobsMounted: 0, blobsStreamed: 0, bytesStreamed: 0 };
  const checks = new Once<boolean>();
  const transfers = new Once<void>();
  const work = targets.flatMap((t) => children.map((c) => ({ t, c })));

  await mapLimit(work, CONCURRENCY, async ({ t, c }) => {
    // A child read from this very repository is there already: no request needed.
    if (sameRepo(t, c.from)) {
      stats.manifestsPresent++;
      return;
    }
    const target = registries.get(t.registry);
    const blobs = blobsOf(c);
    const key = (b: Descriptor) => `${repoName(t)}@${b.digest}`;
    const [present, have] = await Promise.all([
      target.headManifest(t.repository, c.descriptor.digest, 'push'),
      Promise.all(
        blobs.map((b) =>
          checks.run(key(b), async () => {
            const there = await target.hasBlob(t.repository, b.digest).catch((err) => {
              throw withContext(err as Error, `blob ${b.digest} in ${repoName(t)}`);
            });
            if (there) stats.blobsPresent++;
            return there;
          })
        )
      )
    ]);
    if (present) {
      stats.manifestsPresent++;
      return;
    }
    await Promise.all(blobs.map((b, i) => (have[i] ? undefined : transfers.run(key(b), () => copyBlob(registries, b, c.from, t, stats, log)))));
    const what = `copy ${c.descriptor.digest} from ${repoName(c.from)} to ${repoName(t)}`;
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

/** A blob the target lacks: mount it within a registry, else stream it from the source. */
async function copyBlob(registries: Registries, blob: Descriptor, from: Repo, to: Repo, stats: CopyStats, log: Logger): Promise<void> {
  const target = registries.get(to.registry);
  const what = `blob ${blob.digest} (${blob.size} bytes) from ${repoName(from)} to ${repoName(to)}`;
  try {
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
