import { randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CONCURRENCY, mapLimit } from '../util/concurrency';
import { errorMessage } from '../model/errors';
import { Logger } from '../model/logger';
import { MediaType, sha256 } from '../model/manifest';
import { Reference, formatReference, repoName } from '../model/reference';
import { PurgeResult } from '../model/result';
import { RegistryClient, Registries } from '../registry/client';

/**
 * Safe removal of the source tags a list was built from. Tags only: a digest the list references
 * is never deleted, and no tag is left pointing at something new.
 */
export interface PurgeCandidate {
  ref: Reference;
  /** The digest the tag pointed to when we read it. */
  digest: string;
  /** Its manifest, to put the tag back if a removal goes wrong half-way. */
  bytes: Buffer;
  mediaType: string;
}

/** Sources that purge may remove: given by tag (not digest), and not themselves a target. Pure. */
export function purgeCandidates(sources: Reference[], tags: Reference[]): Reference[] {
  const targets = new Set(tags.map(formatReference));
  return sources.filter((ref) => !ref.digest && ref.tag && !targets.has(formatReference(ref)));
}

const EMPTY_CONFIG = Buffer.from('{}');

/** A unique, tiny manifest to move a tag onto before deleting it by digest. */
function placeholder(note: string): Buffer {
  const doc = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(EMPTY_CONFIG), size: EMPTY_CONFIG.length },
    layers: [],
    annotations: { 'org.opencontainers.image.description': `manifest-fanin purge placeholder: ${note}`, 'dev.manifest-fanin.purge': randomUUID() }
  };
  return Buffer.from(JSON.stringify(doc));
}

const deleted = (status: number) => status === 202 || status === 200 || status === 204;

/** Per repository: can a tag be removed by moving it onto a placeholder and deleting that by digest? */
async function digestDeleteWorks(client: RegistryClient, repo: string, log: Logger): Promise<boolean> {
  await client.uploadBlob(repo, sha256(EMPTY_CONFIG), EMPTY_CONFIG.length, async () => Readable.from([EMPTY_CONFIG]));
  // First untagged, so a registry that refuses deletes is left with no stray tag.
  const loose = placeholder('probe');
  await client.putManifest(repo, sha256(loose), loose, MediaType.OciManifest);
  const res = await client.deleteManifest(repo, sha256(loose));
  if (!deleted(res.status)) {
    log.debug(`${client.registry}/${repo}: delete by digest answered HTTP ${res.status}`);
    return false;
  }
  // Then on a throwaway tag: the tag must go with the digest.
  const probeTag = `fanin-purge-probe-${randomUUID().slice(0, 8)}`;
  const tagged = placeholder('tag probe');
  await client.putManifest(repo, probeTag, tagged, MediaType.OciManifest);
  const res2 = await client.deleteManifest(repo, sha256(tagged));
  const still = await client.headManifest(repo, probeTag);
  if (!deleted(res2.status) || still) {
    log.warning(`${client.registry}/${repo}: deleting a manifest by digest does not remove its tags here; throwaway tag ${probeTag} may remain`);
    return false;
  }
  return true;
}

async function removeTag(client: RegistryClient, c: PurgeCandidate, probe: () => Promise<boolean>, refusals: Set<number>, log: Logger): Promise<boolean> {
  const repo = c.ref.repository;
  const tag = c.ref.tag!;
  const name = formatReference(c.ref);
  const now = await client.headManifest(repo, tag);
  if (!now) return true;
  if (now.digest && now.digest !== c.digest) {
    log.warning(`purge: ${name} now points to ${now.digest}, not ${c.digest} that the list used; left alone`);
    return false;
  }
  // The OCI way: delete the tag itself.
  const direct = await client.deleteManifest(repo, tag);
  if (deleted(direct.status)) return true;
  // A repeated DELETE whose first try landed finds nothing: gone is gone.
  if (direct.status === 404) return !(await client.headManifest(repo, tag));
  // 405: no manifest deletes here (GHCR, deletes disabled); 401/403: these credentials may not
  // delete. Probing would only leave an untagged placeholder behind.
  if ([401, 403, 405].includes(direct.status)) {
    refusals.add(direct.status);
    log.debug(`purge: DELETE ${name} answered HTTP ${direct.status}; tag left in place`);
    return false;
  }
  log.debug(`purge: DELETE ${name} answered HTTP ${direct.status}; trying a placeholder`);
  if (!(await probe())) return false;

  const ph = placeholder(name);
  await client.putManifest(repo, tag, ph, MediaType.OciManifest);
  const res = await client.deleteManifest(repo, sha256(ph)).catch(() => undefined);
  if (res && deleted(res.status)) return true;
  // Never strand the tag on the placeholder: put the original back, and say so if that fails.
  try {
    await client.putManifest(repo, tag, c.bytes, c.mediaType);
  } catch (err) {
    log.warning(`purge: ${name} now points to a placeholder (${sha256(ph)}), not ${c.digest}: putting it back failed (${errorMessage(err)}); re-tag ${c.digest} as ${tag}`);
    throw err;
  }
  return false;
}

/** `docker manifest create` keeps local lists under $DOCKER_CONFIG/manifests/<ref made file-safe>. */
export function localListDirs(dockerConfig: string, tag: Reference): string[] {
  const safe = (s: string) => s.replace(/:/g, '-').replace(/\//g, '_');
  const full = formatReference(tag);
  const names = new Set([full]);
  if (tag.registry === 'docker.io') names.add(full.replace(/^docker\.io\/(library\/)?/, ''));
  return [...names].map((n) => path.join(dockerConfig, 'manifests', safe(n)));
}

export async function purge(registries: Registries, candidates: PurgeCandidate[], tags: Reference[], dockerConfig: string, log: Logger): Promise<PurgeResult> {
  const result: PurgeResult = { removed: [], left: [], localLists: [] };
  const refusals = new Set<number>();
  const probes = new Map<string, Promise<boolean>>();
  await mapLimit(candidates, CONCURRENCY, async (c) => {
    const client = registries.get(c.ref.registry);
    const key = repoName(c.ref);
    const probe = () => {
      let p = probes.get(key);
      if (!p) {
        p = digestDeleteWorks(client, c.ref.repository, log).catch((err) => {
          log.debug(`purge: probing deletes in ${key} failed: ${errorMessage(err)}`);
          return false;
        });
        probes.set(key, p);
      }
      return p;
    };
    let ok = false;
    try {
      ok = await removeTag(client, c, probe, refusals, log);
    } catch (err) {
      log.warning(`purge: ${formatReference(c.ref)} left in place: ${errorMessage(err)}`);
    }
    (ok ? result.removed : result.left).push(formatReference(c.ref));
  });
  if (result.left.length) {
    const why = refusals.has(401) || refusals.has(403) ? 'the registry refused these credentials a delete' : 'the registry does not allow deleting tags';
    log.warning(`purge: ${plural(result.left.length)} could not be removed (${why}): ${result.left.join(', ')}`);
  }
  for (const tag of tags) {
    for (const dir of localListDirs(dockerConfig, tag)) {
      if (await stat(dir).catch(() => undefined)) {
        await rm(dir, { recursive: true, force: true });
        result.localLists.push(dir);
      }
    }
  }
  return result;
}

const plural = (n: number) => (n === 1 ? '1 source tag' : `${n} source tags`);
