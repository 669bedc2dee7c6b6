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
  const strided = x.slice([0, 1, 1], [2, 1, 2]); // not contiguous: copied run by run
  expect(Array.from(await strided.data())).toEqual([data[5], data[6], data[17], data[18]]);
  const axis1 = tf.split(x, [1, 2], 1); // along an inner axis: not contiguous
  expect(axis1[0].shape).toEqual([2, 1, 4]);
  expect(Array.from(await axis1[0].data())).toEqual([...data.subarray(0, 4), ...data.subarray(12, 16)]);
  tf.dispose([x, flat, ...parts, rows, strided, ...axis1]);
  await tryBackend('cpu');
});

it('wasm: crops of inner axes (as a zero pad gradient) equal the cpu backend slices', async () => {
  const cases: [number[], number[]][] = [
    [[0, 1, 1, 0], [3, 4, 5, 2]],
    [[1, 0, 2, 1], [1, 6, 3, 1]],
    [[0, 0, 0, 1], [3, 6, 7, 1]],
    [[2, 5, 0, 0], [1, 1, 7, 2]],
    [[0, 2, 0, 0], [3, 3, 7, 2]],
  ];
  const data = Float32Array.from({ length: 3 * 6 * 7 * 2 }, (_, i) => Math.sin(i) * 10);
  const results: number[][][] = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    expect(await tryBackend(backend)).toBe(true);
    const x = tf.tensor4d(data, [3, 6, 7, 2]);
    results.push(await Promise.all(cases.map(async ([b, s]) => {
      const part = x.slice(b, s);
      const v = Array.from(await part.data());
      part.dispose();
      return v;
    })));
    x.dispose();
  }
  cases.forEach((c, i) => expect(results[1][i], JSON.stringify(c)).toEqual(results[0][i]));
  expect(results[1][0]).not.toEqual(results[1][1]);
  await tryBackend('cpu');
});
