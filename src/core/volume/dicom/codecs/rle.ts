/**
 * DICOM RLE Lossless (PS3.5 Annex G). No maintained npm package exposes this decoder on its own
 * (dicom-image-loader keeps it internal), and it is small, so it lives here.
 *
 * A frame is a 64-byte header — uint32 LE segment count n (≤ 15), then 15 uint32 LE segment
 * offsets — followed by n PackBits segments. For B bytes per sample and S samples per pixel there
 * are S·B segments; segment s·B + b holds byte b (0 = most significant) of sample s for every pixel.
 * PackBits: control byte c; 0 ≤ c ≤ 127 copies the next c+1 bytes; -127 ≤ c ≤ -1 repeats the next
 * byte 1-c times; -128 is a no-op.
 */
import type { DecodedFrame, FrameDecodeInput } from './types';

export function decodeRle(input: FrameDecodeInput): DecodedFrame {
  const { encoded, rows, cols, bitsAllocated, samplesPerPixel, signed } = input;
  const pixels = rows * cols;
  const bytesPerSample = bitsAllocated / 8;
  if (!Number.isInteger(bytesPerSample) || bytesPerSample < 1 || bytesPerSample > 4) throw new Error(`RLE with BitsAllocated ${bitsAllocated} is not supported`);
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== samplesPerPixel * bytesPerSample) throw new Error(`RLE header lists ${segments} segments, expected ${samplesPerPixel * bytesPerSample}`);
  const planes = new Uint8Array(pixels * segments);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : encoded.length;
    unpackBits(encoded.subarray(start, end), planes.subarray(s * pixels, (s + 1) * pixels));
  }
  return { width: cols, height: rows, components: samplesPerPixel, samples: assembleSamples(planes, pixels, samplesPerPixel, bytesPerSample, signed) };
}

/** PackBits into `out` (stops when out is full; a short segment leaves zeros). */
function unpackBits(src: Uint8Array, out: Uint8Array): void {
  let i = 0;
  let o = 0;
  while (i < src.length && o < out.length) {
    const c = (src[i++] << 24) >> 24;
    if (c >= 0) {
      const n = Math.min(c + 1, out.length - o, src.length - i);
      out.set(src.subarray(i, i + n), o);
      i += n;
      o += n;
    } else if (c !== -128) {
      const n = Math.min(1 - c, out.length - o);
      out.fill(src[i++], o, o + n);
      o += n;
    }
  }
}

/** Byte planes (most significant first) → interleaved samples. */
function assembleSamples(planes: Uint8Array, pixels: number, spp: number, bytes: number, signed: boolean): ArrayLike<number> {
  const out = bytes === 1 ? (signed ? new Int8Array(pixels * spp) : new Uint8Array(pixels * spp)) : bytes === 2 ? (signed ? new Int16Array(pixels * spp) : new Uint16Array(pixels * spp)) : signed ? new Int32Array(pixels * spp) : new Uint32Array(pixels * spp);
  for (let s = 0; s < spp; s++) {
    for (let p = 0; p < pixels; p++) {
      let v = 0;
      for (let b = 0; b < bytes; b++) v = v * 256 + planes[(s * bytes + b) * pixels + p];
      out[p * spp + s] = v;
    }
  }
  return out;
}
