/**
 * Reads of the target repositories, started as soon as their answer can be asked for: whether a
 * child is there already (as each source manifest arrives, while its config is still fetched) and
 * what each tag holds (while the sources resolve). Copy and push await the same answers instead of
 * asking again, so these reads leave the critical path (issue "At the round-trip floor"). Reads
 * only: nothing is written before every check of the plan has passed.
 */
import { withContext } from '../model/errors';
import { type Repo } from '../model/entry';
import { type Reference, formatReference, repoName, sameRepo } from '../model/reference';
import { type Registries } from '../registry/client';
import { Once } from '../util/concurrency';

export class TargetChecks {
  private readonly manifests = new Once<boolean>();
  private readonly tags = new Once<string | undefined>();

  constructor(
    private readonly registries: Registries,
    private readonly targets: Repo[]
  ) {}

  /** Whether the manifest `digest` is in `target` (one HEAD per repository and digest in the run). */
  hasManifest(target: Repo, digest: string): Promise<boolean> {
    return this.manifests.run(`${repoName(target)}@${digest}`, async () => {
      const found = await this.registries
        .get(target.registry)
        .headManifest(target.repository, digest, 'push')
        .catch((err) => {
          throw withContext(err as Error, `HEAD ${repoName(target)}@${digest}`);
        });
      return !!found;
    });
  }

  /** Ask every target repository (but the one it is read from) for a manifest the list may reference. */
  prime(digest: string, from: Repo): void {
    for (const t of this.targets) {
      if (!sameRepo(t, from)) this.hasManifest(t, digest).catch(() => undefined); // awaited, and reported, by copy
    }
  }

  /** The digest a tag holds now (undefined: none), read once. */
  tagDigest(tag: Reference): Promise<string | undefined> {
    return this.tags.run(formatReference(tag), async () => (await this.registries.get(tag.registry).headManifest(tag.repository, tag.tag!, 'push'))?.digest);
  }

  /** Start reading every tag. */
  primeTags(tags: Reference[]): void {
    for (const t of tags) this.tagDigest(t).catch(() => undefined); // push reads again if this failed
  }
}
