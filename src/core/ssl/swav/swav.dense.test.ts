/**
 * dense (head products with explicitly transposed gradient operands) against tf.matMul's own
 * gradients, the implementation it replaced: y, ∂x, ∂w for x·w and x·wᵀ, with w a plain tensor and
 * a tf.Variable, at the head's shapes scaled down and odd sizes. cpu within 1e-6 of each tensor's
 * scale, other backends 1e-5; a product with the wrong operand transposed is caught.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { dense } from './dense';
import { relativeError } from '../testing/golden';

/** max |a − b| / max |b| (floor 0: an all-zero reference reads NaN and fails, as before). */
const relative = (a: Float32Array, b: Float32Array): number => relativeError(a, b, 0);

type Product = (x: tf.Tensor2D, w: tf.Tensor2D, transposeW: boolean) => tf.Tensor2D;
const reference: Product = (x, w, t) => tf.matMul(x, w, false, t);

async function run(product: Product, shape: [number, number, number], transposeW: boolean, asVariable: boolean): Promise<Float32Array[]> {
  const [b, i, o] = shape;
  const x = tf.randomNormal([b, i], 0, 1, 'float32', 1) as tf.Tensor2D;
  const w0 = tf.randomNormal(transposeW ? [o, i] : [i, o], 0, 1, 'float32', 2) as tf.Tensor2D;
  const w = asVariable ? tf.variable(w0) : w0;
  const weight = tf.randomNormal([b, o], 0, 1, 'float32', 3);
  const y = product(x, w, transposeW);
  const loss = (xi: tf.Tensor, wi: tf.Tensor) => product(xi as tf.Tensor2D, wi as tf.Tensor2D, transposeW).mul(weight).square().sum();
  let grads: tf.Tensor[];
  if (asVariable) {
    const { value, grads: g } = tf.variableGrads(() => loss(x, w) as tf.Scalar, [w as tf.Variable]);
    value.dispose();
    grads = [tf.grad((xi: tf.Tensor) => loss(xi, w))(x), g[(w as tf.Variable).name]];
  } else grads = tf.grads(loss)([x, w]);
  const out = await Promise.all([y, ...grads].map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([x, w0, w, weight, y, ...grads]);
  return out;
}

describeAllBackends('swav dense products', (env) => {
  const bound = env.name === 'cpu' ? 1e-6 : 1e-5;
  beforeAll(async () => {
    expect(await tryBackend(env.name)).toBe(true);
  });
  for (const shape of [
    [24, 16, 40],
    [7, 5, 3],
  ] as [number, number, number][]) {
    for (const transposeW of [false, true]) {
      it(`[${shape}]${transposeW ? ' · wᵀ' : ''}: y, ∂x, ∂w equal tf.matMul's (tensor and variable w)`, async () => {
        const ref = await run(reference, shape, transposeW, false);
        for (const asVariable of [false, true]) {
          const mine = await run(dense, shape, transposeW, asVariable);
          ['y', '∂x', '∂w'].forEach((what, i) => expect(relative(mine[i], ref[i]), `${what}${asVariable ? ' (variable)' : ''}`).toBeLessThan(bound));
        }
      });
    }
  }
  it('would fail on a wrong gradient: ∂w = x·dyᵀ-shaped products with w untransposed differ', async () => {
    const wrong: Product = (x, w, t) => {
      const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [xi, wi] = args as tf.Tensor2D[];
        return { value: tf.matMul(xi, wi, false, t), gradFunc: (dy: tf.Tensor) => [tf.matMul(dy as tf.Tensor2D, wi, false, !t), tf.matMul(xi, dy as tf.Tensor2D, true, false).mul(2)] };
      });
      return op(x, w) as tf.Tensor2D;
    };
    const mine = await run(wrong, [7, 5, 3], false, false);
    const ref = await run(reference, [7, 5, 3], false, false);
    expect(relative(mine[2], ref[2])).toBeGreaterThan(100 * bound);
  });
});
