/**
 * The batched loss (loss.ts: one Sinkhorn for all assign crops, Σ_v L_v − L_a) against the per-crop
 * one it replaced (testing/perCropLoss.ts): loss, codes and ∂loss/∂scores, without and with a queue.
 * cpu within 1e-6 of each quantity's scale, other backends 1e-5.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { swavLoss } from './loss';
import { perCropSwavLoss } from './testing/perCropLoss';
import { relativeError } from '../testing/golden';

const B = 6;
const V = 4;
const K = 5;
const L = 12;
const base = { batch: B, totalCrops: V, cropsForAssign: [0, 1], epsilon: 0.05, sinkhornIterations: 3, temperature: 0.1 };

/** max |a − b| / max |b| (floor 0: an all-zero reference reads NaN and fails, as before). */
const relative = (a: Float32Array, b: Float32Array): number => relativeError(a, b, 0);

async function both(queued: boolean, temperature = base.temperature) {
  const scores = tf.tanh(tf.randomNormal([V * B, K], 0, 1, 'float32', 5)) as tf.Tensor2D;
  const queue = tf.tanh(tf.randomNormal([2, L, K], 0, 1, 'float32', 6)) as tf.Tensor3D;
  const mine = tf.tidy(() => {
    const f = (s: tf.Tensor) => swavLoss(s as tf.Tensor2D, { ...base, temperature, queueScores: queued ? () => queue : undefined }).loss;
    const { loss, codes } = swavLoss(scores, { ...base, temperature, queueScores: queued ? () => queue : undefined });
    return [loss, codes, tf.grad(f)(scores)];
  });
  const ref = tf.tidy(() => {
    const opts = { ...base, queueScores: queued ? (a: number) => queue.slice([a, 0, 0], [1, -1, -1]).reshape([L, K]) as tf.Tensor2D : undefined };
    const f = (s: tf.Tensor) => perCropSwavLoss(s as tf.Tensor2D, opts).loss;
    const { loss, codes } = perCropSwavLoss(scores, opts);
    return [loss, tf.stack(codes), tf.grad(f)(scores)];
  });
  const read = (ts: tf.Tensor[]) => Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
  const out = { mine: await read(mine), ref: await read(ref) };
  tf.dispose([scores, queue, ...mine, ...ref]);
  return out;
}

describeAllBackends('swav batched loss against the per-crop loss', (env) => {
  const bound = env.name === 'cpu' ? 1e-6 : 1e-5;
  for (const queued of [false, true]) {
    it(`loss, codes and ∂loss/∂scores${queued ? ' with a queue' : ''}`, async () => {
      expect(await tryBackend(env.name)).toBe(true);
      const { mine, ref } = await both(queued);
      ['loss', 'codes', '∂scores'].forEach((what, i) => expect(relative(mine[i], ref[i]), what).toBeLessThan(bound));
    });
  }
  it('would fail on a wrong temperature (0.11)', async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const { mine, ref } = await both(false, 0.11);
    expect(relative(mine[0], ref[0])).toBeGreaterThan(100 * bound);
  });
});
