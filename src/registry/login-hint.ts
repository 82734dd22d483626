/**
 * What a 401 tells the user: whether credentials for that registry were found (and where) and
 * refused, or none were found; and how to log in, in the words of the edge that runs.
 */
import type { Credential } from './credentials';

/** The action's edge or the command line's: their users log in differently. */
export type Edge = 'action' | 'cli';

/** How to log in to `registry` from this edge. */
export function loginStep(registry: string, edge: Edge = 'action'): string {
  return edge === 'cli' ? `docker login ${registry}` : 'docker/login-action before this step';
}

/** How to allow plain HTTP or unverified TLS from this edge. */
export function insecureStep(edge: Edge = 'action'): string {
  return edge === 'cli' ? 'pass --insecure' : 'set insecure: true';
}

/** The hint for a 401 from `registry` (or its token server). */
export function unauthorizedHint(
  registry: string,
  credential: Credential | undefined,
  edge: Edge = 'action',
  searched = 'the docker config'
): string {
  if (credential)
    return `the credentials for ${registry} from ${credential.from} were refused: ${credential.fix ?? `check them, or log in again (${loginStep(registry, edge)})`}`;
  return `no credentials for ${registry} were found in ${searched}: log in first (${loginStep(registry, edge)}), or make the repository public`;
}
