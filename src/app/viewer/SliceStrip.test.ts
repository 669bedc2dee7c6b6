import { describe, expect, it } from 'vitest';
import { reduce } from '../../core/reduction/reduce';
import { applyOverrides } from '../../core/reduction/overrides';
import { sliceAtY, stripMarks, stripOverrides } from './SliceStrip';

describe('slice strip marks', () => {
  it('spells kept/dropped per slice, or unknown before a decision', () => {
    expect(stripMarks(3, undefined)).toBe('uuu');
    expect(stripMarks(5, reduce(5, { method: 'everyn', every: 2 }))).toBe('kdkdk');
  });
  it('lists overrides', () => {
    const decision = applyOverrides(reduce(5, { method: 'all' }), { 1: 'drop', 3: 'keep' });
    expect(stripOverrides(decision)).toBe('1:drop,3:keep');
    expect(stripOverrides(undefined)).toBe('');
  });
  it('maps a click height to a slice, clamped', () => {
    expect(sliceAtY(0, 100, 10)).toBe(0);
    expect(sliceAtY(55, 100, 10)).toBe(5);
    expect(sliceAtY(100, 100, 10)).toBe(9);
    expect(sliceAtY(-3, 100, 10)).toBe(0);
  });
});
