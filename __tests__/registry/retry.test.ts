import { RegistryError, TransportError } from '../../src/model/errors';
import {
  DEFAULT_RETRY,
  type RetryPolicy,
  backoffDelay,
  isPermanentError,
  isRetryable,
  isRetryableStatus,
  parseRetryAfter,
  retrying
} from '../../src/registry/retry';

describe('isRetryable', () => {
  test.each([408, 425, 429, 500, 502, 503, 504])('HTTP %i is retried', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
    expect(isRetryable(new RegistryError('x', status))).toBe(true);
  });

  test.each([400, 401, 403, 404, 405, 409, 412, 413, 416, 501, 505])('HTTP %i is not', (status) => {
    expect(isRetryable(new RegistryError('x', status))).toBe(false);
  });

  test.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'ECONNABORTED',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'ERR_STREAM_PREMATURE_CLOSE',
    'UND_ERR_SOCKET',
    'TIMEOUT',
    'ABORTED'
  ])('transport %s is retried', (code) => {
    expect(isRetryable(new TransportError('x', code))).toBe(true);
  });

  test('certificate, DNS-not-found, too-large and code-less transport errors are not', () => {
    expect(isRetryable(new TransportError('x', 'CERT_HAS_EXPIRED'))).toBe(false);
    expect(isRetryable(new TransportError('x', 'DEPTH_ZERO_SELF_SIGNED_CERT'))).toBe(false);
    expect(isRetryable(new TransportError('x', 'ENOTFOUND'))).toBe(false);
    expect(isRetryable(new TransportError('x', 'TOO_LARGE'))).toBe(false);
    expect(isRetryable(new TransportError('x'))).toBe(false);
  });

  test('a 5xx whose body says the request itself is wrong is not retried (issue 8, 11)', () => {
    const e = (status: number, ...codes: string[]) =>
      new RegistryError(
        'x',
        status,
        codes[0],
        undefined,
        codes.map((code) => ({ code }))
      );
    expect(isRetryable(e(500, 'MANIFEST_INVALID'))).toBe(false);
    expect(isRetryable(e(500, 'MANIFEST_BLOB_UNKNOWN', 'MANIFEST_BLOB_UNKNOWN'))).toBe(false);
    expect(isRetryable(e(503, 'DENIED'))).toBe(false);
    expect(isRetryable(e(500, 'digest_invalid'))).toBe(false);
    // Transient by its own words, or mixed with a transient one, or no words at all: retried.
    expect(isRetryable(e(500, 'UNKNOWN'))).toBe(true);
    expect(isRetryable(e(503, 'UNAVAILABLE'))).toBe(true);
    expect(isRetryable(e(429, 'TOOMANYREQUESTS'))).toBe(true);
    expect(isRetryable(e(500, 'BLOB_UPLOAD_UNKNOWN'))).toBe(true);
    expect(isRetryable(e(500, 'MANIFEST_INVALID', 'UNKNOWN'))).toBe(true);
    expect(isRetryable(e(500))).toBe(true);
    expect(isPermanentError(e(400, 'NAME_INVALID'))).toBe(true);
  });

  test('plain errors and non-errors are not', () => {
    expect(isRetryable(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isRetryable('ECONNRESET')).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  test('delta seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 5 ', now)).toBe(5_000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  test('HTTP date, relative to now; a past date is 0', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:59:00 GMT', now)).toBe(0);
  });

  test('the first of several values', () => {
    expect(parseRetryAfter(['7', '9'], now)).toBe(7_000);
  });

  test('absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter([], now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const policy: RetryPolicy = { attempts: 6, baseMs: 250, capMs: 8_000, deadlineMs: 60_000 };

  test('full jitter between half and all of an exponential ceiling', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(125);
    expect(backoffDelay(1, policy, () => 1)).toBe(250);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(375);
    expect(backoffDelay(3, policy, () => 0)).toBe(500);
    expect(backoffDelay(3, policy, () => 1)).toBe(1000);
    expect(backoffDelay(5, policy, () => 1)).toBe(4000);
  });

  test('the cap bounds the ceiling', () => {
    expect(backoffDelay(6, policy, () => 1)).toBe(8000);
    expect(backoffDelay(30, policy, () => 1)).toBe(8000);
    expect(backoffDelay(30, policy, () => 0)).toBe(4000);
  });

  test('with Math.random stays in range', () => {
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(2, policy);
      expect(d).toBeGreaterThanOrEqual(250);
      expect(d).toBeLessThanOrEqual(500);
    }
  });

  test('default policy', () => {
    expect(DEFAULT_RETRY).toEqual({ attempts: 6, baseMs: 250, capMs: 8_000, deadlineMs: 60_000 });
  });
});

describe('retrying', () => {
  const tiny: RetryPolicy = { attempts: 3, baseMs: 1, capMs: 2, deadlineMs: 5_000 };

  test('retries transient failures, then returns the result', async () => {
    const seen: number[] = [];
    const retries: [number, number][] = [];
    const result = await retrying(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new RegistryError('busy', 503);
        return 'ok';
      },
      tiny,
      (_err, delay, attempt) => retries.push([attempt, delay])
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(retries.map(([a]) => a)).toEqual([1, 2]);
    for (const [, d] of retries) {
      expect(d).toBeGreaterThanOrEqual(1);
      expect(d).toBeLessThanOrEqual(2);
    }
  });

  test('a permanent failure is thrown at once', async () => {
    let calls = 0;
    const err = new RegistryError('denied', 403);
    await expect(
      retrying(async () => {
        calls++;
        throw err;
      }, tiny)
    ).rejects.toBe(err);
    expect(calls).toBe(1);
  });

  test("gives up after the policy's attempts with the last error", async () => {
    let calls = 0;
    await expect(
      retrying(async () => {
        calls++;
        throw new TransportError(`reset ${calls}`, 'ECONNRESET');
      }, tiny)
    ).rejects.toThrow('reset 3');
    expect(calls).toBe(3);
  });

  test('Retry-After is honoured up to a bound (four times the cap by default)', async () => {
    const delays: number[] = [];
    let calls = 0;
    await retrying(
      async () => {
        if (++calls === 1) throw new RegistryError('slow down', 429, 'TOOMANYREQUESTS', 20);
        return calls;
      },
      { attempts: 3, baseMs: 1, capMs: 5, deadlineMs: 5_000 },
      (_e, d) => delays.push(d)
    );
    expect(delays).toEqual([20]);
  });

  test('a Retry-After beyond the bound fails at once instead of coming back early (Docker Hub asks for hours)', async () => {
    let calls = 0;
    const onRetry = jest.fn();
    const started = Date.now();
    await expect(
      retrying(
        async () => {
          calls++;
          throw new RegistryError('rate limited', 429, undefined, 6 * 3600_000);
        },
        { attempts: 3, baseMs: 1, capMs: 5, deadlineMs: 60_000, maxRetryAfterMs: 30_000 },
        onRetry
      )
    ).rejects.toThrow('rate limited');
    expect(calls).toBe(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  test('after the run is aborted, a failure is not retried and nothing is reported', async () => {
    const done = new AbortController();
    const onRetry = jest.fn();
    let calls = 0;
    await expect(
      retrying(
        async () => {
          calls++;
          done.abort(new Error('over'));
          throw new TransportError('socket hang up', 'ECONNRESET');
        },
        tiny,
        onRetry,
        done.signal
      )
    ).rejects.toThrow('socket hang up');
    expect(calls).toBe(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  test('a short Retry-After does not shorten the backoff', async () => {
    const delays: number[] = [];
    let calls = 0;
    await retrying(
      async () => {
        if (++calls === 1) throw new RegistryError('slow down', 429, undefined, 0);
        return calls;
      },
      { attempts: 2, baseMs: 8, capMs: 8, deadlineMs: 5_000 },
      (_e, d) => delays.push(d)
    );
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(4);
    expect(delays[0]).toBeLessThanOrEqual(8);
  });

  test('no retry starts past the deadline', async () => {
    let calls = 0;
    const onRetry = jest.fn();
    await expect(
      retrying(
        async () => {
          calls++;
          throw new RegistryError('busy', 503, undefined, 1_000);
        },
        { attempts: 5, baseMs: 1, capMs: 100, deadlineMs: 50 },
        onRetry
      )
    ).rejects.toThrow('busy');
    expect(calls).toBe(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  test('attempts: 1 means no retry', async () => {
    let calls = 0;
    await expect(
      retrying(
        async () => {
          calls++;
          throw new RegistryError('busy', 503);
        },
        { ...tiny, attempts: 1 }
      )
    ).rejects.toThrow('busy');
    expect(calls).toBe(1);
  });
});

describe('one retry mechanism (issue 9, 4)', () => {
  const tiny: RetryPolicy = { attempts: 5, baseMs: 1, capMs: 2, deadlineMs: 5_000 };
  const { doNotRetry, waitPolicy } = require('../../src/registry/retry') as typeof import('../../src/registry/retry');

  test('doNotRetry ends the operation with the error inside, unchanged', async () => {
    let calls = 0;
    const err = new TransportError('reset', 'ECONNRESET');
    await expect(
      retrying(async () => {
        calls++;
        throw doNotRetry(err);
      }, tiny)
    ).rejects.toBe(err);
    expect(calls).toBe(1);
    expect(Object.keys(err)).not.toContain('final');
  });

  test('a caller decides what is worth another try (a source not there yet)', async () => {
    let calls = 0;
    const result = await retrying(
      async () => {
        if (++calls < 3) throw new RegistryError('not found', 404);
        return 'here';
      },
      tiny,
      undefined,
      undefined,
      (e) => e instanceof RegistryError && e.status === 404
    );
    expect([result, calls]).toEqual(['here', 3]);
  });

  test('the source wait: 0.5 s, 1 s, 2 s, 4 s, then every 5 s, without jitter, up to the wait', () => {
    const p = waitPolicy(60_000);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, p, () => 0))).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect(p.deadlineMs).toBe(60_000);
    expect(p.attempts).toBe(Number.POSITIVE_INFINITY);
  });

  test('no wait at all: the first 404 is the answer', async () => {
    let calls = 0;
    await expect(
      retrying(
        async () => {
          calls++;
          throw new RegistryError('not found', 404);
        },
        waitPolicy(0),
        undefined,
        undefined,
        () => true
      )
    ).rejects.toThrow('not found');
    expect(calls).toBe(1);
  });
});
