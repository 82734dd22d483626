/**
 * One blob the target lacks: mounted within a registry, else streamed from the source; a blob
 * whose descriptor has `urls` and that the source does not serve is left out (Windows base layers).
 */
import { IntegrityError, withContext, withHint } from '../model/errors';
import { type Logger } from '../model/logger';
import { type Descriptor, servedElsewhere } from '../model/manifest';
import { repoName } from '../model/reference';
import { type CopyStats, type RepoCopyStats } from '../model/result';
import { type SourceReader } from '../model/source';
import { type Registries } from '../registry/open';
import { type RegistryClient } from '../registry/client';
import { type Repo } from '../model/entry';
import { type Clock, ProgressMeter } from './progress';
import { readerFor } from './source-reader';
import { type TargetChecks } from './target-checks';

/** What copying a blob needs of the copy it is part of. */
export interface BlobCopyContext {
  registries: Registries;
  targetChecks: TargetChecks;
  stats: CopyStats;
  log: Logger;
  clock: Clock;
}

/** One blob on its way from one repository to another, and the words that name it in a message. */
interface BlobMove {
  blob: Descriptor;
  from: Repo;
  to: Repo;
  /** the target repository's counters */
  toStats: RepoCopyStats;
  what: string;
}

/** Returns true when the blob was put into the target. */
export async function copyBlob(
  ctx: BlobCopyContext,
  blob: Descriptor,
  item: { from: Repo; descriptor: Descriptor },
  to: Repo,
  toStats: RepoCopyStats
): Promise<boolean> {
  const { from } = item;
  const target = ctx.registries.get(to.registry);
  const source = readerFor(ctx.registries, from);
  // A layout's blob is named with its manifest: the layout is where to look for what broke.
  const of = from.store ? ` of manifest ${item.descriptor.digest}` : '';
  const what = `blob ${blob.digest} (${blob.size} bytes)${of} from ${repoName(from)} to ${repoName(to)}`;
  const move: BlobMove = { blob, from, to, toStats, what };
  try {
    if (servedElsewhere(blob) && !(await source.hasBlob(from.repository, blob.digest))) {
      ctx.stats.blobsSkipped = (ctx.stats.blobsSkipped ?? 0) + 1;
      ctx.log.debug(`${what}: not in the source; its descriptor's urls serve it (${blob.urls!.join(', ')})`);
      return false;
    }
    if (from.registry === to.registry) {
      const found = await mountOrFind(ctx, move);
      if (found !== 'absent') return found === 'mounted';
    }
    await streamBlob(ctx, move, source, target);
    return true;
  } catch (err) {
    // A layout's blob that streams other bytes than its digest says is damaged on disk.
    const hint = from.store && err instanceof IntegrityError ? '; the layout is corrupt: write it again' : '';
    throw withHint(withContext(err as Error, what), hint);
  }
}

/** Within one registry: mount the blob, else see whether the target has it already. */
async function mountOrFind(ctx: BlobCopyContext, move: BlobMove): Promise<'mounted' | 'present' | 'absent'> {
  const { blob, from, to, what } = move;
  // Any failed mount falls back to streaming: Harbor answers 401 for another project's blob
  // (goharbor/harbor#17097), ECR 202 unless mounts are enabled, others 403/404/405 or 5xx.
  // The mount may have been started as soon as the manifest was read (see target-checks.ts).
  const mounted = await ctx.targetChecks.mountBlob(to, blob.digest, from).catch((err) => {
    ctx.log.debug(`${what}: mount failed (${(err as Error).message}); streaming instead`);
    return false;
  });
  if (mounted) {
    ctx.stats.blobsMounted++;
    move.toStats.blobsMounted++;
    return 'mounted';
  }
  // Not mounted (mounts off, another project): it may be there already, as after a re-run.
  if (await ctx.targetChecks.hasBlob(to, blob.digest)) {
    ctx.stats.blobsPresent++;
    return 'present';
  }
  return 'absent';
}

/** Upload the blob as the source serves it, with progress lines; its size is checked against the manifest's. */
async function streamBlob(
  ctx: BlobCopyContext,
  move: BlobMove,
  source: SourceReader,
  target: RegistryClient
): Promise<void> {
  const { blob, from, to } = move;
  const meter = new ProgressMeter(`${blob.digest.slice(0, 19)}… → ${repoName(to)}`, blob.size, ctx.log, ctx.clock);
  try {
    await target.uploadBlob(
      to.repository,
      blob.digest,
      blob.size,
      async () => {
        const { stream, size } = await source.openBlob(from.repository, blob.digest);
        if (size !== undefined && size !== blob.size) {
          stream.destroy();
          throw new IntegrityError(`the source serves ${size} bytes, the manifest says ${blob.size}`);
        }
        return meter.wrap(stream);
      },
      { source: `${from.registry}/${from.repository}@${blob.digest}` }
    );
  } finally {
    meter.stop();
  }
  meter.finish();
  ctx.stats.blobsStreamed++;
  ctx.stats.bytesStreamed += blob.size;
  move.toStats.blobsStreamed++;
  move.toStats.bytesStreamed += blob.size;
  ctx.log.debug(`${move.what}: streamed`);
}
