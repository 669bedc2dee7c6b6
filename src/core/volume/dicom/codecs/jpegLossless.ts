/** JPEG lossless, non-hierarchical (processes 14 and 14 SV1) via jpeg-lossless-decoder-js. */
import { Decoder } from 'jpeg-lossless-decoder-js';
import type { DecodedFrame, FrameDecodeInput } from './types';

export function decodeJpegLossless(input: FrameDecodeInput): DecodedFrame {
  const { encoded, rows, cols, bitsAllocated, samplesPerPixel, signed } = input;
  const bytesOut = bitsAllocated <= 8 ? 1 : 2;
  const copy = encoded.slice();
  const decoded = new Decoder().decode(copy.buffer, 0, copy.length, bytesOut);
  const raw = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  const samples = bytesOut === 1 ? (signed ? new Int8Array(raw.buffer, raw.byteOffset, raw.length) : raw) : signed ? new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2) : new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2);
  return { width: cols, height: rows, components: samplesPerPixel, samples };
}
