import { describe, expect, it } from 'vitest';
import { buildLut, colorAt, cssGradient, LUT_SIZE, luma, lutIndex, VIRIDIS_LUT, VIRIDIS_STOPS } from './colorMap';

describe('viridis look-up table', () => {
  it('has 256 RGB entries that start and end on the first and last stop', () => {
    expect(VIRIDIS_LUT.length).toBe(LUT_SIZE * 3);
    expect(colorAt(0)).toEqual([...VIRIDIS_STOPS[0]]);
    expect(colorAt(1)).toEqual([...VIRIDIS_STOPS[VIRIDIS_STOPS.length - 1]]);
  });

  it('passes through every stop at t = s / (stops - 1)', () => {
    const segments = VIRIDIS_STOPS.length - 1;
    VIRIDIS_STOPS.forEach((stop, s) => {
      const got = colorAt(s / segments);
      got.forEach((c, ch) => expect(Math.abs(c - stop[ch])).toBeLessThanOrEqual(3));
    });
  });

  it('gets lighter monotonically, so alike (t = 1) is always the brightest colour', () => {
    let previous = -Infinity;
    for (let k = 0; k < LUT_SIZE; k++) {
      const y = luma(colorAt(k / (LUT_SIZE - 1)));
      expect(y).toBeGreaterThanOrEqual(previous - 0.5);
      previous = y;
    }
    expect(luma(colorAt(1)) - luma(colorAt(0))).toBeGreaterThan(150);
  });

  it('clamps t outside [0, 1]', () => {
    expect(lutIndex(-3)).toBe(0);
    expect(lutIndex(7)).toBe(LUT_SIZE - 1);
    expect(colorAt(2)).toEqual(colorAt(1));
  });

  it('rejects a colour map with fewer than two stops', () => {
    expect(() => buildLut([[0, 0, 0]])).toThrow(/at least 2 stops/);
  });

  it('builds a CSS gradient from the stops', () => {
    const css = cssGradient([
      [0, 0, 0],
      [255, 255, 255],
    ]);
    expect(css).toBe('linear-gradient(to right, rgb(0, 0, 0) 0.0%, rgb(255, 255, 255) 100.0%)');
  });
});
