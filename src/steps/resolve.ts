/** Sources → entries: manifests, configs, index flattening, attestations. Reads only. */
import { type PlatformOverride, applyOverride, sourceKey } from '../model/annotations';
import { CONCURRENCY, mapLimit } from '../util/concurrency';
import { InputError, IntegrityError, RegistryError, withContext, withHint } from '../model/errors';
import { type Logger } from '../model/logger';
import { type ImageManifest, type Manifest, isIndexType, parseManifest } from '../model/manifest';
import {
  type Child,
  type Entry,
  type Other,
  type Repo,
  type Resolved,
  attestationSubject,
  isAttestation
} from '../model/entry';
import {
  type Platform,
  configPlatformFields,
  isUnknownPlatform,
  normalizePlatform,
  platformProblem
} from '../model/platform';
import { type Reference, formatReference, manifestRef } from '../model/reference';
import { type FetchedManifest, type Registries } from '../registry/client';
import { retrying, waitPolicy } from '../registry/retry';
import { type SeenManifest } from './target-checks';

/** A 404 on a source is retried for up to `waitMs`: a matrix job's push may not have landed yet. */
async function fetchSource(
  registries: Registries,
  ref: Reference,
  waitMs: number,
  log: Logger
): Promise<FetchedManifest> {
  const client = registries.get(ref.registry);
  const name = formatReference(ref);
  const notFound = (err: unknown) => err instanceof RegistryError && err.status === 404;
  // What the first 404 means (no repository, or no such tag): said once, on the first line or in the failure.
  let meaning: string | undefined;
  let tries = 0;
  const started = Date.now();
  try {
    return await retrying(
      async (attempt) => {
        tries = attempt;
        try {
          return await client.getManifest(ref.repository, manifestRef(ref));
        } catch (err) {
          if (attempt === 1 && notFound(err)) meaning = await notFoundMeaning(registries, ref);
          throw err;
        }
      },
      waitPolicy(waitMs),
      // The first line says what is missing and how to change the wait; later ones are short.
      (_err, delay, attempt) =>
        log.info(
          attempt === 1
            ? `source ${name} not found yet (${meaning}); waiting up to ${waitMs / 1000} s for it to appear (FANIN_SOURCE_WAIT_SECONDS sets the wait)`
            : `source ${name} not found yet; waiting ${(delay / 1000).toFixed(1)} s`
        ),
      registries.signal,
      notFound
    );
  } catch (err) {
    throw withHint(withContext(err as Error, `source ${name}`), notFoundHint(err, meaning, tries, waitMs, started));
  }
}

/** What a failed source read adds: what is missing (as the first waiting line said), how long it was waited for, what to do. */
function notFoundHint(
  err: unknown,
  meaning: string | undefined,
  tries: number,
  waitMs: number,
  started: number
): string {
  if (!(err instanceof RegistryError && err.status === 404)) return '';
  const waited =
    tries > 1
      ? `, still after waiting ${seconds(Date.now() - started)} s (up to ${seconds(waitMs)} s: FANIN_SOURCE_WAIT_SECONDS)`
      : '';
  const missing = meaning !== undefined ? `; ${meaning}${waited}` : waited && `;${waited.slice(1)}`;
  const wait = waitMs > 0 ? '' : ' (or set FANIN_SOURCE_WAIT_SECONDS to wait for a push still under way)';
  return `${missing}; check that the build job pushed it and that the name is right${wait}`;
}

const seconds = (ms: number) =>
  ms < 10_000 ? (Math.round(ms / 100) / 10).toString() : Math.round(ms / 1000).toString();

/** A missing repository reads differently from a missing tag: registries answer MANIFEST_UNKNOWN for both. */
async function notFoundMeaning(registries: Registries, ref: Reference): Promise<string> {
  const exists = await registries.get(ref.registry).repositoryExists(ref.repository);
  const what = ref.digest ? `digest ${ref.digest}` : `tag ${ref.tag ?? 'latest'}`;
  if (exists === false) return `${ref.registry} has no repository ${ref.repository}`;
  if (exists === true) return `${ref.registry} has the repository ${ref.repository}, but not its ${what}`;
  return `${ref.registry} answered 404`;
}

function parseAs(fetched: FetchedManifest, what: string): Manifest {
  try {
    return parseManifest(fetched.bytes, fetched.mediaType);
  } catch (err) {
    throw withContext(err as Error, what);
  }
}

/**
 * What an image's config blob says about its platform: whichever of the fields it has (possibly
 * none), so annotate flags can complete it. Undefined when the config is not JSON.
 */
async function configPlatform(
  registries: Registries,
  repo: Repo,
  m: ImageManifest,
  what: string
): Promise<Partial<Platform> | undefined> {
  const config = await registries
    .get(repo.registry)
    .getBlob(repo.repository, m.config.digest)
    .catch((err) => {
      throw withContext(err as Error, `${what}: its config`);
    });
  try {
    return configPlatformFields(JSON.parse(config.toString('utf8')));
  } catch {
    return undefined;
  }
}

const complete = (p: Partial<Platform> | undefined): p is Platform => !!p?.os && !!p.architecture;

/** The annotate flags an override came from, for messages. */
function flagsOf(o: PlatformOverride): string {
  const names: Record<string, string> = {
    architecture: '--arch',
    os: '--os',
    'os.version': '--os-version',
    'os.features': '--os-features',
    variant: '--variant'
  };
  return Object.keys(o)
    .map((k) => names[k])
    .filter(Boolean)
    .join(' ');
}

/**
 * Expand one fetched manifest: a single image is one entry; an index is flattened into its
 * children. Attestations go with their subjects; an entry that is neither (an `unknown/unknown`
 * artifact, no platform anywhere) is kept as an entry that is not a platform.
 */
async function expand(
  registries: Registries,
  repo: Repo,
  source: string,
  kind: 'source' | 'existing',
  fetched: FetchedManifest,
  parsed: Manifest,
  override: PlatformOverride | undefined,
  onManifest?: ManifestSeen
): Promise<Resolved> {
  const label = `${kind} ${source}`;
  const own = { bytes: fetched.bytes, mediaType: parsed.mediaType, digest: fetched.digest };
  if (parsed.kind === 'image') {
    // The config read goes out first (the plan waits for it); then what the target can be asked
    // about this manifest already, its blobs included (see target-checks.ts).
    const reading = configPlatform(registries, repo, parsed, label);
    onManifest?.({ digest: fetched.digest, from: repo, manifest: parsed });
    const fromConfig = await reading;
    // The annotate flags override the config, also where it lacks os/architecture.
    const platform = override ? applyOverride(fromConfig as Platform | undefined, override) : fromConfig;
    if (!complete(platform)) {
      const missing = ['os', 'architecture'].filter((k) => !platform?.[k as 'os']).join(' and ');
      throw new InputError(
        `${label}: its config (${parsed.config.digest}) gives no ${missing}; add an annotations line "${source} --os linux --arch amd64" (with the right values)`
      );
    }
    const image: Entry['image'] = {
      descriptor: {
        mediaType: parsed.mediaType,
        digest: fetched.digest,
        size: fetched.bytes.length,
        platform: normalizePlatform(platform)
      },
      bytes: fetched.bytes,
      manifest: parsed,
      from: repo
    };
    return {
      source,
      manifest: own,
      index: false,
      entries: [{ source, image, attestations: [] }],
      others: [],
      strays: [],
      children: [image]
    };
  }

  if (override) {
    throw new InputError(
      `${label} is an index (${parsed.manifests.length} manifests): ${flagsOf(override)} needs a single-platform source; give that platform's image as the source, or use manifest-descriptor[os/arch]:KEY=VALUE lines to annotate an index's entries`
    );
  }
  const client = registries.get(repo.registry);
  const fetching = mapLimit(parsed.manifests, CONCURRENCY, async (d, i) => {
    const what = `${label} child ${d.digest} (manifests[${i}])`;
    if (isIndexType(d.mediaType))
      throw new InputError(
        `${label}: it nests an index (${d.digest}); nested indexes are not supported, give the inner index as a source`
      );
    if (d.platform !== undefined) {
      const problem = platformProblem(d.platform);
      if (problem) {
        throw new IntegrityError(
          `${what} has an unusable platform ${JSON.stringify(d.platform)}: ${problem}; the index is malformed: rebuild and push it, or give its images as sources with annotations lines "SOURCE --os … --arch …"`
        );
      }
    }
    const bytes = (
      await client.getManifest(repo.repository, d.digest).catch((err) => {
        throw withContext(err as Error, label);
      })
    ).bytes;
    if (bytes.length !== d.size)
      throw new IntegrityError(`${label}: child ${d.digest} has ${bytes.length} bytes, its descriptor says ${d.size}`);
    const manifest = parseAs({ bytes, mediaType: d.mediaType, digest: d.digest }, what);
    if (manifest.kind !== 'image')
      throw new InputError(
        `${label}: it nests an index (${d.digest}); nested indexes are not supported, give the inner index as a source`
      );
    const attestation = isAttestation(d, manifest);
    let platform = d.platform ? normalizePlatform(d.platform) : undefined;
    const reading = !platform && !attestation ? configPlatform(registries, repo, manifest, what) : undefined;
    onManifest?.({ digest: d.digest, from: repo, manifest, attestation });
    if (reading) {
      const fromConfig = await reading;
      if (complete(fromConfig)) platform = normalizePlatform(fromConfig);
    }
    const child: Child = { descriptor: platform ? { ...d, platform } : d, bytes, manifest, from: repo };
    return { child, attestation, isPlatform: !attestation && !!platform && !isUnknownPlatform(platform) };
  });
  // The children's digests are known before they are read: the target can be asked about them now (after their reads went out).
  for (const d of parsed.manifests)
    if (!isIndexType(d.mediaType)) onManifest?.({ digest: d.digest, from: repo, attestation: isAttestation(d) });
  const fetchedChildren = await fetching;

  const entries: Entry[] = [];
  const others: Other[] = [];
  const strays: Child[] = [];
  const bySubject = new Map<string, Entry>();
  for (const { child, attestation, isPlatform } of fetchedChildren) {
    if (attestation) continue;
    if (isPlatform) {
      const e: Entry = { source, image: child as Entry['image'], attestations: [] };
      entries.push(e);
      bySubject.set(child.descriptor.digest, e);
    } else others.push({ source, child });
  }
  for (const { child, attestation } of fetchedChildren) {
    if (!attestation) continue;
    const subject = bySubject.get(attestationSubject(child) ?? '');
    if (subject) subject.attestations.push(child);
    else strays.push(child);
  }
  return { source, manifest: own, index: true, entries, others, strays, children: fetchedChildren.map((c) => c.child) };
}

/** Told of every image manifest a source names, as soon as its digest is known, and again once it is read. */
export type ManifestSeen = (m: SeenManifest) => void;

/** Fetch every source (together) and flatten indexes, annotate flags applied. Checks come later, in the plan. */
export async function resolveSources(
  registries: Registries,
  sources: Reference[],
  overrides: Map<string, PlatformOverride>,
  waitMs: number,
  log: Logger,
  onManifest?: ManifestSeen
): Promise<Resolved[]> {
  // Each source goes on to its config or children as soon as its own manifest arrives.
  return mapLimit(sources, CONCURRENCY, async (ref) => {
    const name = formatReference(ref);
    const fetched = await fetchSource(registries, ref, waitMs, log);
    const repo = { registry: ref.registry, repository: ref.repository };
    return expand(
      registries,
      repo,
      name,
      'source',
      fetched,
      parseAs(fetched, `source ${name}`),
      overrides.get(sourceKey(ref)),
      onManifest
    );
  });
}

/** The list (or single manifest) a tag holds now, as entries; [] when the tag does not exist. */
export async function resolveExisting(
  registries: Registries,
  tag: Reference
): Promise<{ resolved?: Resolved; annotations?: Record<string, string> }> {
  const client = registries.get(tag.registry);
  let fetched: FetchedManifest;
  try {
    fetched = await client.getManifest(tag.repository, manifestRef(tag));
  } catch (err) {
    if (err instanceof RegistryError && err.status === 404) return {};
    throw withContext(err as Error, `amend ${formatReference(tag)}`);
  }
  const parsed = parseAs(fetched, `existing ${formatReference(tag)}`);
  const resolved = await expand(registries, tag, formatReference(tag), 'existing', fetched, parsed, undefined);
  return { resolved, annotations: parsed.kind === 'index' ? parsed.annotations : undefined };
}
