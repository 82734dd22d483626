/** resolve → plan → copy → push → purge. Knows nothing of @actions/core. */
import { type CopyItem, copyChildren, freshRepos } from './copy';
import { copyReferrers, discoverReferrers } from './referrers';
import { withContext } from '../model/errors';
import { type Logger } from '../model/logger';
import { type Options } from '../model/options';
import { type Descriptor, MediaType, parseManifest } from '../model/manifest';
import { listEntries, refsOf } from '../model/metadata';
import { type Plan, planPublish } from '../model/plan';
import { formatPlatform } from '../model/platform';
import { GitHubPackages } from '../registry/github-packages';
import { type PurgeCandidate, purge, purgeCandidates, verifyTags } from './purge/purge';
import { pushTags } from './push';
import { TargetChecks, checksWaveWidth } from './target-checks';
import { type CopyStats, type PurgeResult, type Result } from '../model/result';
import { type Reference, formatReference, repoName } from '../model/reference';
import { type FetchedManifest } from '../registry/manifests';
import { type Registries, openRegistries } from '../registry/open';
import { type Repo, type Resolved } from '../model/entry';
import { isLayout } from '../model/source';
import { putConverged } from './amend';
import { resolveExisting, resolveSources } from './resolve';
import { skipMissing } from './skip-missing';

function uniqueRepos(refs: Reference[]): Repo[] {
  const seen = new Map<string, Repo>();
  for (const r of refs) seen.set(repoName(r), { registry: r.registry, repository: r.repository });
  return [...seen.values()];
}

/**
 * How many requests the widest early wave sends to one registry at once: once the manifests are
 * in, a config read per source on it (resolve.ts) and, when pushing, what target-checks.ts starts.
 * The client opens that many connections while it fetches the token.
 */
function firstWave(options: Options, registry: string): number {
  const configReads = options.sources.filter((s) => s.registry === registry).length;
  const targets = options.push ? uniqueRepos(options.tags) : [];
  return configReads + checksWaveWidth(options.sources.length, targets, registry);
}

/** Tell each registry client every repository it will touch, so one token per registry suffices. */
async function declareScopes(registries: Registries, options: Options): Promise<void> {
  const pull = new Map<string, Set<string>>();
  const push = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, r: Repo) =>
    m.set(r.registry, (m.get(r.registry) ?? new Set()).add(r.repository));
  // Layouts are read from disk: no registry, no scope.
  const sources = options.sources.filter((s) => !isLayout(s));
  sources.forEach((s) => add(pull, s));
  // A dry run asks for no push rights: it must work with read-only credentials.
  options.tags.forEach((t) => add(options.push ? push : pull, t));
  // The first reference on each registry names it in a failure (an unreachable host, a bad certificate).
  const firstRef = new Map<string, string>();
  for (const [role, refs] of [
    ['source', sources],
    ['tag', options.tags]
  ] as const) {
    for (const r of refs) if (!firstRef.has(r.registry)) firstRef.set(r.registry, `${role} ${formatReference(r)}`);
  }
  await Promise.all(
    [...firstRef.keys()].map((r) =>
      registries
        .get(r)
        .declareScopes([...(pull.get(r) ?? [])], [...(push.get(r) ?? [])], firstWave(options, r))
        .catch((err) => {
          throw withContext(err as Error, firstRef.get(r)!);
        })
    )
  );
}

/** Resolve the sources (and, with amend, the list the first tag holds), then plan: every check before anything is written. */
async function resolvePhase(registries: Registries, options: Options, log: Logger, checks?: TargetChecks) {
  checks?.primeTags(options.tags);
  const [fresh, existing] = await Promise.all([
    resolveSources(
      registries,
      options.sources,
      options.annotations.overrides,
      options.settings.sourceWaitMs,
      log,
      checks && ((m) => checks.startChecks(m))
    ),
    options.amend ? resolveExisting(registries, options.tags[0]) : Promise.resolve(undefined)
  ]);
  const held = existing?.resolved;
  if (held) log.info(`amend: ${formatReference(options.tags[0])} holds ${held.entries.length} platform(s)`);
  const plan = planPublish(fresh, held, existing?.annotations, options);
  for (const e of plan.entries) {
    const n = e.attestations.length;
    log.info(
      `${formatPlatform(e.image.descriptor.platform)}  ${e.image.descriptor.digest}  ${e.source}${n ? `  (+${n} attestation${n > 1 ? 's' : ''})` : ''}`
    );
  }
  const sourceManifests = new Map<string, FetchedManifest>(fresh.map((r) => [r.source, r.manifest]));
  // Where each child came from, for the metadata output: a fresh source wins over the amended list.
  const origins = new Map<string, string>();
  for (const r of [...(held ? [held] : []), ...fresh])
    for (const c of r.children) origins.set(c.descriptor.digest, r.source);
  return { plan, sourceManifests, origins, fresh, base: held?.manifest.digest };
}

/**
 * Push the list; with `amend`, converge on the first tag against runs amending it at the same
 * time (see amend.ts): merge again onto what it holds, copy what that needs, put again.
 */
async function pushPhase(
  registries: Registries,
  options: Options,
  start: { plan: Plan; base?: string; fresh: Resolved[]; origins: Map<string, string> },
  log: Logger,
  fresh: ReadonlySet<string>,
  checks?: TargetChecks
): Promise<Plan> {
  if (!options.amend) {
    await pushTags(registries, options.tags, start.plan.list, log, fresh, checks);
    return start.plan;
  }
  const first = options.tags[0];
  const mine = new Set(start.fresh.flatMap((r) => r.children.map((c) => c.descriptor.digest)));
  const ours = new Set(start.plan.children.map((c) => c.descriptor.digest).filter((d) => mine.has(d)));
  let round = 0;
  return putConverged(
    registries.get(first.registry),
    first,
    start,
    ours,
    {
      replan: async () => {
        const existing = await resolveExisting(registries, first);
        const plan = planPublish(start.fresh, existing.resolved, existing.annotations, options);
        log.info(
          `amend: merged onto ${existing.resolved?.manifest.digest ?? 'nothing'}: ${plan.list.digest} with ${plan.platforms.join(', ')}`
        );
        // The other run's children came from the list it put.
        for (const c of existing.resolved?.children ?? [])
          if (!start.origins.has(c.descriptor.digest)) start.origins.set(c.descriptor.digest, formatReference(first));
        await copyChildren(registries, plan.children, uniqueRepos(options.tags), log);
        return { plan, base: existing.resolved?.manifest.digest };
      },
      // The early reads of the tags are stale after the first round.
      push: (plan) => pushTags(registries, options.tags, plan.list, log, fresh, round++ === 0 ? checks : undefined)
    },
    log
  );
}

/** Children (and, with `referrers`, what refers to them) into every target repository. */
async function copyPhase(
  registries: Registries,
  options: Options,
  plan: Plan,
  log: Logger,
  checks?: TargetChecks
): Promise<CopyStats> {
  const targets = uniqueRepos(options.tags);
  // Finding referrers reads only the sources: it runs while the children copy.
  const finding = options.referrers
    ? discoverReferrers(registries, plan.children, log, { dropAttestations: options.attestations === 'drop' })
    : undefined;
  finding?.catch(() => undefined); // reported when awaited below
  const c = await copyChildren(registries, plan.children, targets, log, undefined, { checks });
  if (finding) await copyReferrers(registries, await finding, targets, log, c);
  const skipped = c.blobsSkipped ? `, ${c.blobsSkipped} left to their urls` : '';
  log.info(
    `${c.manifestsCopied} manifest(s) copied, ${c.manifestsPresent} already present; blobs: ${c.blobsPresent} present, ${c.blobsMounted} mounted, ${c.blobsStreamed} streamed (${c.bytesStreamed} bytes)${skipped}`
  );
  if (finding)
    log.info(
      `referrers: ${c.referrersCopied ?? 0} copied; ${c.fallbackIndexesWritten ?? 0} fallback tag index(es) written`
    );
  return c;
}

/** The promoted index as a subject whose referrers are looked for in its source repository. */
function promotedSubject(plan: Plan, options: Options): CopyItem {
  const src = options.sources[0];
  const { list } = plan;
  return {
    descriptor: { mediaType: list.mediaType, digest: list.digest, size: list.bytes.length },
    bytes: list.bytes,
    manifest: parseManifest(list.bytes, list.mediaType),
    from: { registry: src.registry, repository: src.repository }
  };
}

/** The list's descriptors, in its order. */
function listDescriptors(plan: Plan): Descriptor[] {
  const m = parseManifest(plan.list.bytes, plan.list.mediaType);
  return m.kind === 'index' ? m.manifests : [];
}

/** Purge the source tags once every tag is verified to resolve to the pushed list. */
async function purgePhase(
  registries: Registries,
  options: Options,
  plan: Plan,
  sourceManifests: Map<string, FetchedManifest>,
  log: Logger
): Promise<PurgeResult> {
  await verifyTags(registries, options.tags, plan.list.digest, Math.max(options.settings.sourceWaitMs, 10_000), log);
  // A source that gave the list nothing is never purged.
  // A layout is a file on the runner, never purged.
  const inRegistries = options.sources.filter((s) => !isLayout(s));
  const candidates: PurgeCandidate[] = purgeCandidates(inRegistries, options.tags, new Set(plan.contributors)).map(
    (ref) => {
      const m = sourceManifests.get(formatReference(ref))!;
      return { ref, digest: m.digest, bytes: m.bytes, mediaType: m.mediaType };
    }
  );
  const { settings } = options;
  const packages = options.githubToken
    ? new GitHubPackages({
        token: options.githubToken,
        baseUrl: settings.githubApiUrl,
        timeoutMs: settings.timeoutMs,
        log,
        signal: registries.signal
      })
    : undefined;
  const listDigests = new Set([plan.list.digest, ...plan.children.map((c) => c.descriptor.digest)]);
  return purge(
    {
      registries,
      listDigests,
      githubPackagesRegistries: settings.githubPackagesRegistries,
      packages,
      dockerConfig: settings.dockerConfig,
      log
    },
    candidates,
    options.tags
  );
}

/** What the run reports of its list (before anything is pushed). */
function resultOf(plan: Plan, options: Options, warnings: string[], origins: Map<string, string>): Result {
  return {
    digest: plan.list.digest,
    mediaType: plan.list.mediaType,
    manifest: plan.list.bytes.toString('utf8'),
    ref: `${repoName(options.tags[0])}@${plan.list.digest}`,
    refs: refsOf(options.tags, plan.list.digest),
    size: plan.list.bytes.length,
    listEntries: listEntries(listDescriptors(plan), plan.children, origins),
    platforms: plan.platforms,
    tags: options.tags.map(formatReference),
    entries: plan.entries,
    pushed: false,
    requests: 0,
    warnings
  };
}

export async function publish(given: Options, log: Logger): Promise<Result> {
  const warnings: string[] = [...given.annotations.warnings];
  warnings.forEach((w) => log.warning(w));
  if (given.githubToken) log.secret(given.githubToken);
  const registries = openRegistries(given.settings, given.insecure, log, given.credentials);
  try {
    await declareScopes(registries, given);
    const options = given.ignoreMissing ? await skipMissing(registries, given, log) : given;
    // Reads of the targets that copy and push will need, started while the sources resolve; and
    // mounts too, unless a `platforms` check must pass before anything is written.
    const checks = options.push
      ? new TargetChecks(registries, uniqueRepos(options.tags), {
          mountEarly: options.platforms.length === 0,
          dropAttestations: options.attestations === 'drop'
        })
      : undefined;
    const resolved = await log.group('Resolve sources', () => resolvePhase(registries, options, log, checks));
    const { plan } = resolved;
    plan.warnings.forEach((w) => log.warning(w));
    warnings.push(...plan.warnings);
    const kind = plan.list.mediaType === MediaType.OciIndex ? 'OCI image index' : 'Docker manifest list';
    log.info(
      `${kind} ${plan.list.digest} with ${plan.platforms.length} platform(s): ${plan.platforms.join(', ')}${plan.promoted ? ` (${plan.contributors[0]} as it is: promoted byte for byte)` : ''}`
    );

    const result = resultOf(plan, options, warnings, resolved.origins);
    if (!options.push) {
      log.info('push: false — dry run: nothing was written to any registry');
      log.info(result.manifest);
    } else {
      await writePhases(registries, options, resolved, result, log, checks);
    }
    result.requests = registries.requestCount;
    return result;
  } finally {
    registries.dispose();
  }
}

/** Copy, push, the list's referrers, purge; `result` says what was done as each is. */
async function writePhases(
  registries: Registries,
  options: Options,
  resolved: Awaited<ReturnType<typeof resolvePhase>>,
  result: Result,
  log: Logger,
  checks?: TargetChecks
): Promise<void> {
  let { plan } = resolved;
  const listReferrers = findListReferrers(registries, options, plan, log);
  const copy = await log.group('Copy children into target repositories', () =>
    copyPhase(registries, options, plan, log, checks)
  );
  result.copy = copy;
  const pushed = await log.group('Push the list', () =>
    pushPhase(registries, options, resolved, log, freshRepos(copy), checks)
  );
  if (pushed !== plan) {
    plan = pushed;
    Object.assign(result, resultOf(plan, options, result.warnings, resolved.origins));
  }
  result.pushed = true;
  if (listReferrers) {
    await log.group("Copy the list's referrers", async () => {
      const before = copy.referrersCopied ?? 0;
      await copyReferrers(registries, await listReferrers, uniqueRepos(options.tags), log, copy);
      log.info(`referrers of ${plan.list.digest}: ${(copy.referrersCopied ?? 0) - before} copied`);
    });
  }
  if (options.purge) {
    result.purge = await log.group('Purge source tags', () =>
      purgePhase(registries, options, plan, resolved.sourceManifests, log)
    );
  }
}

/** A promoted index may be signed itself: what refers to it, found while the children copy, follows once it is tagged. */
function findListReferrers(registries: Registries, options: Options, plan: Plan, log: Logger) {
  if (!options.referrers || !plan.promoted || isLayout(options.sources[0])) return undefined;
  const finding = discoverReferrers(registries, [promotedSubject(plan, options)], log, {
    dropAttestations: options.attestations === 'drop'
  });
  finding.catch(() => undefined); // reported when awaited
  return finding;
}
