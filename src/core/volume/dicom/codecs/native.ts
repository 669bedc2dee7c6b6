/**
 * Uncompressed pixel data (implicit/explicit VR little endian, explicit big endian, deflated —
 * deflate is undone before parsing). Samples are read with a DataView so odd offsets and big-endian
 * data need no special cases.
 */
import type { DecodedFrame, FrameDecodeInput } from './types';

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function decodeNative(input: FrameDecodeInput): DecodedFrame {
  const { encoded, rows, cols, bitsAllocated, samplesPerPixel, signed, bigEndian } = input;
  const count = rows * cols * samplesPerPixel;
  const bytes = bitsAllocated / 8;
  if (![1, 2, 4].includes(bytes)) throw new Error(`BitsAllocated ${bitsAllocated} is not supported`);
  if (encoded.length < count * bytes) throw new Error(`pixel data has ${encoded.length} bytes, ${count * bytes} expected (truncated file?)`);
  const view = new DataView(encoded.buffer, encoded.byteOffset, count * bytes);
  const le = !bigEndian;
  let out: Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;
  if (le && HOST_IS_LITTLE_ENDIAN && bytes > 1) {
    // Fast path: a typed-array view (a copy only when the offset is not aligned).
    const src = encoded.byteOffset % bytes ? encoded.slice(0, count * bytes) : encoded;
    const Ctor = bytes === 2 ? (signed ? Int16Array : Uint16Array) : signed ? Int32Array : Uint32Array;
    out = new Ctor(src.buffer as ArrayBuffer, src.byteOffset, count);
  } else if (bytes === 1) {
    out = signed ? new Int8Array(encoded.buffer, encoded.byteOffset, count) : encoded.subarray(0, count);
  } else if (bytes === 2) {
    out = signed ? new Int16Array(count) : new Uint16Array(count);
    for (let i = 0; i < count; i++) out[i] = signed ? view.getInt16(2 * i, le) : view.getUint16(2 * i, le);
  } else {
    out = signed ? new Int32Array(count) : new Uint32Array(count);
    for (let i = 0; i < count; i++) out[i] = signed ? view.getInt32(4 * i, le) : view.getUint32(4 * i, le);
  }
  return { width: cols, height: rows, components: samplesPerPixel, samples: out };
}
