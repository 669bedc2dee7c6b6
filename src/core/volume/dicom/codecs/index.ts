/**
 * Frame decoding by transfer syntax. Compressed syntaxes use maintained codec packages
 * (OpenJPEG, CharLS, libjpeg-turbo builds from Cornerstone; jpeg-lossless-decoder-js); RLE is ours.
 */
import { decodeNative } from './native';
import { decodeRle } from './rle';
import { decodeJpegLossless } from './jpegLossless';
import { decodeJpeg2000, decodeJpegBaseline, decodeJpegLs } from './wasmCodecs';
import type { DecodedFrame, FrameDecodeInput } from './types';

export type { DecodedFrame, FrameDecodeInput } from './types';
export { configureCodecWasm, type WasmLocator } from './emscripten';

type FrameDecoder = (input: FrameDecodeInput) => DecodedFrame | Promise<DecodedFrame>;

interface SyntaxEntry {
  name: string;
  decode: FrameDecoder;
  /** Pixel data is encapsulated (fragments) rather than native. */
  encapsulated: boolean;
}

const native = (name: string, bigEndian = false): SyntaxEntry => ({ name, encapsulated: false, decode: (i) => decodeNative({ ...i, bigEndian }) });
const encapsulated = (name: string, decode: FrameDecoder): SyntaxEntry => ({ name, encapsulated: true, decode });

/** Supported transfer syntaxes, by UID. */
export const TRANSFER_SYNTAXES: Record<string, SyntaxEntry> = {
  '1.2.840.10008.1.2': native('Implicit VR Little Endian'),
  '1.2.840.10008.1.2.1': native('Explicit VR Little Endian'),
  '1.2.840.10008.1.2.1.99': native('Deflated Explicit VR Little Endian'),
  '1.2.840.10008.1.2.2': native('Explicit VR Big Endian', true),
  '1.2.840.10008.1.2.5': encapsulated('RLE Lossless', decodeRle),
  '1.2.840.10008.1.2.4.50': encapsulated('JPEG Baseline (8-bit)', decodeJpegBaseline),
  '1.2.840.10008.1.2.4.51': encapsulated('JPEG Extended (8-bit only)', decodeJpegBaseline),
  '1.2.840.10008.1.2.4.57': encapsulated('JPEG Lossless (Process 14)', decodeJpegLossless),
  '1.2.840.10008.1.2.4.70': encapsulated('JPEG Lossless SV1', decodeJpegLossless),
  '1.2.840.10008.1.2.4.80': encapsulated('JPEG-LS Lossless', decodeJpegLs),
  '1.2.840.10008.1.2.4.81': encapsulated('JPEG-LS Near-Lossless', decodeJpegLs),
  '1.2.840.10008.1.2.4.90': encapsulated('JPEG 2000 Lossless', decodeJpeg2000),
  '1.2.840.10008.1.2.4.91': encapsulated('JPEG 2000', decodeJpeg2000),
};

export function transferSyntaxEntry(uid: string): SyntaxEntry | undefined {
  return TRANSFER_SYNTAXES[uid];
}
