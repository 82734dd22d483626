/**
 * The command line's --ignore-missing (manifest-tool's: "only warn on missing images"): a source
 * the registry does not have is left out, with a warning naming it, before anything else runs.
 * A template's platform goes with its source, so the `platforms` check does not ask for it.
 * A run whose every source is missing still fails: a list is never pushed empty.
 */
import { CONCURRENCY, mapLimit } from '../util/concurrency';
import { InputError, withContext } from '../model/errors';
import { type Logger } from '../model/logger';
import { type Options } from '../model/options';
import { formatPlatform, osArchVariant } from '../model/platform';
import { formatReference, manifestRef } from '../model/reference';
import { isLayout } from '../model/source';
import { type Registries } from '../registry/open';

export async function skipMissing(registries: Registries, options: Options, log: Logger): Promise<Options> {
  const present = await mapLimit(options.sources, CONCURRENCY, async (ref) => {
    // A layout's manifest is checked with its blobs before anything is written (resolve-layout).
    if (isLayout(ref)) return true;
    const head = await registries
      .get(ref.registry)
      .headManifest(ref.repository, manifestRef(ref))
      .catch((err) => {
        throw withContext(err as Error, `source ${formatReference(ref)}`);
      });
    return head !== undefined;
  });
  const missing = options.sources.filter((_, i) => !present[i]);
  if (!missing.length) return options;
  if (missing.length === options.sources.length)
    throw new InputError(
      `--ignore-missing: every source is missing (${missing.map(formatReference).join(', ')}); a list is never pushed empty`
    );
  const dropped = missing.map((ref) => options.templates.get(formatReference(ref))?.platform);
  for (const [i, ref] of missing.entries()) {
    const p = dropped[i];
    log.warning(
      `source ${formatReference(ref)} is missing: left out (--ignore-missing)${p ? `, and with it the platform ${formatPlatform(p)}` : ''}`
    );
  }
  return {
    ...options,
    sources: options.sources.filter((_, i) => present[i]),
    platforms: options.platforms.filter((p) => !dropped.some((d) => d && osArchVariant(d) === osArchVariant(p)))
  };
}
