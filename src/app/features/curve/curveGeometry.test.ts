import { describe, expect, it } from 'vitest';
import { curveLayout, DEFAULT_BOX, formatPercent, nearestPoint, neighbourThreshold, sortPoints, thresholdCaption } from './curveGeometry';

const points = [
  { threshold: 6, keptFraction: 0.1 },
  { threshold: 0, keptFraction: 1 },
  { threshold: 3, keptFraction: 0.4 },
  { threshold: 12, keptFraction: 0.02 },
  { threshold: NaN, keptFraction: 0.5 },
];

describe('sortPoints / nearestPoint / neighbourThreshold', () => {
  const sorted = sortPoints(points);
  it('sorts by threshold and drops non-finite points', () => {
    expect(sorted.map((p) => p.threshold)).toEqual([0, 3, 6, 12]);
  });

  it('finds the nearest point, ties to the smaller threshold', () => {
    expect(nearestPoint(sorted, 7)?.threshold).toBe(6);
    expect(nearestPoint(sorted, 9)?.threshold).toBe(6);
    expect(nearestPoint(sorted, 100)?.threshold).toBe(12);
    expect(nearestPoint([], 1)).toBeNull();
  });

  it('steps to neighbouring points and clamps at the ends', () => {
    expect(neighbourThreshold(sorted, 6, 1)).toBe(12);
    expect(neighbourThreshold(sorted, 6, -1)).toBe(3);
    expect(neighbourThreshold(sorted, 0, -1)).toBe(0);
    expect(neighbourThreshold([], 0, 1)).toBeNull();
  });
});

describe('curveLayout', () => {
  const layout = curveLayout(sortPoints(points), 'hash');
  it('maps the threshold range onto the plot box and kept 100% to the top', () => {
    expect(layout.x(0)).toBe(DEFAULT_BOX.left);
    expect(layout.x(12)).toBe(DEFAULT_BOX.width - DEFAULT_BOX.right);
    expect(layout.y(1)).toBe(DEFAULT_BOX.top);
    expect(layout.y(0)).toBe(DEFAULT_BOX.height - DEFAULT_BOX.bottom);
    expect(layout.thresholdAt(layout.x(6))).toBeCloseTo(6, 12);
  });

  it('draws one path segment per point and integer ticks for HASH', () => {
    expect(layout.path.match(/[ML]/g)).toHaveLength(4);
    expect(layout.xTicks.every(Number.isInteger)).toBe(true);
    expect(layout.xTicks[0]).toBe(0);
  });
});

describe('labels', () => {
  it('states which way the threshold points', () => {
    expect(thresholdCaption('hash', 'distance')).toContain('≤ T');
    expect(thresholdCaption('ssim', 'similarity')).toContain('SSIM ≥ T');
  });

  it('formats kept fractions as percentages', () => {
    expect(formatPercent(0.093)).toBe('9.3%');
    expect(formatPercent(0.5)).toBe('50%');
  });
});
