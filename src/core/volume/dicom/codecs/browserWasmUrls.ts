/**
 * Browser/Worker only (Vite): URLs of the codecs' .wasm files, emitted as assets by the bundler.
 * Loaded lazily by ./wasmCodecs.ts when no locator was configured and we are not in Node (Node's
 * Emscripten loader finds the files itself and cannot import `?url`).
 */
import openjpegWasm from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import charlsWasm from '@cornerstonejs/codec-charls/decodewasm?url';
import libjpegTurboWasm from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import type { WasmLocator } from './emscripten';

const URLS: Record<string, string> = {
  'openjpegwasm_decode.wasm': openjpegWasm,
  'charlswasm_decode.wasm': charlsWasm,
  'libjpegturbowasm_decode.wasm': libjpegTurboWasm,
};

export const browserWasmLocator: WasmLocator = (file) => URLS[file];
