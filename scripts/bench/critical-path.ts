/** Pure: the critical path through a proxy's request log (used by the samples and by --trace). */

/** What the analysis needs of a logged request (harness/proxy.ts's ProxyRequest fits). */
export interface Timed {
  /** when the request arrived */
  start: number;
  /** when its response finished; undefined: never (it cannot be waited on) */
  end?: number;
  /** the first request on its connection: it pays the handshake */
  newConn: boolean;
}

/**
 * The critical path through a request log. Each request is taken to have waited on the latest
 * request that had finished before it arrived (the client could not have sent it earlier, and
 * that one is the most plausible reason it did not); the path follows those links back from
 * the request that finished last. Its round trips are what the model charges along it: 1 per
 * request, plus the handshake for each on a new connection. A machine-independent count.
 */
export function criticalPath<T extends Timed>(reqs: T[], handshakeRtts: number) {
  const sorted = [...reqs].sort((a, b) => a.start - b.start);
  const pred = new Map<T, T | undefined>();
  const depth = new Map<T, number>();
  for (const [i, r] of sorted.entries()) {
    let best: T | undefined;
    for (let j = 0; j < i; j++) {
      const q = sorted[j];
      if (q.end === undefined || q.end > r.start || q.start >= r.start) continue;
      if (!best || q.end > best.end!) best = q;
    }
    pred.set(r, best);
    depth.set(r, best ? depth.get(best)! + 1 : 1);
  }
  const last = sorted.reduce<T | undefined>(
    (a, r) => (r.end !== undefined && (!a || r.end > a.end!) ? r : a),
    undefined
  );
  const chain: T[] = [];
  for (let r = last; r; r = pred.get(r)) chain.unshift(r);
  const rtts = chain.reduce((n, r) => n + (r.newConn ? 1 + handshakeRtts : 1), 0);
  return { pred, depth, chain, rtts };
}
