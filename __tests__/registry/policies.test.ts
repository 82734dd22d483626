/**
 * The named retry policies (registry/policies.ts) under an injected clock: which answers are
 * final, how many tries, how long the waits are. Nothing here waits for real.
 */
import { IntegrityError, RegistryError, TransportError } from '../../src/model/errors';
import { NotYet, policies } from '../../src/registry/policies';
import { type RetryClock, type RetryPolicy, retryWith } from '../../src/registry/retry';

/** A clock whose sleep only moves time forward, and records each wait. */
function fakeClock(random = 1): RetryClock & { waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    random: () => random,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    }
  };
}

/** Run a policy against an operation that always fails with `err`; returns the tries, the waits and what was thrown. */
async function failing(policy: RetryPolicy, err: unknown, random = 1) {
  const clock = fakeClock(random);
  let tries = 0;
  const thrown = await retryWith(
    policy,
    async () => {
      tries++;
      throw err;
    },
    { clock }
  ).catch((e: unknown) => e);
  return { tries, waits: clock.waits, thrown };
}

const status = (s: number, code?: string) => new RegistryError(`HTTP ${s}`, s, code, undefined, code ? [{ code }] : []);

describe('policies.request', () => {
  test('transient answers are retried 6 times in all, the waits doubling from 250 ms, capped at 8 s', async () => {
    const r = await failing(policies.request, status(503));
    expect(r.tries).toBe(6);
    expect(r.waits).toEqual([250, 500, 1000, 2000, 4000]);
    // Jitter keeps each wait within half and all of its ceiling.
    const low = await failing(policies.request, status(503), 0);
    expect(low.waits).toEqual([125, 250, 500, 1000, 2000]);
  });

  test.each([
    ['404', status(404)],
    ['401', status(401)],
    ['403', status(403)],
    ['400 MANIFEST_INVALID', status(400, 'MANIFEST_INVALID')],
    ['500 MANIFEST_INVALID (the request is wrong, whatever the status)', status(500, 'MANIFEST_INVALID')],
    ['a certificate error', new TransportError('x', 'DEPTH_ZERO_SELF_SIGNED_CERT')],
    ['an integrity error', new IntegrityError('x')],
    ['an internal TypeError', new TypeError('x')]
  ])('%s is final: one try', async (_name, err) => {
    const r = await failing(policies.request, err);
    expect(r.tries).toBe(1);
    expect(r.thrown).toBe(err);
  });

  test('a Retry-After longer than 4 × the cap is not waited out', async () => {
    const err = new RegistryError('429', 429, 'TOOMANYREQUESTS', 3_600_000);
    expect((await failing(policies.request, err)).tries).toBe(1);
    const short = new RegistryError('503', 503, 'UNAVAILABLE', 3_000);
    expect((await failing(policies.request, short)).waits[0]).toBe(3_000);
  });

  test('the deadline ends it before the attempts run out', async () => {
    const r = await failing({ ...policies.request, attempts: 100, deadlineMs: 10_000 }, status(502));
    expect(r.waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
    expect(r.tries).toBeLessThan(100);
  });
});

describe('policies.tagLag', () => {
  test('only a refusal naming something unknown is retried, for up to 30 s', async () => {
    const lag = await failing(policies.tagLag, status(400, 'MANIFEST_BLOB_UNKNOWN'), 1);
    expect(lag.tries).toBeGreaterThan(5);
    expect(lag.waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
    expect(Math.max(...lag.waits)).toBeLessThanOrEqual(5_000);
    expect((await failing(policies.tagLag, status(503))).tries).toBe(1);
    expect((await failing(policies.tagLag, status(400, 'TAG_INVALID'))).tries).toBe(1);
  });
});

describe('policies.purgeRecheck', () => {
  test('looks again after 250 ms, doubling to 2 s, without jitter, until the wait is over', async () => {
    const r = await failing(policies.purgeRecheck(10_000), new NotYet('x'));
    expect(r.waits.slice(0, 5)).toEqual([250, 500, 1000, 2000, 2000]);
    expect(r.waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
    // Anything but "not yet" (another digest under the tag) is final.
    expect((await failing(policies.purgeRecheck(10_000), new IntegrityError('x'))).tries).toBe(1);
    // No wait at all: one look.
    expect((await failing(policies.purgeRecheck(0), new NotYet('x'))).tries).toBe(1);
  });
});

describe('policies.packageListing', () => {
  test('follows its schedule exactly, then gives up', async () => {
    const r = await failing(policies.packageListing([500, 1500, 3000]), new NotYet('x'));
    expect(r.tries).toBe(4);
    expect(r.waits).toEqual([500, 1500, 3000]);
  });
});

describe('policies.githubApi and sourceWait', () => {
  test('githubApi retries server trouble, not a 404', async () => {
    expect((await failing(policies.githubApi, status(502))).tries).toBe(6);
    expect((await failing(policies.githubApi, status(404))).tries).toBe(1);
  });
  test('sourceWait: 0.5 s, 1 s, 2 s, 4 s, then every 5 s, for the wait given', async () => {
    const r = await failing({ ...policies.sourceWait(20_000), retryable: () => true }, status(404));
    expect(r.waits).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });
});

test('onGiveUp replaces the final error only after retries', async () => {
  const clock = fakeClock();
  const replaced = await retryWith(
    { ...policies.request, attempts: 3 },
    async () => {
      throw status(500, 'UNKNOWN');
    },
    { clock, onGiveUp: (err, n) => new Error(`${(err as Error).message} ×${n}`) }
  ).catch((e: Error) => e.message);
  expect(replaced).toBe('HTTP 500 ×3');
  const once = await retryWith(
    policies.request,
    async () => {
      throw status(404);
    },
    { clock, onGiveUp: () => new Error('never') }
  ).catch((e: Error) => e.message);
  expect(once).toBe('HTTP 404');
});
