/**
 * Overlapping the 8-bit conversion with reading: a reader that streams (NIfTI) hands each slice to
 * `onSlice` as soon as it is complete, and the slice is converted while the next bytes are still
 * being decompressed (on Node and in browsers gunzip runs off the JavaScript thread). At the end,
 * `take(volume)` returns the converted stack when every slice came through and the sizes agree,
 * else undefined (the caller then converts the finished volume as usual: same bytes either way).
 */
import type { ReadOptions } from '../volume/input';
import { toUint8Slice, type Uint8Conversion } from '../preprocess/toUint8';
import type { Volume } from '../volume/types';
import { DEFAULT_CONVERSION, recordedConversion, type ConvertedVolume } from './conversion';

export class StreamingConverter {
  private pixels?: Uint8Array;
  private dims = { rows: 0, cols: 0, slices: 0 };
  private done = 0;

  constructor(private readonly conv: Uint8Conversion = DEFAULT_CONVERSION) {}

  /** Pass as ReadOptions.onSlice. */
  readonly onSlice: NonNullable<ReadOptions['onSlice']> = (k, slice, dims) => {
    // uint8 voxels under the default conversion are used as they are: nothing to do early.
    if (slice instanceof Uint8Array && this.conv.kind === 'minmax') return;
    if (!this.pixels || dims.rows !== this.dims.rows || dims.cols !== this.dims.cols || dims.slices !== this.dims.slices) {
      this.dims = { ...dims };
      this.pixels = new Uint8Array(dims.rows * dims.cols * dims.slices);
      this.done = 0;
    }
    const len = dims.rows * dims.cols;
    toUint8Slice(slice, this.pixels.subarray(k * len, (k + 1) * len), this.conv);
    this.done++;
  };

  /** The converted stack of `volume`, when the reader streamed all of it. */
  take(volume: Volume): ConvertedVolume | undefined {
    const { rows, cols, slices } = this.dims;
    if (!this.pixels || this.done !== slices || volume.rows !== rows || volume.cols !== cols || volume.slices !== slices) return undefined;
    const stack = { n: slices, rows, cols, pixels: this.pixels };
    this.pixels = undefined;
    return { stack, conversion: recordedConversion(volume, this.conv) };
  }
}
