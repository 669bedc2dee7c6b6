/**
 * The conv gradients (as forward convolutions) equal tfjs's own Conv2DBackpropFilter/Input, on every
 * backend, for 'valid' and explicitly padded convolutions (asymmetric pads too), and with the input
 * gradient switched off (the first conv) the weight gradient is unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { maxAbsError } from '../testing/golden';
import { Rng } from '../rng';
import { conv2dPadded, conv2dValid, convWeightGradIm2col, type ConvPadding } from './conv';

function random(shape: number[], seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Float32Array.from({ length: n }, () => rng.normal()), shape as [number, number, number, number]);
}

const CASES = [
  { kernel: 3, stride: 1, size: 9, cin: 2, cout: 3 },
  { kernel: 3, stride: 2, size: 10, cin: 3, cout: 4 },
  { kernel: 7, stride: 2, size: 21, cin: 1, cout: 4 },
  { kernel: 1, stride: 2, size: 8, cin: 4, cout: 5 },
];

const PADDED: { kernel: number; stride: number; size: number; cin: number; cout: number; pad: ConvPadding }[] = [
  { kernel: 3, stride: 1, size: 8, cin: 2, cout: 3, pad: [1, 1, 1, 1] },
  { kernel: 3, stride: 2, size: 8, cin: 3, cout: 4, pad: [1, 1, 1, 1] },
  { kernel: 7, stride: 2, size: 16, cin: 1, cout: 4, pad: [3, 3, 3, 3] },
  { kernel: 3, stride: 2, size: 9, cin: 2, cout: 2, pad: [0, 1, 1, 0] },
  { kernel: 1, stride: 2, size: 7, cin: 2, cout: 3, pad: [0, 0, 0, 0] },
  // maps of ≤ 4 pixels (their wasm-only dense form is checked in swav.convPrevious.test.ts: tfjs's own
  // gradient, the reference here, has no Conv2DBackpropFilter on wasm)
  { kernel: 3, stride: 1, size: 1, cin: 4, cout: 3, pad: [1, 1, 1, 1] },
  { kernel: 3, stride: 1, size: 2, cin: 3, cout: 4, pad: [1, 1, 1, 1] },
  { kernel: 5, stride: 1, size: 2, cin: 2, cout: 3, pad: [2, 2, 2, 2] },
  { kernel: 3, stride: 1, size: 2, cin: 2, cout: 2, pad: [0, 2, 2, 0] },
];

describeAllBackends('swav conv gradients', (env) => {
  beforeAll(async () => {
    expect(await tryBackend(env.name)).toBe(true);
  });
  for (const c of CASES) {
    it(`conv ${c.kernel}×${c.kernel}/${c.stride} on ${c.size}²: input and weight gradients equal tfjs's`, async () => {
      const x = random([2, c.size, c.size, c.cin], 1);
      const w = random([c.kernel, c.kernel, c.cin, c.cout], 2);
      const dy = random([2, Math.floor((c.size - c.kernel) / c.stride) + 1, Math.floor((c.size - c.kernel) / c.stride) + 1, c.cout], 3);
      const loss = (f: typeof conv2dValid) => (a: tf.Tensor, b: tf.Tensor) => f(a as tf.Tensor4D, b as tf.Tensor4D, c.stride).mul(dy).sum();
      const [mineX, mineW] = tf.grads(loss(conv2dValid))([x, w]);
      const [refX, refW] = tf.grads(loss((a, b, s) => tf.conv2d(a, b, s, 'valid')))([x, w]);
      const im2col = convWeightGradIm2col(x, dy, c.kernel, c.stride);
      expect(maxAbsError(await mineW.data(), await refW.data())).toBeLessThan(1e-3);
      expect(maxAbsError(await im2col.data(), await refW.data())).toBeLessThan(1e-3);
      expect(maxAbsError(await mineX.data(), await refX.data())).toBeLessThan(1e-4);
      tf.dispose([x, w, dy, mineX, mineW, refX, refW, im2col]);
    });
  }
  for (const c of PADDED) {
    it(`conv ${c.kernel}×${c.kernel}/${c.stride} padded [${c.pad}] on ${c.size}²: gradients equal tfjs's, with and without the input gradient`, async () => {
      const x = random([2, c.size, c.size, c.cin], 4);
      const w = random([c.kernel, c.kernel, c.cin, c.cout], 5);
      const explicit: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [c.pad[0], c.pad[1]], [c.pad[2], c.pad[3]], [0, 0]];
      const out = (tf.conv2d(x, w, c.stride, explicit) as tf.Tensor4D).shape;
      const dy = random(out, 6);
      const [mineX, mineW] = tf.grads((a: tf.Tensor, b: tf.Tensor) => conv2dPadded(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad).mul(dy).sum())([x, w]);
      const [refX, refW] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, explicit).mul(dy).sum())([x, w]);
      const onlyW = tf.grad((b: tf.Tensor) => conv2dPadded(x, b as tf.Tensor4D, c.stride, c.pad, false).mul(dy).sum())(w);
      const value = conv2dPadded(x, w, c.stride, c.pad);
      const ref = tf.conv2d(x, w, c.stride, explicit);
      expect(maxAbsError(await value.data(), await ref.data())).toBeLessThan(1e-4);
      expect(maxAbsError(await mineW.data(), await refW.data())).toBeLessThan(1e-3);
      expect(maxAbsError(await onlyW.data(), await refW.data())).toBeLessThan(1e-3);
      expect(maxAbsError(await mineX.data(), await refX.data())).toBeLessThan(1e-4);
      tf.dispose([x, w, dy, mineX, mineW, refX, refW, onlyW, value, ref]);
    });
  }
});
