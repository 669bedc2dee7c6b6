import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { assembleKernel, kernelTs, kernelTsPath } from '../../../../scripts/wasm/build-simd.mjs';
import { lanczosSimdAvailable, makeSimdHorizontalPass } from './lanczosSimd';
import { lanczosAxisCoeffs, resampleHorizontalJs, type AxisCoeffs } from './pillowResize';
import { repoRoot } from '../../testing/referenceFixture';
import { seededRandom as rng } from '../../testing/seededRandom';

const randInt = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Random 8-bit pixels, with some images only 0/255 (clipping both ways) or constant. */
function randomImage(r: () => number, n: number): Uint8Array {
  const kind = randInt(r, 0, 3);
  if (kind === 0) return new Uint8Array(n).map(() => (r() < 0.5 ? 0 : 255));
  if (kind === 1) return new Uint8Array(n).fill(randInt(r, 0, 255));
  return new Uint8Array(n).map(() => randInt(r, 0, 255));
}

/** The SIMD pass and the JavaScript reference on the same rows; returns both outputs. */
function bothPasses(c: AxisCoeffs, src: Uint8Array, srcW: number, dstW: number, rowFirst: number, rows: number) {
  const simd = makeSimdHorizontalPass(c, srcW, dstW);
  if (!simd) throw new Error(`no SIMD pass for ${srcW} → ${dstW}`);
  return { simd: Array.from(simd(src, rowFirst, rows)), js: Array.from(resampleHorizontalJs(src, srcW, rowFirst, rows, c, dstW)) };
}

describe('LANCZOS horizontal pass on WebAssembly SIMD', () => {
  it('compiles in Node (WebAssembly SIMD is available)', () => {
    expect(lanczosSimdAvailable()).toBe(true);
  });

  it('committed module bytes equal those assembled from lanczos_simd.wat', async () => {
    const bytes = await assembleKernel('lanczos');
    expect(readFileSync(kernelTsPath('lanczos'), 'utf8')).toBe(kernelTs('lanczos', bytes));
  });

  it('equals the JavaScript pass bit for bit on 2,000 random images and sizes', () => {
    const r = rng(20261127);
    for (let t = 0; t < 2000; t++) {
      const srcW = randInt(r, 1, t < 1900 ? 300 : 1100);
      const dstW = randInt(r, 1, r() < 0.8 ? 16 : 600);
      const rows = randInt(r, 1, 9);
      const rowFirst = randInt(r, 0, 3);
      const src = randomImage(r, srcW * (rowFirst + rows + randInt(r, 0, 2)));
      const { simd, js } = bothPasses(lanczosAxisCoeffs(srcW, dstW), src, srcW, dstW, rowFirst, rows);
      expect(simd, `srcW ${srcW} → dstW ${dstW}, rows ${rowFirst}..${rowFirst + rows}`).toEqual(js);
    }
  });

  it('equals the JavaScript pass on dHash sizes (512², 256², odd widths → 9 wide)', () => {
    const r = rng(9);
    for (const srcW of [512, 256, 128, 511, 333, 9, 8, 17]) {
      const rows = 37;
      const src = randomImage(r, srcW * rows);
      const { simd, js } = bothPasses(lanczosAxisCoeffs(srcW, 9), src, srcW, 9, 0, rows);
      expect(simd, `${srcW} → 9`).toEqual(js);
    }
  });

  it('wraps modulo 2^32 like the reference for any coefficients whose high half fits int16', () => {
    // Synthetic coefficients up to ±2^26 over many taps: the sums leave int32 and must still agree.
    const r = rng(3);
    for (let t = 0; t < 200; t++) {
      const srcW = randInt(r, 1, 400);
      const dstW = randInt(r, 1, 5);
      const ksize = srcW;
      const start = new Int32Array(dstW).map(() => randInt(r, 0, srcW - 1));
      const count = new Int32Array(dstW).map((_, i) => randInt(r, 0, srcW - start[i]));
      const k = new Float64Array(dstW * ksize).map(() => randInt(r, -(2 ** 26), 2 ** 26 - 1));
      const c: AxisCoeffs = { start, count, k, ksize };
      const src = randomImage(r, srcW * 5);
      const { simd, js } = bothPasses(c, src, srcW, dstW, 0, 5);
      expect(simd).toEqual(js);
    }
  });

  it('declines coefficients whose high half does not fit int16 (the caller keeps the JavaScript pass)', () => {
    const c: AxisCoeffs = { start: new Int32Array([0]), count: new Int32Array([1]), k: new Float64Array([2 ** 26]), ksize: 1 };
    expect(makeSimdHorizontalPass(c, 1, 1)).toBeUndefined();
  });

  it('falls back to the JavaScript pass where WebAssembly is unavailable, still equal to Pillow', async () => {
    interface ResizeCase { srcW: number; srcH: number; dstW: number; dstH: number; src: string; dst: string }
    const fixture = JSON.parse(readFileSync(join(repoRoot, 'bench/python/fixtures/pillow_resize_cases.json'), 'utf8')) as { cases: ResizeCase[] };
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const simd = await import('./lanczosSimd');
      const { resizeLanczosU8 } = await import('./pillowResize');
      expect(simd.lanczosSimdAvailable()).toBe(false);
      for (const c of fixture.cases) {
        const out = resizeLanczosU8(Buffer.from(c.src, 'base64'), c.srcW, c.srcH, c.dstW, c.dstH);
        expect(Buffer.from(out).toString('base64'), `${c.srcW}×${c.srcH} → ${c.dstW}×${c.dstH}`).toBe(c.dst);
      }
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});
