/**
 * Docker Hub's pull allowance. Docker Hub answers manifest requests with `RateLimit-Limit: 100;w=21600`
 * and `RateLimit-Remaining: 76;w=21600` (docker/docs, "Docker Hub usage and limits": a manifest
 * GET counts as a pull, a HEAD does not). Other registries that send the same headers read alike.
 */
import { type IncomingHttpHeaders } from 'node:http';

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** `76;w=21600` → { count: 76, windowS: 21600 }. */
export function parseRateLimitValue(v: string | undefined): { count: number; windowS?: number } | undefined {
  const m = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(v ?? '');
  if (!m) return undefined;
  return { count: Number(m[1]), windowS: m[2] !== undefined ? Number(m[2]) : undefined };
}

function window(s: number): string {
  return s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

/** One phrase for the log, or undefined when the answer carries no rate-limit headers. */
export function describeRateLimit(headers: IncomingHttpHeaders): string | undefined {
  const remaining = parseRateLimitValue(first(headers['ratelimit-remaining']));
  if (!remaining) return undefined;
  const limit = parseRateLimitValue(first(headers['ratelimit-limit']));
  const w = remaining.windowS ?? limit?.windowS;
  return `${remaining.count}${limit ? ` of ${limit.count}` : ''} pulls left${w ? ` in this ${window(w)} window` : ''} (RateLimit-Remaining)`;
}
