/**
 * ctsieve's wasm SIMD weight-gradient kernel against the sum written out in float64 and against the
 * cpu backend's Conv2DBackpropFilter, over the geometries pre-training meets: the 7×7/2 stem (Cin 1,
 * so M = 7 is a 4-row tile plus single rows), 3×3/1 and 3×3/2 with padding on 1×1, 2×2 and odd maps
 * (padding rows skipped, padding columns read as zeros), 1×1/2 without padding, asymmetric padding,
 * Cout not a multiple of 8 (the scalar columns), and enough images for several cache blocks.
 * Negative control: the written-out sum with the kernel flipped differs. Then swav's convWeightGrad
 * takes this kernel on wasm (one kernel launched) and equals its forward-conv form.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { tryBackend } from './initBackend';
import { CONV_FILTER_GRAD_KERNEL, gemmFor, type ConvFilterGradAttrs } from './wasmConvFilterGrad';
import { convWeightGrad, convWeightGradByConv } from '../ssl/swav/conv';
import { countKernels } from '../ssl/kernelCount';

function values(n: number, seed: number): Float32Array {
  let s = seed + 1;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return 4 * (s / 2147483648) - 2;
  });
}

interface Case {
  x: [number, number, number, number];
  cout: number;
  attrs: ConvFilterGradAttrs;
}

function outSize(size: number, k: number, s: number, before: number, after: number): number {
  return Math.floor((before + size + after - k) / s) + 1;
}

function dyShape(c: Case): [number, number, number, number] {
  const { kernel: k, stride: s, pad } = c.attrs;
  return [c.x[0], outSize(c.x[1], k, s, pad[0], pad[1]), outSize(c.x[2], k, s, pad[2], pad[3]), c.cout];
}

/** dW by its definition in float64; `flipped` reads the kernel upside down (a wrong answer). */
function definition(c: Case, x: Float32Array, dy: Float32Array, flipped = false): Float64Array {
  const [n, h, w, cin] = c.x;
  const [, oh, ow, cout] = dyShape(c);
  const { kernel: k, stride: s, pad } = c.attrs;
  const out = new Float64Array(k * k * cin * cout);
  for (let kh = 0; kh < k; kh++)
    for (let kw = 0; kw < k; kw++)
      for (let b = 0; b < n; b++)
        for (let y = 0; y < oh; y++)
          for (let xo = 0; xo < ow; xo++) {
            const iy = y * s + (flipped ? k - 1 - kh : kh) - pad[0];
            const ix = xo * s + kw - pad[2];
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            for (let ci = 0; ci < cin; ci++) {
              const xv = x[((b * h + iy) * w + ix) * cin + ci];
              for (let co = 0; co < cout; co++) out[((kh * k + kw) * cin + ci) * cout + co] += xv * dy[((b * oh + y) * ow + xo) * cout + co];
            }
          }
  return out;
}

/** Largest |a − b| over the largest |b| (1 where b is all zero). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / (m || 1);
}

const CASES: Record<string, Case> = {
  'stem 7×7/2, Cin 1': { x: [3, 20, 18, 1], cout: 16, attrs: { kernel: 7, stride: 2, pad: [3, 3, 3, 3] } },
  '3×3/1 on 16×16, several cache blocks': { x: [40, 16, 16, 16], cout: 16, attrs: { kernel: 3, stride: 1, pad: [1, 1, 1, 1] } },
  '3×3/1 on a 1×1 map': { x: [9, 1, 1, 32], cout: 24, attrs: { kernel: 3, stride: 1, pad: [1, 1, 1, 1] } },
  '3×3/1 on a 2×2 map': { x: [5, 2, 2, 16], cout: 32, attrs: { kernel: 3, stride: 1, pad: [1, 1, 1, 1] } },
  '3×3/2 on an odd map': { x: [2, 9, 7, 8], cout: 16, attrs: { kernel: 3, stride: 2, pad: [1, 1, 1, 1] } },
  '1×1/2, no padding': { x: [4, 8, 8, 16], cout: 32, attrs: { kernel: 1, stride: 2, pad: [0, 0, 0, 0] } },
  'asymmetric padding': { x: [2, 6, 5, 4], cout: 8, attrs: { kernel: 3, stride: 2, pad: [0, 1, 1, 0] } },
  'Cout 12, Cin 3 (scalar columns, single rows)': { x: [3, 5, 6, 3], cout: 12, attrs: { kernel: 3, stride: 1, pad: [1, 1, 1, 1] } },
  'Cout 4 (tiny preset)': { x: [2, 8, 8, 1], cout: 4, attrs: { kernel: 3, stride: 1, pad: [1, 1, 1, 1] } },
};

function simd(c: Case, x: Float32Array, dy: Float32Array): Float32Array {
  return tf.tidy(() => {
    const r = tf.engine().runKernel(CONV_FILTER_GRAD_KERNEL, { x: tf.tensor4d(x, c.x), dy: tf.tensor4d(dy, dyShape(c)) }, c.attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    return r.dataSync() as Float32Array;
  });
}

describe('wasm SIMD conv weight gradient', () => {
  it('equals the sum written out, for every geometry (and a flipped kernel does not)', async () => {
    expect(await tryBackend('wasm')).toBe(true);
    for (const [name, c] of Object.entries(CASES)) {
      const x = values(c.x.reduce((a, b) => a * b, 1), 1);
      const dy = values(dyShape(c).reduce((a, b) => a * b, 1), 2);
      const want = definition(c, x, dy);
      expect(relErr(simd(c, x, dy), want), name).toBeLessThan(1e-5); // float32 sums of up to 10,240 terms
      // (on a 1×1 map only the centre tap sees data: flipping it changes nothing)
      if (c.attrs.kernel > 1 && c.x[1] > 1) expect(relErr(definition(c, x, dy, true), want), name).toBeGreaterThan(0.05);
    }
  });

  it("equals the cpu backend's Conv2DBackpropFilter", async () => {
    const picked = ['stem 7×7/2, Cin 1', '3×3/2 on an odd map', 'asymmetric padding'];
    const inputs = picked.map((name) => ({ c: CASES[name], x: values(CASES[name].x.reduce((a, b) => a * b, 1), 3), dy: values(dyShape(CASES[name]).reduce((a, b) => a * b, 1), 4) }));
    await tf.setBackend('cpu');
    const want = inputs.map(({ c, x, dy }) =>
      tf.tidy(() => {
        const [t, b, l, r] = c.attrs.pad;
        const attrs = { strides: c.attrs.stride, pad: [[0, 0], [t, b], [l, r], [0, 0]], dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [c.attrs.kernel, c.attrs.kernel, c.x[3], c.cout] };
        const out = tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(x, c.x), dy: tf.tensor4d(dy, dyShape(c)) }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
        return out.dataSync() as Float32Array;
      }),
    );
    expect(await tryBackend('wasm')).toBe(true);
    inputs.forEach(({ c, x, dy }, i) => expect(relErr(simd(c, x, dy), want[i]), picked[i]).toBeLessThan(1e-5));
  });

  it("is what swav's convWeightGrad launches on wasm: one kernel, equal to the forward-conv form", async () => {
    expect(await tryBackend('wasm')).toBe(true);
    const c = CASES['3×3/2 on an odd map'];
    const x = tf.tensor4d(values(c.x.reduce((a, b) => a * b, 1), 5), c.x);
    const dy = tf.tensor4d(values(dyShape(c).reduce((a, b) => a * b, 1), 6), dyShape(c));
    const counted = await countKernels(async () => convWeightGrad(x, dy, 3, 2, c.attrs.pad));
    expect(counted.byName).toEqual([[CONV_FILTER_GRAD_KERNEL, 1]]);
    const byConv = convWeightGradByConv(x, dy, 3, 2, c.attrs.pad);
    expect(relErr(await counted.result.data(), await byConv.data())).toBeLessThan(1e-5);
    expect(() => tf.engine().runKernel(CONV_FILTER_GRAD_KERNEL, { x, dy: x }, c.attrs as unknown as tf.NamedAttrMap)).toThrow(/not the output of a 3×3\/2 conv/);
    tf.dispose([x, dy, counted.result, byConv]);
  });

  it('runs on a shared memory too (tfjs-wasm\'s threaded build), the same product as on a plain one', () => {
    // Out[M, Cout] = Σ_p A_p ⊗ B_p for 7 pixels in one row; M 5 and Cout 9 take every tile kind
    const [m, cout, pixels] = [5, 9, 7];
    const a = values(pixels * m, 7);
    const b = values(pixels * cout, 8);
    const want = new Float64Array(m * cout);
    for (let p = 0; p < pixels; p++) for (let i = 0; i < m; i++) for (let j = 0; j < cout; j++) want[i * cout + j] += a[p * m + i] * b[p * cout + j];
    for (const shared of [false, true]) {
      const memory = shared ? new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true }) : new WebAssembly.Memory({ initial: 1 });
      const heap = new Float32Array(memory.buffer);
      heap.set(a, 0);
      heap.set(b, 256);
      gemmFor(memory)(0, 256 * 4, 512 * 4, m, cout, 1, 1, pixels, 0, 0, m * 4, 0);
      expect(relErr(heap.subarray(512, 512 + m * cout), want), shared ? 'shared' : 'plain').toBeLessThan(1e-6);
    }
  });
});
