/**
 * JPEG 2000 (OpenJPEG), JPEG-LS (CharLS) and JPEG baseline (libjpeg-turbo) via Cornerstone's
 * Emscripten codec builds. Each module is loaded on first use (dynamic import), once.
 */
import { configureCodecWasm, hasWasmLocator, instantiate, runDecoder, samplesFromBytes, type EmscriptenCodecFactory, type EmscriptenCodecModule, type EmscriptenDecoder } from './emscripten';
import type { DecodedFrame, FrameDecodeInput } from './types';

type Loaded = { codec: EmscriptenCodecModule; decoder: EmscriptenDecoder };
const cache = new Map<string, Promise<Loaded>>();

function load(name: string, importer: () => Promise<{ default: unknown }>, pick: (m: EmscriptenCodecModule) => (new () => EmscriptenDecoder) | undefined): Promise<Loaded> {
  let p = cache.get(name);
  if (!p) {
    p = ensureBrowserLocator().then(importer).then(async (mod) => {
      // CommonJS modules arrive as { default: factory } in Node ESM and in Vite alike.
      const factory = (mod.default ?? mod) as EmscriptenCodecFactory;
      const codec = await instantiate(factory);
      const Ctor = pick(codec);
      if (!Ctor) throw new Error(`${name} codec module has no decoder class`);
      return { codec, decoder: new Ctor() };
    });
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}

const IS_NODE = typeof process !== 'undefined' && !!process.versions?.node;

/** In a browser or Worker with nothing configured, use the bundler's asset URLs. */
async function ensureBrowserLocator(): Promise<void> {
  if (IS_NODE || hasWasmLocator()) return;
  const { browserWasmLocator } = await import('./browserWasmUrls');
  if (!hasWasmLocator()) configureCodecWasm(browserWasmLocator);
}

// Cornerstone's codec packages are plain WASM decoders with no viewer code (the core import rule is about the viewer).
const openjpeg = () => load('openjpeg', () => import('@cornerstonejs/codec-openjpeg/decodewasmjs'), (m) => m.J2KDecoder);
const charls = () => load('charls', () => import('@cornerstonejs/codec-charls/decodewasmjs'), (m) => m.JpegLSDecoder);
const libjpegTurbo = () => load('libjpeg-turbo', () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'), (m) => m.JPEGDecoder);

/**
 * JPEG 2000. The codestream says whether samples are signed; it may disagree with
 * PixelRepresentation (seen in the wild) — the caller re-applies PixelRepresentation/BitsStored,
 * so the codestream's signedness is only used to read the bytes.
 */
export async function decodeJpeg2000(input: FrameDecodeInput): Promise<DecodedFrame> {
  const { codec, decoder } = await openjpeg();
  const { info, bytes } = runDecoder(decoder, input.encoded, codec);
  return { width: info.width, height: info.height, components: info.componentCount, samples: samplesFromBytes(bytes, info.bitsPerSample, !!info.isSigned) };
}

/** JPEG-LS lossless and near-lossless; signedness comes from PixelRepresentation. */
export async function decodeJpegLs(input: FrameDecodeInput): Promise<DecodedFrame> {
  const { codec, decoder } = await charls();
  const { info, bytes } = runDecoder(decoder, input.encoded, codec);
  return { width: info.width, height: info.height, components: info.componentCount, samples: samplesFromBytes(bytes, info.bitsPerSample, input.signed) };
}

/** JPEG baseline (8-bit) through libjpeg-turbo. */
export async function decodeJpegBaseline(input: FrameDecodeInput): Promise<DecodedFrame> {
  const { codec, decoder } = await libjpegTurbo();
  const { info, bytes } = runDecoder(decoder, input.encoded, codec);
  if (info.bitsPerSample > 8) throw new Error(`${info.bitsPerSample}-bit JPEG is not supported by the 8-bit baseline decoder`);
  return { width: info.width, height: info.height, components: info.componentCount, samples: samplesFromBytes(bytes, 8, input.signed) };
}
