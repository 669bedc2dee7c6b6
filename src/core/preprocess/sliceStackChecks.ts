import type { SliceStack } from '../volume/types';

/** Throw a RangeError naming the method when a SliceStack's shape and buffer disagree. */
export function assertSliceStack(stack: SliceStack, method: string): void {
  const { n, rows, cols, pixels } = stack;
  for (const [name, v] of [['n', n], ['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${method}: slice stack ${name} must be a non-negative integer, got ${v}`);
  }
  if (pixels.length !== n * rows * cols) {
    throw new RangeError(`${method}: slice stack of ${n}×${rows}×${cols} needs ${n * rows * cols} pixels, got ${pixels.length}`);
  }
}

/** View (no copy) of slice k of a stack. */
export function stackSlice(stack: SliceStack, k: number): Uint8Array {
  const len = stack.rows * stack.cols;
  return stack.pixels.subarray(k * len, (k + 1) * len);
}
