/** Words for the progress of a long blob copy. Pure: the caller measures, this only formats. */

/** Blobs at least this large report progress while they copy. */
export const PROGRESS_MIN_BYTES = 64 * 1024 * 1024;
/** How often a progress line is written. */
export const PROGRESS_EVERY_MS = 10_000;

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

/** `what: 120.0 of 300.0 MB (40%), 12.0 MB/s, about 15 s left` */
export function progressLine(what: string, done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  const left = rate > 0 ? `about ${duration(((total - done) / rate) * 1000)} left` : 'time left unknown';
  return `${what}: ${mb(done)} of ${mb(total)} MB (${pct}%), ${mb(rate)} MB/s, ${left}`;
}

/** `what: 300.0 MB in 25 s (12.0 MB/s)` */
export function progressTotal(what: string, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? total / (elapsedMs / 1000) : 0;
  return `${what}: ${mb(total)} MB in ${elapsedMs < 1000 ? `${(elapsedMs / 1000).toFixed(1)} s` : duration(elapsedMs)} (${mb(rate)} MB/s)`;
}
