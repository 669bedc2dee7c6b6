/**
 * Shared shape of Cornerstone's Emscripten codec builds (codec-openjpeg, codec-charls,
 * codec-libjpeg-turbo-8bit) and the one place that says where their .wasm files are.
 *
 * Node: the Emscripten loader finds the .wasm beside its .js (no configuration).
 * Browser / Worker: by default the Vite `?url` asset URLs of ./browserWasmUrls.ts; call
 * `configureCodecWasm(locate)` to serve them from elsewhere (e.g. a CDN or another bundler).
 */

export interface CodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** The decoder object every codec build exposes. */
export interface EmscriptenDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): CodecFrameInfo;
  getDecodedBuffer(): Uint8Array;
}

export interface EmscriptenCodecModule {
  J2KDecoder?: new () => EmscriptenDecoder;
  JpegLSDecoder?: new () => EmscriptenDecoder;
  JPEGDecoder?: new () => EmscriptenDecoder;
  getExceptionMessage?: (ptr: number) => string;
}

export type EmscriptenCodecFactory = (options?: {
  locateFile?: (file: string, prefix: string) => string;
  /** Emscripten's stdout/stderr hooks; OpenJPEG logs "[INFO] ..." lines that must not reach the CLI's stdout. */
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}) => Promise<EmscriptenCodecModule>;

/** Maps a codec's .wasm file name (e.g. 'openjpegwasm_decode.wasm') to a URL or path. */
export type WasmLocator = (wasmFile: string) => string | undefined;

let locator: WasmLocator | undefined;

/** Tells the codecs where their .wasm files are served (browser/Worker); Node needs no call. */
export function configureCodecWasm(locate: WasmLocator | undefined): void {
  locator = locate;
}

export function hasWasmLocator(): boolean {
  return locator !== undefined;
}

/** Instantiates a codec module, honouring configureCodecWasm. */
export function instantiate(factory: EmscriptenCodecFactory): Promise<EmscriptenCodecModule> {
  const locate = locator;
  const quiet = { print: () => {}, printErr: () => {} };
  return factory(locate ? { ...quiet, locateFile: (file, prefix) => (file.endsWith('.wasm') ? (locate(file) ?? prefix + file) : prefix + file) } : quiet);
}

/** Runs one decode on a codec decoder and copies the result out of WASM memory. */
export function runDecoder(decoder: EmscriptenDecoder, encoded: Uint8Array, codec: EmscriptenCodecModule): { info: CodecFrameInfo; bytes: Uint8Array } {
  decoder.getEncodedBuffer(encoded.length).set(encoded);
  try {
    decoder.decode();
  } catch (err) {
    // Emscripten throws a pointer to a C++ exception; turn it into its message where the build allows.
    throw new Error(typeof err === 'number' && codec.getExceptionMessage ? codec.getExceptionMessage(err) : String(err));
  }
  return { info: decoder.getFrameInfo(), bytes: decoder.getDecodedBuffer().slice() };
}

/** Reinterprets decoded bytes (little endian, as the codecs write them) as samples. */
export function samplesFromBytes(bytes: Uint8Array, bitsPerSample: number, signed: boolean): Int16Array | Uint16Array | Uint8Array | Int8Array {
  if (bitsPerSample > 8) {
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return signed ? new Int16Array(buf) : new Uint16Array(buf);
  }
  return signed ? new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}
