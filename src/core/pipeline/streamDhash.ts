/**
 * HASH while reading: each slice is made 8-bit (the pipeline's conversion, toUint8Slice) and
 * reduced to its 64 dHash bits (the CPU reference, dhashBits) as soon as the reader completes it,
 * and nothing else is kept. With a reader that keeps no voxels either (core/volume streamVolume), a
 * volume of any size costs a few slices of memory, and no 8-bit stack or voxel buffer is ever
 * allocated, filled and collected. The bits scored by hashScoresFromBits equal
 * computeSimilarity(convertVolume(volume).stack, 'hash') on the CPU: same bytes per slice, same kernel.
 */
import { toUint8Slice, type Uint8Conversion } from '../preprocess/toUint8';
import { dhashBits } from '../similarity/dhash/dhash.cpu';
import type { ReadOptions } from '../volume/input';
import { DEFAULT_CONVERSION } from './conversion';

export class StreamingDhash {
  private bits: Uint8Array[] = [];
  private pixels = new Uint8Array(0);
  private broken = false;

  constructor(private readonly conv: Uint8Conversion = DEFAULT_CONVERSION) {}

  /** Pass as ReadOptions.onSlice (the slice may be a view that is reused after the call). */
  readonly onSlice: NonNullable<ReadOptions['onSlice']> = (k, slice, dims) => {
    if (this.broken) return;
    if (k !== this.bits.length) {
      this.broken = true; // out of order: take() says so rather than scoring the wrong slices
      return;
    }
    let px: Uint8Array;
    // uint8 voxels under the default conversion are used as they are (convertVolume's 'as-is').
    if (slice instanceof Uint8Array && this.conv.kind === 'minmax') px = slice;
    else {
      if (this.pixels.length !== slice.length) this.pixels = new Uint8Array(slice.length);
      px = this.pixels;
      toUint8Slice(slice, px, this.conv);
    }
    this.bits.push(dhashBits(px, dims.rows, dims.cols));
  };

  /** The dHash bits of slices 0..slices-1, or undefined when they did not all come, in order. */
  take(slices: number): Uint8Array[] | undefined {
    const bits = this.bits;
    this.bits = [];
    const ok = !this.broken && bits.length === slices;
    this.broken = true; // one volume per collector
    return ok ? bits : undefined;
  }
}
