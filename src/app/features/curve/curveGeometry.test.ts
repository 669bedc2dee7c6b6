import { describe, expect, it } from 'vitest';
import {
  curveLayout,
  DEFAULT_BOX,
  formatPercent,
  keptFractionAt,
  nearestPoint,
  neighbourThreshold,
  snapThreshold,
  sortPoints,
  stepVertices,
  thresholdCaption,
  thresholdDomain,
} from './curveGeometry';

// HASH-like curve as core's reductionCurve gives it: one point per distinct survival score.
const hashPoints = sortPoints([
  { threshold: 5, keptFraction: 0.1 },
  { threshold: 0, keptFraction: 0.8 },
  { threshold: 2, keptFraction: 0.4 },
  { threshold: 14, keptFraction: 0.02 },
  { threshold: NaN, keptFraction: 0.5 },
]);
// SSIM-like curve: stricter (higher) thresholds keep more.
const ssimPoints = sortPoints([
  { threshold: 0.9, keptFraction: 0.25 },
  { threshold: 0.95, keptFraction: 0.5 },
  { threshold: 0.99, keptFraction: 0.75 },
]);

describe('sortPoints / nearestPoint', () => {
  it('sorts by threshold and drops non-finite points', () => {
    expect(hashPoints.map((p) => p.threshold)).toEqual([0, 2, 5, 14]);
  });

  it('finds the nearest point, ties to the smaller threshold', () => {
    expect(nearestPoint(hashPoints, 4)?.threshold).toBe(5);
    expect(nearestPoint(hashPoints, 1)?.threshold).toBe(0);
    expect(nearestPoint([], 1)).toBeNull();
  });
});

describe('keptFractionAt (step function)', () => {
  it('distance: holds each point up to the next threshold, all kept below the first', () => {
    expect(keptFractionAt(hashPoints, -1, 'distance')).toBe(1);
    expect(keptFractionAt(hashPoints, 0, 'distance')).toBe(0.8);
    expect(keptFractionAt(hashPoints, 3, 'distance')).toBe(0.4); // no point at 3: still the T=2 value
    expect(keptFractionAt(hashPoints, 6, 'distance')).toBe(0.1);
    expect(keptFractionAt(hashPoints, 64, 'distance')).toBe(0.02);
  });

  it('similarity: takes the first point at or above T, all kept above the last', () => {
    expect(keptFractionAt(ssimPoints, 0.5, 'similarity')).toBe(0.25);
    expect(keptFractionAt(ssimPoints, 0.92, 'similarity')).toBe(0.5);
    expect(keptFractionAt(ssimPoints, 0.95, 'similarity')).toBe(0.5);
    expect(keptFractionAt(ssimPoints, 0.995, 'similarity')).toBe(1);
  });
});

describe('stepping and snapping thresholds', () => {
  it('HASH moves and snaps by whole bits, never below 0', () => {
    expect(neighbourThreshold(hashPoints, 6, 1, 'hash')).toBe(7);
    expect(neighbourThreshold(hashPoints, 0, -1, 'hash')).toBe(0);
    expect(snapThreshold(hashPoints, 5.6, 'hash')).toBe(6);
    expect(snapThreshold(hashPoints, -0.4, 'hash')).toBe(0);
  });

  it('similarities step to neighbouring points and snap to the nearest one', () => {
    expect(neighbourThreshold(ssimPoints, 0.95, 1, 'ssim')).toBe(0.99);
    expect(neighbourThreshold(ssimPoints, 0.9, -1, 'ssim')).toBe(0.9);
    expect(snapThreshold(ssimPoints, 0.93, 'ssim')).toBe(0.95);
    expect(neighbourThreshold([], 0, 1, 'nmi')).toBeNull();
  });
});

describe('thresholdDomain / stepVertices / curveLayout', () => {
  it('always shows the paper thresholds 3, 6, 12 for HASH', () => {
    expect(thresholdDomain(sortPoints([{ threshold: 4, keptFraction: 0.5 }]), 'hash')).toEqual([0, 13]);
    expect(thresholdDomain(hashPoints, 'hash')).toEqual([0, 15]);
  });

  it('draws a distance curve as a descending staircase', () => {
    expect(stepVertices(hashPoints, 'distance', [0, 15])).toEqual([
      [0, 0.8],
      [2, 0.8],
      [2, 0.4],
      [5, 0.4],
      [5, 0.1],
      [14, 0.1],
      [14, 0.02],
      [15, 0.02],
    ]);
  });

  it('draws a similarity curve rising to 100% above the strictest point', () => {
    const v = stepVertices(ssimPoints, 'similarity', [0.85, 1]);
    expect(v[0]).toEqual([0.85, 0.25]);
    expect(v[v.length - 1]).toEqual([1, 1]);
    expect(v).toContainEqual([0.9, 0.5]);
  });

  it('maps the domain onto the plot box, 100% kept at the top', () => {
    const layout = curveLayout(hashPoints, 'hash', 'distance');
    expect(layout.x(0)).toBe(DEFAULT_BOX.left);
    expect(layout.x(15)).toBe(DEFAULT_BOX.width - DEFAULT_BOX.right);
    expect(layout.y(1)).toBe(DEFAULT_BOX.top);
    expect(layout.y(0)).toBe(DEFAULT_BOX.height - DEFAULT_BOX.bottom);
    expect(layout.thresholdAt(layout.x(6))).toBeCloseTo(6, 12);
    expect(layout.xTicks.every(Number.isInteger)).toBe(true);
    expect(layout.path.startsWith('M')).toBe(true);
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
