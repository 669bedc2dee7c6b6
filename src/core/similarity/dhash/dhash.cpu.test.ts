import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dhashBits, dhashHex, hammingMatrixCpu, hashMatrixCpu, packHash, popcount32 } from './dhash.cpu';
import { resizeLanczosU8 } from './pillowResize';
import { readReferencePngStack } from '../../preprocess/testing/referenceSlices';
import { loadGolden, repoRoot } from '../../testing/referenceFixture';

interface ResizeCase { srcW: number; srcH: number; dstW: number; dstH: number; src: string; dst: string }
const resizeFixture = JSON.parse(
  readFileSync(join(repoRoot, 'bench/python/fixtures/pillow_resize_cases.json'), 'utf8'),
) as { pillow: string; cases: ResizeCase[] };
const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));

describe('resizeLanczosU8 (Pillow 9.4 LANCZOS, mode L)', () => {
  it.each(resizeFixture.cases.map((c) => [`${c.srcW}×${c.srcH} → ${c.dstW}×${c.dstH}`, c] as const))(
    '%s equals Pillow byte for byte',
    (_, c) => {
      const out = resizeLanczosU8(bytes(c.src), c.srcW, c.srcH, c.dstW, c.dstH);
      expect(Array.from(out)).toEqual(Array.from(bytes(c.dst)));
    },
  );

  it('rejects a buffer that does not match the size', () => {
    expect(() => resizeLanczosU8(new Uint8Array(10), 4, 4, 9, 8)).toThrow(/4×4 needs 16 pixels, got 10/);
  });
});

describe('dHash on the golden volume', () => {
  const golden = loadGolden();
  const stack = readReferencePngStack();
  const result = hashMatrixCpu(stack);

  it('gives every golden hash exactly', () => {
    expect(result.hashes).toEqual(golden.slices.map((s) => s.dhash));
  });

  it('gives the golden Hamming matrix exactly', () => {
    const n = stack.n;
    const rows = Array.from({ length: n }, (_, i) => Array.from(result.matrix.subarray(i * n, (i + 1) * n)));
    expect(rows).toEqual(golden.hamming);
  });
});

describe('dHash bits, hex and Hamming', () => {
  it('sets bit (r, c) when the right neighbour is strictly brighter', () => {
    // A horizontal ramp gets brighter to the right everywhere; its mirror never does.
    const ramp = new Uint8Array(32 * 32).map((_, i) => (i % 32) * 8);
    expect(Array.from(dhashBits(ramp, 32, 32)).every((b) => b === 1)).toBe(true);
    const mirrored = new Uint8Array(32 * 32).map((_, i) => 255 - (i % 32) * 8);
    expect(dhashHex(dhashBits(mirrored, 32, 32))).toBe('0000000000000000');
    expect(dhashHex(dhashBits(new Uint8Array(32 * 32).fill(7), 32, 32))).toBe('0000000000000000');
  });

  it('writes the first bit as the most significant hex digit bit', () => {
    const bits = new Uint8Array(64);
    bits[0] = 1;
    bits[63] = 1;
    expect(dhashHex(bits)).toBe('8000000000000001');
    expect(packHash(bits)).toEqual(packHash('8000000000000001'));
  });

  it('counts differing bits from bit arrays and hex strings alike', () => {
    const m = hammingMatrixCpu(['0000000000000000', 'ffffffffffffffff', '0f0000000000000f']);
    expect(Array.from(m)).toEqual([0, 64, 8, 64, 0, 56, 8, 56, 0]);
    expect(popcount32(0xffffffff)).toBe(32);
  });

  it('rejects a malformed hash, naming it', () => {
    expect(() => hammingMatrixCpu(['abc'])).toThrow(/"abc" is not a 16-digit hex dHash/);
  });

  it('handles one slice and non-square slices', () => {
    const stack = { n: 1, rows: 20, cols: 50, pixels: new Uint8Array(1000).map((_, i) => i % 50) };
    const r = hashMatrixCpu(stack);
    expect(r.hashes).toEqual(['ffffffffffffffff']);
    expect(Array.from(r.matrix)).toEqual([0]);
  });

  it('reports progress in pairs and stops with an AbortError', () => {
    const stack = readReferencePngStack();
    const seen: [number, number][] = [];
    hashMatrixCpu(stack, { onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.at(-1)).toEqual([(stack.n * (stack.n - 1)) / 2, (stack.n * (stack.n - 1)) / 2]);
    const ctl = new AbortController();
    ctl.abort();
    expect(() => hashMatrixCpu(stack, { signal: ctl.signal })).toThrow(expect.objectContaining({ name: 'AbortError' }));
  });
});
