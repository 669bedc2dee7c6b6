/**
 * Heatmap pointer and keyboard math: which cell is under the pointer, and where the keyboard
 * cursor moves. Pure functions so that hovering never re-renders the canvas.
 */

/** A matrix cell: row i (slice i, vertical axis) and column j (slice j, horizontal axis). */
export interface Cell {
  i: number;
  j: number;
}

/**
 * Cell under a point (x, y) measured from the top-left corner of a box of width × height that
 * shows the n×n matrix: j = floor(x / width · n), i = floor(y / height · n). Points outside the
 * box (or an empty box) give null; the right and bottom edges belong to the last cell.
 */
export function cellAt(x: number, y: number, width: number, height: number, n: number): Cell | null {
  if (n <= 0 || width <= 0 || height <= 0) return null;
  if (x < 0 || y < 0 || x > width || y > height) return null;
  const j = Math.min(n - 1, Math.floor((x / width) * n));
  const i = Math.min(n - 1, Math.floor((y / height) * n));
  return { i, j };
}

/** Centre of a cell in box coordinates (for the tooltip and keyboard focus ring). */
export function cellCenter(cell: Cell, width: number, height: number, n: number): { x: number; y: number } {
  return { x: ((cell.j + 0.5) / n) * width, y: ((cell.i + 0.5) / n) * height };
}

/** Step used by PageUp/PageDown and Shift+arrows. */
export const BIG_STEP = 10;

/**
 * Keyboard cursor move: arrows move one cell (Shift: BIG_STEP), PageUp/PageDown move BIG_STEP rows,
 * Home/End jump to the first/last column. The cursor stays inside 0..n-1. Returns null for keys
 * that do not move the cursor.
 */
export function moveCursor(cell: Cell, key: string, n: number, shift = false): Cell | null {
  const step = shift ? BIG_STEP : 1;
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
  switch (key) {
    case 'ArrowLeft':
      return { i: cell.i, j: clamp(cell.j - step) };
    case 'ArrowRight':
      return { i: cell.i, j: clamp(cell.j + step) };
    case 'ArrowUp':
      return { i: clamp(cell.i - step), j: cell.j };
    case 'ArrowDown':
      return { i: clamp(cell.i + step), j: cell.j };
    case 'PageUp':
      return { i: clamp(cell.i - BIG_STEP), j: cell.j };
    case 'PageDown':
      return { i: clamp(cell.i + BIG_STEP), j: cell.j };
    case 'Home':
      return { i: cell.i, j: 0 };
    case 'End':
      return { i: cell.i, j: n - 1 };
    default:
      return null;
  }
}
