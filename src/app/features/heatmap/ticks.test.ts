import { describe, expect, it } from 'vitest';
import { integerTicks, linearScale, niceStep, niceTicks } from './ticks';

describe('niceStep', () => {
  it('rounds span / count to 1, 2 or 5 × 10^k', () => {
    expect(niceStep(64, 5)).toBe(10);
    expect(niceStep(1, 4)).toBe(0.2);
    expect(niceStep(0.06, 5)).toBeCloseTo(0.01, 15);
    expect(niceStep(100, 4)).toBe(20);
    expect(niceStep(0, 5)).toBe(1);
  });
});

describe('niceTicks', () => {
  it('lists multiples of the step inside the range, without float noise', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.91, 0.99, 4)).toEqual([0.92, 0.94, 0.96, 0.98]);
    expect(niceTicks(1.05, 1.62, 4)).toEqual([1.1, 1.2, 1.3, 1.4, 1.5, 1.6]);
    expect(niceTicks(1.05, 1.92, 4)).toEqual([1.2, 1.4, 1.6, 1.8]);
  });

  it('handles reversed, empty and non-finite ranges', () => {
    expect(niceTicks(1, 0, 5)).toEqual(niceTicks(0, 1, 5));
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});

describe('integerTicks', () => {
  it('gives integer steps of at least 1', () => {
    expect(integerTicks(0, 64, 5)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(integerTicks(0, 3, 5)).toEqual([0, 1, 2, 3]);
    expect(integerTicks(2.5, 2.7)).toEqual([]);
    expect(integerTicks(4, 4)).toEqual([4]);
  });
});

describe('linearScale', () => {
  it('maps the domain onto the range, including reversed ranges', () => {
    const y = linearScale(0, 100, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(25)).toBe(150);
    expect(linearScale(5, 5, 0, 10)(5)).toBe(5);
  });
});
