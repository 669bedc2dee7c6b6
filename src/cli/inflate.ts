/**
 * gunzip for worker threads that already keep every core busy (`dataset reduce`): inflates on the
 * calling thread into one reused output buffer. Node's public stream inflates on the threadpool and
 * allocates a fresh output Buffer per chunk (GC, page faults); that hop only pays off when the
 * calling thread has other work to overlap with, as single-volume `reduce` does (io.ts nodeGunzip).
 *
 * The fast path drives the zlib handle inside a Gunzip object the way Node's own lib/zlib.js
 * processChunkSync does (zlibBufferSync, i.e. zlib.gunzipSync): `_handle.writeSync(...)` then
 * `_writeState` = [availOutAfter, availInAfter]. Those are internals, so they are feature-detected;
 * without them the public stream is used (gunzipMode tells which).
 */
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { constants, createGunzip, type Gunzip, type ZlibOptions } from 'node:zlib';

export type GunzipMode = 'handle' | 'stream';

export interface GunzipOptions {
  /** Output chunk size in bytes, at least 64 (zlib's Z_MIN_CHUNK); default 1 MiB. */
  chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;
const MIN_CHUNK_BYTES = 64;

/**
 * The native zlib handle behind a Gunzip (node_zlib.cc, Node 12–24); not public API. On a zlib
 * error writeSync first calls `onerror(message, errno, code)` and leaves the write state as it was.
 */
interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  onerror: (message: string, errno: number, code?: string) => void;
}

/** What the fast path needs from a Gunzip object: its handle and the Uint32Array the handle writes. */
export interface ZlibInternals {
  handle: ZlibHandle;
  /** After each writeSync: [availOutAfter, availInAfter]. */
  writeState: Uint32Array;
}

/** The internals of `gunzip`, or undefined where this Node does not have them in the expected shape. */
export function zlibInternals(gunzip: object): ZlibInternals | undefined {
  const { _handle: handle, _writeState: writeState } = gunzip as { _handle?: unknown; _writeState?: unknown };
  const hasWriteSync = typeof handle === 'object' && handle !== null && typeof (handle as { writeSync?: unknown }).writeSync === 'function';
  if (!hasWriteSync || !(writeState instanceof Uint32Array) || writeState.length < 2) return undefined;
  return { handle: handle as ZlibHandle, writeState };
}

let detectedMode: GunzipMode | undefined;

/** 'handle' when this Node exposes the zlib internals the fast path uses, else 'stream'. */
export function gunzipMode(): GunzipMode {
  if (!detectedMode) {
    const probe = createGunzip();
    detectedMode = zlibInternals(probe) ? 'handle' : 'stream';
    probe.destroy();
  }
  return detectedMode;
}

/**
 * gunzip of `compressed` with one reused output buffer: each yielded chunk is a view that is valid
 * only until the next one is requested (the NIfTI reader copies what it keeps). Same bytes and the
 * same errors as Node's createGunzip (concatenated members are all decoded; trailing zero bytes are
 * ignored; other trailing bytes are read as a next member, so usually "incorrect header check";
 * a stream that stops before its end is "unexpected end of file").
 */
export function reusedBufferGunzip(compressed: AsyncIterable<Uint8Array>, opts?: GunzipOptions): AsyncIterable<Uint8Array> {
  return gunzipWith(gunzipMode(), compressed, opts);
}

/** Options of gunzipWith beyond the public ones, for tests. */
export interface GunzipInternalOptions extends GunzipOptions {
  /** Makes the zlib object (default createGunzip): lets a test check that it is closed afterwards. */
  createZlib?: (opts: ZlibOptions) => Gunzip;
}

/** reusedBufferGunzip with the mode chosen by the caller (tests force 'stream', the fallback). */
export function gunzipWith(mode: GunzipMode, compressed: AsyncIterable<Uint8Array>, opts: GunzipInternalOptions = {}): AsyncIterable<Uint8Array> {
  return mode === 'handle' ? handleGunzip(compressed, opts) : streamGunzip(compressed, opts);
}

function checkedChunkBytes(chunkBytes = DEFAULT_CHUNK_BYTES): number {
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < MIN_CHUNK_BYTES) throw new RangeError(`gunzip chunkBytes must be an integer ≥ ${MIN_CHUNK_BYTES}, got ${chunkBytes}`);
  return chunkBytes;
}

/**
 * Node's public Gunzip stream (inflates on the threadpool, a fresh Buffer per output chunk).
 * Stopping early or a read error closes both the source iterator and the zlib object.
 */
export async function* streamGunzip(compressed: AsyncIterable<Uint8Array>, opts: GunzipInternalOptions = {}): AsyncGenerator<Uint8Array> {
  const chunkSize = checkedChunkBytes(opts.chunkBytes);
  const source = Readable.from(compressed);
  const inflate = source.pipe((opts.createZlib ?? createGunzip)({ chunkSize }));
  source.on('error', (err) => inflate.destroy(err)); // a read error ends the iteration with it
  try {
    for await (const chunk of inflate) yield new Uint8Array((chunk as Buffer).buffer, (chunk as Buffer).byteOffset, (chunk as Buffer).byteLength);
  } finally {
    inflate.destroy();
    source.destroy();
    // Readable.from closes the source iterator (an fs stream, say) asynchronously: wait for it, so
    // that nothing is left open once the consumer has stopped. Its error, if any, was seen above.
    await finished(source).catch(() => undefined);
  }
}

/** The fast path: synchronous writeSync per input chunk into one reused buffer, Z_FINISH at the end. */
async function* handleGunzip(compressed: AsyncIterable<Uint8Array>, opts: GunzipInternalOptions): AsyncGenerator<Uint8Array> {
  const chunkBytes = checkedChunkBytes(opts.chunkBytes);
  const gunzip = (opts.createZlib ?? createGunzip)({});
  try {
    const internals = zlibInternals(gunzip);
    if (!internals) throw new Error('gunzip: this Node has no zlib handle internals (use the stream mode)');
    const inflater = new HandleInflater(internals, chunkBytes);
    for await (const chunk of compressed) yield* inflater.write(chunk, constants.Z_NO_FLUSH);
    // Z_FINISH is what makes zlib report a stream that stopped early ("unexpected end of file");
    // with Z_NO_FLUSH a missing end just looks like "send more input".
    yield* inflater.write(new Uint8Array(0), constants.Z_FINISH);
  } finally {
    gunzip.destroy(); // closes the native handle; no 'error' event, our onerror replaced Node's
  }
}

class HandleInflater {
  private readonly out: Uint8Array;
  private failure?: Error;
  /** zlib stopped taking input with room left for output: the stream is over (what follows is padding). */
  private ended = false;

  constructor(
    private readonly internals: ZlibInternals,
    chunkBytes: number,
  ) {
    this.out = new Uint8Array(chunkBytes);
    // Node's own onerror destroys the stream and emits 'error' a tick later; we only need the error
    // now, right after writeSync returns, and close the handle ourselves (handleGunzip's finally).
    internals.handle.onerror = (message, errno, code) => {
      this.failure ??= Object.assign(new Error(message), { errno, code });
    };
  }

  /** Inflates all of `input`, yielding views of the reused buffer as it fills. */
  *write(input: Uint8Array, flush: number): Generator<Uint8Array> {
    // Once the stream has ended, createGunzip pushes its end and reads nothing more: neither do we.
    if (this.ended) return;
    const { handle, writeState } = this.internals;
    const out = this.out;
    let inOff = 0;
    let inLen = input.byteLength;
    for (;;) {
      handle.writeSync(flush, input, inOff, inLen, out, 0, out.length);
      if (this.failure) throw this.failure;
      const availOut = writeState[0];
      const availIn = writeState[1];
      if (availOut < out.length) yield out.subarray(0, out.length - availOut);
      inOff += inLen - availIn;
      inLen = availIn;
      // A full buffer means zlib may have more output for the same input: go round again, as
      // processChunkSync does. Room left means this input is done, or, with input left over,
      // that the stream ended (zero padding after the last member).
      if (availOut !== 0) {
        this.ended = availIn > 0;
        return;
      }
    }
  }
}
