/**
 * The fast convolution gradients equal tfjs's own cpu kernels for 'valid', 'same' and explicit
 * padding, strides 1 and 2, odd sizes, 1×1 and 3×3/7×7 kernels, on cpu and WebGPU (SwiftShader
 * here); the backend's kernels are put back afterwards; on wasm (no Conv2DBackpropFilter kernel) a
 * conv's weight gradient then exists and equals cpu's; a resnet18 fine-tune ends alike either way.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAllBackends } from '../testing/describeAllBackends';
import { buildEncoderLayersModel } from '../ssl/encoders';
import { createRng, gaussian } from './random';
import { canFinetuneOn, withFastConvGradients } from './fastConvGrad';
import { finetune } from './finetune';
import { syntheticSamples } from './testing/tinyEncoder';
import { disposeSnapshot, restoreWeights, snapshotWeights } from './weights';

type Pad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];
const CASES: { x: [number, number, number, number]; k: number; cout: number; stride: 1 | 2; pad: Pad }[] = [
  { x: [2, 9, 9, 3], k: 3, cout: 4, stride: 1, pad: 'valid' },
  { x: [2, 11, 10, 2], k: 3, cout: 5, stride: 2, pad: 'valid' },
  { x: [3, 10, 9, 2], k: 3, cout: 4, stride: 2, pad: 'same' },
  { x: [2, 13, 13, 1], k: 7, cout: 3, stride: 2, pad: [[0, 0], [3, 3], [3, 3], [0, 0]] },
  { x: [2, 8, 8, 4], k: 1, cout: 6, stride: 2, pad: 'valid' },
];

function randn(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => gaussian(rng)), shape);
}

/** d/dx and d/dw of Σ conv(x, w)·r (r random, so every output position weighs in). */
async function grads(c: (typeof CASES)[number]): Promise<number[][]> {
  const g = tf.tidy(() => {
    const x = randn(c.x, 1) as tf.Tensor4D;
    const w = randn([c.k, c.k, c.x[3], c.cout], 2) as tf.Tensor4D;
    const weights = randn(tf.conv2d(x, w, c.stride, c.pad).shape, 3);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad).mul(weights).sum())([x, w]);
  });
  const out = await Promise.all(g.map(async (t) => Array.from(await t.data())));
  tf.dispose(g);
  return out;
}

const allGrads = async () => {
  const out: number[][][] = [];
  for (const c of CASES) out.push(await grads(c));
  return out;
};

function maxRelDiff(a: number[], b: number[]): number {
  const scale = Math.max(...b.map(Math.abs));
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / scale;
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describeAllBackends('fast convolution gradients (forward-conv form)', (env) => {
  const want: number[][][] = [];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    want.push(...(await allGrads())); // tfjs's own cpu kernels
    await tf.setBackend(env.name);
  });

  it('equal tfjs\'s cpu kernels on every case; the backend\'s kernels come back afterwards', async () => {
    const before = tf.getKernel('Conv2DBackpropFilter', env.name);
    const got = await withFastConvGradients(async () => {
      expect(tf.getKernel('Conv2DBackpropFilter', env.name)).not.toBe(before);
      return allGrads();
    });
    CASES.forEach((c, i) => {
      expect(maxRelDiff(got[i][0], want[i][0]), `dx ${JSON.stringify(c)}`).toBeLessThan(env.name === 'cpu' ? 1e-5 : 1e-4);
      expect(maxRelDiff(got[i][1], want[i][1]), `dw ${JSON.stringify(c)}`).toBeLessThan(env.name === 'cpu' ? 1e-5 : 1e-4);
    });
    expect(tf.getKernel('Conv2DBackpropFilter', env.name)).toBe(before);
  });
});

describe('fast convolution gradients for fine-tuning', () => {
  it('gives wasm a conv weight gradient (missing there), equal to cpu\'s', async () => {
    await tf.setBackend('cpu');
    const want = await allGrads();
    await tf.setBackend('wasm');
    await expect(grads(CASES[0])).rejects.toThrow(/Conv2DBackpropFilter/);
    const got = await withFastConvGradients(allGrads);
    got.forEach((g, i) => {
      expect(maxRelDiff(g[0], want[i][0])).toBeLessThan(1e-5);
      expect(maxRelDiff(g[1], want[i][1])).toBeLessThan(1e-5);
    });
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    // Plain convs fine-tune on wasm now; MobileNetV2's depthwise ones still cannot.
    expect(canFinetuneOn('wasm', 'resnet18')).toBe(true);
    expect(canFinetuneOn('wasm', 'mobilenetv2')).toBe(false);
    expect(canFinetuneOn('cpu', 'mobilenetv2')).toBe(true);
  });

  it('fine-tuning resnet18 (all layers) gives the same test probabilities with tfjs\'s kernels and the fast ones', async () => {
    await tf.setBackend('cpu');
    const samples = syntheticSamples({ perClass: 10, size: 16 });
    const labels = samples.map((s) => (s.label === 'a' ? 0 : 1));
    const idx = samples.map((_, i) => i);
    const parts = { samples, labels, train: idx.filter((i) => i % 5 > 1), val: idx.filter((i) => i % 5 === 1), test: idx.filter((i) => i % 5 === 0) };
    const encoder = buildEncoderLayersModel({ arch: 'resnet18', inputSize: 16, width: 4 }, 5);
    const start = snapshotWeights(encoder);
    const flatWeights = () => encoder.getWeights().flatMap((w) => Array.from(w.dataSync()));
    const before = flatWeights();
    const run = async (fastConvGradients: boolean) => {
      restoreWeights(encoder, start);
      const opts = { classes: 2, epochs: 3, headOnlyEpochs: 1, batch: 8, lr: 1e-2, lrEncoder: 1e-3, patience: 5, seed: 3, fastConvGradients };
      const r = await finetune(encoder, parts, { size: 16, mean: 0.5, std: 0.25 }, opts);
      return { ...r, weights: flatWeights() };
    };
    const tfjs = await run(false);
    const fast = await run(true);
    expect(fast.epochsTrained).toBe(3);
    expect(fast.bestEpoch).toBe(tfjs.bestEpoch);
    expect(fast.bestEpoch).toBeGreaterThan(1); // the kept weights are from an all-layer epoch
    // The encoder moved in training, and both ways moved it alike (~1e-7 apart; Adam steps of 1e-3).
    const moved = tfjs.weights.map((w, i) => Math.abs(w - before[i]));
    expect(Math.max(...moved)).toBeGreaterThan(1e-3);
    expect(Math.max(...fast.weights.map((w, i) => Math.abs(w - tfjs.weights[i])))).toBeLessThan(1e-5);
    expect(maxRelDiff(fast.testProbabilities.flat(), tfjs.testProbabilities.flat())).toBeLessThan(1e-4);
    disposeSnapshot(start);
    encoder.dispose();
  });
});
