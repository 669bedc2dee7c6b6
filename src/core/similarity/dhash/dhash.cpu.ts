/**
 * HASH on the CPU: difference hash (dHash) per slice and the Hamming distance matrix — the
 * reference every other backend is tested against. Bit-identical to `imagehash.dhash(img, 8)`.
 *
 * dHash: resize the 8-bit slice to 9 wide × 8 high with Pillow's LANCZOS (./pillowResize.ts), then
 * bit[r][c] = px[r][c + 1] > px[r][c] (strict) for r, c in 0..7, row-major. Hex: 16 digits, the
 * first bit is the most significant. Distance: Hamming distance, 0..64, a symmetric matrix with a
 * zero diagonal.
 */
import type { ComputeOptions, SliceStack } from '../types';
import { makeLanczosResizerU8, type U8Resizer } from './pillowResize';
import { ProgressReporter, pairCount, throwIfAborted } from '../../runtime';
import { assertSliceStack, stackSlice } from '../../preprocess/sliceStackChecks';

export const DHASH_SIZE = 8;
export const DHASH_BITS = DHASH_SIZE * DHASH_SIZE;

const resizerCache = new Map<string, U8Resizer>();

/** The 9×8 LANCZOS resizer for rows × cols slices, built once per size. */
function dhashResizer(rows: number, cols: number): U8Resizer {
  const key = `${cols}x${rows}`;
  let r = resizerCache.get(key);
  if (!r) {
    r = makeLanczosResizerU8(cols, rows, DHASH_SIZE + 1, DHASH_SIZE);
    resizerCache.set(key, r);
  }
  return r;
}

/** The 64 dHash bits (0 or 1, row-major) of one 8-bit slice of rows × cols pixels. */
export function dhashBits(pixels: Uint8Array, rows: number, cols: number): Uint8Array {
  const small = dhashResizer(rows, cols)(pixels);
  const w = DHASH_SIZE + 1;
  const bits = new Uint8Array(DHASH_BITS);
  for (let r = 0; r < DHASH_SIZE; r++) {
    for (let c = 0; c < DHASH_SIZE; c++) {
      bits[r * DHASH_SIZE + c] = small[r * w + c + 1] > small[r * w + c] ? 1 : 0;
    }
  }
  return bits;
}

/** 16 hex digits of 64 bits, first bit most significant (== str(imagehash.ImageHash)). */
export function dhashHex(bits: Uint8Array): string {
  if (bits.length !== DHASH_BITS) throw new RangeError(`dhashHex: expected ${DHASH_BITS} bits, got ${bits.length}`);
  let hex = '';
  for (let i = 0; i < DHASH_BITS; i += 4) {
    hex += ((bits[i] << 3) | (bits[i + 1] << 2) | (bits[i + 2] << 1) | bits[i + 3]).toString(16);
  }
  return hex;
}

/** A hash as two 32-bit words [high, low] (bits 0..31 and 32..63, first bit most significant). */
export function packHash(hash: Uint8Array | string): [number, number] {
  if (typeof hash === 'string') {
    if (!/^[0-9a-fA-F]{16}$/.test(hash)) throw new RangeError(`hamming: "${hash}" is not a 16-digit hex dHash`);
    return [parseInt(hash.slice(0, 8), 16) >>> 0, parseInt(hash.slice(8), 16) >>> 0];
  }
  if (hash.length !== DHASH_BITS) throw new RangeError(`hamming: expected ${DHASH_BITS} bits per hash, got ${hash.length}`);
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) {
    hi = (hi << 1) | hash[i];
    lo = (lo << 1) | hash[i + 32];
  }
  return [hi >>> 0, lo >>> 0];
}

/** Number of set bits of a 32-bit integer (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Full n×n Hamming distance matrix (row-major) of n hashes, given as bit arrays or hex strings.
 * Computed for i < j and mirrored (the distance is symmetric); the diagonal is 0.
 */
export function hammingMatrixCpu(hashes: readonly Uint8Array[] | readonly string[], opts?: ComputeOptions): Float64Array {
  const n = hashes.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  hashes.forEach((h: Uint8Array | string, i: number) => {
    [hi[i], lo[i]] = packHash(h);
  });
  const matrix = new Float64Array(n * n);
  const progress = new ProgressReporter(opts, pairCount(n), 'hash');
  let done = 0;
  for (let i = 0; i < n; i++) {
    const hiI = hi[i];
    const loI = lo[i];
    for (let j = i + 1; j < n; j++) {
      const d = popcount32(hiI ^ hi[j]) + popcount32(loI ^ lo[j]);
      matrix[i * n + j] = d;
      matrix[j * n + i] = d;
    }
    done += n - 1 - i;
    progress.update(done);
  }
  return matrix;
}

/** dHash of every slice and their Hamming distance matrix. Progress counts pairs. */
export function hashMatrixCpu(stack: SliceStack, opts?: ComputeOptions): { hashes: string[]; matrix: Float64Array } {
  assertSliceStack(stack, 'hash');
  const bits: Uint8Array[] = [];
  for (let k = 0; k < stack.n; k++) {
    if (k % 64 === 0) throwIfAborted(opts?.signal, 'hash');
    bits.push(dhashBits(stackSlice(stack, k), stack.rows, stack.cols));
  }
  return { hashes: bits.map(dhashHex), matrix: hammingMatrixCpu(bits, opts) };
}
