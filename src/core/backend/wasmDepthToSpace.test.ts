/**
 * wasm's DepthToSpace replacement against the cpu backend's kernel and against its definition written
 * out: identical values (a copy), block sizes 2 and 3, a 1×1 map. Negative control: the definition with
 * each block's row and column exchanged differs (so the channel order is really checked).
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { tryBackend } from './initBackend';

/** Seeded float32 values in JS (tfjs's random draws differ between backends). */
function values(n: number, seed: number): Float32Array {
  let s = seed + 1;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return 4 * (s / 2147483648) - 2;
  });
}

async function depthToSpace(shape: [number, number, number, number], block: number, seed: number): Promise<number[]> {
  const x = tf.tensor4d(values(shape.reduce((a, b) => a * b, 1), seed), shape);
  const y = tf.depthToSpace(x, block);
  const out = Array.from(await y.data());
  tf.dispose([x, y]);
  return out;
}

/** DepthToSpace by its definition, or with the block's row and column exchanged (a wrong order). */
function blocks([n, h, w, depth]: number[], b: number, src: Float32Array, exchanged: boolean): number[] {
  const c = depth / (b * b);
  const out = new Array<number>(src.length);
  for (let bn = 0; bn < n; bn++)
    for (let y = 0; y < h * b; y++)
      for (let x = 0; x < w * b; x++)
        for (let k = 0; k < c; k++) {
          const [by, bx] = [y % b, x % b];
          const channel = (exchanged ? bx * b + by : by * b + bx) * c + k;
          out[((bn * h * b + y) * w * b + x) * c + k] = src[((bn * h + Math.floor(y / b)) * w + Math.floor(x / b)) * depth + channel];
        }
  return out;
}

const D2S: [[number, number, number, number], number][] = [
  [[2, 3, 4, 8], 2],
  [[1, 2, 3, 18], 3],
  [[3, 1, 1, 4], 2],
];

it('wasm DepthToSpace equals the cpu kernel and its definition exactly', async () => {
  const results: { d2s: number[][] }[] = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    expect(await tryBackend(backend)).toBe(true);
    results.push({ d2s: await Promise.all(D2S.map(([shape, b], i) => depthToSpace(shape, b, 100 + i))) });
  }
  D2S.forEach((c, i) => expect(results[1].d2s[i], JSON.stringify(c)).toEqual(results[0].d2s[i]));
  // the channel order DepthToSpace reads ((by·b + bx)·C + c), as written out; with by and bx exchanged it differs
  expect(blocks([2, 3, 4, 8], 2, values(2 * 3 * 4 * 8, 100), false)).toEqual(results[0].d2s[0]);
  expect(blocks([2, 3, 4, 8], 2, values(2 * 3 * 4 * 8, 100), true)).not.toEqual(results[0].d2s[0]);
  await tryBackend('cpu');
});
