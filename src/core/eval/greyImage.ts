/**
 * One labelled 2-D image file (PNG or JPEG) → 8-bit grey pixels, as Pillow's `Image.open(f).convert('L')`.
 * PNG through fast-png; JPEG through libjpeg-turbo (Cornerstone's WASM build, the library Pillow
 * itself links, so the decoded RGB is the same). Colour becomes grey with Pillow's ITU-R 601-2 luma
 * in its 16-bit fixed-point form (libImaging/Convert.c, Pillow 9.4):
 *   L = (19595·R + 38470·G + 7471·B + 0x8000) >> 16
 * (0.299/0.587/0.114 scaled by 2^16; R = G = B gives L = R exactly). Alpha is dropped, a palette is
 * looked up first, grey below 8 bits is scaled to 0..255 as Pillow unpacks it, 16-bit colour keeps
 * each sample's high byte (as Pillow); 16-bit grey is refused. Errors name the file.
 */
import { convertIndexedToRgb, decode as decodePng, hasPngSignature } from 'fast-png';
import { decodeJpegBaseline } from '../volume/dicom/codecs/wasmCodecs';

export interface GreyImage {
  pixels: Uint8Array;
  rows: number;
  cols: number;
  /** The file held colour (RGB, RGBA or a palette), converted to grey. */
  colour: boolean;
}

export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

export function isJpegPath(path: string): boolean {
  return /\.jpe?g$/i.test(path);
}

export function isGreyImagePath(path: string): boolean {
  return /\.png$/i.test(path) || isJpegPath(path);
}

/** Pillow's "L" from interleaved samples of `channels` per pixel (≥ 3: R, G, B first). */
export function lumaFromRgb(data: ArrayLike<number>, pixels: number, channels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0, p = 0; i < pixels; i++, p += channels) out[i] = (data[p] * 19595 + data[p + 1] * 38470 + data[p + 2] * 7471 + 0x8000) >> 16;
  return out;
}

function firstChannel(data: ArrayLike<number>, pixels: number, channels: number, scale = 1): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) out[i] = data[i * channels] * scale;
  return out;
}

function greyPng(bytes: Uint8Array, path: string): GreyImage {
  let png;
  try {
    png = decodePng(bytes);
  } catch (err) {
    throw new ImageDecodeError(`${path}: corrupt PNG (${err instanceof Error ? err.message : String(err)})`);
  }
  const { width: cols, height: rows } = png;
  const n = rows * cols;
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    return { pixels: lumaFromRgb(rgb, n, png.palette[0]?.length === 4 ? 4 : 3), rows, cols, colour: true };
  }
  const { channels, data } = png;
  // 16-bit colour: Pillow reads the high byte of each sample. 16-bit grey it would clip to 255: refused.
  if (png.depth === 16 && channels >= 3) return { pixels: lumaFromRgb(Uint8Array.from(data, (v) => v >> 8), n, channels), rows, cols, colour: true };
  if (png.depth === 16) throw new ImageDecodeError(`${path}: 16-bit grey PNG; 8-bit grey or colour expected (save the slice as 8-bit)`);
  if (channels >= 3) return { pixels: lumaFromRgb(data, n, channels), rows, cols, colour: true };
  // Grey (with or without alpha); 1/2/4-bit grey scaled to 0..255 (×255, ×85, ×17) as Pillow unpacks it.
  const scale = 255 / ((1 << png.depth) - 1);
  return { pixels: firstChannel(data, n, channels, scale), rows, cols, colour: false };
}

async function greyJpeg(bytes: Uint8Array, path: string): Promise<GreyImage> {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new ImageDecodeError(`${path}: not a JPEG file (no SOI marker)`);
  let frame;
  try {
    // rows/cols/samples are read from the JPEG header by libjpeg-turbo; these fields are for DICOM callers.
    frame = await decodeJpegBaseline({ encoded: bytes, rows: 0, cols: 0, bitsAllocated: 8, signed: false, samplesPerPixel: 0 });
  } catch (err) {
    throw new ImageDecodeError(`${path}: corrupt JPEG (${err instanceof Error ? err.message : String(err)})`);
  }
  const { width: cols, height: rows, components } = frame;
  const data = frame.samples as Uint8Array;
  if (!cols || !rows || data.length < rows * cols * components) throw new ImageDecodeError(`${path}: corrupt JPEG (truncated image data)`);
  if (components === 1) return { pixels: data.slice(0, rows * cols), rows, cols, colour: false };
  if (components === 3) return { pixels: lumaFromRgb(data, rows * cols, 3), rows, cols, colour: true };
  throw new ImageDecodeError(`${path}: JPEG with ${components} components (CMYK?); grey or RGB expected`);
}

/** Decode a PNG or JPEG labelled image to grey (see module doc). */
export async function decodeGreyImage(bytes: Uint8Array, path: string): Promise<GreyImage> {
  if (isJpegPath(path)) return greyJpeg(bytes, path);
  if (!hasPngSignature(bytes)) throw new ImageDecodeError(`${path}: not a PNG file (bad signature)`);
  return greyPng(bytes, path);
}
