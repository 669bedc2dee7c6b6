/**
 * <SimilarityHeatmap> — the n×n slice-similarity matrix as an image.
 *
 * Props
 * - matrix: Float64Array   row-major n×n scores, matrix[i*n + j] = score(slice i, slice j).
 * - n: number              number of slices.
 * - kind: 'distance' | 'similarity'  direction of the scores (HASH is a distance). The colour map
 *                          is reversed for distances so "alike" is always the bright end.
 * - method: MethodName     names the units in the legend and tooltip.
 * - kept?: Uint8Array      optional kept mask (length n); kept rows/columns are marked on the
 *                          top and left edges.
 * - onHover?(i, j, score)  pointer or keyboard cursor over cell (i, j); (-1, -1, NaN) on leave.
 * - onPick?(i, j)          click, or Enter/Space on the keyboard cursor: open the pair (i, j).
 * - size?: number          displayed edge length in CSS px (default: fills the container width).
 *
 * Rendering: the matrix is written once into an n×n canvas (one ImageData) whenever matrix, n or
 * kind change; CSS scales it (image-rendering: pixelated). Hover is pure math on the pointer
 * position, so moving the mouse only updates the tooltip. Keyboard: Tab to focus, arrows move the
 * cursor (Shift ×10, PageUp/PageDown, Home/End), Enter/Space picks.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { MethodName, ScoreKind } from '../../../core/similarity/types';
import { cellAt, cellCenter, moveCursor, type Cell } from './cursor';
import { keptStripRgba, matrixToRgba } from './matrixImage';
import { HeatmapLegend } from './HeatmapLegend';
import { formatScore, METHOD_LABELS, scoreRange } from './scoreScale';
import './heatmap.css';

export interface SimilarityHeatmapProps {
  matrix: Float64Array;
  n: number;
  kind: ScoreKind;
  method: MethodName;
  kept?: Uint8Array;
  onHover?: (i: number, j: number, score: number) => void;
  onPick?: (i: number, j: number) => void;
  size?: number;
}

/** Puts RGBA pixels into a canvas of width × height with one ImageData write. */
function paint(canvas: HTMLCanvasElement | null, rgba: Uint8ClampedArray<ArrayBuffer>, width: number, height: number) {
  if (!canvas) return;
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.putImageData(new ImageData(rgba, width, height), 0, 0);
}

export function SimilarityHeatmap({ matrix, n, kind, method, kept, onHover, onPick, size }: SimilarityHeatmapProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const topStripRef = useRef<HTMLCanvasElement>(null);
  const leftStripRef = useRef<HTMLCanvasElement>(null);
  const [cursor, setCursor] = useState<Cell | null>(null);
  const [fromKeyboard, setFromKeyboard] = useState(false);

  const range = useMemo(() => scoreRange(matrix, n), [matrix, n]);

  useEffect(() => {
    paint(canvasRef.current, matrixToRgba(matrix, n, kind, range), n, n);
  }, [matrix, n, kind, range]);

  useEffect(() => {
    if (!kept) return;
    const strip = keptStripRgba(kept, n);
    paint(topStripRef.current, strip, n, 1);
    paint(leftStripRef.current, strip, 1, n);
  }, [kept, n]);

  const show = useCallback(
    (cell: Cell | null, keyboard: boolean) => {
      setCursor(cell);
      setFromKeyboard(keyboard);
      if (cell) onHover?.(cell.i, cell.j, matrix[cell.i * n + cell.j]);
      else onHover?.(-1, -1, NaN);
    },
    [matrix, n, onHover],
  );

  const cellFromPointer = (e: PointerEvent<HTMLCanvasElement>): Cell | null => {
    const box = e.currentTarget.getBoundingClientRect();
    return cellAt(e.clientX - box.left, e.clientY - box.top, box.width, box.height, n);
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const cell = cellFromPointer(e);
    if (cell?.i !== cursor?.i || cell?.j !== cursor?.j || fromKeyboard) show(cell, false);
  };

  // Picks the cell under the pointer at pointerdown: pointer events carry sub-pixel positions,
  // click events only whole CSS pixels, and at n = 600 a cell can be narrower than one pixel.
  const pressedCell = useRef<Cell | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    pressedCell.current = cellFromPointer(e);
  };
  const onClick = (e: PointerEvent<HTMLCanvasElement>) => {
    const cell = pressedCell.current ?? cellFromPointer(e);
    pressedCell.current = null;
    if (cell) onPick?.(cell.i, cell.j);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const current = cursor ?? { i: 0, j: 0 };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (!cursor) show(current, true);
      onPick?.(current.i, current.j);
      return;
    }
    const next = moveCursor(current, e.key, n, e.shiftKey);
    if (next) {
      e.preventDefault();
      show(next, true);
    }
  };

  const score = cursor ? matrix[cursor.i * n + cursor.j] : NaN;
  const pos = cursor ? cellCenter(cursor, 100, 100, n) : null;
  const label = `${METHOD_LABELS[method]} ${kind} matrix, ${n} × ${n} slices`;

  return (
    <figure className="ct-heatmap" style={size ? { width: size } : undefined}>
      <div
        className="ct-heatmap-frame"
        tabIndex={0}
        // An interactive picture with its own arrow-key navigation (no per-cell DOM, so not a grid);
        // the tooltip is a live status region that announces (i, j, score).
        role="application"
        aria-roledescription="similarity heatmap"
        aria-label={`${label}. Arrow keys move, Enter opens the pair.`}
        onKeyDown={onKeyDown}
        onBlur={() => fromKeyboard && show(null, false)}
        data-testid="heatmap"
      >
        <div className="ct-heatmap-plot">
          {kept && <canvas ref={topStripRef} className="ct-heatmap-strip ct-heatmap-strip-top" data-testid="heatmap-kept-top" />}
          {kept && <canvas ref={leftStripRef} className="ct-heatmap-strip ct-heatmap-strip-left" data-testid="heatmap-kept-left" />}
          <canvas
            ref={canvasRef}
            className="ct-heatmap-canvas"
            data-testid="heatmap-canvas"
            onPointerMove={onPointerMove}
            onPointerDown={onPointerDown}
            onPointerLeave={() => show(null, false)}
            onClick={onClick}
          />
          {cursor && pos && (
            <>
              {fromKeyboard && (
                <div
                  className="ct-heatmap-cursor"
                  style={{ left: `${(cursor.j / n) * 100}%`, top: `${(cursor.i / n) * 100}%`, width: `${100 / n}%`, height: `${100 / n}%` }}
                />
              )}
              <div
                className={`ct-heatmap-tooltip${pos.x > 60 ? ' ct-flip-x' : ''}${pos.y > 70 ? ' ct-flip-y' : ''}`}
                style={{ left: `${pos.x}%`, top: `${pos.y}%` }}
                role="status"
                data-testid="heatmap-tooltip"
                data-i={cursor.i}
                data-j={cursor.j}
                data-score={score}
              >
                <span className="ct-pair">
                  ({cursor.i}, {cursor.j})
                </span>{' '}
                <span className="ct-score">
                  {METHOD_LABELS[method]} {formatScore(score, method)}
                </span>
              </div>
            </>
          )}
        </div>
      </div>
      <HeatmapLegend range={range} kind={kind} method={method} />
    </figure>
  );
}
