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
import { rescaleInt16Simd } from './rescaleSimd';

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

  /**
   * Writes slice k from raw stored values with an affine rescale (default identity). `rawIsInteger`:
   * the caller knows every raw value is an integer (an integer datatype read into a Float64Array).
   */
  writeSlice(k: number, raw: RawValues, slope = 1, intercept = 0, rawIsInteger = isIntegerTyped(raw)): VoxelArray {
    checkSliceLength(k, raw, this.sliceLen);
    const base = k * this.sliceLen;
    if (this.voxels instanceof Int16Array && !storeInt16(this.voxels, base, raw, slope, intercept, rawIsInteger)) this.promote();
    if (this.voxels instanceof Float32Array || this.voxels instanceof Uint8Array) storeRescaled(this.voxels, base, raw, slope, intercept);
    return this.voxels.subarray(base, base + this.sliceLen);
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

/**
 * VoxelBuilder's value rule one slice at a time, keeping none: for readers that hand each slice
 * out once (a HASH run needs nothing else), so memory is two slices whatever the volume's size.
 * Storage is int16 until the first slice that does not fit and float32 from then on, as the
 * volume VoxelBuilder builds would be; `promotedAt` says where the switch happened (slices before
 * it were handed out as int16, whereas the built volume would hold them as float32).
 */
export class SliceBuilder {
  private readonly int16: Int16Array;
  private float32?: Float32Array;
  promotedAt?: number;

  constructor(private readonly sliceLen: number) {
    this.int16 = new Int16Array(sliceLen);
  }

  get storage(): 'int16' | 'float32' {
    return this.float32 ? 'float32' : 'int16';
  }

  /** Slice k's values, valid until the next write (a view of `raw` itself when no rescale applies). */
  write(k: number, raw: RawValues, slope = 1, intercept = 0, rawIsInteger = isIntegerTyped(raw)): VoxelArray {
    checkSliceLength(k, raw, this.sliceLen);
    if (!this.float32) {
      if (slope === 1 && intercept === 0 && raw instanceof Int16Array) return raw;
      if (storeInt16(this.int16, 0, raw, slope, intercept, rawIsInteger)) return this.int16;
      this.float32 = new Float32Array(this.sliceLen);
      this.promotedAt = k;
    }
    storeRescaled(this.float32, 0, raw, slope, intercept);
    return this.float32;
  }
}

function checkSliceLength(k: number, raw: RawValues, sliceLen: number): void {
  if (raw.length !== sliceLen) throw new RangeError(`slice ${k} has ${raw.length} values, expected ${sliceLen}`);
}

/** `v = raw * slope + intercept` stored at out[base..] as the array's type takes it (float32, or uint8 pixels as they are). */
function storeRescaled(out: Float32Array | Uint8Array, base: number, raw: RawValues, slope: number, intercept: number): void {
  for (let i = 0; i < raw.length; i++) out[base + i] = raw[i] * slope + intercept;
}

const isIntegerTyped = (raw: RawValues): boolean =>
  raw instanceof Int16Array || raw instanceof Uint16Array || raw instanceof Uint8Array || raw instanceof Int8Array || raw instanceof Int32Array || raw instanceof Uint32Array;

/**
 * The int16 rule shared by every reader: `v = raw * slope + intercept` (float64) stored at
 * out[base..] when every value of the slice is an integer in [-32768, 32767]; false as soon as one
 * is not (the caller then stores the slice as float32; what was written here is overwritten).
 */
export function storeInt16(out: Int16Array, base: number, raw: RawValues, slope: number, intercept: number, rawIsInteger = isIntegerTyped(raw)): boolean {
  if (slope === 1 && intercept === 0 && raw instanceof Int16Array) {
    out.set(raw, base);
    return true;
  }
  if (raw instanceof Int16Array || raw instanceof Uint16Array) {
    // The common CT case (int16 with slope 1, intercept -1024) on WebAssembly SIMD; null where the
    // kernel cannot take it (no SIMD, parameters that could overflow i32): the loops below.
    const simd = rescaleInt16Simd(out, base, raw, slope, intercept);
    if (simd !== null) return simd;
  }
  if (rawIsInteger && Number.isInteger(slope) && Number.isInteger(intercept)) {
    // Integer raw × integer slope + integer intercept is an integer (exact in float64 far beyond
    // int16): only the range needs checking. CT NIfTI often has slope 1, intercept -1024.
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i] * slope + intercept;
      if (v < -32768 || v > 32767) return false;
      out[base + i] = v;
    }
    return true;
  }
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i] * slope + intercept;
    if (!Number.isInteger(v) || v < -32768 || v > 32767) return false;
    out[base + i] = v;
  }
  return true;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
