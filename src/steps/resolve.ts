/** Sources → entries: manifests, configs, index flattening, attestations. Reads only. */
import { type PlatformOverride, applyOverride, sourceKey } from '../model/annotations';
import { CONCURRENCY, mapLimit } from '../util/concurrency';
import { InputError, IntegrityError, isNotFound, withContext, withHint } from '../model/errors';
import { type Logger } from '../model/logger';
import {
  type Descriptor,
  type ImageManifest,
  type IndexManifest,
  type Manifest,
  isIndexType,
  parseManifest
} from '../model/manifest';
import {
  type Child,
  type Entry,
  type NestedIndex,
  type Other,
  type Repo,
  type Resolved,
  attestationSubject,
  isAttestation
} from '../model/entry';
import {
  PLATFORM_FLAGS,
  type Platform,
  type PlatformField,
  isUnknownPlatform,
  normalizePlatform,
  platformProblem,
  platformValuesProblem
} from '../model/platform';
import { type Reference, formatReference, manifestRef } from '../model/reference';
import { type FetchedManifest } from '../registry/manifests';
import { type Registries } from '../registry/open';
import { policies } from '../registry/policies';
import { retryWith } from '../registry/retry';
import { isLayout } from '../model/source';
import { type LayoutStore } from '../layout/store';
import { configPlatform } from './config-platform';
import { resolveLayout } from './resolve-layout';
import { readerFor } from './source-reader';
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
  const notFound = isNotFound;
  // What the first 404 means (no repository, or no such tag): said once, on the first line or in the failure.
  let meaning: string | undefined;
  let tries = 0;
  const started = Date.now();
  try {
    return await retryWith(
      { ...policies.sourceWait(waitMs), retryable: notFound },
      async (attempt) => {
        tries = attempt;
        try {
          return await client.getManifest(ref.repository, manifestRef(ref));
        } catch (err) {
          if (attempt === 1 && notFound(err)) meaning = await notFoundMeaning(registries, ref);
          throw err;
        }
      },
      {
        signal: registries.signal,
        // The first line says what is missing and how to change the wait; later ones are short.
        onRetry: (_err, delay, attempt) =>
          log.info(
            attempt === 1
              ? `source ${name} not found yet (${meaning}); waiting up to ${waitMs / 1000} s for it to appear (FANIN_SOURCE_WAIT_SECONDS sets the wait)`
              : `source ${name} not found yet; waiting ${(delay / 1000).toFixed(1)} s`
          )
      }
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
  if (!isNotFound(err)) return '';
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
export async function notFoundMeaning(registries: Registries, ref: Reference): Promise<string> {
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

/** What expanding one manifest needs: where it lives, what it is called, and who to tell what is seen. */
interface Expansion {
  registries: Registries;
  repo: Repo;
  source: string;
  /** `source REF` or `existing REF` (a nested index's name appended), for messages. */
  label: string;
  onManifest?: ManifestSeen;
}

/** What an image's config says about its platform; a failed read names the manifest. */
function readConfigPlatform(x: Expansion, m: ImageManifest, what: string): Promise<Partial<Platform> | undefined> {
  return configPlatform(readerFor(x.registries, x.repo), x.repo.repository, m).catch((err) => {
    throw withContext(err as Error, `${what}: its config`);
  });
}

const complete = (p: Partial<Platform> | undefined): p is Platform => !!p?.os && !!p.architecture;

/** The annotate flags an override came from, for messages. */
function flagsOf(o: PlatformOverride): string {
  return (Object.keys(o) as PlatformField[])
    .map((k) => PLATFORM_FLAGS[k])
    .filter(Boolean)
    .join(' ');
}

/**
 * Expand one fetched manifest: a single image is one entry; an index is flattened into its
 * children (a nested index's too, kept aside for a promotion). Attestations go with their
 * subjects; an entry that is neither (an `unknown/unknown` artifact, no platform anywhere) is
 * kept as an entry that is not a platform.
 */
async function expand(
  x: Expansion,
  fetched: FetchedManifest,
  parsed: Manifest,
  override: PlatformOverride | undefined
): Promise<Resolved> {
  if (parsed.kind === 'image') return expandImage(x, fetched, parsed, override);
  if (override) {
    throw new InputError(
      `${x.label} is an index (${parsed.manifests.length} manifests): ${flagsOf(override)} needs a single-platform source; give that platform's image as the source, or use manifest-descriptor[os/arch]:KEY=VALUE lines to annotate an index's entries`
    );
  }
  return expandIndex(x, fetched, parsed);
}

/** A single-platform source: its platform from its config, completed (or overridden) by annotate flags. */
async function expandImage(
  x: Expansion,
  fetched: FetchedManifest,
  parsed: ImageManifest,
  override: PlatformOverride | undefined
): Promise<Resolved> {
  const { source, label, repo } = x;
  // The config read goes out first (the plan waits for it); then what the target can be asked
  // about this manifest already, its blobs included (see target-checks.ts).
  const reading = readConfigPlatform(x, parsed, label);
  x.onManifest?.({ digest: fetched.digest, from: repo, manifest: parsed });
  const fromConfig = await reading;
  // The annotate flags override the config, also where it lacks os/architecture.
  const platform = override ? applyOverride(fromConfig as Platform | undefined, override) : fromConfig;
  if (!complete(platform)) {
    const missing = ['os', 'architecture'].filter((k) => !platform?.[k as 'os']).join(' and ');
    throw new InputError(
      `${label}: its config (${parsed.config.digest}) gives no ${missing}; add an annotations line "${source} --os linux --arch amd64" (with the right values)`
    );
  }
  // Checked as it will be written: a value from the config that no platform filter can match is refused.
  const problem = platformValuesProblem(platform);
  if (problem) {
    throw new InputError(
      `${label}: the platform its config (${parsed.config.digest}) gives cannot be listed: ${problem}; add an annotations line "${source} --os … --arch … --variant …" with the right values, or fix the image`
    );
  }
  const descriptor = { mediaType: parsed.mediaType, digest: fetched.digest, size: fetched.bytes.length };
  const image: Entry['image'] = {
    descriptor: { ...descriptor, platform: normalizePlatform(platform) },
    bytes: fetched.bytes,
    manifest: parsed,
    from: repo
  };
  return {
    source,
    manifest: { bytes: fetched.bytes, mediaType: parsed.mediaType, digest: fetched.digest },
    index: false,
    entries: [{ source, image, attestations: [] }],
    others: [],
    strays: [],
    children: [image]
  };
}

/** One index entry, read: an image manifest (a platform, an attestation or another entry), or a nested index. */
type ReadChild =
  | { child: Child; attestation: boolean; isPlatform: boolean; nested?: undefined }
  | { nested: NestedIndex; inner: Resolved };

/** An index: every child read (together), then grouped into platforms, attestations and the rest. */
async function expandIndex(x: Expansion, fetched: FetchedManifest, parsed: IndexManifest): Promise<Resolved> {
  const reading = mapLimit(parsed.manifests, CONCURRENCY, (d, i) => readChild(x, d, i));
  // The children's digests are known before they are read: the target can be asked about them now (after their reads went out).
  for (const d of parsed.manifests)
    if (!isIndexType(d.mediaType)) x.onManifest?.({ digest: d.digest, from: x.repo, attestation: isAttestation(d) });
  const read = await reading;
  const indexManifest = { bytes: fetched.bytes, mediaType: parsed.mediaType, digest: fetched.digest };
  return { ...groupChildren(x.source, read), source: x.source, manifest: indexManifest, index: true };
}

/** Read one entry of an index; a nested index is expanded in turn (its children first in a copy). */
async function readChild(x: Expansion, d: Descriptor, i: number): Promise<ReadChild> {
  const what = `${x.label} child ${d.digest} (manifests[${i}])`;
  if (d.platform !== undefined) {
    const problem = platformProblem(d.platform);
    if (problem) {
      throw new IntegrityError(
        `${what} has an unusable platform ${JSON.stringify(d.platform)}: ${problem}; the index is malformed: rebuild and push it, or give its images as sources with annotations lines "SOURCE --os … --arch …"`
      );
    }
  }
  const bytes = (
    await readerFor(x.registries, x.repo)
      .getManifest(x.repo.repository, d.digest)
      .catch((err) => {
        throw withContext(err as Error, x.label);
      })
  ).bytes;
  if (bytes.length !== d.size)
    throw new IntegrityError(`${x.label}: child ${d.digest} has ${bytes.length} bytes, its descriptor says ${d.size}`);
  const manifest = parseAs({ bytes, mediaType: d.mediaType, digest: d.digest }, what);
  if (manifest.kind === 'index') {
    const nested: NestedIndex = { descriptor: d, bytes, manifest, from: x.repo };
    const inner = await expandIndex(
      { ...x, label: `${x.label} nested index ${d.digest}` },
      { ...nested, digest: d.digest, mediaType: d.mediaType },
      manifest
    );
    return { nested, inner };
  }
  const attestation = isAttestation(d, manifest);
  let platform = d.platform ? normalizePlatform(d.platform) : undefined;
  const reading = !platform && !attestation ? readConfigPlatform(x, manifest, what) : undefined;
  x.onManifest?.({ digest: d.digest, from: x.repo, manifest, attestation });
  if (reading) {
    const fromConfig = await reading;
    const problem = complete(fromConfig) ? platformValuesProblem(fromConfig) : undefined;
    if (problem)
      throw new IntegrityError(
        `${what} has no platform and its config (${manifest.config.digest}) gives one that cannot be listed: ${problem}; rebuild and push the index, or give its images as sources with annotations lines "SOURCE --os … --arch …"`
      );
    if (complete(fromConfig)) platform = normalizePlatform(fromConfig);
  }
  const child: Child = { descriptor: platform ? { ...d, platform } : d, bytes, manifest, from: x.repo };
  return { child, attestation, isPlatform: !attestation && !!platform && !isUnknownPlatform(platform) };
}

/** Platforms (each with its attestations), other entries, stray attestations; a nested index's merged in. */
function groupChildren(source: string, read: ReadChild[]): Omit<Resolved, 'source' | 'manifest' | 'index'> {
  const entries: Entry[] = [];
  const others: Other[] = [];
  const strays: Child[] = [];
  const nested: NestedIndex[] = [];
  const bySubject = new Map<string, Entry>();
  for (const r of read) {
    if (r.nested) {
      nested.push(r.nested, ...(r.inner.nested ?? []));
      entries.push(...r.inner.entries);
      others.push(...r.inner.others);
      strays.push(...r.inner.strays);
    } else if (r.attestation) continue;
    else if (r.isPlatform) {
      const e: Entry = { source, image: r.child as Entry['image'], attestations: [] };
      entries.push(e);
      bySubject.set(r.child.descriptor.digest, e);
    } else others.push({ source, child: r.child });
  }
  for (const r of read) {
    if (r.nested || !r.attestation) continue;
    const subject = bySubject.get(attestationSubject(r.child) ?? '');
    if (subject) subject.attestations.push(r.child);
    else strays.push(r.child);
  }
  const children = read.flatMap((r) => (r.nested ? [] : [r.child]));
  return { entries, others, strays, children, ...(nested.length ? { nested } : {}) };
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
  const layouts = new Map<string, Promise<LayoutStore>>();
  // Each source goes on to its config or children as soon as its own manifest arrives.
  return mapLimit(sources, CONCURRENCY, async (ref) => {
    const name = formatReference(ref);
    if (isLayout(ref))
      return resolveLayout(ref, layouts, (repo, fetched, parsed) =>
        expand(
          { registries, repo, source: name, label: `source ${name}`, onManifest },
          fetched,
          parsed,
          overrides.get(sourceKey(ref))
        )
      );
    const fetched = await fetchSource(registries, ref, waitMs, log);
    const repo = { registry: ref.registry, repository: ref.repository };
    const x: Expansion = { registries, repo, source: name, label: `source ${name}`, onManifest };
    return expand(x, fetched, parseAs(fetched, `source ${name}`), overrides.get(sourceKey(ref)));
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
    if (isNotFound(err)) return {};
    throw withContext(err as Error, `amend ${formatReference(tag)}`);
  }
  const parsed = parseAs(fetched, `existing ${formatReference(tag)}`);
  const name = formatReference(tag);
  const resolved = await expand(
    { registries, repo: tag, source: name, label: `existing ${name}` },
    fetched,
    parsed,
    undefined
  );
  return { resolved, annotations: parsed.kind === 'index' ? parsed.annotations : undefined };
}
