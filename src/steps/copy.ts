/**
 * Manifests and their blobs into each target repository: HEAD → mount → stream, then the
 * manifest, each after every manifest it names (its subject, an index's children).
 */
import { CONCURRENCY, Once, mapLimit } from '../util/concurrency';
import { withContext } from '../model/errors';
import { type Logger } from '../model/logger';
import { type Descriptor, type Manifest, blobsOf } from '../model/manifest';
import { repoName, sameRepo } from '../model/reference';
import { type CopyStats, type RepoCopyStats } from '../model/result';
import { type Registries } from '../registry/open';
import { type Repo } from '../model/entry';
import { type BlobCopyContext, copyBlob } from './copy-blob';
import { type Clock, realClock } from './progress';
import { putChecked, putUnlessCurrent, withRepoHint } from './put';
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

/** What the jobs of one copyManifests call share. */
interface CopyRun extends BlobCopyContext {
  opts: CopyOptions;
  /** A blob's HEAD in a target repository, asked once. */
  blobChecks: Once<boolean>;
  /** A blob's mount or upload into a target repository, done once. */
  blobTransfers: Once<boolean>;
  pendingPuts: PendingPuts;
}

/** The key of a manifest or blob in one repository. */
const inRepo = (t: Repo, digest: string) => `${repoName(t)}@${digest}`;

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
  const run: CopyRun = {
    registries,
    stats,
    log,
    opts,
    clock: opts.clock ?? realClock,
    targetChecks: opts.checks ?? new TargetChecks(registries, targets),
    blobChecks: new Once<boolean>(),
    blobTransfers: new Once<boolean>(),
    pendingPuts: new PendingPuts()
  };
  const ordered = orderForCopy(items);
  // Target-major, prerequisites first: every manifest waited for has its own job started already.
  const work = targets.flatMap((t) => ordered.map((c) => ({ t, c })));
  for (const { t, c } of work) run.pendingPuts.declare(inRepo(t, c.descriptor.digest));
  await mapLimit(work, CONCURRENCY, async ({ t, c }) => {
    const key = inRepo(t, c.descriptor.digest);
    try {
      const put = await copyInto(run, t, c);
      run.pendingPuts.settle(key, put);
    } catch (err) {
      run.pendingPuts.settle(key, err as Error);
      throw withRepoHint(err as Error, repoName(t));
    }
  });
}

/** One item into one target repository: true when this run put the manifest, false when it was there already. */
async function copyInto(run: CopyRun, t: Repo, c: CopyItem): Promise<boolean> {
  const { stats } = run;
  const r = repoStats(stats, repoName(t));
  // An item read from this very repository is there already (its tags too): no request needed.
  if (sameRepo(t, c.from)) {
    stats.manifestsPresent++;
    r.manifestsPresent++;
    return false;
  }
  const blobs = blobsOf(c.manifest);
  const [present, blobsThere] = await Promise.all([
    run.targetChecks.hasManifest(t, c.descriptor.digest),
    blobsInTarget(run, t, c, blobs)
  ]);
  let put = false;
  if (present) {
    stats.manifestsPresent++;
    r.manifestsPresent++;
  } else {
    await putWithBlobs(
      run,
      t,
      c,
      blobs.filter((_, i) => !blobsThere[i]),
      r
    );
    put = true;
  }
  await putItemTags(run, t, c, put);
  return put;
}

/**
 * Which of the item's blobs the target has. Within one registry a mount answers "it is there" as
 * well as a HEAD does, so blobs are mounted without asking first; across registries a HEAD saves
 * streaming what is there.
 */
function blobsInTarget(run: CopyRun, t: Repo, c: CopyItem, blobs: Descriptor[]): Promise<boolean[]> {
  const mountable = c.from.registry === t.registry;
  return Promise.all(
    blobs.map((b) =>
      mountable
        ? false
        : run.blobChecks.run(inRepo(t, b.digest), async () => {
            const there = await run.targetChecks.hasBlob(t, b.digest).catch((err) => {
              throw withContext(err as Error, `blob ${b.digest} in ${repoName(t)}`);
            });
            if (there) run.stats.blobsPresent++;
            return there;
          })
    )
  );
}

/** The blobs the target lacks, then the manifests this one names, then the manifest itself. */
async function putWithBlobs(run: CopyRun, t: Repo, c: CopyItem, missing: Descriptor[], r: RepoCopyStats) {
  const { registries, log } = run;
  await Promise.all(missing.map((b) => run.blobTransfers.run(inRepo(t, b.digest), () => copyBlob(run, b, c, t, r))));
  // What it names goes first; when this run put any of it, a refusal naming it may be lag.
  const before = await Promise.all(prerequisites(c.manifest).map((d) => run.pendingPuts.wait(inRepo(t, d)) ?? false));
  const what = `copy ${c.descriptor.digest} from ${repoName(c.from)} to ${repoName(t)}`;
  try {
    const answer = await putChecked(
      registries.get(t.registry),
      t.repository,
      c.descriptor.digest,
      c.bytes,
      c.descriptor.mediaType,
      c.descriptor.digest,
      { lagRetry: before.some(Boolean), signal: registries.signal, log }
    );
    run.opts.onPut?.(t, c, answer);
  } catch (err) {
    throw withContext(err as Error, what);
  }
  run.stats.manifestsCopied++;
  r.manifestsCopied++;
  log.debug(`${what}: done`);
}

/** The tags the item goes under too (cosign's `.sig`); right after its put, a refusal may be lag. */
async function putItemTags(run: CopyRun, t: Repo, c: CopyItem, justPut: boolean): Promise<void> {
  const { registries, log } = run;
  for (const tag of c.tags ?? []) {
    try {
      const wrote = await putUnlessCurrent(
        registries.get(t.registry),
        t.repository,
        tag,
        c.bytes,
        c.descriptor.mediaType,
        c.descriptor.digest,
        { lagRetry: justPut, signal: registries.signal, log }
      );
      log.debug(`${repoName(t)}:${tag} → ${c.descriptor.digest}${wrote ? '' : ' (already up to date)'}`);
    } catch (err) {
      throw withContext(err as Error, `tag ${repoName(t)}:${tag}`);
    }
  }
}
