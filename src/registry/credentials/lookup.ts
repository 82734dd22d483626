/**
 * The one place that decides which credential a request uses, per registry and repository, first
 * match wins (interface.md, "Credentials in v3"):
 *   1. the inputs: `username`/`password`, then `registry-auth`;
 *   2. buildx's scoped configs (docker/login-action's `scope`), the most specific that covers the access;
 *   3. `$DOCKER_CONFIG/config.json` (else ~/.docker/config.json);
 *   4. `DOCKER_AUTH_CONFIG` (GitLab CI's convention: a config.json in a variable);
 *   5. the containers auth file of podman, buildah and skopeo.
 * Each source is a reader beside this file; every secret found is handed to `onSecret` for masking.
 */
import path from 'node:path';
import { type InputCredential } from '../../model/credential-inputs';
import { Once } from '../../util/concurrency';
import { findScopedDirs, rankScopedDirs } from './buildx';
import { fromContainersAuth } from './containers-auth';
import { type Credential, type CredentialAccess, checkCredential, secretsOf } from './credential';
import { type DockerConfig, fromDockerConfig, parseDockerConfig, readDockerConfigFile } from './docker-config';
import { type HelperOptions, type HelperRunner, runCredentialHelper } from './helper';

export * from './credential';
export { runCredentialHelper } from './helper';

export interface CredentialSources {
  /** The directory of config.json (DOCKER_CONFIG, else ~/.docker). */
  dockerConfig: string;
  /** BUILDX_CONFIG, else $DOCKER_CONFIG/buildx; absent: no scoped configs. */
  buildxConfig?: string;
  /** The DOCKER_AUTH_CONFIG variable's value, when set. */
  dockerAuthConfig?: string;
  /** The containers auth files, read in turn (see containers-auth.ts); absent: not read. */
  containersAuthFiles?: string[];
  /** From the inputs (or the CLI's flags), in the order they win. */
  inputs?: InputCredential[];
  /** How helpers run (environment, timeout). */
  helper?: HelperOptions;
}

/** The source of one credential lookup, tried in order. */
type Reader = (registry: string, repository: string, access: CredentialAccess) => Promise<Credential | undefined>;

export class CredentialStore {
  private readonly sources: CredentialSources;
  private readonly cache = new Once<Credential | undefined>();
  /** What the per-registry sources (config.json, DOCKER_AUTH_CONFIG) hold: their helpers run once per registry. */
  private readonly perRegistry = new Once<Credential | undefined>();
  private config?: Promise<DockerConfig>;
  private readonly runHelper: HelperRunner;
  private readonly readers: Reader[];

  /** config.json, for messages. */
  get file(): string {
    return path.join(this.sources.dockerConfig, 'config.json');
  }

  constructor(
    sources: CredentialSources | string,
    /** Called with every secret found, so the edge can mask it in logs. */
    private readonly onSecret: (s: string) => void = () => {}
  ) {
    this.sources = typeof sources === 'string' ? { dockerConfig: sources } : sources;
    for (const c of this.sources.inputs ?? []) for (const s of secretsOf(c)) onSecret(s);
    const helper = this.sources.helper ?? {};
    this.runHelper = (name, server, where) => runCredentialHelper(name, server, where, helper);
    this.readers = [
      (r) => this.fromInputs(r),
      (r, repo, access) => this.fromBuildx(r, repo, access),
      (r) => this.perRegistry.run(`config.json ${r}`, () => this.fromConfigJson(r)),
      (r) => this.perRegistry.run(`DOCKER_AUTH_CONFIG ${r}`, () => this.fromEnv(r)),
      (r, repo) => this.fromContainersAuth(r, repo)
    ];
  }

  /** Start reading config.json (once); what it holds, or why it cannot be read, is for lookup() to say. */
  preload(): void {
    this.config ??= readDockerConfigFile(this.file);
    this.config.catch(() => undefined);
  }

  /**
   * The credential for `repository` on `registry` (as users name it: docker.io, ghcr.io,
   * host:port), for pulling or pushing; undefined: anonymous. Once per registry, repository and access.
   */
  lookup(registry: string, repository = '', access: CredentialAccess = 'pull'): Promise<Credential | undefined> {
    return this.cache.run(`${registry} ${repository} ${access}`, async () => {
      for (const read of this.readers) {
        const c = await read(registry, repository, access);
        if (!c) continue;
        checkCredential(registry, c);
        for (const s of secretsOf(c)) this.onSecret(s);
        return c;
      }
      return undefined;
    });
  }

  /** Where a lookup looked, for "no credentials for X were found in …". */
  searched(): string {
    const s = this.sources;
    const where = ['the inputs'];
    if (s.buildxConfig) where.push(`buildx's scoped configs (${path.join(s.buildxConfig, 'config')})`);
    where.push(`${this.file} (auths, credHelpers, credsStore)`);
    if (s.dockerAuthConfig !== undefined) where.push('DOCKER_AUTH_CONFIG');
    where.push(...(s.containersAuthFiles ?? []));
    return where.join(', ');
  }

  private async fromInputs(registry: string): Promise<Credential | undefined> {
    const c = (this.sources.inputs ?? []).find((i) => i.registry === registry);
    return (
      c && { username: c.username, password: c.password, from: c.from, fix: `check the password given in ${c.from}` }
    );
  }

  private async fromBuildx(registry: string, repository: string, access: CredentialAccess) {
    if (!this.sources.buildxConfig || !repository) return undefined;
    const dirs = rankScopedDirs(await findScopedDirs(this.sources.buildxConfig, registry, repository), access);
    for (const { dir } of dirs) {
      const file = path.join(dir, 'config.json');
      const c = await fromDockerConfig(await readDockerConfigFile(file), registry, file, this.runHelper);
      if (c) return c;
    }
    return undefined;
  }

  private async fromConfigJson(registry: string): Promise<Credential | undefined> {
    this.config ??= readDockerConfigFile(this.file);
    return fromDockerConfig(await this.config, registry, this.file, this.runHelper);
  }

  private async fromEnv(registry: string): Promise<Credential | undefined> {
    const text = this.sources.dockerAuthConfig;
    if (text === undefined || text.trim() === '') return undefined;
    const config = parseDockerConfig(text, 'DOCKER_AUTH_CONFIG', 'fix the variable (a docker config.json)');
    return fromDockerConfig(config, registry, 'DOCKER_AUTH_CONFIG', this.runHelper);
  }

  private async fromContainersAuth(registry: string, repository: string): Promise<Credential | undefined> {
    for (const file of this.sources.containersAuthFiles ?? []) {
      const c = await fromContainersAuth(file, registry, repository, this.runHelper);
      if (c) return c;
    }
    return undefined;
  }
}
