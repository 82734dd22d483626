/**
 * Image references with docker's normalization rules, in one place.
 * `nginx` → docker.io/library/nginx:latest; `ghcr.io/o/app@sha256:…`; `localhost:5000/app:1`.
 */
import { digestProblem } from './digest';
import { InputError } from './errors';

export interface Reference {
  /** Registry as users name it (`docker.io` for Docker Hub). */
  registry: string;
  /** Repository path inside the registry, lowercase. */
  repository: string;
  tag?: string;
  digest?: string;
  /**
   * An OCI image layout source (`oci-layout://PATH`): PATH as written. Its registry is then
   * `oci-layout://PATH` and its repository empty (see model/layout.ts).
   */
  layout?: string;
}

/** A reference that names a tag and no digest: a target, a source that can be purged. */
export type TagReference = Reference & { tag: string; digest?: undefined };
/** A reference pinned to a digest (it may name a tag too, which is then only a label). */
export type DigestReference = Reference & { digest: string };

export function isTagReference(ref: Reference): ref is TagReference {
  return !!ref.tag && !ref.digest;
}

export function isDigestReference(ref: Reference): ref is DigestReference {
  return !!ref.digest;
}

export const DOCKER_HUB = 'docker.io';
/** The API host behind docker.io. */
export const DOCKER_HUB_API = 'registry-1.docker.io';

/**
 * The one name of a registry host: lower case (RFC 3986 §3.2.2: host names are case-insensitive),
 * and Docker Hub's aliases folded into docker.io. `index.docker.io` is the v1 name docker's
 * config.json still uses (`https://index.docker.io/v1/`), `registry-1.docker.io` the API host.
 */
export function canonicalRegistry(host: string): string {
  const h = host.toLowerCase();
  return h === 'index.docker.io' || h === DOCKER_HUB_API ? DOCKER_HUB : h;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HOST =
  /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]+)?$/;

function bad(input: string, why: string, hint?: string): InputError {
  return new InputError(`invalid reference "${input}": ${why}${hint ? ` (${hint})` : ''}`);
}

/** Parse a reference the way docker does. Throws InputError naming the reference and the rule. */
export function parseReference(input: string): Reference {
  const s = input.trim();
  if (!s) throw bad(input, 'it is empty');
  if (/\s/.test(s)) throw bad(input, 'it contains white space');
  if (s.includes('://')) throw bad(input, 'a reference has no scheme', 'write host/repository:tag');

  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = digestProblem(digest);
    if (problem) throw bad(input, problem);
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag))
      throw bad(input, `"${tag}" is not a valid tag`, 'tags are up to 128 of [A-Za-z0-9_.-], not starting with . or -');
  }
  if (!rest) throw bad(input, 'the repository name is missing');

  let registry = DOCKER_HUB;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      path = rest.slice(slash + 1);
    }
  }
  if (!HOST.test(registry)) throw bad(input, `"${registry}" is not a valid registry host`);
  // One registry, one client, one credential, however it is spelled.
  registry = canonicalRegistry(registry);
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;

  const components = path.split('/');
  for (const c of components) {
    if (c !== c.toLowerCase() && COMPONENT.test(c.toLowerCase())) {
      throw bad(input, 'repository names must be lowercase');
    }
    if (!COMPONENT.test(c)) throw bad(input, `"${c}" is not a valid repository path component`);
  }
  if (registry.length + 1 + path.length > 255) throw bad(input, 'the name is longer than 255 characters');

  return { registry, repository: path, tag, digest };
}

/** Fully qualified name without tag or digest: `ghcr.io/o/app`. */
export function repoName(ref: Pick<Reference, 'registry' | 'repository'>): string {
  // A layout (oci-layout://PATH) has no repository: its "registry" names it whole.
  return ref.repository ? `${ref.registry}/${ref.repository}` : ref.registry;
}

/** Fully qualified string form: `docker.io/library/nginx:latest`, `ghcr.io/o/app@sha256:…`. */
export function formatReference(ref: Reference): string {
  let s = repoName(ref);
  if (ref.tag) s += `:${ref.tag}`;
  if (ref.digest) s += `@${ref.digest}`;
  return s;
}

/** The host that serves the registry API. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}

/** Whether a registry host is on the loopback interface (plain HTTP allowed without `insecure`). */
export function isLoopback(registry: string): boolean {
  const lower = registry.toLowerCase();
  const host = lower.startsWith('[') ? lower.slice(1, lower.indexOf(']')) : lower.replace(/:\d+$/, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Two references name the same repository (same registry and path). */
export function sameRepo(
  a: Pick<Reference, 'registry' | 'repository'>,
  b: Pick<Reference, 'registry' | 'repository'>
): boolean {
  return a.registry === b.registry && a.repository === b.repository;
}

/** A manifest "version" reference: the digest if there is one, else the tag (default latest). */
export function manifestRef(ref: Reference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** A reference without a digest as a tag reference: docker's default tag `latest` when it names none. */
export function asTagReference(ref: Reference): TagReference {
  if (ref.digest) throw new InputError(`${formatReference(ref)} has a digest; expected registry/repository:tag`);
  return { ...ref, tag: ref.tag || 'latest', digest: undefined };
}

/** Apply docker's default tag: a reference with neither tag nor digest means `:latest`. */
export function withDefaultTag(ref: Reference): Reference {
  // A layout without a tag means its only manifest, not `latest`.
  return ref.tag || ref.digest || ref.layout !== undefined ? ref : { ...ref, tag: 'latest' };
}
