/** One credential, where it came from, and the checks every source's credential goes through. */
import { InputError } from '../../model/errors';
import { canonicalRegistry } from '../../model/reference';

export interface Credential {
  username?: string;
  password?: string;
  /** OAuth2 refresh token from `docker login` against some registries (ACR, Harbor…). */
  identityToken?: string;
  /** A bearer token to send as is. */
  registryToken?: string;
  /** Where it came from, for logs (never the secret): an input, a file and its key, a variable, a helper. */
  from: string;
  /** What to do when the registry refuses it, when that is not "log in again" (an input: fix the secret). */
  fix?: string;
}

/** What a request needs of a repository: the lookup may answer differently for pushing and pulling. */
export type CredentialAccess = 'pull' | 'push';

/** Docker Hub's key in config.json; what credential helpers are asked for. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/** `https://ghcr.io/v2/`, `ghcr.io` and Docker Hub's spellings all name one registry. */
export function normalizeConfigKey(key: string): string {
  return canonicalRegistry(key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''));
}

/** base64(`user:password`): what Basic auth sends (RFC 7617), and so a secret to mask as well. */
export function basicToken(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64');
}

/** Every value of a credential that must never reach a log. */
export function secretsOf(c: Credential): string[] {
  const out = [c.password, c.identityToken, c.registryToken].filter((s): s is string => !!s);
  if (c.username && c.password) out.push(basicToken(c.username, c.password));
  return out;
}

/**
 * A credential is sent in a header (Basic, Bearer) or a form: a CR, LF or other control character
 * in it (a secret pasted with its trailing newline) can never work and would break the request.
 * Said at once, naming the registry, the field and where it came from, never the value.
 */
export function checkCredential(registry: string, c: Credential): void {
  const fields: Array<[string, string | undefined]> = [
    ['username', c.username],
    ['password', c.password],
    ['identity token', c.identityToken],
    ['registry token', c.registryToken]
  ];
  for (const [field, value] of fields) {
    // eslint-disable-next-line no-control-regex
    if (value !== undefined && /[\u0000-\u001f\u007f]/.test(value)) {
      const what = /[\r\n]/.test(value) ? 'a line break' : 'a control character';
      throw new InputError(
        `the credentials for ${registry} from ${c.from} have ${what} in the ${field}; fix the secret given to the login step (often a trailing newline) or that entry`
      );
    }
  }
}
