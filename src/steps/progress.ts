/**
 * A meter on a blob's source stream: for a large blob, a line every 10 s (bytes done, rate, time
 * left) while it copies, and the total at the end. The clock is injectable for tests.
 */
import { type Readable, Transform } from 'node:stream';
import { type Logger } from '../model/logger';
import { PROGRESS_EVERY_MS, PROGRESS_MIN_BYTES, progressLine, progressTotal } from '../model/progress';

export interface Clock {
  now(): number;
  /** Call `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  every: (ms, fn) => {
    const t = setInterval(fn, ms);
    t.unref(); // a meter never keeps the process alive
    return () => clearInterval(t);
  }
};

export class ProgressMeter {
  private done = 0;
  private started: number;
  private stopTimer?: () => void;
  readonly active: boolean;

  constructor(
    private readonly what: string,
    private readonly total: number,
    private readonly log: Logger,
    private readonly clock: Clock = realClock,
    minBytes = PROGRESS_MIN_BYTES
  ) {
    this.active = total >= minBytes;
    this.started = clock.now();
  }

  /** Count what flows through `source`; each call (a retried upload) starts the count afresh. */
  wrap(source: Readable): Readable {
    if (!this.active) return source;
    this.stop();
    this.done = 0;
    this.started = this.clock.now();
    this.stopTimer = this.clock.every(PROGRESS_EVERY_MS, () =>
      this.log.info(progressLine(this.what, this.done, this.total, this.clock.now() - this.started))
    );
    const counting = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.done += chunk.length;
        cb(null, chunk);
      }
    });
    source.on('error', (err) => counting.destroy(err));
    // The uploader destroys what it was given: that must release the source's socket too.
    counting.on('close', () => {
      this.stop();
      source.destroy();
    });
    return source.pipe(counting);
  }

  /** The blob is stored: say how long it took. */
  finish(): void {
    this.stop();
    if (this.active) this.log.info(progressTotal(this.what, this.total, this.clock.now() - this.started));
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = undefined;
  }
}
