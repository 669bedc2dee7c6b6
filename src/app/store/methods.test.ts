import { describe, expect, it } from 'vitest';
import { METHODS, SIMILARITY_METHODS } from '../../core/methods';
import { alikeThreshold, validateParams } from '../../core/reduction';
import { clampThreshold, THRESHOLD_RANGES } from './methods';

describe('threshold ranges', () => {
  it('are the method table’s score ranges, so the app and the CLI accept the same thresholds', () => {
    for (const m of SIMILARITY_METHODS) {
      expect([THRESHOLD_RANGES[m].min, THRESHOLD_RANGES[m].max]).toEqual([METHODS[m].range.min, METHODS[m].range.max]);
      for (const t of [METHODS[m].range.min, METHODS[m].range.max]) {
        expect(() => validateParams({ method: m, algorithm: 'greedy', ...alikeThreshold(m, t) })).not.toThrow();
        expect(clampThreshold(m, t)).toBe(t);
      }
    }
  });

  it('keep a negative SSIM threshold (SSIM spans −1..1; the slider used to stop at 0)', () => {
    expect(clampThreshold('ssim', -0.25)).toBe(-0.25);
    expect(clampThreshold('ssim', -3)).toBe(-1);
  });
});
