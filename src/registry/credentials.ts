/**
 * Credentials as `docker login` / docker/login-action leave them: $DOCKER_CONFIG/config.json
 * (else ~/.docker/config.json), with credHelpers, auths and credsStore.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../model/errors';
import { Once } from '../util/concurrency';
import { DOCKER_HUB, canonicalRegistry } from '../model/reference';

export interface Credential {
  username?: string;
  password?: string;
  /** OAuth2 refresh token from `docker login` against some registries (ACR, Harbor…). */
  identityToken?: string;
  /** A bearer token to send as is. */
  registryToken?: string;
  /** Where it came from, for logs (never the secret). */
  from: string;
}

interface ConfigFile {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }
  >;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Docker Hub's key in config.json; what credential helpers are asked for. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/** `https://ghcr.io/v2/`, `ghcr.io` and Docker Hub's spellings all name one registry. */
export function normalizeConfigKey(key: string): string {
  return canonicalRegistry(key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, ''));
}

async function readConfig(dir: string): Promise<ConfigFile> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as ConfigFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InputError(
      `cannot read ${path.join(dir, 'config.json')}: ${(err as Error).message}; fix the file or point DOCKER_CONFIG elsewhere`
    );
  }
}

function lookupKey<T>(table: Record<string, T> | undefined, registry: string): [string, T] | undefined {
  if (!table) return undefined;
  for (const [key, value] of Object.entries(table)) if (normalizeConfigKey(key) === registry) return [key, value];
  return undefined;
}

/** Run `docker-credential-<helper> get`; undefined when the helper has nothing for this server. */
export function runCredentialHelper(helper: string, serverUrl: string): Promise<Credential | undefined> {
  const bin = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = execFile(bin, ['get'], { timeout: 30_000 }, (err, stdout, stderr) => {
      const text = `${stdout}${stderr}`;
      if (err) {
        if (/not found|no credentials/i.test(text)) return resolve(undefined);
        if ((err as NodeJS.ErrnoException).code === 'ENOENT')
          return reject(
            new InputError(
              `credential helper ${bin} (configured for ${serverUrl} in docker's config.json) is not on PATH: install it or remove it from config.json`
            )
          );
        return reject(
          new InputError(
            `credential helper ${bin} failed for ${serverUrl}: ${text.trim().split('\n')[0] || err.message}`
          )
        );
      }
      try {
        const out = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (!out.Secret) return resolve(undefined);
        // docker's convention: the username "<token>" means the secret is an identity token.
        if (out.Username === '<token>') return resolve({ identityToken: out.Secret, from: bin });
        resolve({ username: out.Username, password: out.Secret, from: bin });
      } catch {
        reject(new InputError(`credential helper ${bin} printed something that is not JSON for ${serverUrl}`));
      }
    });
    child.stdin?.end(serverUrl);
  });
}

function fromAuthEntry(entry: NonNullable<ConfigFile['auths']>[string], from: string): Credential | undefined {
  if (entry.registrytoken) return { registryToken: entry.registrytoken, from };
  if (entry.identitytoken) return { identityToken: entry.identitytoken, username: entry.username, from };
  if (entry.username && entry.password) return { username: entry.username, password: entry.password, from };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) return { username: decoded.slice(0, i), password: decoded.slice(i + 1), from };
  }
  return undefined;
}

/** base64(`user:password`): what Basic auth sends (RFC 7617), and so a secret to mask as well. */
export function basicToken(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64');
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

export class CredentialStore {
  private readonly cache = new Once<Credential | undefined>();
  private config?: Promise<ConfigFile>;

  /** The file credentials are read from, for messages. */
  get file(): string {
    return path.join(this.dir, 'config.json');
  }

  constructor(
    private readonly dir: string,
    /** Called with every secret found, so the edge can mask it in logs. */
    private readonly onSecret: (s: string) => void = () => {}
  ) {}

  /** Start reading config.json (once); what it holds, or why it cannot be read, is for lookup() to say. */
  preload(): void {
    this.config ??= readConfig(this.dir);
    this.config.catch(() => undefined);
  }

  /** Credentials for a registry as users name it (docker.io, ghcr.io, host:port). Once per registry. */
  lookup(registry: string): Promise<Credential | undefined> {
    return this.cache.run(registry, () =>
      this.find(registry).then((c) => {
        if (c) checkCredential(registry, c);
        for (const s of [c?.password, c?.identityToken, c?.registryToken]) if (s) this.onSecret(s);
        if (c?.username && c?.password) this.onSecret(basicToken(c.username, c.password));
        return c;
      })
    );
  }

  private async find(registry: string): Promise<Credential | undefined> {
    this.config ??= readConfig(this.dir);
    const config = await this.config;
    const file = path.join(this.dir, 'config.json');
    const serverUrl = registry === DOCKER_HUB ? DOCKER_HUB_KEY : registry;

    const helper = lookupKey(config.credHelpers, registry);
    // Where a credential came from names the config key that chose it (auths, credHelpers, credsStore).
    if (helper)
      return runCredentialHelper(helper[1], helper[0]).then(
        (c) => c && { ...c, from: `${c.from} (credHelpers["${helper[0]}"] in ${file})` }
      );

    const entry = lookupKey(config.auths, registry);
    const inline = entry && fromAuthEntry(entry[1], `${file} (auths["${entry[0]}"])`);
    if (inline) return inline;

    if (config.credsStore)
      return runCredentialHelper(config.credsStore, entry?.[0] ?? serverUrl).then(
        (c) => c && { ...c, from: `${c.from} (credsStore in ${file})` }
      );
    return undefined;
  }
}
