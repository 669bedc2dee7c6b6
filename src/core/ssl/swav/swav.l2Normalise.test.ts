/**
 * The closed-form L2 normalisation (head.ts) against autodiff through tf.norm (the code it replaced):
 * y and ∂x of Σ (y·w)² on every backend, cpu within 1e-6 of each tensor's scale, others 1e-5; a row
 * of zeros (the 1e-12 floor: ∂x = dy/ε, as torch's) stays finite; fewer kernels than the autodiff.
 * Negative control: the gradient without the y·Σ dy·y term differs.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { countKernels } from '../kernelCount';
import { relativeError } from '../testing/golden';
import { l2Normalise } from './head';

const autodiff = (x: tf.Tensor2D): tf.Tensor2D => x.div(tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12));

async function run(f: (x: tf.Tensor2D) => tf.Tensor2D, rows = 7, cols = 5): Promise<Float32Array[]> {
  const x = tf.randomNormal([rows, cols], 0, 2, 'float32', 3) as tf.Tensor2D;
  const w = tf.randomNormal([rows, cols], 0, 1, 'float32', 4);
  const y = f(x);
  const dx = tf.grad((xi: tf.Tensor) => f(xi as tf.Tensor2D).mul(w).square().sum())(x);
  const out = [(await y.data()) as Float32Array, (await dx.data()) as Float32Array];
  tf.dispose([x, w, y, dx]);
  return out;
}

describeAllBackends('swav closed-form L2 normalisation', (env) => {
  const bound = env.name === 'cpu' ? 1e-6 : 1e-5;

  it('y and ∂x equal autodiff through tf.norm, with fewer kernels', async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const [mine, ref] = [await run(l2Normalise), await run(autodiff)];
    expect(relativeError(mine[0], ref[0], 0), 'y').toBeLessThan(bound);
    expect(relativeError(mine[1], ref[1], 0), '∂x').toBeLessThan(bound);
    const x = tf.randomNormal([6, 4]) as tf.Tensor2D;
    const count = async (f: typeof autodiff) => (await countKernels(async () => tf.grad((xi: tf.Tensor) => f(xi as tf.Tensor2D).sum())(x))).kernels;
    expect(await count(l2Normalise)).toBeLessThan(await count(autodiff));
    x.dispose();
  });

  it('a zero row takes the floor: finite, ∂x = dy/ε there', async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const x = tf.tensor2d([0, 0, 0, 3, 4, 0], [2, 3]);
    const dy = tf.tensor2d([1e-12, -2e-12, 5e-13, 1, 1, 1], [2, 3]);
    const y = l2Normalise(x);
    const dx = tf.grad((xi: tf.Tensor) => l2Normalise(xi as tf.Tensor2D).mul(dy).sum())(x);
    const [ys, dxs] = [Array.from(await y.data()), Array.from(await dx.data())];
    expect(ys.slice(0, 3)).toEqual([0, 0, 0]);
    ys.slice(3).forEach((v, i) => expect(v).toBeCloseTo([0.6, 0.8, 0][i], 6));
    [1, -2, 0.5].forEach((v, i) => expect(dxs[i]).toBeCloseTo(v, 5));
    // the second row: (dy − y·(dy·y))/‖x‖ = ([1, 1, 1] − [0.6, 0.8, 0]·1.4)/5
    [0.032, -0.024, 0.2].forEach((v, i) => expect(dxs[3 + i]).toBeCloseTo(v, 5));
    tf.dispose([x, dy, y, dx]);
  });

  it('would fail on a wrong gradient (the norm taken as a constant)', async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const stopped = (x: tf.Tensor2D) => {
      const r = () => tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12);
      const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({ value: autodiff(args[0] as tf.Tensor2D), gradFunc: (dy: tf.Tensor) => dy.div(r()) }));
      return op(x) as tf.Tensor2D;
    };
    const [wrong, ref] = [await run(stopped), await run(autodiff)];
    expect(relativeError(wrong[1], ref[1], 0)).toBeGreaterThan(100 * bound);
  });
});
