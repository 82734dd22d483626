import { copyChildren, CopyStats } from './copy';
import { IntegrityError, withContext } from './errors';
import { Logger } from './logger';
import { Options } from './options';
import { Plan, planList } from './plan';
import { formatPlatform } from './platform';
import { PurgeCandidate, PurgeResult, purge, purgeCandidates } from './purge';
import { Reference, formatReference, repoName } from './reference';
import { Registries } from './registry/client';
import { CredentialStore, dockerConfigDir } from './registry/credentials';
import { Transport } from './registry/transport';
import { Entry, Repo, amendEntries, checkDuplicates, resolveExisting, resolveSources } from './resolve';

/** resolve → plan → copy → push → purge. Knows nothing of @actions/core. */
export interface Result {
  digest: string;
  mediaType: string;
  /** The list's bytes as pushed (or as they would be pushed, in a dry run). */
  manifest: string;
  /** First tag's repository @ digest. */
  ref: string;
  platforms: string[];
  tags: string[];
  entries: Entry[];
  pushed: boolean;
  copy?: CopyStats;
  purge?: PurgeResult;
  requests: number;
  warnings: string[];
}

export const USER_AGENT = 'manifest-fanin/1 (+https://github.com/features/actions)';

function uniqueRepos(refs: Reference[]): Repo[] {
  const seen = new Map<string, Repo>();
  for (const r of refs) seen.set(repoName(r), { registry: r.registry, repository: r.repository });
  return [...seen.values()];
}

/** Tell each registry client every repository it will touch, so one token per registry suffices. */
async function declareScopes(registries: Registries, options: Options): Promise<void> {
  const pull = new Map<string, Set<string>>();
  const push = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, r: Repo) => m.set(r.registry, (m.get(r.registry) ?? new Set()).add(r.repository));
  options.sources.forEach((s) => add(pull, s));
  // A dry run asks for no push rights: it must work with read-only credentials.
  options.tags.forEach((t) => add(options.push ? push : pull, t));
  const registriesUsed = new Set([...pull.keys(), ...push.keys()]);
  await Promise.all(
    [...registriesUsed].map((r) => registries.get(r).declareScopes([...(pull.get(r) ?? [])], [...(push.get(r) ?? [])]))
  );
}

export async function publish(options: Options, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<Result> {
  const warnings: string[] = [...options.annotations.warnings];
  warnings.forEach((w) => log.warning(w));
  const registries = new Registries({
    transport: new Transport(USER_AGENT),
    credentials: new CredentialStore(dockerConfigDir(env), (s) => log.secret(s)),
    insecure: options.insecure,
    log
  });
  try {
    await declareScopes(registries, options);

    const { entries, existingAnnotations, sourceManifests } = await log.group('Resolve sources', async () => {
      const [fresh, existing] = await Promise.all([
        resolveSources(registries, options.sources, options.annotations.overrides, log),
        options.amend ? resolveExisting(registries, options.tags[0]) : Promise.resolve(undefined)
      ]);
      if (existing && existing.entries.length) log.info(`amend: ${formatReference(options.tags[0])} holds ${existing.entries.length} platform(s)`);
      const all = existing ? amendEntries(existing.entries, fresh.entries) : fresh.entries;
      checkDuplicates(all);
      for (const e of all) log.info(`${formatPlatform(e.image.descriptor.platform)}  ${e.image.descriptor.digest}  ${e.source}${e.attestations.length ? `  (+${e.attestations.length} attestation)` : ''}`);
      return { entries: all, existingAnnotations: existing?.annotations, sourceManifests: fresh.manifests };
    });

    const plan: Plan = planList(entries, options.format, options.annotations, existingAnnotations);
    plan.warnings.forEach((w) => log.warning(w));
    warnings.push(...plan.warnings);
    log.info(`${plan.list.mediaType === 'application/vnd.oci.image.index.v1+json' ? 'OCI image index' : 'Docker manifest list'} ${plan.list.digest} with ${plan.platforms.length} platform(s): ${plan.platforms.join(', ')}`);

    const first = options.tags[0];
    const result: Result = {
      digest: plan.list.digest,
      mediaType: plan.list.mediaType,
      manifest: plan.list.bytes.toString('utf8'),
      ref: `${repoName(first)}@${plan.list.digest}`,
      platforms: plan.platforms,
      tags: options.tags.map(formatReference),
      entries,
      pushed: false,
      requests: 0,
      warnings
    };

    if (!options.push) {
      log.info('push: false — dry run: nothing was written to any registry');
      log.info(result.manifest);
      result.requests = registries.requestCount;
      return result;
    }

    const targets = uniqueRepos(options.tags);
    result.copy = await log.group('Copy children into target repositories', async () => {
      const stats = await copyChildren(registries, plan.children, targets, log);
      log.info(
        `${stats.manifestsCopied} manifest(s) copied, ${stats.manifestsPresent} already present; blobs: ${stats.blobsPresent} present, ${stats.blobsMounted} mounted, ${stats.blobsStreamed} streamed (${stats.bytesStreamed} bytes)`
      );
      return stats;
    });

    await log.group('Push the list', async () => {
      await Promise.all(
        options.tags.map(async (tag) => {
          const name = formatReference(tag);
          try {
            const digest = await registries.get(tag.registry).putManifest(tag.repository, tag.tag!, plan.list.bytes, plan.list.mediaType);
            if (digest && digest !== plan.list.digest) throw new IntegrityError(`the registry stored it as ${digest}, not ${plan.list.digest}`);
          } catch (err) {
            throw withContext(err as Error, `push ${name}`);
          }
          log.info(`${name} → ${plan.list.digest}`);
        })
      );
    });
    result.pushed = true;

    if (options.purge) {
      result.purge = await log.group('Purge source tags', async () => {
        // Verify first: every tag must resolve to our list before anything is removed.
        for (const tag of options.tags) {
          const now = await registries.get(tag.registry).headManifest(tag.repository, tag.tag!);
          if (now?.digest !== plan.list.digest) {
            throw new IntegrityError(`purge: ${formatReference(tag)} resolves to ${now?.digest ?? 'nothing'}, not the pushed list ${plan.list.digest}; nothing was purged`);
          }
        }
        const refs = purgeCandidates(options.sources, options.tags);
        const candidates: PurgeCandidate[] = refs.map((ref) => {
          const m = sourceManifests.get(formatReference(ref))!;
          return { ref, digest: m.digest, bytes: m.bytes, mediaType: m.mediaType };
        });
        const r = await purge(registries, candidates, options.tags, dockerConfigDir(env), log);
        log.info(`purge: removed ${r.removed.length ? r.removed.join(', ') : 'nothing'}${r.localLists.length ? `; local lists: ${r.localLists.join(', ')}` : ''}`);
        return r;
      });
    }
    result.requests = registries.requestCount;
    return result;
  } finally {
    registries.dispose();
  }
}
