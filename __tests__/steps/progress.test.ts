import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Clock, ProgressMeter } from '../../src/steps/progress';
import { type Logger } from '../../src/model/logger';

function fakeClock() {
  let t = 0;
  const timers: Array<{ ms: number; fn: () => void; next: number }> = [];
  const clock: Clock = {
    now: () => t,
    every: (ms, fn) => {
      const timer = { ms, fn, next: t + ms };
      timers.push(timer);
      return () => timers.splice(timers.indexOf(timer), 1);
    }
  };
  const advance = (ms: number) => {
    const end = t + ms;
    for (;;) {
      const due = timers.filter((x) => x.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      t = due.next;
      due.next += due.ms;
      due.fn();
    }
    t = end;
  };
  return { clock, advance, timers };
}

function logger(lines: string[]): Logger {
  return {
    info: (m) => lines.push(m),
    warning: () => undefined,
    debug: () => undefined,
    secret: () => undefined,
    group: (_n, fn) => fn()
  };
}

test('a large blob: a line every 10 s while it flows, the total at the end, no timer left', async () => {
  const lines: string[] = [];
  const { clock, advance, timers } = fakeClock();
  const total = 100e6;
  const meter = new ProgressMeter('blob b', total, logger(lines), clock, 64 * 1024 * 1024);
  const chunk = Buffer.alloc(10e6);
  const source = new Readable({ read() {} });
  const wrapped = meter.wrap(source);
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const done = pipeline(wrapped, sink);
  for (let i = 0; i < 10; i++) {
    source.push(chunk);
    await new Promise((r) => setImmediate(r));
    advance(2_500); // 4 MB/s
  }
  source.push(null);
  await done;
  meter.finish();
  expect(lines).toEqual([
    'blob b: 40.0 of 100.0 MB (40%), 4.0 MB/s, about 15 s left',
    'blob b: 80.0 of 100.0 MB (80%), 4.0 MB/s, about 5 s left',
    'blob b: 100.0 MB in 25 s (4.0 MB/s)'
  ]);
  expect(timers).toHaveLength(0);
});

test('a small blob is not metered: the stream is passed through as is, nothing logged', () => {
  const lines: string[] = [];
  const { clock, timers } = fakeClock();
  const meter = new ProgressMeter('blob s', 1024, logger(lines), clock);
  const source = Readable.from([Buffer.from('x')]);
  expect(meter.wrap(source)).toBe(source);
  meter.finish();
  expect(lines).toEqual([]);
  expect(timers).toHaveLength(0);
});

test('destroying the wrapped stream (a failed upload) destroys the source and stops the timer', () => {
  const { clock, timers } = fakeClock();
  const meter = new ProgressMeter('blob d', 100e6, logger([]), clock, 1);
  const source = new Readable({ read() {} });
  const wrapped = meter.wrap(source);
  expect(timers).toHaveLength(1);
  wrapped.destroy();
  return new Promise<void>((resolve) =>
    setImmediate(() => {
      expect(source.destroyed).toBe(true);
      expect(timers).toHaveLength(0);
      resolve();
    })
  );
});
