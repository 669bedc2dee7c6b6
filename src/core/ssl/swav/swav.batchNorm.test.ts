/**
 * The closed-form BatchNorm op (batchNorm.ts) against autodiff through tf.moments (the previous
 * implementation, testing/autodiffBatchNorm.ts): output, ∂x, ∂γ, ∂β and the recorded statistics,
 * for a conv-shaped [N, H, W, C] and a head-shaped [N, C] input; and the grouped running-statistics
 * update against one update per call. cpu within 1e-6 of each tensor's scale, other backends 1e-5.
 * Maps of ≥ 256 pixels take their channel means through an average pool: checked the same way.
 * Shapes with channels a multiple of 4 take tfjs-wasm's SIMD kernels on wasm: checked the same way.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { batchNormTrain, updateRunningStats, type BatchStats } from './batchNorm';
import { autodiffBatchNormTrain, sequentialRunningStats } from './testing/autodiffBatchNorm';
import { relativeError } from '../testing/golden';
import { countKernels } from '../kernelCount';
import { BATCH_NORM_BACKWARD, BATCH_NORM_FORWARD } from '../../backend/wasmBatchNorm';
import { BN_GRAD_INPUT, BN_GRAD_SUMS, BN_NORMALISE, BN_STATS } from '../../backend/webgpuTrainKernels';

type Impl = typeof batchNormTrain;

async function run(impl: Impl, shape: number[]): Promise<Float32Array[]> {
  const c = shape[shape.length - 1];
  const x = tf.randomNormal(shape, 0.3, 2, 'float32', 11);
  const gamma = tf.randomUniform([c], 0.5, 1.5, 'float32', 12);
  const beta = tf.randomUniform([c], -1, 1, 'float32', 13);
  const weight = tf.randomNormal(shape, 0, 1, 'float32', 14); // a loss that weighs every output differently
  const record: BatchStats[] = [];
  const f = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(impl(xi, g, b, 1e-5, 'bn', record).mul(weight).square());
  const y = impl(x, gamma, beta, 1e-5, 'bn', []);
  const grads = tf.grads(f)([x, gamma, beta]);
  const out = await Promise.all([y, ...grads, record[0].mean, record[0].variance].map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([x, gamma, beta, weight, y, ...grads, ...record.flatMap((r) => [r.mean, r.variance])]);
  return out;
}

/** max |a − b| / max |b| (floor 0: an all-zero reference reads NaN and fails, as before). */
const relative = (a: Float32Array, b: Float32Array): number => relativeError(a, b, 0);

describeAllBackends('swav closed-form BatchNorm', (env) => {
  const bound = env.name === 'cpu' ? 1e-6 : 1e-5;
  for (const shape of [
    [6, 5, 4, 3],
    [3, 16, 17, 2], // ≥ POOLED_MEAN_MIN_PIXELS: channel means through an average pool
    [16, 8],
    // channels a multiple of 4: on wasm the SIMD kernels (backend/wasmBatchNorm.ts), over several 64-pixel blocks
    [6, 5, 4, 4],
    [3, 16, 17, 8],
  ]) {
    it(`[${shape}]: y, ∂x, ∂γ, ∂β, mean and unbiased variance equal autodiff's`, async () => {
      expect(await tryBackend(env.name)).toBe(true);
      const mine = await run(batchNormTrain, shape);
      const ref = await run(autodiffBatchNormTrain, shape);
      ['y', '∂x', '∂γ', '∂β', 'mean', 'variance'].forEach((what, i) => expect(relative(mine[i], ref[i]), what).toBeLessThan(bound));
    });
  }

  it("launches ctsieve's own BatchNorm kernels where the backend has them (wasm: one each way; WebGPU: two programs each way)", async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const x = tf.randomNormal([4, 8, 8, 16], 0, 1, 'float32', 1);
    const [g, b] = [tf.ones([16]), tf.zeros([16])];
    const record: BatchStats[] = [];
    const { result, byName } = await countKernels(async () => tf.grads((xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => batchNormTrain(xi, gi, bi, 1e-5, 'bn', record, { relu: true }).sum())([x, g, b]));
    const names = Object.fromEntries(byName);
    const own = { wasm: [BATCH_NORM_FORWARD, BATCH_NORM_BACKWARD], webgpu: [BN_STATS, BN_NORMALISE, BN_GRAD_SUMS, BN_GRAD_INPUT] }[env.name as 'wasm' | 'webgpu'] ?? [];
    for (const k of own) expect(names[k], k).toBe(1);
    if (own.length) expect(names.FusedBatchNorm, 'no tfjs FusedBatchNorm left').toBeUndefined();
    else expect(names.FusedBatchNorm).toBe(2);
    tf.dispose([x, g, b, ...result, ...record.flatMap((r) => [r.mean, r.variance])]);
  });

  it('would fail on a wrong gradient: ∂x without the x̂·∂γ term differs', async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const wrong: Impl = (x, g, b, eps, name, record) => {
      const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [xi, gi, bi] = args as tf.Tensor[];
        const y = batchNormTrain(xi, gi, bi, eps, name, record);
        return { value: y, gradFunc: (dy: tf.Tensor) => [dy.mul(gi), tf.zerosLike(gi), tf.sum(dy, [0, 1, 2])] };
      });
      return op(x, g, b);
    };
    const mine = await run(wrong, [6, 5, 4, 3]);
    const ref = await run(autodiffBatchNormTrain, [6, 5, 4, 3]);
    expect(relative(mine[1], ref[1])).toBeGreaterThan(100 * bound);
  });

  it('the grouped running-statistics update equals one update per call, in call order', async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const sizes = { a: 3, b: 5, head: 4 };
    const calls = ['a', 'b', 'a', 'b', 'head'] as const;
    const results: Float32Array[][] = [];
    for (const grouped of [true, false]) {
      const buffers = new Map<string, tf.Variable>();
      for (const [name, c] of Object.entries(sizes)) {
        buffers.set(`${name}.running_mean`, tf.variable(tf.randomNormal([c], 0, 1, 'float32', c), false));
        buffers.set(`${name}.running_var`, tf.variable(tf.randomUniform([c], 0.5, 2, 'float32', c + 1), false));
      }
      const record: BatchStats[] = calls.map((name, i) => ({ name, mean: tf.randomNormal([sizes[name]], 0, 1, 'float32', 20 + i) as tf.Tensor1D, variance: tf.randomUniform([sizes[name]], 0, 3, 'float32', 30 + i) as tf.Tensor1D, count: 7 + 3 * i }));
      const lookup = (name: string, which: string) => buffers.get(`${name}.${which}`)!;
      const counters = new Map<string, number>();
      if (grouped) updateRunningStats(record, lookup, counters);
      else sequentialRunningStats(record, lookup);
      if (grouped) expect(Object.fromEntries(counters)).toEqual({ a: 2, b: 2, head: 1 });
      results.push(await Promise.all([...buffers.values()].map(async (v) => (await v.data()) as Float32Array)));
      tf.dispose([...buffers.values()]);
    }
    results[0].forEach((r, i) => expect(r).toEqual(results[1][i]));
  });
}, { alsoOn: ['wasm'] });

/** y and every gradient of Σ (y·weight)² for BN + add + ReLU: as one fused op, or as the separate ops it replaced. */
async function fusedRun(fused: boolean, shape: number[], withResidual: boolean): Promise<Float32Array[]> {
  const c = shape[shape.length - 1];
  const x = tf.randomNormal(shape, 0.3, 2, 'float32', 21);
  const r = tf.randomNormal(shape, 0, 1, 'float32', 22);
  const gamma = tf.randomUniform([c], 0.5, 1.5, 'float32', 23);
  const beta = tf.randomUniform([c], -1, 1, 'float32', 24);
  const weight = tf.randomNormal(shape, 0, 1, 'float32', 25);
  const record: BatchStats[] = [];
  const f = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor, ri: tf.Tensor) => {
    const y = fused
      ? batchNormTrain(xi, g, b, 1e-5, 'bn', record, { relu: true, residual: withResidual ? ri : undefined })
      : tf.relu(withResidual ? tf.add(batchNormTrain(xi, g, b, 1e-5, 'bn', record), ri) : batchNormTrain(xi, g, b, 1e-5, 'bn', record));
    return tf.sum(y.mul(weight).square());
  };
  const value = f(x, gamma, beta, r);
  const grads = withResidual ? tf.grads(f)([x, gamma, beta, r]) : [...tf.grads((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => f(xi, g, b, r))([x, gamma, beta]), tf.zeros([1])];
  const out = await Promise.all([value, ...grads].map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([x, r, gamma, beta, weight, value, ...grads, ...record.flatMap((s) => [s.mean, s.variance])]);
  return out;
}

describeAllBackends('swav fused BatchNorm + add + ReLU', (env) => {
  for (const [shape, withResidual] of [
    [[6, 5, 4, 3], true],
    [[2, 16, 16, 3], true],
    [[5, 3, 7, 2], false],
    [[16, 8], false],
    [[6, 5, 4, 4], true], // on wasm: the SIMD kernels, ReLU's mask and dz inside the backward one
    [[3, 16, 17, 8], false],
  ] as [number[], boolean][]) {
    it(`[${shape}]${withResidual ? ' with a residual' : ''}: the loss and ∂x, ∂γ, ∂β, ∂r equal the separate ops' exactly`, async () => {
      expect(await tryBackend(env.name)).toBe(true);
      const mine = await fusedRun(true, shape, withResidual);
      const ref = await fusedRun(false, shape, withResidual);
      ['loss', '∂x', '∂γ', '∂β', '∂r'].slice(0, withResidual ? 5 : 4).forEach((what, i) => expect(relative(mine[i], ref[i]), what).toBeLessThan(env.name === 'cpu' ? 1e-6 : 1e-5));
      expect(Array.from(mine[1])).toEqual(Array.from(ref[1]));
    });
  }
}, { alsoOn: ['wasm'] });
