import { describe, expect, it } from 'vitest';
import { reduce } from '../../core/reduction/reduce';
import { etaMs, formatDuration, nextWithMark } from './navigation';

describe('nextWithMark', () => {
  const decision = reduce(10, { method: 'everyn', every: 3 }); // kept: 0, 3, 6, 9
  it('steps to the next and previous kept slice', () => {
    expect(nextWithMark(decision, 0, 1, true)).toBe(3);
    expect(nextWithMark(decision, 5, -1, true)).toBe(3);
    expect(nextWithMark(decision, 9, 1, true)).toBeUndefined();
  });
  it('steps through dropped slices', () => {
    expect(nextWithMark(decision, 2, 1, false)).toBe(4);
    expect(nextWithMark(decision, 1, -1, false)).toBeUndefined();
  });
});

describe('etaMs', () => {
  it('extrapolates linearly from the rate so far', () => {
    expect(etaMs(25, 100, 1000)).toBe(3000);
    expect(etaMs(0, 100, 1000)).toBeUndefined();
    expect(formatDuration(65_000)).toBe('1:05');
  });
});
