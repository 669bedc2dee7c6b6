/**
 * A vertical strip beside the viewport: one tick per slice, coloured kept / dropped / not computed,
 * overrides marked with a yellow edge, the current slice marked with a white line; click to jump.
 * Drawn on one canvas (a 600-slice volume would otherwise be 600 DOM nodes restyled per slider
 * move); with more slices than pixels, each pixel row aggregates its slices (stripRows). The marks are also exposed as text for tests and assistive tech: `data-marks` holds one
 * letter per slice (k kept, d dropped, u unknown) and `data-overrides` "index:keep|drop" pairs.
 */
import { useEffect, useRef, type MouseEvent } from 'react';
import type { ReductionResult } from '../../core/reduction/types';

export interface SliceStripProps {
  n: number;
  current: number;
  decision: ReductionResult | undefined;
  onPick: (slice: number) => void;
}

const COLOURS = { k: '#40c878', d: '#7a2f33', u: '#5a606b', override: '#ffd24d', current: '#ffffff', gap: '#000000' };

/** One letter per slice: k kept, d dropped, u unknown (no decision yet). */
export function stripMarks(n: number, decision: ReductionResult | undefined): string {
  if (!decision) return 'u'.repeat(n);
  return decision.perSlice.map((d) => (d.kept ? 'k' : 'd')).join('');
}

/** "3:keep,10:drop" for the slices a reviewer overrode. */
export function stripOverrides(decision: ReductionResult | undefined): string {
  return decision?.perSlice.filter((d) => d.override).map((d) => `${d.index}:${d.override}`).join(',') ?? '';
}

/** The slice under a point `y` CSS px from the top of a strip `height` px tall. */
export function sliceAtY(y: number, height: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor((y / Math.max(1, height)) * n)));
}

/** One device-pixel row of a strip with more slices than pixels: what share of its slices is kept. */
export interface StripRow {
  kept: number;
  dropped: number;
  unknown: number;
  overridden: boolean;
}

/**
 * Aggregates the marks into `rows` whole-pixel rows (used when slices outnumber pixels, e.g. 2,000
 * slices on an 800-px strip, where one tick per slice would be sub-pixel and blur away): row r
 * counts the slices floor(r·n/rows) .. floor((r+1)·n/rows)-1, at least one each.
 */
export function stripRows(marks: string, overrides: ReadonlySet<number>, rows: number): StripRow[] {
  const n = marks.length;
  return Array.from({ length: rows }, (_, r) => {
    const from = Math.floor((r * n) / rows);
    const to = Math.max(from + 1, Math.floor(((r + 1) * n) / rows));
    const row: StripRow = { kept: 0, dropped: 0, unknown: 0, overridden: false };
    for (let i = from; i < Math.min(n, to); i++) {
      if (marks[i] === 'k') row.kept++;
      else if (marks[i] === 'd') row.dropped++;
      else row.unknown++;
      if (overrides.has(i)) row.overridden = true;
    }
    return row;
  });
}

/** A row's colour: kept and dropped mixed by their share (any kept slice shows), grey when unknown. */
export function rowColour(row: StripRow): string {
  const known = row.kept + row.dropped;
  if (known === 0) return COLOURS.u;
  // At least 35% green when the row holds a kept slice, so lone kept slices stay visible.
  const f = row.kept === 0 ? 0 : 0.35 + 0.65 * (row.kept / known);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * f);
  return `rgb(${mix(0x7a, 0x40)},${mix(0x2f, 0xc8)},${mix(0x33, 0x78)})`;
}

function drawAggregated(ctx: CanvasRenderingContext2D, marks: string, overrides: Set<number>, width: number, height: number, scale: number): void {
  const rows = Math.max(1, Math.round(height * scale));
  const rowHeight = height / rows;
  stripRows(marks, overrides, rows).forEach((row, r) => {
    ctx.fillStyle = rowColour(row);
    ctx.fillRect(0, r * rowHeight, width, rowHeight);
    if (row.overridden) {
      ctx.fillStyle = COLOURS.override;
      ctx.fillRect(0, r * rowHeight, 4, rowHeight);
    }
  });
}

function draw(canvas: HTMLCanvasElement, marks: string, overrides: Set<number>, current: number): void {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const scale = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  const n = marks.length;
  const tick = height / Math.max(1, n);
  if (tick * scale < 1) drawAggregated(ctx, marks, overrides, width, height, scale);
  else {
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = COLOURS[marks[i] as 'k' | 'd' | 'u'];
      ctx.fillRect(0, i * tick, width, Math.max(1, tick - (tick > 3 ? 1 : 0)));
      if (overrides.has(i)) {
        ctx.fillStyle = COLOURS.override;
        ctx.fillRect(0, i * tick, 4, Math.max(1, tick));
      }
    }
  }
  ctx.fillStyle = COLOURS.current;
  ctx.fillRect(0, Math.min(height - 2, Math.max(0, (current + 0.5) * tick - 1)), width, 2);
}

export function SliceStrip({ n, current, decision, onPick }: SliceStripProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const marks = stripMarks(n, decision);
  const overrides = stripOverrides(decision);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const overridden = new Set(overrides ? overrides.split(',').map((x) => Number(x.split(':')[0])) : []);
    const redraw = () => draw(el, marks, overridden, current);
    redraw();
    const resize = new ResizeObserver(redraw);
    resize.observe(el);
    return () => resize.disconnect();
  }, [marks, overrides, current]);
  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    onPick(sliceAtY(e.clientY - box.top, box.height, n));
  };
  const kept = marks.split('').filter((m) => m === 'k').length;
  return (
    <canvas
      ref={canvas}
      className="slice-strip"
      data-testid="slice-strip"
      data-marks={marks}
      data-overrides={overrides}
      role="img"
      aria-label={decision ? `slice strip: ${kept} of ${n} kept, current slice ${current}` : `slice strip: ${n} slices, not computed`}
      onClick={onClick}
    />
  );
}
