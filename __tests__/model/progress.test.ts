import { progressLine, progressTotal } from '../../src/model/progress';

test('a progress line: bytes done, rate, time left', () => {
  expect(progressLine('blob x', 120e6, 300e6, 10_000)).toBe(
    'blob x: 120.0 of 300.0 MB (40%), 12.0 MB/s, about 15 s left'
  );
  expect(progressLine('blob x', 30e6, 300e6, 10_000)).toBe(
    'blob x: 30.0 of 300.0 MB (10%), 3.0 MB/s, about 1 min 30 s left'
  );
  expect(progressLine('blob x', 0, 300e6, 10_000)).toBe('blob x: 0.0 of 300.0 MB (0%), 0.0 MB/s, time left unknown');
});

test('the total at the end', () => {
  expect(progressTotal('blob x', 300e6, 25_000)).toBe('blob x: 300.0 MB in 25 s (12.0 MB/s)');
  expect(progressTotal('blob x', 64e6, 400)).toBe('blob x: 64.0 MB in 0.4 s (160.0 MB/s)');
  expect(progressTotal('blob x', 600e6, 120_000)).toBe('blob x: 600.0 MB in 2 min (5.0 MB/s)');
});
