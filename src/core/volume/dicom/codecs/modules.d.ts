/**
 * Minimal typings for the codec packages, which ship JavaScript only. The Emscripten factories are
 * typed loosely here and narrowed in ./emscripten.ts (EmscriptenCodecFactory).
 */
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
declare module 'jpeg-lossless-decoder-js' {
  /** JPEG lossless (process 14) decoder; numBytes = bytes per output sample (1 or 2). */
  export class Decoder {
    decode(buffer?: ArrayBuffer, offset?: number, length?: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
