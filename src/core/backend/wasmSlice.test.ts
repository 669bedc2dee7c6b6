/** wasm's contiguous Slice/SplitV replacements give the same values as plain index arithmetic. */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { tryBackend } from './initBackend';

it('wasm: splits and slices (contiguous and strided) equal the values they cut out', async () => {
  expect(await tryBackend('wasm')).toBe(true);
  const data = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 0.5 - 3);
  const x = tf.tensor3d(data, [2, 3, 4]);
  const flat = x.reshape([-1]);
  const parts = tf.split(flat, [5, 1, 18]);
  expect(Array.from(await parts[0].data())).toEqual(Array.from(data.subarray(0, 5)));
  expect(Array.from(await parts[1].data())).toEqual(Array.from(data.subarray(5, 6)));
  expect(Array.from(await parts[2].data())).toEqual(Array.from(data.subarray(6)));
  const rows = x.slice([1, 1, 0], [1, 2, 4]); // whole inner rows: contiguous
  expect(Array.from(await rows.data())).toEqual(Array.from(data.subarray(16, 24)));
  const strided = x.slice([0, 1, 1], [2, 1, 2]); // not contiguous: tfjs's own kernel
  expect(Array.from(await strided.data())).toEqual([data[5], data[6], data[17], data[18]]);
  const axis1 = tf.split(x, [1, 2], 1); // along an inner axis: not contiguous
  expect(axis1[0].shape).toEqual([2, 1, 4]);
  expect(Array.from(await axis1[0].data())).toEqual([...data.subarray(0, 4), ...data.subarray(12, 16)]);
  tf.dispose([x, flat, ...parts, rows, strided, ...axis1]);
  await tryBackend('cpu');
});
