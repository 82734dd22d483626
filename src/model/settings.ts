/**
 * The environment knobs, read once by an edge and passed down: nothing below the edges reads
 * process.env. Pure: the edge hands in the environment and the home directory.
 */
import path from 'node:path';

export interface Settings {
  /**
   * How long a source that answers 404 is waited for (FANIN_SOURCE_WAIT_SECONDS): 30 s in CI,
   * where a matrix job may still be pushing it; 0 elsewhere, where nobody is waiting for one.
   */
  sourceWaitMs: number;
  /** Idle time after which a request fails (FANIN_TIMEOUT_SECONDS). */
  timeoutMs: number;
  /** docker's per-registry certificate directories (FANIN_CERTS_DIR, default /etc/docker/certs.d). */
  certsDir: string;
  /** Where docker keeps config.json and `docker manifest` lists (DOCKER_CONFIG, default ~/.docker). */
  dockerConfig: string;
  /** Registry hosts whose tags are GitHub packages (FANIN_GITHUB_PACKAGES_REGISTRIES). */
  githubPackagesRegistries: string[];
  /** The GitHub REST API (GITHUB_API_URL, set by the runner). */
  githubApiUrl: string;
  /** Running in CI (`CI` set): someone may still be pushing the sources. */
  ci: boolean;
  /** Which edge runs: the hints name what to do there (docker/login-action, or docker login HOST). */
  edge: 'action' | 'cli';
}

/** A number of seconds from the environment; empty or absent means the default. */
function seconds(value: string | undefined, fallback: number, positive: boolean): number {
  if (value === undefined || value.trim() === '') return fallback;
  const v = Number(value);
  return Number.isFinite(v) && (positive ? v > 0 : v >= 0) ? v * 1000 : fallback;
}

export function readSettings(env: Record<string, string | undefined>, home: string): Settings {
  const ci = !!env.CI && env.CI !== 'false';
  return {
    sourceWaitMs: seconds(env.FANIN_SOURCE_WAIT_SECONDS, ci ? 30_000 : 0, false),
    timeoutMs: seconds(env.FANIN_TIMEOUT_SECONDS, 60_000, true),
    certsDir: env.FANIN_CERTS_DIR || '/etc/docker/certs.d',
    dockerConfig: env.DOCKER_CONFIG || path.join(home, '.docker'),
    githubPackagesRegistries: (env.FANIN_GITHUB_PACKAGES_REGISTRIES ?? 'ghcr.io')
      .split(/[\s,]+/)
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    githubApiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    ci,
    edge: 'action'
  };
}
