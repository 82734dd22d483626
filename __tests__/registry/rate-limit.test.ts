import { describeRateLimit, parseRateLimitValue } from '../../src/registry/rate-limit';

describe("Docker Hub's RateLimit headers", () => {
  test('parsed with and without a window', () => {
    expect(parseRateLimitValue('76;w=21600')).toEqual({ count: 76, windowS: 21600 });
    expect(parseRateLimitValue('5')).toEqual({ count: 5, windowS: undefined });
    expect(parseRateLimitValue('soon')).toBeUndefined();
    expect(parseRateLimitValue(undefined)).toBeUndefined();
  });

  test('one phrase for the log', () => {
    expect(describeRateLimit({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' })).toBe(
      '76 of 100 pulls left in this 6 h window (RateLimit-Remaining)'
    );
    expect(describeRateLimit({ 'ratelimit-remaining': '3' })).toBe('3 pulls left (RateLimit-Remaining)');
    expect(describeRateLimit({ 'ratelimit-limit': '100;w=21600' })).toBeUndefined();
    expect(describeRateLimit({})).toBeUndefined();
  });
});
