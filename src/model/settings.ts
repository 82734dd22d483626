/**
 * The environment knobs, read once by an edge and passed down: nothing below the edges reads
 * process.env. Pure: the edge hands in the environment and the home directory.
 */
import path from 'node:path';
import { type ProxyConfig, proxyConfig } from './proxy-env';

export interface Settings {
  /**
   * How long a source that answers 404 is waited for (FANIN_SOURCE_WAIT_SECONDS): 30 s in CI,
   * where a matrix job may still be pushing it; 0 elsewhere, where nobody is waiting for one.
   */
  sourceWaitMs: number;
  /** Idle time after which a request fails (FANIN_TIMEOUT_SECONDS). */
  timeoutMs: number;
  /** docker's per-registry certificate directories (FANIN_CERTS_DIR, default per OS: see defaultCertsDir). */
  certsDir: string;
  /** Where docker keeps config.json and `docker manifest` lists (DOCKER_CONFIG, default ~/.docker). */
  dockerConfig: string;
  /** buildx's directory, whose config/ holds docker/login-action's scoped logins (BUILDX_CONFIG, default $DOCKER_CONFIG/buildx). */
  buildxConfig: string;
  /** A docker config.json in a variable (DOCKER_AUTH_CONFIG, GitLab CI's convention); undefined when unset. */
  dockerAuthConfig?: string;
  /** The containers auth files of podman, buildah and skopeo, read in turn (REGISTRY_AUTH_FILE alone, else under XDG_RUNTIME_DIR, then ~/.config). */
  containersAuthFiles: string[];
  /** Registry hosts whose tags are GitHub packages (FANIN_GITHUB_PACKAGES_REGISTRIES). */
  githubPackagesRegistries: string[];
  /** The GitHub REST API (GITHUB_API_URL, set by the runner). */
  githubApiUrl: string;
  /** Running in CI (`CI` set): someone may still be pushing the sources. */
  ci: boolean;
  /** Which edge runs: the hints name what to do there (docker/login-action, or docker login HOST). */
  edge: 'action' | 'cli';
  /** HTTP(S)_PROXY and NO_PROXY, uppercase first (see proxy-env.ts). */
  proxy: ProxyConfig;
}

/** A number of seconds from the environment; empty or absent means the default. */
function seconds(value: string | undefined, fallback: number, positive: boolean): number {
  if (value === undefined || value.trim() === '') return fallback;
  const v = Number(value);
  return Number.isFinite(v) && (positive ? v > 0 : v >= 0) ? v * 1000 : fallback;
}

/** docker's certs.d: /etc/docker/certs.d, and %ProgramData%\docker\certs.d on Windows (as dockerd reads it). */
export function defaultCertsDir(env: Record<string, string | undefined>, platform: NodeJS.Platform): string {
  if (platform !== 'win32') return '/etc/docker/certs.d';
  return path.win32.join(env.ProgramData || env.PROGRAMDATA || 'C:\\ProgramData', 'docker', 'certs.d');
}

/**
 * containers-auth.json(5): REGISTRY_AUTH_FILE alone; else $XDG_RUNTIME_DIR/containers/auth.json,
 * and, for a registry it does not hold, ~/.config/containers/auth.json (as podman reads them).
 */
function containersAuthFiles(env: Record<string, string | undefined>, home: string): string[] {
  if (env.REGISTRY_AUTH_FILE) return [env.REGISTRY_AUTH_FILE];
  const config = path.join(home, '.config', 'containers', 'auth.json');
  return env.XDG_RUNTIME_DIR ? [path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'), config] : [config];
}

export function readSettings(
  env: Record<string, string | undefined>,
  home: string,
  platform: NodeJS.Platform = process.platform
): Settings {
  const ci = !!env.CI && env.CI !== 'false';
  const dockerConfig = env.DOCKER_CONFIG || path.join(home, '.docker');
  return {
    sourceWaitMs: seconds(env.FANIN_SOURCE_WAIT_SECONDS, ci ? 30_000 : 0, false),
    timeoutMs: seconds(env.FANIN_TIMEOUT_SECONDS, 60_000, true),
    certsDir: env.FANIN_CERTS_DIR || defaultCertsDir(env, platform),
    dockerConfig,
    buildxConfig: env.BUILDX_CONFIG || path.join(dockerConfig, 'buildx'),
    dockerAuthConfig: env.DOCKER_AUTH_CONFIG,
    containersAuthFiles: containersAuthFiles(env, home),
    githubPackagesRegistries: (env.FANIN_GITHUB_PACKAGES_REGISTRIES ?? 'ghcr.io')
      .split(/[\s,]+/)
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    githubApiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    ci,
    edge: 'action',
    proxy: proxyConfig(env)
  };
}
