/**
 * What the target repositories are asked, started as soon as the question can be put: whether a
 * child is there already and whether its blobs are (as each source manifest arrives, while its
 * config is still fetched), what each tag holds (while the sources resolve), and, when allowed,
 * the mounts of each child's blobs within a registry. Copy and push await the same answers
 * instead of asking again, so these requests leave the critical path (issue "At the round-trip
 * floor"). Reads, and mounts: a mount links a blob the registry has into another repository; it
 * writes no manifest and no tag, and it is started early only when no `platforms` check is asked
 * for (that check comes before anything at all is written).
 */
import { withContext } from '../model/errors';
import { type Repo } from '../model/entry';
import { type ImageManifest, blobsOf, servedElsewhere } from '../model/manifest';
import { type TagReference, formatReference, repoName, sameRepo } from '../model/reference';
import { type Registries } from '../registry/open';
import { Once } from '../util/concurrency';

/** A manifest a source names: its digest as soon as known, its bytes' parse once read. */
export interface SeenManifest {
  digest: string;
  from: Repo;
  /** The image manifest, once read (its blobs can be asked about, or mounted). */
  manifest?: ImageManifest;
  /** An attestation (known from the index descriptor, or from its subject). */
  attestation?: boolean;
}

export interface TargetCheckOptions {
  /** Mount a child's blobs as soon as its manifest is read (within one registry). */
  mountEarly?: boolean;
  /** Attestations are left out of the list: ask nothing about them. */
  dropAttestations?: boolean;
}

/** Blobs an image is taken to have before its manifest is read: a config and one layer. */
export const BLOBS_BEFORE_READ = 2;

/**
 * How many requests `startChecks` sends to `registry` at once when `manifests` source manifests
 * arrive together: per manifest and target repository on that registry, the manifest's HEAD and
 * one request per blob (a mount, or a HEAD across registries) — the widest case, early mounts
 * allowed. The client opens that many connections while it fetches the token, so a request added
 * to `startChecks` belongs here too (a unit test ties the two).
 */
export function checksWaveWidth(manifests: number, targets: Repo[], registry: string): number {
  const on = targets.filter((t) => t.registry === registry).length;
  return manifests * on * (1 + BLOBS_BEFORE_READ);
}

export class TargetChecks {
  private readonly manifests = new Once<boolean>();
  private readonly blobs = new Once<boolean>();
  private readonly mounts = new Once<boolean>();
  private readonly tags = new Once<string | undefined>();
  /** Manifests found in a target already (`repo@digest`): their blobs need no early requests. */
  private readonly present = new Set<string>();

  constructor(
    private readonly registries: Registries,
    private readonly targets: Repo[],
    private readonly opts: TargetCheckOptions = {}
  ) {}

  /** Whether the manifest `digest` is in `target` (one HEAD per repository and digest in the run). */
  hasManifest(target: Repo, digest: string): Promise<boolean> {
    const key = `${repoName(target)}@${digest}`;
    return this.manifests.run(key, async () => {
      const found = await this.registries
        .get(target.registry)
        .headManifest(target.repository, digest, 'push')
        .catch((err) => {
          throw withContext(err as Error, `HEAD ${key}`);
        });
      if (found) this.present.add(key);
      return !!found;
    });
  }

  /** Whether the blob `digest` is in `target` (one HEAD per repository and digest in the run). */
  hasBlob(target: Repo, digest: string): Promise<boolean> {
    return this.blobs.run(`${repoName(target)}@${digest}`, () =>
      this.registries.get(target.registry).hasBlob(target.repository, digest)
    );
  }

  /**
   * Mount `digest` from `from` into `target` (same registry), once per repository and digest:
   * true when mounted; false or a rejection when not (the caller then streams it).
   */
  mountBlob(target: Repo, digest: string, from: Repo): Promise<boolean> {
    return this.mounts.run(`${repoName(target)}@${digest}`, () =>
      this.registries.get(target.registry).mountBlob(target.repository, digest, from.repository)
    );
  }

  /** Start what can be asked of every target repository (but the one it is read from) about this manifest. */
  startChecks(m: SeenManifest): void {
    if (m.attestation && this.opts.dropAttestations) return;
    // An index entry may be an attestation that only its manifest shows (a subject): asked about once read.
    if (!m.manifest && this.opts.dropAttestations) return;
    const ignore = () => undefined; // awaited, and reported, by copy
    for (const t of this.targets) {
      if (sameRepo(t, m.from)) continue;
      this.hasManifest(t, m.digest).catch(ignore);
      // Already there (the HEAD of its index entry answered first, as on a re-run): its blobs need nothing.
      if (!m.manifest || this.present.has(`${repoName(t)}@${m.digest}`)) continue;
      const mountable = t.registry === m.from.registry;
      if (mountable && !this.opts.mountEarly) continue;
      // Blobs served from their descriptor's urls are copy's to decide (the source may lack them).
      for (const b of blobsOf(m.manifest).filter((d) => !servedElsewhere(d))) {
        if (mountable) this.mountBlob(t, b.digest, m.from).catch(ignore);
        else this.hasBlob(t, b.digest).catch(ignore);
      }
    }
  }

  /** The digest a tag holds now (undefined: none), read once. */
  tagDigest(tag: TagReference): Promise<string | undefined> {
    return this.tags.run(
      formatReference(tag),
      async () => (await this.registries.get(tag.registry).headManifest(tag.repository, tag.tag, 'push'))?.digest
    );
  }

  /** Start reading every tag. */
  primeTags(tags: TagReference[]): void {
    for (const t of tags) this.tagDigest(t).catch(() => undefined); // push reads again if this failed
  }
}
