import { describe, expect, it } from 'vitest';
import { colorAt } from './colorMap';
import { DROPPED_RGB, KEPT_RGB, keptStripRgba, matrixToRgba, MISSING_RGB } from './matrixImage';

const pixel = (rgba: Uint8ClampedArray, p: number) => [rgba[p * 4], rgba[p * 4 + 1], rgba[p * 4 + 2], rgba[p * 4 + 3]];

describe('matrixToRgba', () => {
  const m = new Float64Array([0, 2, 10, 2, 0, NaN, 10, 6, 0]);
  const range = { min: 2, max: 10 };

  it('colours alike pairs bright and unlike pairs dark, reversed for distances', () => {
    const d = matrixToRgba(m, 3, 'distance', range);
    expect(pixel(d, 1)).toEqual([...colorAt(1), 255]); // distance 2 = most alike
    expect(pixel(d, 2)).toEqual([...colorAt(0), 255]); // distance 10 = least alike
    expect(pixel(d, 7)).toEqual([...colorAt(0.5), 255]);
    const s = matrixToRgba(m, 3, 'similarity', range);
    expect(pixel(s, 2)).toEqual([...colorAt(1), 255]);
  });

  it('paints non-finite scores in the missing colour, fully opaque', () => {
    expect(pixel(matrixToRgba(m, 3, 'distance', range), 5)).toEqual([...MISSING_RGB, 255]);
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => matrixToRgba(new Float64Array(8), 3, 'distance', range)).toThrow(/expected n\*n = 9/);
  });
});

describe('keptStripRgba', () => {
  it('marks kept slices in the kept colour', () => {
    const strip = keptStripRgba(new Uint8Array([1, 0, 1]), 3);
    expect(pixel(strip, 0)).toEqual([...KEPT_RGB, 255]);
    expect(pixel(strip, 1)).toEqual([...DROPPED_RGB, 255]);
    expect(() => keptStripRgba(new Uint8Array(2), 3)).toThrow(/expected n = 3/);
  });
});
