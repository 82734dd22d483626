/** Sources → entries: manifests, configs, index flattening, attestations. Reads only. */
import { PlatformOverride, applyOverride, sourceKey } from '../model/annotations';
import { CONCURRENCY, mapLimit } from '../util/concurrency';
import { InputError, IntegrityError, RegistryError, withContext, withHint } from '../model/errors';
import { Logger } from '../model/logger';
import { ImageManifest, Manifest, isIndexType, parseManifest } from '../model/manifest';
import { ATTESTATION_SUBJECT, Child, Entry, Repo, checkDuplicates, isAttestation } from '../model/entry';
import { Platform, normalizePlatform } from '../model/platform';
import { Reference, formatReference, manifestRef } from '../model/reference';
import { FetchedManifest, Registries } from '../registry/client';
import { sleep } from '../registry/retry';

/** A 404 on a source is retried for up to `waitMs`: a matrix job's push may not have landed yet. */
async function fetchSource(registries: Registries, ref: Reference, waitMs: number, log: Logger): Promise<FetchedManifest> {
  const client = registries.get(ref.registry);
  const deadline = Date.now() + waitMs;
  for (let delay = 500; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await client.getManifest(ref.repository, manifestRef(ref));
    } catch (err) {
      const notFound = err instanceof RegistryError && err.status === 404;
      if (!notFound || Date.now() + delay > deadline) {
        const hint = notFound ? '; check that the build job pushed it and that the name is right' : '';
        throw withHint(withContext(err as Error, `source ${formatReference(ref)}`), hint);
      }
      log.info(`source ${formatReference(ref)} not found yet; waiting ${(delay / 1000).toFixed(1)} s for it to appear`);
      await sleep(delay, registries.signal);
    }
  }
}

function parseAs(fetched: FetchedManifest, what: string): Manifest {
  try {
    return parseManifest(fetched.bytes, fetched.mediaType);
  } catch (err) {
    throw withContext(err as Error, what);
  }
}

/** The platform recorded in an image's config blob. */
async function platformFromConfig(registries: Registries, repo: Repo, m: ImageManifest, what: string): Promise<Platform | undefined> {
  const config = await registries
    .get(repo.registry)
    .getBlob(repo.repository, m.config.digest)
    .catch((err) => {
      throw withContext(err as Error, `${what}: its config`);
    });
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(config.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof json.os !== 'string' || typeof json.architecture !== 'string') {
    if (m.config.mediaType.includes('image.config') || m.config.mediaType.includes('container.image')) {
      throw new IntegrityError(`${what}: its config has no os/architecture`);
    }
    return undefined;
  }
  return normalizePlatform({
    os: json.os,
    architecture: json.architecture,
    variant: typeof json.variant === 'string' ? json.variant : undefined,
    'os.version': typeof json['os.version'] === 'string' ? (json['os.version'] as string) : undefined,
    'os.features': Array.isArray(json['os.features']) ? (json['os.features'] as string[]) : undefined
  });
}

/**
 * Expand one fetched manifest into entries: a single image is one entry; an index is flattened
 * into its children, attestations attached to their subjects.
 */
async function expand(
  registries: Registries,
  repo: Repo,
  source: string,
  kind: 'source' | 'existing',
  fetched: FetchedManifest,
  parsed: Manifest,
  override: PlatformOverride | undefined
): Promise<Entry[]> {
  const label = `${kind} ${source}`;
  if (parsed.kind === 'image') {
    const platform = applyOverride(await platformFromConfig(registries, repo, parsed, label), override);
    if (!platform || !platform.os || !platform.architecture) {
      throw new InputError(`${label}: no platform in its config; add an annotations line "${source} --os linux --arch amd64" (or the right values)`);
    }
    const descriptor = { mediaType: parsed.mediaType, digest: fetched.digest, size: fetched.bytes.length, platform };
    return [{ source, image: { descriptor, bytes: fetched.bytes, manifest: parsed, from: repo }, attestations: [] }];
  }

  if (override) {
    throw new InputError(`${label} is an index (${parsed.manifests.length} manifests); --arch/--os flags apply to single-platform sources only, use manifest-descriptor[os/arch]: lines for annotations`);
  }
  const client = registries.get(repo.registry);
  const children = await mapLimit(parsed.manifests, CONCURRENCY, async (d) => {
    if (isIndexType(d.mediaType)) throw new InputError(`${label}: it nests an index (${d.digest}); nested indexes are not supported, give the inner index as a source`);
    const bytes = (
      await client.getManifest(repo.repository, d.digest).catch((err) => {
        throw withContext(err as Error, label);
      })
    ).bytes;
    if (bytes.length !== d.size) throw new IntegrityError(`${label}: child ${d.digest} has ${bytes.length} bytes, its descriptor says ${d.size}`);
    const manifest = parseAs({ bytes, mediaType: d.mediaType, digest: d.digest }, `${label} child ${d.digest}`) as ImageManifest;
    let platform = d.platform ? normalizePlatform(d.platform) : undefined;
    if (!platform && !isAttestation(d)) platform = await platformFromConfig(registries, repo, manifest, `${label} child ${d.digest}`);
    return { descriptor: { ...d, platform }, bytes, manifest, from: repo } as Child;
  });

  const entries: Entry[] = [];
  const bySubject = new Map<string, Entry>();
  for (const c of children) {
    if (isAttestation(c.descriptor)) continue;
    if (!c.descriptor.platform) throw new InputError(`${label}: child ${c.descriptor.digest} has no platform`);
    const e: Entry = { source, image: c as Entry['image'], attestations: [] };
    entries.push(e);
    bySubject.set(c.descriptor.digest, e);
  }
  for (const c of children) {
    if (!isAttestation(c.descriptor)) continue;
    // An attestation without a subject in this index describes nothing we list: leave it out.
    bySubject.get(c.descriptor.annotations?.[ATTESTATION_SUBJECT] ?? '')?.attestations.push(c);
  }
  return entries;
}

/** Fetch every source (together), flatten indexes, apply annotate flags, check duplicates. */
export async function resolveSources(
  registries: Registries,
  sources: Reference[],
  overrides: Map<string, PlatformOverride>,
  waitMs: number,
  log: Logger
): Promise<{ entries: Entry[]; manifests: Map<string, FetchedManifest> }> {
  // Each source goes on to its config or children as soon as its own manifest arrives.
  const resolved = await mapLimit(sources, CONCURRENCY, async (ref) => {
    const name = formatReference(ref);
    const fetched = await fetchSource(registries, ref, waitMs, log);
    const repo = { registry: ref.registry, repository: ref.repository };
    const entries = await expand(registries, repo, name, 'source', fetched, parseAs(fetched, `source ${name}`), overrides.get(sourceKey(ref)));
    return { name, fetched, entries };
  });
  const entries = resolved.flatMap((r) => r.entries);
  checkDuplicates(entries);
  return { entries, manifests: new Map(resolved.map((r) => [r.name, r.fetched])) };
}

/** The list (or single manifest) a tag holds now, as entries; [] when the tag does not exist. */
export async function resolveExisting(registries: Registries, tag: Reference): Promise<{ entries: Entry[]; annotations?: Record<string, string> }> {
  const client = registries.get(tag.registry);
  let fetched: FetchedManifest;
  try {
    fetched = await client.getManifest(tag.repository, manifestRef(tag));
  } catch (err) {
    if (err instanceof RegistryError && err.status === 404) return { entries: [] };
    throw withContext(err as Error, `amend ${formatReference(tag)}`);
  }
  const parsed = parseAs(fetched, `existing ${formatReference(tag)}`);
  const entries = await expand(registries, tag, formatReference(tag), 'existing', fetched, parsed, undefined);
  return { entries, annotations: parsed.kind === 'index' ? parsed.annotations : undefined };
}
