/**
 * wasm's MaxPoolGrad replacement against the cpu backend's MaxPoolGrad (the first maximum of each
 * window gets dy), on ReLU'd input (many tied zeros), random input, stride 2 window 3 as resnet18
 * (valid after an explicit zero pad, and 'same'), odd sizes, stride 1 and a 2×2 pool, values on a
 * 1/8 grid (ties among non-zero values too), channels a multiple of 4 (the SIMD pass) or not: identical
 * values (the same float32 sums in the same order). A gradient given to the last maximum differs.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { tryBackend } from './initBackend';

interface Case {
  shape: [number, number, number, number];
  size: number;
  stride: number;
  pad: 'valid' | 'same';
  relu: boolean;
}

const CASES: Case[] = [
  { shape: [3, 10, 10, 4], size: 3, stride: 2, pad: 'valid', relu: true },
  { shape: [2, 9, 11, 3], size: 3, stride: 2, pad: 'valid', relu: false },
  { shape: [2, 8, 8, 5], size: 3, stride: 2, pad: 'same', relu: true },
  { shape: [2, 7, 7, 2], size: 3, stride: 1, pad: 'same', relu: false },
  { shape: [1, 6, 6, 3], size: 2, stride: 2, pad: 'valid', relu: true },
  // channels a multiple of 4: the SIMD pass (max_pool_grad_simd.wat)
  { shape: [2, 9, 9, 8], size: 3, stride: 2, pad: 'same', relu: true },
  { shape: [2, 7, 7, 16], size: 3, stride: 1, pad: 'same', relu: false },
  { shape: [1, 6, 6, 4], size: 2, stride: 2, pad: 'valid', relu: true },
];

/** Seeded values in JS (tf.randomNormal draws differently on wasm), rounded to 1/8 so that ties also occur. */
function values(shape: number[], seed: number): tf.Tensor {
  let s = seed + 1;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.round((s / 2147483648 - 0.5) * 32) / 8;
  });
  return tf.tensor(data, shape);
}

async function gradient(c: Case, seed: number): Promise<number[]> {
  const raw = values(c.shape, seed);
  const x = (c.relu ? tf.relu(raw) : raw.clone()) as tf.Tensor4D;
  const y = tf.maxPool(x, c.size, c.stride, c.pad);
  const dy = values(y.shape, seed + 1);
  const dx = tf.grad((xi: tf.Tensor) => tf.maxPool(xi as tf.Tensor4D, c.size, c.stride, c.pad).mul(dy).sum())(x);
  const out = Array.from(await dx.data());
  tf.dispose([raw, x, y, dy, dx]);
  return out;
}

it('wasm MaxPoolGrad equals the cpu kernel (first maximum of each window)', async () => {
  const results: number[][][] = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    expect(await tryBackend(backend)).toBe(true);
    results.push(await Promise.all(CASES.map((c, i) => gradient(c, 10 * i))));
  }
  CASES.forEach((c, i) => expect(results[1][i], JSON.stringify(c)).toEqual(results[0][i]));
  // negative control: ties sent to the last maximum instead (ReLU zeros) change the gradient
  expect(await tryBackend('cpu')).toBe(true);
  const x = tf.tensor4d([0, 0, 0, 0], [1, 2, 2, 1]);
  const first = Array.from(await tf.grad((xi: tf.Tensor) => tf.maxPool(xi as tf.Tensor4D, 2, 2, 'valid').sum())(x).data());
  expect(first).toEqual([1, 0, 0, 0]);
  expect(first).not.toEqual([0, 0, 0, 1]);
  expect(await tryBackend('wasm')).toBe(true);
  expect(Array.from(await tf.grad((xi: tf.Tensor) => tf.maxPool(xi as tf.Tensor4D, 2, 2, 'valid').sum())(x).data())).toEqual(first);
  x.dispose();
  await tryBackend('cpu');
});
