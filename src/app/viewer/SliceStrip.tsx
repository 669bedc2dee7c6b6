/**
 * A vertical strip beside the viewport: one tick per slice, coloured kept / dropped / not computed,
 * overrides marked with a yellow edge, the current slice marked with a white line; click to jump.
 * Drawn on one canvas (a 600-slice volume would otherwise be 600 DOM nodes restyled per slider
 * move). The marks are also exposed as text for tests and assistive tech: `data-marks` holds one
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
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = COLOURS[marks[i] as 'k' | 'd' | 'u'];
    ctx.fillRect(0, i * tick, width, Math.max(1, tick - (tick > 3 ? 1 : 0)));
    if (overrides.has(i)) {
      ctx.fillStyle = COLOURS.override;
      ctx.fillRect(0, i * tick, 4, Math.max(1, tick));
    }
  }
  ctx.fillStyle = COLOURS.current;
  ctx.fillRect(0, (current + 0.5) * tick - 1, width, 2);
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
