/**
 * docker's config.json format, wherever it is kept: `$DOCKER_CONFIG/config.json`, a buildx scoped
 * directory, or the `DOCKER_AUTH_CONFIG` variable. `credHelpers` (per registry) first, then an
 * `auths` entry, then `credsStore`, as the docker CLI reads them.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../../model/errors';
import { DOCKER_HUB } from '../../model/reference';
import { type Credential, DOCKER_HUB_KEY, normalizeConfigKey } from './credential';
import { type HelperRunner } from './helper';

export interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Parse a config's text; `where` names it (a file, a variable) in the error. */
export function parseDockerConfig(text: string, where: string, fix: string): DockerConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    // JSON.parse quotes the text around the fault, which may be a secret: say only where it is.
    const at = /at position \d+(?: \(line \d+ column \d+\))?/.exec((err as Error).message)?.[0];
    throw new InputError(`cannot read ${where}: it is not valid JSON${at ? ` (${at})` : ''}; ${fix}`);
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as DockerConfig;
  throw new InputError(`cannot read ${where}: it is not a JSON object; ${fix}`);
}

/** A config file, or `{}` when there is none. */
export async function readDockerConfigFile(
  file: string,
  fix = 'fix the file or point DOCKER_CONFIG elsewhere'
): Promise<DockerConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InputError(`cannot read ${file}: ${(err as Error).message}; ${fix}`, { cause: err });
  }
  return parseDockerConfig(text, file, fix);
}

export function lookupKey<T>(table: Record<string, T> | undefined, registry: string): [string, T] | undefined {
  if (!table || typeof table !== 'object') return undefined;
  for (const [key, value] of Object.entries(table)) if (normalizeConfigKey(key) === registry) return [key, value];
  return undefined;
}

/**
 * The credential an `auths` entry holds; undefined for an empty entry (docker leaves one behind
 * when a credential store keeps the secret). An `auth` that does not decode to `user:password` is
 * malformed: said with where it is, never silently anonymous (issue 17, item 9).
 */
export function fromAuthEntry(entry: AuthEntry, where: string, key: string): Credential | undefined {
  const from = `${where} (auths["${key}"])`;
  if (!entry || typeof entry !== 'object') return undefined;
  if (entry.registrytoken) return { registryToken: entry.registrytoken, from };
  if (entry.identitytoken) return { identityToken: entry.identitytoken, username: entry.username, from };
  if (entry.username && entry.password) return { username: entry.username, password: entry.password, from };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) return { username: decoded.slice(0, i), password: decoded.slice(i + 1), from };
    throw new InputError(
      `the entry auths["${key}"] in ${where} is malformed: its "auth" is not base64 of "user:password"; log in again or fix that entry`
    );
  }
  return undefined;
}

/** The credential a docker config holds for `registry`; `where` names the config in `from`. */
export async function fromDockerConfig(
  config: DockerConfig,
  registry: string,
  where: string,
  runHelper: HelperRunner
): Promise<Credential | undefined> {
  const serverUrl = registry === DOCKER_HUB ? DOCKER_HUB_KEY : registry;
  const helper = lookupKey(config.credHelpers, registry);
  // Where a credential came from names the config key that chose it (auths, credHelpers, credsStore).
  if (helper)
    return runHelper(helper[1], helper[0], where).then(
      (c) => c && { ...c, from: `${c.from} (credHelpers["${helper[0]}"] in ${where})` }
    );

  const entry = lookupKey(config.auths, registry);
  const inline = entry && fromAuthEntry(entry[1], where, entry[0]);
  if (inline) return inline;

  if (config.credsStore)
    return runHelper(config.credsStore, entry?.[0] ?? serverUrl, where).then(
      (c) => c && { ...c, from: `${c.from} (credsStore in ${where})` }
    );
  return undefined;
}
