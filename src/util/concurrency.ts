/** Map with at most `limit` calls in flight; results keep input order; the first failure wins. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Requests in flight at once across a phase: enough that round trips do not grow with sources. */
export const CONCURRENCY = 64;

/**
 * Run a keyed async job once; later callers share its promise (a blob copied once per repo, a
 * token per scope set, credentials per registry). The one memo of the code base.
 */
export class Once<T> {
  private readonly jobs = new Map<string, Promise<T>>();
  run(key: string, job: () => Promise<T>): Promise<T> {
    let p = this.jobs.get(key);
    if (!p) {
      p = job();
      this.jobs.set(key, p);
    }
    return p;
  }

  /** Forget a key (a failed or expired result), so the next run starts the job again; only `p` when given. */
  forget(key: string, p?: Promise<T>): void {
    if (!p || this.jobs.get(key) === p) this.jobs.delete(key);
  }

  /** Forget every key. */
  clear(): void {
    this.jobs.clear();
  }
}
