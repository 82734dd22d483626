/**
 * The auth file of podman, buildah and skopeo (containers-auth.json(5)): `$REGISTRY_AUTH_FILE`,
 * else `$XDG_RUNTIME_DIR/containers/auth.json` then `~/.config/containers/auth.json`. Its
 * `auths` keys are `registry` or `registry/namespace[/repository]`; the most specific key that
 * names the repository (or a namespace above it) wins, and a key with a scheme is the legacy,
 * registry-wide form.
 */
import { canonicalRegistry } from '../../model/reference';
import { type Credential } from './credential';
import { type AuthEntry, type DockerConfig, fromAuthEntry, lookupKey, readDockerConfigFile } from './docker-config';
import { type HelperRunner } from './helper';

/** A key as a `registry[/path]` with the registry canonical; a key with a scheme names its registry only. */
function keyScope(key: string): string {
  if (/^[a-z]+:\/\//i.test(key)) return canonicalRegistry(key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''));
  const trimmed = key.replace(/\/+$/, '');
  const slash = trimmed.indexOf('/');
  return slash < 0
    ? canonicalRegistry(trimmed)
    : `${canonicalRegistry(trimmed.slice(0, slash))}${trimmed.slice(slash)}`;
}

/** The most specific `auths` key for this repository: `registry/a/b`, then `registry/a`, then `registry`. */
export function pickAuthKey(
  auths: Record<string, AuthEntry>,
  registry: string,
  repository: string
): string | undefined {
  const scopes = new Map<string, string>();
  for (const key of Object.keys(auths)) if (!scopes.has(keyScope(key))) scopes.set(keyScope(key), key);
  const parts = repository.split('/');
  for (let n = parts.length; n >= 0; n--) {
    const key = scopes.get([registry, ...parts.slice(0, n)].join('/'));
    if (key !== undefined) return key;
  }
  return undefined;
}

/** The credential the containers auth file holds for this repository. */
export async function fromContainersAuth(
  file: string,
  registry: string,
  repository: string,
  runHelper: HelperRunner
): Promise<Credential | undefined> {
  const config: DockerConfig = await readDockerConfigFile(file, 'fix the file or point REGISTRY_AUTH_FILE elsewhere');
  const helper = lookupKey(config.credHelpers, registry);
  if (helper)
    return runHelper(helper[1], helper[0], file).then(
      (c) => c && { ...c, from: `${c.from} (credHelpers["${helper[0]}"] in ${file})` }
    );
  if (!config.auths || typeof config.auths !== 'object') return undefined;
  const key = pickAuthKey(config.auths, registry, repository);
  return key === undefined ? undefined : fromAuthEntry(config.auths[key], file, key);
}
