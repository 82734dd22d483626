/**
 * Manifests and their blobs into each target repository: HEAD → mount → stream, then the
 * manifest, each after every manifest it names (its subject, an index's children).
 */
import { CONCURRENCY, Once, mapLimit } from '../util/concurrency';
import { IntegrityError, withContext, withHint } from '../model/errors';
import { type Logger } from '../model/logger';
import { type Descriptor, type Manifest, blobsOf, servedElsewhere } from '../model/manifest';
import { repoName, sameRepo } from '../model/reference';
import { type CopyStats, type RepoCopyStats } from '../model/result';
import { type Registries } from '../registry/open';
import { type Repo } from '../model/entry';
import { type Clock, ProgressMeter, realClock } from './progress';
import { putChecked, putUnlessCurrent, withRepoHint } from './put';
import { readerFor } from './source-reader';
import { TargetChecks } from './target-checks';

/** A manifest to put into the target repositories: a child of the list, or a referrer of one. */
export interface CopyItem {
  descriptor: Descriptor;
  bytes: Buffer;
  manifest: Manifest;
  /** Where it can be read (and mounted from). */
  from: Repo;
  /** Tags to put it under too, once it is there (cosign's `sha256-<hex>.sig`). */
  tags?: string[];
}

/** Manifests that must be in a repository before this one: its subject, an index's children. */
export function prerequisites(m: Manifest): string[] {
  if (m.kind === 'index') return m.manifests.map((d) => d.digest);
  return m.subject ? [m.subject.digest] : [];
}

/**
 * Items ordered so each comes after the items it names. GitLab refuses a manifest whose subject
 * is not yet in the repository (moby/buildkit#7007).
 */
export function orderForCopy<T extends Pick<CopyItem, 'descriptor' | 'manifest'>>(items: T[]): T[] {
  const byDigest = new Map(items.map((i) => [i.descriptor.digest, i]));
  const out: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (i: T) => {
    const d = i.descriptor.digest;
    if (state.has(d)) return; // done, or a cycle (impossible with digests): keep input order
    state.set(d, 'visiting');
    for (const p of prerequisites(i.manifest)) {
      const dep = byDigest.get(p);
      if (dep) visit(dep);
    }
    state.set(d, 'done');
    out.push(i);
  };
  items.forEach(visit);
  return out;
}

export function emptyStats(): CopyStats {
  return {
    manifestsPresent: 0,
    manifestsCopied: 0,
    blobsPresent: 0,
    blobsMounted: 0,
    blobsStreamed: 0,
    bytesStreamed: 0,
    blobsSkipped: 0,
    repos: {}
  };
}

function repoStats(stats: CopyStats, name: string): RepoCopyStats {
  const repos = (stats.repos ??= {});
  return (repos[name] ??= {
    manifestsPresent: 0,
    manifestsCopied: 0,
    blobsMounted: 0,
    blobsStreamed: 0,
    bytesStreamed: 0
  });
}

/** Add what `more` moved (blobs, and manifests per repository) into `stats`. */
export function addBlobStats(stats: CopyStats, more: CopyStats): void {
  stats.blobsPresent += more.blobsPresent;
  stats.blobsMounted += more.blobsMounted;
  stats.blobsStreamed += more.blobsStreamed;
  stats.bytesStreamed += more.bytesStreamed;
  stats.blobsSkipped = (stats.blobsSkipped ?? 0) + (more.blobsSkipped ?? 0);
  for (const [name, r] of Object.entries(more.repos ?? {})) {
    const into = repoStats(stats, name);
    into.manifestsCopied += r.manifestsCopied;
    into.manifestsPresent += r.manifestsPresent;
    into.blobsMounted += r.blobsMounted;
    into.blobsStreamed += r.blobsStreamed;
    into.bytesStreamed += r.bytesStreamed;
  }
}

/** Repositories into which this run put a manifest or blob (a refusal there may be lag). */
export function freshRepos(stats: CopyStats): Set<string> {
  return new Set(
    Object.entries(stats.repos ?? {})
      .filter(([, r]) => r.manifestsCopied + r.blobsMounted + r.blobsStreamed > 0)
      .map(([name]) => name)
  );
}

export interface CopyOptions {
  /** After each manifest PUT: whether the registry indexed its subject (`OCI-Subject`). */
  onPut?: (target: Repo, item: CopyItem, answer: { subject?: string }) => void;
  clock?: Clock;
  /** What the targets were asked during resolve (manifests, blobs, early mounts; see target-checks.ts), shared. */
  checks?: TargetChecks;
}

/** A promise settled from outside: "this manifest is in that repository now". */
class PendingPuts {
  private readonly jobs = new Map<string, { promise: Promise<boolean>; settle: (put: boolean | Error) => void }>();
  private entry(key: string) {
    let e = this.jobs.get(key);
    if (!e) {
      let settle!: (put: boolean | Error) => void;
      const promise = new Promise<boolean>(
        (resolve, reject) => (settle = (v) => (v instanceof Error ? reject(v) : resolve(v)))
      );
      promise.catch(() => undefined); // its own job reports the failure
      e = { promise, settle };
      this.jobs.set(key, e);
    }
    return e;
  }
  declare(key: string): void {
    this.entry(key);
  }
  /** Resolves true when this run put it, false when it was there; undefined: not ours to wait for. */
  wait(key: string): Promise<boolean> | undefined {
    return this.jobs.get(key)?.promise;
  }
  settle(key: string, put: boolean | Error): void {
    this.entry(key).settle(put);
  }
}

/** Make every child of the list exist in every target repository. */
export async function copyChildren(
  registries: Registries,
  children: CopyItem[],
  targets: Repo[],
  log: Logger,
  stats: CopyStats = emptyStats(),
  opts: CopyOptions = {}
): Promise<CopyStats> {
  await copyManifests(registries, children, targets, log, stats, opts);
  return stats;
}

/**
 * Make every item exist in every target repository. All checks run together (the manifest and
 * its blobs in the same round trip); a blob shared by several items is handled once per
 * repository; a manifest is put only after all its blobs, and what it names, are there.
 */
export async function copyManifests(
  registries: Registries,
  items: CopyItem[],
  targets: Repo[],
  log: Logger,
  stats: CopyStats,
  opts: CopyOptions = {}
): Promise<void> {
  const checks = new Once<boolean>();
  const transfers = new Once<boolean>();
  const pendingPuts = new PendingPuts();
  const ordered = orderForCopy(items);
  // Target-major, prerequisites first: every manifest waited for has its own job started already.
  const work = targets.flatMap((t) => ordered.map((c) => ({ t, c })));
  for (const { t, c } of work) pendingPuts.declare(`${repoName(t)}@${c.descriptor.digest}`);
  const clock = opts.clock ?? realClock;
  const targetChecks = opts.checks ?? new TargetChecks(registries, targets);

  await mapLimit(work, CONCURRENCY, async ({ t, c }) => {
    const key = `${repoName(t)}@${c.descriptor.digest}`;
    try {
      const put = await copyOne(t, c);
      pendingPuts.settle(key, put);
    } catch (err) {
      pendingPuts.settle(key, err as Error);
      throw withRepoHint(err as Error, repoName(t));
    }
  });

  /** Returns true when this run put the manifest, false when it was there already. */
  async function copyOne(t: Repo, c: CopyItem): Promise<boolean> {
    const r = repoStats(stats, repoName(t));
    // An item read from this very repository is there already (its tags too): no request needed.
    if (sameRepo(t, c.from)) {
      stats.manifestsPresent++;
      r.manifestsPresent++;
      return false;
    }
    const target = registries.get(t.registry);
    const blobs = blobsOf(c.manifest);
    const blobKey = (b: Descriptor) => `${repoName(t)}@${b.digest}`;
    // Within one registry a mount answers "it is there" as well as a HEAD does, so blobs are
    // mounted without asking first; across registries a HEAD saves streaming what is there.
    const mountable = c.from.registry === t.registry;
    const [present, have] = await Promise.all([
      targetChecks.hasManifest(t, c.descriptor.digest),
      Promise.all(
        blobs.map((b) =>
          mountable
            ? false
            : checks.run(blobKey(b), async () => {
                const there = await targetChecks.hasBlob(t, b.digest).catch((err) => {
                  throw withContext(err as Error, `blob ${b.digest} in ${repoName(t)}`);
                });
                if (there) stats.blobsPresent++;
                return there;
              })
        )
      )
    ]);
    let put = false;
    if (present) {
      stats.manifestsPresent++;
      r.manifestsPresent++;
    } else {
      await Promise.all(
        blobs.map((b, i) =>
          have[i]
            ? false
            : transfers.run(blobKey(b), () => copyBlob(registries, targetChecks, b, c, t, stats, r, log, clock))
        )
      );
      // What it names goes first; when this run put any of it, a refusal naming it may be lag.
      const before = await Promise.all(
        prerequisites(c.manifest).map((d) => pendingPuts.wait(`${repoName(t)}@${d}`) ?? false)
      );
      const what = `copy ${c.descriptor.digest} from ${repoName(c.from)} to ${repoName(t)}`;
      try {
        const answer = await putChecked(
          target,
          t.repository,
          c.descriptor.digest,
          c.bytes,
          c.descriptor.mediaType,
          c.descriptor.digest,
          {
            lagRetry: before.some(Boolean),
            signal: registries.signal,
            log
          }
        );
        opts.onPut?.(t, c, answer);
      } catch (err) {
        throw withContext(err as Error, what);
      }
      stats.manifestsCopied++;
      r.manifestsCopied++;
      put = true;
      log.debug(`${what}: done`);
    }
    for (const tag of c.tags ?? []) {
      try {
        const wrote = await putUnlessCurrent(
          target,
          t.repository,
          tag,
          c.bytes,
          c.descriptor.mediaType,
          c.descriptor.digest,
          { lagRetry: put, signal: registries.signal, log }
        );
        log.debug(`${repoName(t)}:${tag} → ${c.descriptor.digest}${wrote ? '' : ' (already up to date)'}`);
      } catch (err) {
        throw withContext(err as Error, `tag ${repoName(t)}:${tag}`);
      }
    }
    return put;
  }
}

/**
 * A blob the target lacks: mount it within a registry, else stream it from the source. A blob
 * whose descriptor has `urls` and that the source does not serve is left out (Windows base
 * layers). Returns true when it was put into the target.
 */
async function copyBlob(
  registries: Registries,
  checks: TargetChecks,
  blob: Descriptor,
  item: Pick<CopyItem, 'from' | 'descriptor'>,
  to: Repo,
  stats: CopyStats,
  r: RepoCopyStats,
  log: Logger,
  clock: Clock
): Promise<boolean> {
  const { from } = item;
  const target = registries.get(to.registry);
  const source = readerFor(registries, from);
  // A layout's blob is named with its manifest: the layout is where to look for what broke.
  const of = from.store ? ` of manifest ${item.descriptor.digest}` : '';
  const what = `blob ${blob.digest} (${blob.size} bytes)${of} from ${repoName(from)} to ${repoName(to)}`;
  try {
    if (servedElsewhere(blob) && !(await source.hasBlob(from.repository, blob.digest))) {
      stats.blobsSkipped = (stats.blobsSkipped ?? 0) + 1;
      log.debug(`${what}: not in the source; its descriptor's urls serve it (${blob.urls!.join(', ')})`);
      return false;
    }
    if (from.registry === to.registry) {
      // Any failed mount falls back to streaming: Harbor answers 401 for another project's blob
      // (goharbor/harbor#17097), ECR 202 unless mounts are enabled, others 403/404/405 or 5xx.
      // The mount may have been started as soon as the manifest was read (see target-checks.ts).
      const mounted = await checks.mountBlob(to, blob.digest, from).catch((err) => {
        log.debug(`${what}: mount failed (${(err as Error).message}); streaming instead`);
        return false;
      });
      if (mounted) {
        stats.blobsMounted++;
        r.blobsMounted++;
        return true;
      }
      // Not mounted (mounts off, another project): it may be there already, as after a re-run.
      if (await checks.hasBlob(to, blob.digest)) {
        stats.blobsPresent++;
        return false;
      }
    }
    const meter = new ProgressMeter(`${blob.digest.slice(0, 19)}… → ${repoName(to)}`, blob.size, log, clock);
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
    stats.blobsStreamed++;
    stats.bytesStreamed += blob.size;
    r.blobsStreamed++;
    r.bytesStreamed += blob.size;
    log.debug(`${what}: streamed`);
    return true;
  } catch (err) {
    // A layout's blob that streams other bytes than its digest says is damaged on disk.
    const hint = from.store && err instanceof IntegrityError ? '; the layout is corrupt: write it again' : '';
    throw withHint(withContext(err as Error, what), hint);
  }
}
