import { CONCURRENCY, Once, mapLimit } from '../../src/util/concurrency';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapLimit', () => {
  test('results in input order whatever the finishing order', async () => {
    const delays = [30, 5, 20, 0, 10, 1];
    const out = await mapLimit(delays, 3, async (d, i) => {
      await tick(d);
      return `${i}:${d}`;
    });
    expect(out).toEqual(['0:30', '1:5', '2:20', '3:0', '4:10', '5:1']);
  });

  test('never more than `limit` in flight, and exactly `limit` when there is work', async () => {
    let now = 0;
    let peak = 0;
    await mapLimit(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (i) => {
        now++;
        peak = Math.max(peak, now);
        await tick(i % 3);
        now--;
      }
    );
    expect(peak).toBe(4);
    expect(now).toBe(0);
  });

  test('a limit above the item count starts each item once', async () => {
    const seen: number[] = [];
    await mapLimit([1, 2, 3], 100, async (x) => {
      seen.push(x);
    });
    expect(seen.sort()).toEqual([1, 2, 3]);
  });

  test('empty input', async () => {
    await expect(mapLimit([], 4, async () => 1)).resolves.toEqual([]);
  });

  test('the first failure rejects, and no new item starts after it', async () => {
    const started: number[] = [];
    const boom = new Error('item 1 failed');
    await expect(
      mapLimit([0, 1, 2, 3, 4, 5], 2, async (i) => {
        started.push(i);
        if (i === 1) throw boom;
        await tick(20);
        return i;
      })
    ).rejects.toBe(boom);
    await tick(50);
    expect(started).toEqual([0, 1]);
  });

  test('the index is passed', async () => {
    await expect(mapLimit(['a', 'b'], 1, async (x, i) => `${i}${x}`)).resolves.toEqual(['0a', '1b']);
  });

  test('CONCURRENCY', () => {
    expect(CONCURRENCY).toBe(64);
  });
});

describe('Once', () => {
  test('one job per key; later callers share its promise', async () => {
    const once = new Once<number>();
    let runs = 0;
    const job = async () => {
      runs++;
      await tick(5);
      return runs;
    };
    const a = once.run('k', job);
    const b = once.run('k', job);
    expect(b).toBe(a);
    await expect(Promise.all([a, b])).resolves.toEqual([1, 1]);
    await expect(once.run('k', job)).resolves.toBe(1);
    await expect(once.run('other', job)).resolves.toBe(2);
    expect(runs).toBe(2);
  });

  test('a failure is shared too', async () => {
    const once = new Once<number>();
    let runs = 0;
    const p = once.run('k', async () => {
      runs++;
      throw new Error('nope');
    });
    await expect(p).rejects.toThrow('nope');
    await expect(once.run('k', async () => 5)).rejects.toThrow('nope');
    expect(runs).toBe(1);
  });
});

describe('Once.forget', () => {
  test('forgets a key, or only the given promise', async () => {
    const once = new Once<number>();
    let n = 0;
    const job = () => Promise.resolve(++n);
    const first = once.run('k', job);
    expect(await once.run('k', job)).toBe(1);
    once.forget('k', Promise.resolve(99)); // not the stored promise: kept
    expect(await once.run('k', job)).toBe(1);
    once.forget('k', first);
    expect(await once.run('k', job)).toBe(2);
    once.clear();
    expect(await once.run('k', job)).toBe(3);
  });
});
