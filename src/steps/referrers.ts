/**
 * `referrers: true`: what refers to each child (signatures, SBOMs, attestations) travels with it.
 * Found in the child's source repository through the OCI 1.1 referrers API, else the
 * `sha256-<hex>` fallback tag index, plus cosign's `.sig`/`.att`/`.sbom` tags; copied into each
 * target repository (the cosign tags under the same names); where a target registry does not
 * index referrers itself, its fallback tag index is created or updated, keeping what it lists.
 */
import { CONCURRENCY, Once, mapLimit } from '../util/concurrency';
import { hasStatus, isNotFound, withContext } from '../model/errors';
import { type Logger } from '../model/logger';
import { type Descriptor, type Manifest, MediaType, parseManifest } from '../model/manifest';
import { repoName } from '../model/reference';
import { type CopyStats } from '../model/result';
import {
  cosignTags,
  describeReferrer,
  fallbackTag,
  isBuildkitAttestation,
  mergeFallbackIndex,
  referrerDescriptors
} from '../model/referrers';
import { type FetchedManifest } from '../registry/manifests';
import { type Registries } from '../registry/open';
import { type Repo } from '../model/entry';
import { type CopyItem, addBlobStats, copyManifests, emptyStats } from './copy';
import { putChecked } from './put';

/** Referrers of referrers are followed this deep (a signature of an SBOM of the image). */
const MAX_DEPTH = 3;

export interface FoundReferrers {
  /** Every manifest to copy, each once: referrers, an index referrer's children, cosign's tagged ones. */
  items: CopyItem[];
  /** Subject digest → the OCI referrers of it, as a fallback tag index lists them. */
  bySubject: Map<string, Descriptor[]>;
}

/** Answers that mean "no referrers API here": 404 as the spec says, 400/405 from older registries. */
function noApi(err: unknown): boolean {
  return hasStatus(err, 400, 404, 405, 406);
}

const notFound = isNotFound;

/** What one search for referrers shares: how a manifest is loaded (each once), and the listings found. */
interface Search {
  registries: Registries;
  log: Logger;
  dropAttestations?: boolean;
  load: (from: Repo, digest: string, tag?: string) => Promise<CopyItem>;
  bySubject: Map<string, Descriptor[]>;
}

/** Loads a manifest of a source repository as an item to copy, once; an index brings its children. */
function loader(registries: Registries, items: Map<string, CopyItem>, dropAttestations?: boolean): Search['load'] {
  const fetched = new Once<CopyItem>();
  const load: Search['load'] = (from, digest, tag) =>
    fetched
      .run(`${repoName(from)}@${digest}`, async () => {
        const client = registries.get(from.registry);
        const m = await client.getManifest(from.repository, digest);
        const item = toItem(m, from, `referrer ${repoName(from)}@${digest}`);
        if (item.manifest.kind === 'index') {
          for (const d of item.manifest.manifests) await load(from, d.digest);
        }
        if (!(dropAttestations && isBuildkitAttestation(item.manifest))) items.set(item.descriptor.digest, item);
        return item;
      })
      .then((item) => {
        if (tag && !item.tags?.includes(tag)) item.tags = [...(item.tags ?? []), tag];
        return item;
      });
  return load;
}

/** What refers to one subject in its source repository (OCI referrers, listed by subject; cosign's tags). */
async function referrersOf(x: Search, s: CopyItem): Promise<CopyItem[]> {
  const from = s.from;
  const digest = s.descriptor.digest;
  const where = `referrers of ${repoName(from)}@${digest}`;
  try {
    const [oci, cosign] = await Promise.all([
      listOciReferrers(x.registries, from, digest),
      findCosign(x.registries, from, digest)
    ]);
    const loaded = await Promise.all(
      oci.map((d) =>
        x.load(from, d.digest).catch((err) => {
          // A listing that names a manifest the repository no longer has: nothing to copy.
          if (!notFound(err)) throw err;
          x.log.warning(`${where}: ${d.digest} is listed but not in the repository; skipped`);
          return undefined;
        })
      )
    );
    // attestations: drop leaves BuildKit's attestations out even where they are referrers.
    const refs = loaded.filter((r): r is CopyItem => !!r && !(x.dropAttestations && isBuildkitAttestation(r.manifest)));
    const listed = x.bySubject.get(digest) ?? [];
    for (const r of refs)
      if (!listed.some((d) => d.digest === r.descriptor.digest))
        listed.push(describeReferrer(r.manifest, r.descriptor.digest, r.descriptor.size));
    if (listed.length) x.bySubject.set(digest, listed);
    const tagged = await Promise.all(cosign.map(({ tag, digest: d }) => x.load(from, d, tag)));
    return [...refs, ...tagged];
  } catch (err) {
    throw withContext(err as Error, where);
  }
}

/** Find what refers to `subjects` in their source repositories, and what refers to those. */
export async function discoverReferrers(
  registries: Registries,
  subjects: CopyItem[],
  log: Logger,
  opts: { dropAttestations?: boolean } = {}
): Promise<FoundReferrers> {
  const items = new Map<string, CopyItem>();
  const bySubject = new Map<string, Descriptor[]>();
  const search: Search = {
    registries,
    log,
    dropAttestations: opts.dropAttestations,
    load: loader(registries, items, opts.dropAttestations),
    bySubject
  };
  const seen = new Set(subjects.map((s) => `${repoName(s.from)}@${s.descriptor.digest}`));
  // A layout on disk has no referrers API and no cosign tags: what it holds came with its index.
  let frontier = subjects.filter((s) => !s.from.store);
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const found = await mapLimit(frontier, CONCURRENCY, (s) => referrersOf(search, s));
    frontier = [];
    for (const r of found.flat()) {
      const key = `${repoName(r.from)}@${r.descriptor.digest}`;
      if (!seen.has(key)) {
        seen.add(key);
        frontier.push(r);
      }
    }
  }
  const all = [...items.values()];
  if (all.length)
    log.info(`referrers: ${all.length} manifest(s) refer to the ${subjects.length} child(ren) or to each other`);
  return { items: all, bySubject };
}

function toItem(m: FetchedManifest, from: Repo, what: string): CopyItem {
  let manifest: Manifest;
  try {
    manifest = parseManifest(m.bytes, m.mediaType);
  } catch (err) {
    throw withContext(err as Error, what);
  }
  return {
    descriptor: { mediaType: manifest.mediaType, digest: m.digest, size: m.bytes.length },
    bytes: m.bytes,
    manifest,
    from
  };
}

/** The referrers API where the registry has it, else the fallback tag index. */
async function listOciReferrers(registries: Registries, from: Repo, digest: string): Promise<Descriptor[]> {
  const client = registries.get(from.registry);
  const pages = await client.getReferrers(from.repository, digest).catch((err) => {
    if (noApi(err)) return undefined;
    throw err;
  });
  if (pages) return pages.flatMap((p, i) => referrerDescriptors(p, `the referrers API's answer (page ${i + 1})`));
  const index = await client.getManifest(from.repository, fallbackTag(digest)).catch((err) => {
    if (notFound(err)) return undefined;
    throw err;
  });
  return index ? referrerDescriptors(index.bytes, `the fallback tag ${fallbackTag(digest)}`) : [];
}

/** cosign's tags beside `digest` that exist: tag → the digest it holds. */
async function findCosign(
  registries: Registries,
  from: Repo,
  digest: string
): Promise<Array<{ tag: string; digest: string }>> {
  const client = registries.get(from.registry);
  const found = await Promise.all(
    cosignTags(digest).map(async (tag) => {
      const head = await client.headManifest(from.repository, tag);
      return head ? { tag, digest: head.digest } : undefined;
    })
  );
  return found.filter((f): f is { tag: string; digest: string } => !!f);
}

/**
 * Copy what was found into every target repository, then, in each target whose registry did not
 * index the referrers itself (no `OCI-Subject` on the PUT, no referrers API), write the fallback
 * tag index of each subject with what it already lists kept.
 */
export async function copyReferrers(
  registries: Registries,
  found: FoundReferrers,
  targets: Repo[],
  log: Logger,
  stats: CopyStats
): Promise<void> {
  const indexed = new Map<string, boolean>();
  // Counted apart: manifestsCopied/Present keep meaning the list's children.
  const referrerStats = emptyStats();
  await copyManifests(registries, found.items, targets, log, referrerStats, {
    onPut: (t, item, answer) => {
      if (item.manifest.kind === 'image' && item.manifest.subject)
        indexed.set(repoName(t), indexed.get(repoName(t)) || !!answer.subject);
    }
  });
  addBlobStats(stats, referrerStats);
  stats.referrersCopied = (stats.referrersCopied ?? 0) + referrerStats.manifestsCopied;
  stats.fallbackIndexesWritten ??= 0;
  const subjects = [...found.bySubject.entries()];
  if (!subjects.length) return;

  await mapLimit(targets, CONCURRENCY, async (t) => {
    const client = registries.get(t.registry);
    let indexes = indexed.get(repoName(t));
    // Nothing with a subject was put here this run: ask the registry whether it has the API.
    if (indexes === undefined) {
      indexes = !!(await client.getReferrers(t.repository, subjects[0][0]).catch((err) => {
        if (noApi(err)) return undefined;
        throw withContext(err as Error, `referrers in ${repoName(t)}`);
      }));
    }
    if (indexes) return;
    await mapLimit(subjects, CONCURRENCY, async ([subject, listed]) => {
      const tag = fallbackTag(subject);
      const what = `fallback tag index ${repoName(t)}:${tag}`;
      try {
        const now = await client.getManifest(t.repository, tag).catch((err) => {
          if (notFound(err)) return undefined;
          throw err;
        });
        const merged = mergeFallbackIndex(now?.bytes, listed);
        if (!merged.changed) return;
        await putChecked(client, t.repository, tag, merged.bytes, MediaType.OciIndex, merged.digest, {
          lagRetry: true,
          signal: registries.signal,
          log
        });
        stats.fallbackIndexesWritten!++;
        log.debug(`${what}: ${now ? 'updated' : 'created'}`);
      } catch (err) {
        throw withContext(err as Error, what);
      }
    });
  });
}
