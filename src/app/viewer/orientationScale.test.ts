import { describe, expect, it } from 'vitest';
import { directionLetter, edgeMarkers, scaleBar } from './orientationScale';

describe('orientation markers', () => {
  it('an axial slice (IOP 1 0 0 / 0 1 0) reads R on the left, L on the right, A on top, P below', () => {
    expect(edgeMarkers([1, 0, 0, 0, 1, 0])).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });
  it('coronal and sagittal slices, and the dominant axis of an oblique one', () => {
    expect(edgeMarkers([1, 0, 0, 0, 0, -1])).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
    expect(edgeMarkers([0, 1, 0, 0, 0, -1])).toEqual({ left: 'A', right: 'P', top: 'S', bottom: 'I' });
    expect(directionLetter([0.2, -0.9, 0.3])).toBe('A');
  });
});

describe('scale bar', () => {
  it('takes the longest 1/2/5 × 10^k mm that fits', () => {
    expect(scaleBar(1, 120)).toMatchObject({ mm: 100, px: 100, label: '10 cm' });
    expect(scaleBar(2, 120)).toMatchObject({ mm: 50, px: 100, label: '5 cm' });
    expect(scaleBar(10, 120)).toMatchObject({ mm: 10, label: '1 cm' });
    expect(scaleBar(40, 120)).toMatchObject({ mm: 2, label: '2 mm' });
    expect(scaleBar(0, 120)).toBeUndefined();
  });
});
