/**
 * The credential inputs: `username`/`password` (for the first tag's registry) and `registry-auth`
 * (docker/login-action v4's YAML list of `registry`, `username`, `password`). Pure: the edge
 * reads them (and masks every password), the credential lookup answers from what this returns.
 */
import { parse } from 'yaml';
import { InputError } from './errors';
import { DOCKER_HUB, canonicalRegistry } from './reference';

export interface InputCredential {
  /** As the client names registries (docker.io, ghcr.io, host:port). */
  registry: string;
  username: string;
  password: string;
  /** Which input it came from, for messages (never the secret). */
  from: string;
}

export interface CredentialInputs {
  username?: string;
  password?: string;
  registryAuth?: string;
}

/** How an edge names its inputs: the action's inputs, or the command line's flags. */
export interface CredentialInputNames {
  usernamePassword: string;
  registryAuth: string;
}

export const ACTION_INPUT_NAMES: CredentialInputNames = {
  usernamePassword: 'the "username"/"password" inputs',
  registryAuth: 'the "registry-auth" input'
};

export const CLI_INPUT_NAMES: CredentialInputNames = {
  usernamePassword: '--username/--password-stdin',
  registryAuth: '--registry-auth'
};

/** `https://ghcr.io/v2/`, `ghcr.io`, `index.docker.io`: one registry, as docker/login-action accepts them. */
function registryName(value: string): string {
  return canonicalRegistry(
    value
      .trim()
      .replace(/^[a-z]+:\/\//i, '')
      .replace(/\/.*$/, '')
  );
}

/** Every password in a registry-auth text, for masking before anything else reads it; [] when unparsable. */
export function registryAuthPasswords(text: string | undefined): string[] {
  try {
    const list = parse(text ?? '') as unknown;
    if (!Array.isArray(list)) return [];
    return list
      .map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>).password : undefined))
      .filter((p): p is string | number => (typeof p === 'string' || typeof p === 'number') && `${p}` !== '')
      .map(String);
  } catch {
    return [];
  }
}

function parseRegistryAuth(text: string, names: CredentialInputNames): InputCredential[] {
  let list: unknown;
  try {
    list = parse(text);
  } catch (err) {
    // Not the parser's message: its excerpt of the text may hold a password.
    const pos = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw new InputError(
      `input "registry-auth" is not valid YAML${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}: give a list of registry, username and password entries`
    );
  }
  if (!Array.isArray(list))
    throw new InputError(
      'input "registry-auth" must be a YAML list, each item with registry (default docker.io), username and password'
    );
  const seen = new Set<string>();
  return list.map((item: unknown, i) => {
    const e = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    const text = (k: string) => (typeof e[k] === 'string' || typeof e[k] === 'number' ? String(e[k]) : '');
    const registry = registryName(text('registry') || DOCKER_HUB);
    const username = text('username');
    const password = text('password');
    if (!username || !password)
      throw new InputError(
        `input "registry-auth": item ${i + 1} (${registry}) needs both username and password (got ${username ? 'no password' : 'no username'})`
      );
    if (seen.has(registry))
      throw new InputError(`input "registry-auth": ${registry} is given twice; keep one item per registry`);
    seen.add(registry);
    return { registry, username, password, from: `${names.registryAuth} (item ${i + 1}, ${registry})` };
  });
}

/**
 * The credentials the inputs give, `username`/`password` first (they win over `registry-auth`
 * for their registry). One of username and password without the other is an input error.
 */
export function parseCredentialInputs(
  raw: CredentialInputs,
  firstTagRegistry: string,
  names: CredentialInputNames = ACTION_INPUT_NAMES
): InputCredential[] {
  const username = (raw.username ?? '').trim();
  const password = raw.password ?? '';
  if (!!username !== !!password)
    throw new InputError(
      username
        ? `input "username" is set but "password" is empty: give both (the password from a secret), or neither`
        : `input "password" is set but "username" is empty: give both, or neither`
    );
  const out: InputCredential[] = [];
  if (username) out.push({ registry: firstTagRegistry, username, password, from: names.usernamePassword });
  if ((raw.registryAuth ?? '').trim()) out.push(...parseRegistryAuth(raw.registryAuth!, names));
  return out;
}
