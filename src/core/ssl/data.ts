/**
 * Training slices from 8-bit slice stacks: every slice of each volume, or only the kept ones
 * (a manifest's). Slices of another size than the first volume's are resampled to it (bilinear,
 * pixel centres aligned) so one TrainingSlices has one rows × cols; crops are taken from it anyway.
 */
import type { SliceStack } from '../volume/types';
import type { TrainingSlices } from './types';

export interface VolumeSlices {
  id: string;
  stack: SliceStack;
  /** Slice indices to use (absent: all). */
  kept?: number[];
}

/** Bilinear resample of one 8-bit image (align-centres), rounded. */
export function resizeGray(src: Uint8Array, rows: number, cols: number, outRows: number, outCols: number): Uint8Array {
  const out = new Uint8Array(outRows * outCols);
  for (let y = 0; y < outRows; y++) {
    const sy = Math.min(rows - 1, Math.max(0, ((y + 0.5) * rows) / outRows - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(rows - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < outCols; x++) {
      const sx = Math.min(cols - 1, Math.max(0, ((x + 0.5) * cols) / outCols - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(cols - 1, x0 + 1);
      const fx = sx - x0;
      const top = src[y0 * cols + x0] * (1 - fx) + src[y0 * cols + x1] * fx;
      const bottom = src[y1 * cols + x0] * (1 - fx) + src[y1 * cols + x1] * fx;
      out[y * outCols + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return out;
}

export function trainingSlices(volumes: VolumeSlices[]): TrainingSlices {
  if (volumes.length === 0) throw new Error('training slices: no volumes');
  const { rows, cols } = volumes[0].stack;
  const refs: { stack: SliceStack; index: number; id: string }[] = [];
  for (const v of volumes) {
    const indices = v.kept ?? Array.from({ length: v.stack.n }, (_, i) => i);
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= v.stack.n) throw new Error(`training slices: ${v.id} has no slice ${i} (it has ${v.stack.n})`);
      refs.push({ stack: v.stack, index: i, id: `${v.id}#${i}` });
    }
  }
  if (refs.length === 0) throw new Error('training slices: the selection keeps no slice');
  const slice = (i: number): Uint8Array => {
    const { stack, index } = refs[i];
    const size = stack.rows * stack.cols;
    const px = stack.pixels.subarray(index * size, (index + 1) * size);
    return stack.rows === rows && stack.cols === cols ? px : resizeGray(px, stack.rows, stack.cols, rows, cols);
  };
  return { count: refs.length, rows, cols, slice, ids: refs.map((r) => r.id) };
}

/**
 * Area-average resample (what PIL's BOX and OpenCV's INTER_AREA do when shrinking): output pixel
 * (y, x) is the mean of the source over [y·rows/outRows, (y+1)·rows/outRows) × [x·…, (x+1)·…), partial
 * pixels weighted by their covered fraction, rounded. Upsampling falls back to bilinear (resizeGray).
 */
export function resizeArea(src: Uint8Array, rows: number, cols: number, outRows: number, outCols: number): Uint8Array {
  if (outRows > rows || outCols > cols) return resizeGray(src, rows, cols, outRows, outCols);
  const wy = areaWeights(rows, outRows);
  const wx = areaWeights(cols, outCols);
  const out = new Uint8Array(outRows * outCols);
  for (let y = 0; y < outRows; y++) {
    for (let x = 0; x < outCols; x++) {
      let sum = 0;
      for (const [sy, fy] of wy[y]) for (const [sx, fx] of wx[x]) sum += src[sy * cols + sx] * fy * fx;
      out[y * outCols + x] = Math.round(sum);
    }
  }
  return out;
}

/** Per output index, the source indices it covers and their weights (summing to 1). */
function areaWeights(n: number, out: number): [number, number][][] {
  const scale = n / out;
  return Array.from({ length: out }, (_, i) => {
    const lo = i * scale;
    const hi = (i + 1) * scale;
    const w: [number, number][] = [];
    for (let s = Math.floor(lo); s < Math.min(n, Math.ceil(hi)); s++) w.push([s, (Math.min(hi, s + 1) - Math.max(lo, s)) / scale]);
    return w;
  });
}

/** The slices resampled to size × size (area average), one at a time as batches read them. */
export function resampledSlices(data: TrainingSlices, size: number): TrainingSlices {
  if (data.rows === size && data.cols === size) return data;
  return { ...data, rows: size, cols: size, slice: (i) => resizeArea(data.slice(i), data.rows, data.cols, size, size) };
}
