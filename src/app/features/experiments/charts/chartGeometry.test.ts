import { describe, expect, it } from 'vitest';
import { barLayout, lossLayout, LOSS_BOX, BAR_BOX } from './chartGeometry';

describe('lossLayout', () => {
  it('draws one path per arm and puts ln K inside the plot', () => {
    const lnK = Math.log(30);
    const layout = lossLayout([
      { label: 'ALL', points: [{ step: 1, loss: 3.5 }, { step: 2, loss: 3.2 }, { step: 4, loss: 2.9 }] },
      { label: 'HASH', points: [{ step: 1, loss: 3.4 }, { step: 4, loss: 2.5 }] },
    ], lnK);
    expect(layout.paths).toHaveLength(2);
    expect(layout.paths[0].startsWith('M')).toBe(true);
    expect(layout.paths[0].split('L')).toHaveLength(3);
    expect(layout.lnKY).toBeGreaterThanOrEqual(LOSS_BOX.top);
    expect(layout.lnKY).toBeLessThanOrEqual(LOSS_BOX.height - LOSS_BOX.bottom);
    // Higher loss is higher on screen (smaller y); the last step sits at the right edge.
    expect(layout.y(3.5)).toBeLessThan(layout.y(2.5));
    expect(layout.x(4)).toBeCloseTo(LOSS_BOX.width - LOSS_BOX.right);
  });

  it('survives no points, NaN losses and an unknown ln K', () => {
    const layout = lossLayout([{ label: 'x', points: [{ step: 1, loss: Number.NaN }] }], undefined);
    expect(layout.paths).toEqual(['']);
    expect(layout.lnKY).toBeUndefined();
    expect(layout.yTicks.length).toBeGreaterThan(0);
  });
});

describe('barLayout', () => {
  it('one bar per row, error bars at mean ± std, clamped to 0..1', () => {
    const { bars } = barLayout([{ label: 'a', mean: 0.8, std: 0.1 }, { label: 'b', mean: 0.95, std: 0.2 }]);
    const bottom = BAR_BOX.height - BAR_BOX.bottom;
    const top = BAR_BOX.top;
    const at = (v: number) => bottom - v * (bottom - top);
    expect(bars[0].y).toBeCloseTo(at(0.8));
    expect(bars[0].errTop).toBeCloseTo(at(0.9));
    expect(bars[0].errBottom).toBeCloseTo(at(0.7));
    expect(bars[1].errTop).toBeCloseTo(at(1));
    expect(bars[1].x).toBeGreaterThan(bars[0].x + bars[0].width);
  });
});
