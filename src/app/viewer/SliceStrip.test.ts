import { describe, expect, it } from 'vitest';
import { reduce } from '../../core/reduction/reduce';
import { applyOverrides } from '../../core/reduction/overrides';
import { rowColour, sliceAtY, stripMarks, stripOverrides, stripRows } from './SliceStrip';

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
  it('aggregates 2,000 slices into whole-pixel rows where a lone kept slice still shows', () => {
    const marks = Array.from({ length: 2000 }, (_, i) => (i % 100 === 0 ? 'k' : 'd')).join('');
    const rows = stripRows(marks, new Set([1500]), 800);
    expect(rows).toHaveLength(800);
    expect(rows.reduce((a, r) => a + r.kept + r.dropped + r.unknown, 0)).toBe(2000);
    expect(rows.filter((r) => r.kept > 0)).toHaveLength(20);
    expect(rows.filter((r) => r.overridden)).toHaveLength(1);
    const keptRow = rows.find((r) => r.kept > 0)!;
    const droppedRow = rows.find((r) => r.kept === 0)!;
    expect(rowColour(keptRow)).not.toBe(rowColour(droppedRow));
    expect(rowColour({ kept: 0, dropped: 0, unknown: 3, overridden: false })).toBe('#5a606b');
  });
});
