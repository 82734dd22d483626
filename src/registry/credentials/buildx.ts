/**
 * buildx's scoped credentials, as docker/login-action's `scope` input writes them (its
 * src/context.ts, scopeToConfigDir): `$BUILDX_CONFIG/config/<registry>[/<repository>][@<scope>[,…]]/config.json`,
 * a docker config that holds the login for that registry. Docker Hub's directory is
 * `registry-1.docker.io`. The most specific directory whose repository and scopes cover the
 * access wins: a deeper repository path first, then one that names its scopes.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DOCKER_HUB, DOCKER_HUB_API } from '../../model/reference';
import { type CredentialAccess } from './credential';

export interface ScopedDir {
  /** The config directory. */
  dir: string;
  /** How many repository path segments it names (0: the whole registry). */
  depth: number;
  /** The scopes after `@`; undefined when it names none (any access). */
  scopes?: string[];
}

/** The directory name docker/login-action gives a registry. */
export function registryDirName(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}

/** `name` or `name@push,pull` for the path segment `segment`: its scopes, null when it is another name. */
export function scopesOfName(name: string, segment: string): string[] | undefined | null {
  if (name === segment) return undefined;
  if (!name.startsWith(`${segment}@`)) return null;
  const scopes = name.slice(segment.length + 1).split(',');
  return scopes.every((s) => /^[a-z]+$/.test(s)) ? scopes : null;
}

/** Whether scopes allow the access: push needs push; pull is allowed by pull or push (a pusher reads too). */
export function scopesAllow(scopes: string[] | undefined, access: CredentialAccess): boolean {
  if (!scopes) return true;
  return access === 'push' ? scopes.includes('push') : scopes.includes('pull') || scopes.includes('push');
}

/** The candidates that allow the access, most specific first. */
export function rankScopedDirs(dirs: ScopedDir[], access: CredentialAccess): ScopedDir[] {
  return dirs
    .filter((d) => scopesAllow(d.scopes, access))
    .sort((a, b) => b.depth - a.depth || Number(!!b.scopes) - Number(!!a.scopes));
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** Every scoped directory under `buildxConfig` that names this registry and a prefix of the repository. */
export async function findScopedDirs(buildxConfig: string, registry: string, repository: string): Promise<ScopedDir[]> {
  const segments = [registryDirName(registry), ...repository.split('/')];
  const out: ScopedDir[] = [];
  let parent = path.join(buildxConfig, 'config');
  for (let depth = 0; depth < segments.length; depth++) {
    const listed = await names(parent);
    for (const name of listed) {
      const scopes = scopesOfName(name, segments[depth]);
      if (scopes !== null) out.push({ dir: path.join(parent, name), depth, scopes });
    }
    if (!listed.includes(segments[depth])) break;
    parent = path.join(parent, segments[depth]);
  }
  return out;
}
