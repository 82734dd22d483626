/** The fault side of ./proxy: which request gets which fault, the fault answers, slow bodies. */
import { Transform, type TransformCallback } from 'node:stream';

export interface FaultPlan {
  /** Answer every Nth request with 503 (and Retry-After: retryAfterSeconds) without forwarding it. */
  status503EveryN?: number;
  /** Retry-After of the 503s, in seconds (default 1); 0 sends no Retry-After. */
  retryAfterSeconds?: number;
  /** Answer every Nth request with 429 TOOMANYREQUESTS (no Retry-After: the client backs off by itself). */
  status429EveryN?: number;
  /**
   * Destroy the client's socket on every Nth request, without an answer. Drops alternate between
   * "before forwarding" (the registry never sees the request) and "after the registry answered"
   * (the work is done, the client never hears of it), so both kinds of repeat are exercised.
   */
  dropEveryN?: number;
  /** Drip the response body of every Nth request in small chunks (slowChunkBytes every slowChunkMs). */
  slowBodyEveryN?: number;
  /** Default 64 bytes. */
  slowChunkBytes?: number;
  /** Default 25 ms. */
  slowChunkMs?: number;
  /** A slow body drips for at most this long, then the rest goes at once (default 3000 ms). */
  slowMaxMs?: number;
  /**
   * Without a seed, faults are count-based (request #k gets the fault whose N divides k). With a
   * seed, each request draws from a seeded PRNG and gets each fault with probability 1/N.
   */
  seed?: number;
  /** Requests that are never faulted (default: none). E.g. (r) => r.path === '/v2/'. */
  exempt?: (r: { method: string; path: string }) => boolean;
  /**
   * Answer the matching requests with 500 UNKNOWN every time, never forwarded: a registry whose
   * storage is broken (a 500 that stays 500 whatever the client does).
   */
  status500Always?: (r: { method: string; path: string }) => boolean;
  /** Stop injecting after this many faults in all (default unbounded). */
  maxFaults?: number;
}

export type FaultKind = '500' | '503' | '429' | 'drop-before' | 'drop-after' | 'slow';

/** mulberry32: a tiny seeded PRNG, enough for reproducible fault draws. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The identity of a request across retries: method + path with the upload session id and its
 * signed _state removed, so a restarted upload (fresh session) counts as the same request.
 */
export function retryKey(method: string, rawPath: string): string {
  const u = new URL(rawPath, 'http://x');
  u.searchParams.delete('_state');
  const p = u.pathname.replace(/(\/blobs\/uploads\/)[^/]+$/, '$1*');
  const q = u.searchParams.toString();
  return `${method} ${p}${q ? `?${q}` : ''}`;
}

/** Decides per request which fault (if any) it gets, and counts what was injected. */
export class FaultPicker {
  readonly counts: Record<FaultKind, number> = {
    '500': 0,
    '503': 0,
    '429': 0,
    'drop-before': 0,
    'drop-after': 0,
    slow: 0
  };
  private readonly random?: () => number;
  private injected = 0;
  private drops = 0;
  // retry key -> whether its last appearance was faulted: never fault the same request twice in a row.
  private readonly lastFaulted = new Map<string, boolean>();

  constructor(private readonly faults: FaultPlan) {
    this.random = faults.seed !== undefined ? prng(faults.seed) : undefined;
  }

  choose(seq: number, method: string, path: string): FaultKind | undefined {
    const faults = this.faults;
    if (faults.exempt?.({ method, path })) return undefined;
    if (faults.status500Always?.({ method, path })) {
      this.counts['500']++;
      return '500';
    }
    if (faults.maxFaults !== undefined && this.injected >= faults.maxFaults) return undefined;
    const hit = (n: number | undefined) => {
      if (!n || n <= 0) return false;
      return this.random ? this.random() < 1 / n : seq % n === 0;
    };
    // Draw every kind (a seeded run consumes the same PRNG values whatever was chosen).
    const drop = hit(faults.dropEveryN);
    const s503 = hit(faults.status503EveryN);
    const s429 = hit(faults.status429EveryN);
    const slow = hit(faults.slowBodyEveryN);
    let kind: 'drop' | '503' | '429' | 'slow' | undefined;
    if (drop) kind = 'drop';
    else if (s503) kind = '503';
    else if (s429) kind = '429';
    else if (slow && method === 'GET') kind = 'slow'; // only a GET has a body worth dripping
    const key = retryKey(method, path);
    // A slow body is not a failure: it neither makes the next attempt immune nor is blocked by it.
    if (kind && kind !== 'slow' && this.lastFaulted.get(key)) kind = undefined;
    if (kind !== 'slow') this.lastFaulted.set(key, kind !== undefined);
    if (!kind) return undefined;
    const out: FaultKind = kind === 'drop' ? (this.drops++ % 2 === 0 ? 'drop-before' : 'drop-after') : kind;
    this.injected++;
    this.counts[out]++;
    return out;
  }
}

/** The registry-like answer to a 503 / 429 fault: status, headers, body. */
export function faultAnswer(
  fault: '500' | '503' | '429',
  retryAfterSeconds: number
): { status: number; headers: Record<string, string>; body: string } {
  const body =
    fault === '500'
      ? JSON.stringify({
          errors: [{ code: 'UNKNOWN', message: 'storage backend failed (fault injected by the test proxy)' }]
        })
      : fault === '503'
        ? JSON.stringify({
            errors: [{ code: 'UNAVAILABLE', message: 'service unavailable (fault injected by the test proxy)' }]
          })
        : JSON.stringify({
            errors: [{ code: 'TOOMANYREQUESTS', message: 'too many requests (fault injected by the test proxy)' }]
          });
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'Docker-Distribution-Api-Version': 'registry/2.0'
  };
  if (fault === '503' && retryAfterSeconds > 0) headers['Retry-After'] = String(retryAfterSeconds);
  return { status: fault === '500' ? 500 : fault === '503' ? 503 : 429, headers, body };
}

/** Re-chunk a stream into `size`-byte pieces, `everyMs` apart, for at most `maxMs`; then pass through. */
export function drip(size: number, everyMs: number, maxMs: number, wait: (ms: number) => Promise<void>): Transform {
  const started = Date.now();
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      void (async () => {
        for (let off = 0; off < chunk.length; off += size) {
          if (Date.now() - started >= maxMs) {
            this.push(chunk.subarray(off));
            break;
          }
          this.push(chunk.subarray(off, off + size));
          await wait(everyMs);
        }
        done();
      })().catch((err: Error) => done(err));
    }
  });
}
