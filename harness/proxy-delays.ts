/**
 * The modelled delays. Timers fire off their due time (late, mostly), which would add a few per
 * cent to every round trip. Each delay is started early by the mean lateness seen so far, and
 * resolves with how far it overshot its due time (negative: early), which the way out of the
 * same request gives back, so a request's delays add up to what the model says on average.
 */
export class Delays {
  private readonly timers = new Set<NodeJS.Timeout>();
  private lateness = 0.5;
  stopped = false;

  /** A plain bounded wait (slow bodies). */
  wait = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || this.stopped) return resolve();
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });

  /** A modelled delay; resolves with its overshoot (ms past its due time). */
  delay(ms: number): Promise<number> {
    return new Promise<number>((resolve) => {
      if (ms <= 0 || this.stopped) return resolve(0);
      const from = performance.now();
      const planned = Math.max(0, ms - this.lateness);
      const t = setTimeout(() => {
        this.timers.delete(t);
        const took = performance.now() - from;
        this.lateness = Math.min(5, Math.max(-5, this.lateness + 0.05 * (took - planned - this.lateness)));
        resolve(took - ms);
      }, planned);
      this.timers.add(t);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
