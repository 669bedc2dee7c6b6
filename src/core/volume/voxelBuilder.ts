/**
 * Fills one volume's voxel buffer slice by slice, so a reader never holds two full copies.
 *
 * Values are `hu = raw * slope + intercept`, computed in float64. The buffer starts as Int16Array
 * (CT in HU nearly always fits) and is promoted once to Float32Array the first time a value is not
 * an integer in [-32768, 32767]; promotion briefly needs 2 + 4 bytes per voxel, still less than two
 * float32 copies. `uint8` mode (PNG slices) stores pixel values unchanged.
 */
import type { VoxelArray } from './types';
import { VolumeReadError } from './input';

type RawValues = ArrayLike<number>;

export interface VoxelBuilderOptions {
  rows: number;
  cols: number;
  slices: number;
  /** What the message names when the budget is exceeded (file or folder). */
  source: string;
  memoryBudgetBytes: number;
  /** 'uint8' keeps 8-bit pixels (PNG); 'float32' skips the int16 attempt (float input with fractions). */
  storage?: 'auto' | 'float32' | 'uint8';
}

export class VoxelBuilder {
  private voxels: VoxelArray;
  private readonly sliceLen: number;
  private readonly total: number;

  constructor(private readonly opts: VoxelBuilderOptions) {
    this.sliceLen = opts.rows * opts.cols;
    this.total = this.sliceLen * opts.slices;
    const storage = opts.storage ?? 'auto';
    const bytes = storage === 'uint8' ? 1 : storage === 'float32' ? 4 : 2;
    this.checkBudget(bytes);
    this.voxels = storage === 'uint8' ? new Uint8Array(this.total) : storage === 'float32' ? new Float32Array(this.total) : new Int16Array(this.total);
  }

  get array(): VoxelArray {
    return this.voxels;
  }

  /** Writes slice k from raw stored values with an affine rescale (default identity). */
  writeSlice(k: number, raw: RawValues, slope = 1, intercept = 0): void {
    if (raw.length !== this.sliceLen) {
      throw new RangeError(`slice ${k} has ${raw.length} values, expected ${this.sliceLen}`);
    }
    const base = k * this.sliceLen;
    if (this.voxels instanceof Int16Array && !this.writeInt16(base, raw, slope, intercept)) this.promote();
    if (this.voxels instanceof Float32Array || this.voxels instanceof Uint8Array) {
      const out = this.voxels;
      for (let i = 0; i < raw.length; i++) out[base + i] = raw[i] * slope + intercept;
    }
  }

  /** Tries to store the slice as int16; false (nothing lost) when a value does not fit. */
  private writeInt16(base: number, raw: RawValues, slope: number, intercept: number): boolean {
    const out = this.voxels as Int16Array;
    if (slope === 1 && intercept === 0 && raw instanceof Int16Array) {
      out.set(raw, base);
      return true;
    }
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i] * slope + intercept;
      if (!Number.isInteger(v) || v < -32768 || v > 32767) return false;
      out[base + i] = v;
    }
    return true;
  }

  private promote(): void {
    this.checkBudget(4);
    this.voxels = new Float32Array(this.voxels as Int16Array);
  }

  private checkBudget(bytesPerVoxel: number): void {
    const need = this.total * bytesPerVoxel;
    if (need > this.opts.memoryBudgetBytes) {
      const { rows, cols, slices } = this.opts;
      throw new VolumeReadError(
        `volume of ${cols}×${rows}×${slices} voxels needs ${formatMiB(need)} as ${bytesPerVoxel === 4 ? 'float32' : bytesPerVoxel === 2 ? 'int16' : 'uint8'}, over the memory budget of ${formatMiB(this.opts.memoryBudgetBytes)}`,
        this.opts.source,
      );
    }
  }
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
