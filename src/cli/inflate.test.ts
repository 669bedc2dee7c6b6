import { createGunzip, gzipSync, gunzipSync, type Gunzip, type ZlibOptions } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readNifti } from '../core/volume/nifti';
import { voxelSha256 } from '../core/volume/hash';
import { fixtureFiles } from '../core/volume/testing/fixtures';
import { inputFileFromBytes } from '../core/volume/input';
import { gunzipMode, gunzipWith, reusedBufferGunzip, zlibInternals, type GunzipMode } from './inflate';
import { nodeGunzip } from './io';

/** Deterministic pseudo-random bytes (xorshift32): incompressible payloads. */
function randomBytes(n: number, seed = 12345): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Compressible bytes: a slowly changing ramp with some noise, like CT voxels. */
function rampBytes(n: number): Uint8Array {
  const noise = randomBytes(n, 99);
  return Uint8Array.from({ length: n }, (_, i) => ((i >> 6) + (noise[i] & 3)) & 0xff);
}

/** `bytes` as an async stream of chunks whose sizes come from `sizes` (cycled); views, not copies. */
async function* chunked(bytes: Uint8Array, sizes: number[] = [bytes.length || 1]): AsyncGenerator<Uint8Array> {
  for (let off = 0, k = 0; off < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    yield bytes.subarray(off, off + n);
    off += n;
  }
}

/** Concatenates the yielded chunks, copying each at once: the views are only valid until the next. */
async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c.slice());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** What Node's public createGunzip makes of the same chunks: the bytes, or the error message. */
async function nodeStreamOutcome(chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: Uint8Array } | { error: string }> {
  const g = createGunzip();
  const written = (async () => {
    for await (const c of chunks) g.write(c);
    g.end();
  })();
  try {
    const bytes = await collect(g);
    await written;
    return { bytes };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

async function outcome(chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: Uint8Array } | { error: string }> {
  try {
    return { bytes: await collect(chunks) };
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return { error: (err as Error).message };
  }
}

/** A createZlib that remembers what it made, to check the zlib objects are closed afterwards. */
function trackedZlib(): { createZlib: (opts: ZlibOptions) => Gunzip; made: Gunzip[] } {
  const made: Gunzip[] = [];
  return { made, createZlib: (opts) => made[made.push(createGunzip(opts)) - 1] };
}

const allClosed = (made: Gunzip[]) => made.length > 0 && made.every((g) => g.destroyed && zlibInternals(g) === undefined);

it('uses the zlib handle fast path on this Node (an upgrade that loses the internals shows here)', () => {
  expect(gunzipMode()).toBe('handle');
});

it('falls back to the stream when the internals are missing', () => {
  expect(zlibInternals({})).toBeUndefined();
  expect(zlibInternals({ _handle: { writeSync: 1 }, _writeState: new Uint32Array(2) })).toBeUndefined();
  expect(zlibInternals({ _handle: { writeSync() {} }, _writeState: [0, 0] })).toBeUndefined();
  expect(zlibInternals(createGunzip())).toBeDefined();
});

describe.each<GunzipMode>(['handle', 'stream'])('gunzip in %s mode', (mode) => {
  const payloads: [string, Uint8Array][] = [
    ['an empty payload', new Uint8Array(0)],
    ['one byte', Uint8Array.of(42)],
    ['exactly 4 output chunks', rampBytes(4 * 64)],
    ['random bytes', randomBytes(20_000)],
    ['compressible bytes over many chunks', rampBytes(300_000)],
  ];
  const splits: [string, number[] | undefined][] = [
    ['one whole chunk', undefined],
    ['tiny chunks of 1–7 bytes', [1, 7, 3, 2, 5, 4, 6]],
    ['4 KiB chunks', [4096]],
  ];
  describe.each(payloads)('%s', (_name, payload) => {
    const gz = gzipSync(payload);
    it.each(splits)('fed as %s: same bytes as gunzipSync, zlib object closed', async (_split, sizes) => {
      const { createZlib, made } = trackedZlib();
      const out = await collect(gunzipWith(mode, chunked(gz, sizes), { chunkBytes: 64, createZlib }));
      expect(Buffer.from(out).equals(gunzipSync(gz))).toBe(true);
      expect(allClosed(made)).toBe(true);
    });
  });

  it('decodes a large payload with the default 1 MiB chunks', async () => {
    const payload = rampBytes(3 * (1 << 20) + 17);
    const gz = gzipSync(payload, { level: 1 });
    expect(Buffer.from(await collect(gunzipWith(mode, chunked(gz, [1 << 16])))).equals(payload)).toBe(true);
  });

  it.each([undefined, [5], [3000]])('decodes two concatenated gzip members, like createGunzip (chunks %j)', async (sizes) => {
    const a = randomBytes(5000, 1);
    const b = rampBytes(7000);
    const gz = Buffer.concat([gzipSync(a), gzipSync(b)]);
    const out = await collect(gunzipWith(mode, chunked(gz, sizes), { chunkBytes: 64 }));
    expect(Buffer.from(out).equals(Buffer.concat([a, b]))).toBe(true);
    expect(Buffer.from(out).equals(gunzipSync(gz))).toBe(true);
  });

  const gz = gzipSync(rampBytes(50_000));
  const flipped = Buffer.from(gz);
  for (let i = 20; i < 30; i++) flipped[i] ^= 0x5a;
  const badCrc = Buffer.from(gz);
  badCrc[badCrc.length - 6] ^= 1;
  const errors: [string, Uint8Array, RegExp][] = [
    ['corrupt deflate data', flipped, /invalid|incorrect|too far/],
    ['a wrong CRC', badCrc, /incorrect data check/],
    ['the last 4 bytes cut', gz.subarray(0, gz.length - 4), /unexpected end of file/],
    ['the whole trailer cut', gz.subarray(0, gz.length - 8), /unexpected end of file/],
    ['a cut in the middle', gz.subarray(0, gz.length >> 1), /unexpected end of file/],
    ['only the header', gz.subarray(0, 10), /unexpected end of file/],
    ['no bytes at all', new Uint8Array(0), /unexpected end of file/],
    ['not gzip', new TextEncoder().encode('just some text, not gzip at all'), /incorrect header check/],
    ['trailing garbage after the member', Buffer.concat([gz, Buffer.from('garbage!')]), /incorrect header check/],
    ['one trailing garbage byte', Buffer.concat([gz, Buffer.from('g')]), /unexpected end of file/],
  ];
  describe.each(errors)('%s', (_name, bytes, message) => {
    it.each(splits)('fed as %s: the same Error as createGunzip, never fewer bytes; zlib object closed', async (_split, sizes) => {
      const { createZlib, made } = trackedZlib();
      const got = await outcome(gunzipWith(mode, chunked(bytes, sizes), { chunkBytes: 64, createZlib }));
      expect(got).toEqual({ error: expect.stringMatching(message) });
      expect(got).toEqual(await nodeStreamOutcome(chunked(bytes, sizes)));
      expect(allClosed(made)).toBe(true);
    });
  });

  it('ignores trailing zero bytes (padding), like createGunzip', async () => {
    const padded = Buffer.concat([gz, Buffer.alloc(100)]);
    const out = await collect(gunzipWith(mode, chunked(padded, [1000]), { chunkBytes: 64 }));
    expect(Buffer.from(out).equals(gunzipSync(gz))).toBe(true);
    expect(await nodeStreamOutcome(chunked(padded, [1000]))).toEqual({ bytes: out });
  });

  it('after zero padding, ignores what later chunks bring (the stream has ended), like createGunzip', async () => {
    const parts = [gz, Buffer.alloc(16), Buffer.from('garbage after the padding')];
    async function* pieces(): AsyncGenerator<Uint8Array> {
      for (const p of parts) yield p;
    }
    const out = await outcome(gunzipWith(mode, pieces(), { chunkBytes: 64 }));
    expect(out).toEqual({ bytes: new Uint8Array(gunzipSync(gz)) });
    expect(await nodeStreamOutcome(pieces())).toEqual(out);
  });

  it('ends with the error of a failing source', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield gz.subarray(0, 100);
      throw new Error('disk on fire');
    }
    const { createZlib, made } = trackedZlib();
    await expect(collect(gunzipWith(mode, failing(), { createZlib }))).rejects.toThrow('disk on fire');
    expect(allClosed(made)).toBe(true);
  });

  it('closes the source and the zlib object when the consumer stops early', async () => {
    let sourceClosed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield* chunked(gz, [500]);
      } finally {
        sourceClosed = true;
      }
    }
    const { createZlib, made } = trackedZlib();
    let seen = 0;
    for await (const chunk of gunzipWith(mode, source(), { chunkBytes: 64, createZlib })) {
      seen += chunk.length;
      if (seen > 1000) break;
    }
    expect(sourceClosed).toBe(true);
    expect(allClosed(made)).toBe(true);
  });

  it('rejects an output chunk size below 64 bytes', async () => {
    await expect(collect(gunzipWith(mode, chunked(gz), { chunkBytes: 16 }))).rejects.toThrow(RangeError);
  });
});

describe('reusedBufferGunzip in the NIfTI reader', () => {
  it.each(['nifti/n1_int16_scaled.nii.gz', 'nifti/n2_float64.nii.gz', 'nifti/n1_int32.nii.gz'])('reads %s to the same voxels as the platform gunzip', async (path) => {
    const [file] = fixtureFiles(path);
    const budget = { memoryBudgetBytes: 2 ** 30 };
    const a = await readNifti(file, budget);
    const b = await readNifti(file, { ...budget, gunzip: (c) => reusedBufferGunzip(c, { chunkBytes: 64 }) });
    const c = await readNifti(file, { ...budget, gunzip: (chunks) => nodeGunzip(chunks, { reusedBuffer: true }) });
    expect(await voxelSha256(b)).toBe(await voxelSha256(a));
    expect(await voxelSha256(c)).toBe(await voxelSha256(a));
  });

  it('reports a truncated stream as a truncated file, naming it', async () => {
    const whole = await fixtureFiles('nifti/n1_int16_scaled.nii.gz')[0].read();
    const cut = inputFileFromBytes('cut.nii.gz', whole.subarray(0, whole.length - 5));
    await expect(readNifti(cut, { memoryBudgetBytes: 2 ** 20, gunzip: reusedBufferGunzip })).rejects.toThrow(/cut\.nii\.gz: corrupt or truncated file \(unexpected end of file\)/);
  });
});
