/** What an image's config blob says about its platform: one reader for resolve and inspect. */
import { type ImageManifest } from '../model/manifest';
import { type Platform, configPlatformFields } from '../model/platform';
import { type SourceReader } from '../model/source';

/**
 * The platform fields an image's config gives as non-empty strings (possibly none), so annotate
 * flags can complete them; undefined when the config is not JSON. A failed read is thrown.
 */
export async function configPlatform(
  client: Pick<SourceReader, 'getBlob'>,
  repository: string,
  m: ImageManifest
): Promise<Partial<Platform> | undefined> {
  const config = await client.getBlob(repository, m.config.digest);
  try {
    return configPlatformFields(JSON.parse(config.toString('utf8')));
  } catch {
    return undefined;
  }
}
