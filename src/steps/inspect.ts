/**
 * Read one reference as stored: the manifest or list, a single manifest's platform (from its
 * config), and with `children` every entry's manifest. Reads only: pull rights suffice.
 */
import { CONCURRENCY, mapLimit } from '../util/concurrency';
import { IntegrityError, isNotFound, withContext, withHint } from '../model/errors';
import { type Inspected, type InspectedEntry } from '../model/inspect-view';
import { type Logger } from '../model/logger';
import { type ImageManifest, isIndexType, parseManifest } from '../model/manifest';
import { type Platform, normalizePlatform } from '../model/platform';
import { configPlatform } from './config-platform';
import { type Reference, formatReference, manifestRef, repoName } from '../model/reference';
import { type Settings } from '../model/settings';
import { type RegistryClient } from '../registry/client';
import { openRegistries } from '../registry/open';
import { notFoundMeaning } from './resolve';

export interface InspectRequest {
  ref: Reference;
  insecure: boolean;
  /** Also read each entry's manifest (for -v and the text view). */
  children: boolean;
  settings: Settings;
}

/** A single manifest's platform, when its config gives os and architecture. */
async function platformOf(client: RegistryClient, repository: string, m: ImageManifest): Promise<Platform | undefined> {
  const p = await configPlatform(client, repository, m);
  return p?.os && p.architecture ? normalizePlatform({ ...p, os: p.os, architecture: p.architecture }) : undefined;
}

export async function inspect(req: InspectRequest, log: Logger): Promise<Inspected> {
  const { ref, settings } = req;
  const name = formatReference(ref);
  const registries = openRegistries(settings, req.insecure, log);
  try {
    const client = registries.get(ref.registry);
    await client.declareScopes([ref.repository], []).catch((err) => {
      throw withContext(err as Error, name);
    });
    const fetched = await client.getManifest(ref.repository, manifestRef(ref)).catch(async (err) => {
      // As for a source: a missing repository reads differently from a missing tag.
      const missing = isNotFound(err)
        ? `; ${await notFoundMeaning(registries, ref).catch(() => 'the registry answered 404')}`
        : '';
      throw withHint(withContext(err as Error, name), missing);
    });
    let manifest;
    try {
      manifest = parseManifest(fetched.bytes, fetched.mediaType);
    } catch (err) {
      throw withContext(err as Error, name);
    }
    const out: Inspected = {
      name,
      repo: repoName(ref),
      tag: ref.tag,
      digest: fetched.digest,
      mediaType: manifest.mediaType,
      bytes: fetched.bytes,
      manifest,
      entries: []
    };
    if (manifest.kind === 'image') {
      out.platform = await platformOf(client, ref.repository, manifest).catch((err) => {
        throw withContext(err as Error, `${name}: its config`);
      });
      return out;
    }
    out.entries = await mapLimit(manifest.manifests, CONCURRENCY, async (descriptor): Promise<InspectedEntry> => {
      if (!req.children) return { descriptor };
      const child = await client.getManifest(ref.repository, descriptor.digest).catch((err) => {
        throw withContext(err as Error, `${name} entry ${descriptor.digest}`);
      });
      if (child.bytes.length !== descriptor.size) {
        throw new IntegrityError(
          `${name} entry ${descriptor.digest}: ${child.bytes.length} bytes, its descriptor says ${descriptor.size}`
        );
      }
      const parsed = isIndexType(descriptor.mediaType) ? undefined : parseManifest(child.bytes, descriptor.mediaType);
      return { descriptor, bytes: child.bytes, manifest: parsed };
    });
    return out;
  } finally {
    registries.dispose();
  }
}
