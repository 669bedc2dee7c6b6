/**
 * conv2dPadded (padding inside the conv kernels, the rotated kernel by a permutation product and
 * cached per step, a variable w not saved) against the implementation it replaced
 * (testing/previousConv.ts): output, ∂x and ∂W on random inputs at the shapes resnet18 uses (7×7/2
 * stem, 3×3/1 and 3×3/2 with padding 1, 1×1/2 shortcut) plus odd sizes and asymmetric padding; stride-2
 * input gradients in their sub-pixel form (phase conv + DepthToSpace) against the dilated form; 3×3/1
 * on 2×2 and 1×1 maps in their dense form on wasm (one matrix product).
 * cpu within 1e-6 of each tensor's scale, other backends 1e-5. The rotation is exact.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { conv2dPadded, disposeKernelCache, rotatedKernel, type ConvPadding, type KernelCache } from './conv';
import { conv2dPadded as previousConv2dPadded } from './testing/previousConv';
import { relativeError } from '../testing/golden';
import { countKernels } from '../kernelCount';

interface Case {
  kernel: number;
  stride: number;
  size: number;
  cin: number;
  cout: number;
  pad: ConvPadding;
}

const CASES: Case[] = [
  { kernel: 7, stride: 2, size: 16, cin: 1, cout: 4, pad: [3, 3, 3, 3] },
  { kernel: 7, stride: 2, size: 15, cin: 1, cout: 3, pad: [3, 3, 3, 3] },
  { kernel: 3, stride: 1, size: 8, cin: 4, cout: 4, pad: [1, 1, 1, 1] },
  { kernel: 3, stride: 2, size: 8, cin: 3, cout: 5, pad: [1, 1, 1, 1] },
  { kernel: 3, stride: 2, size: 9, cin: 2, cout: 3, pad: [1, 1, 1, 1] },
  { kernel: 3, stride: 2, size: 9, cin: 2, cout: 2, pad: [0, 1, 1, 0] },
  { kernel: 1, stride: 2, size: 8, cin: 4, cout: 6, pad: [0, 0, 0, 0] },
  { kernel: 1, stride: 2, size: 7, cin: 3, cout: 2, pad: [0, 0, 0, 0] },
  { kernel: 3, stride: 1, size: 5, cin: 3, cout: 2, pad: [0, 0, 0, 0] },
  // small maps: on wasm the dense form (x 2×2 and x2 1×1 share w: two cached dense forms per variable)
  { kernel: 3, stride: 1, size: 2, cin: 4, cout: 8, pad: [1, 1, 1, 1] },
  // x 3×3 by the rotated kernel, x2 2×2 dense: both forms cached for one variable
  { kernel: 3, stride: 1, size: 3, cin: 3, cout: 2, pad: [1, 1, 1, 1] },
];

/** max |a − b| / max |b| (floor 0: an all-zero reference reads NaN and fails, as before). */
const relative = (a: Float32Array, b: Float32Array): number => relativeError(a, b, 0);

type Conv = (x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: ConvPadding, inputGradient?: boolean) => tf.Tensor4D;

/** y, ∂x, ∂W of Σ y·weight through `conv` called twice on two batches sharing w (as a step's two crop sizes). */
async function run(conv: Conv, c: Case, asVariable: boolean, inputGradient: boolean): Promise<Float32Array[]> {
  const x = tf.randomNormal([3, c.size, c.size, c.cin], 0, 1, 'float32', 1) as tf.Tensor4D;
  const x2 = tf.randomNormal([2, c.size - 1, c.size - 1, c.cin], 0, 1, 'float32', 4) as tf.Tensor4D;
  const w0 = tf.randomNormal([c.kernel, c.kernel, c.cin, c.cout], 0, 1, 'float32', 2) as tf.Tensor4D;
  const w = asVariable ? tf.variable(w0) : w0;
  const y = conv(x, w, c.stride, c.pad);
  const weight = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
  const weight2 = tf.randomNormal(conv(x2, w, c.stride, c.pad).shape, 0, 1, 'float32', 5);
  const loss = (xi: tf.Tensor, wi: tf.Tensor) =>
    tf.add(conv(xi as tf.Tensor4D, wi as tf.Tensor4D, c.stride, c.pad, inputGradient).mul(weight).sum(), conv(x2, wi as tf.Tensor4D, c.stride, c.pad).mul(weight2).sum());
  let grads: tf.Tensor[];
  if (asVariable) {
    const { value, grads: g } = tf.variableGrads(() => loss(x, w) as tf.Scalar, [w as tf.Variable]);
    value.dispose();
    // ∂x through the variable's cached filter (the second call of the loss reuses it)
    grads = [inputGradient ? tf.grad((xi: tf.Tensor) => loss(xi, w))(x) : tf.zerosLike(x), g[(w as tf.Variable).name]];
  } else grads = inputGradient ? tf.grads(loss)([x, w]) : [tf.zerosLike(x), tf.grad((wi: tf.Tensor) => loss(x, wi))(w)];
  const out = await Promise.all([y, ...grads].map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([x, x2, w0, w, y, weight, weight2, ...grads]);
  return out;
}

describeAllBackends('swav conv against the previous implementation', (env) => {
  const bound = env.name === 'cpu' ? 1e-6 : 1e-5;
  beforeAll(async () => {
    expect(await tryBackend(env.name)).toBe(true);
  });

  for (const c of CASES) {
    it(`${c.kernel}×${c.kernel}/${c.stride} on ${c.size}² padded [${c.pad}]: y, ∂x, ∂W as before (tensor w, variable w with a kernel cache, no input gradient)`, async () => {
      const ref = await run(previousConv2dPadded, c, false, true);
      const mine = await run(conv2dPadded, c, false, true);
      ['y', '∂x', '∂W'].forEach((what, i) => expect(relative(mine[i], ref[i]), what).toBeLessThan(bound));
      const cache: KernelCache = new Map();
      const cached: Conv = (x, w, s, p, ig = true) => conv2dPadded(x, w, s, p, ig, cache);
      const viaVariable = await run(cached, c, true, true);
      disposeKernelCache(cache);
      ['y', '∂x', '∂W'].forEach((what, i) => expect(relative(viaVariable[i], ref[i]), `variable ${what}`).toBeLessThan(bound));
      const noInput = await run(conv2dPadded, c, false, false);
      expect(relative(noInput[2], ref[2]), '∂W without the input gradient').toBeLessThan(bound);
    });
  }

  it('a stride-2 input gradient runs as a phase conv + DepthToSpace (no PadV2), a stride-1 one does not', async () => {
    for (const [stride, kernel] of [[2, 3], [2, 1], [1, 3]]) {
      const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([kernel, kernel, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      const pad: ConvPadding = kernel === 3 ? [1, 1, 1, 1] : [0, 0, 0, 0];
      const { result, byName } = await countKernels(async () => tf.grad((xi: tf.Tensor) => conv2dPadded(xi as tf.Tensor4D, w, stride, pad).sum())(x));
      const names = Object.fromEntries(byName);
      expect(names.PadV2, `${kernel}×${kernel}/${stride}`).toBeUndefined();
      expect(names.DepthToSpace, `${kernel}×${kernel}/${stride}`).toBe(stride === 2 ? 1 : undefined);
      tf.dispose([x, w, result]);
    }
  });

  it('the rotated kernel equals reverse + transpose exactly, and a wrong rotation would be caught', async () => {
    for (const k of [1, 3, 7]) {
      const w = tf.randomNormal([k, k, 3, 5], 0, 1, 'float32', k) as tf.Tensor4D;
      const mine = rotatedKernel(w);
      const ref = tf.reverse(w, [0, 1]).transpose([0, 1, 3, 2]);
      expect(Array.from(await mine.data())).toEqual(Array.from(await ref.data()));
      if (k > 1) {
        const unrotated = w.transpose([0, 1, 3, 2]);
        expect(relative((await unrotated.data()) as Float32Array, (await ref.data()) as Float32Array)).toBeGreaterThan(1e-2);
        unrotated.dispose();
      }
      tf.dispose([w, mine, ref]);
    }
  });
}, { alsoOn: ['wasm'] });
