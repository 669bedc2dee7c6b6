import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { cosineMatrix, rowsPerTile, symmetriseWithUnitDiagonal } from './cosine';

/** Plain float64 cosine, the reference for the tensor version. */
function referenceCosine(rows: number[][]): number[] {
  const n = rows.length;
  const norm = rows.map((r) => Math.hypot(...r));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const dot = rows[i].reduce((s, v, k) => s + v * rows[j][k], 0);
      out.push(i === j ? 1 : norm[i] === 0 || norm[j] === 0 ? 0 : dot / (norm[i] * norm[j]));
    }
  }
  return out;
}

function seededRows(n: number, dim: number, seed = 7): number[][] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: n }, () => Array.from({ length: dim }, next));
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('cosineMatrix', () => {
  it('matches a float64 reference and is symmetric with a unit diagonal', async () => {
    const rows = seededRows(9, 17);
    const t = tf.tensor2d(rows);
    const m = await cosineMatrix(t);
    t.dispose();
    const ref = referenceCosine(rows);
    m.forEach((v, k) => expect(v).toBeCloseTo(ref[k], 5));
    for (let i = 0; i < 9; i++) {
      expect(m[i * 9 + i]).toBe(1);
      for (let j = 0; j < 9; j++) expect(m[i * 9 + j]).toBe(m[j * 9 + i]);
    }
  });

  it('gives the same matrix when tiled into single rows', async () => {
    const t = tf.tensor2d(seededRows(7, 5, 3));
    const whole = await cosineMatrix(t);
    const tiled = await cosineMatrix(t, { memoryBudgetBytes: 1 });
    t.dispose();
    expect(Array.from(tiled)).toEqual(Array.from(whole));
  });

  it('scores a zero vector 0 against the others and 1 against itself', async () => {
    const t = tf.tensor2d([[0, 0, 0], [1, 2, 3], [2, 4, 6]]);
    const m = await cosineMatrix(t);
    t.dispose();
    expect(Array.from(m.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(m[1 * 3 + 2]).toBeCloseTo(1, 6);
  });

  it('leaves no tensors behind and rejects when aborted', async () => {
    const t = tf.tensor2d(seededRows(4, 3));
    const before = tf.memory().numTensors;
    await cosineMatrix(t);
    expect(tf.memory().numTensors).toBe(before);
    const controller = new AbortController();
    controller.abort();
    await expect(cosineMatrix(t, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('rejects tensors that are not [n, dim]', async () => {
    const t = tf.zeros([2, 2, 2]) as unknown as tf.Tensor2D;
    await expect(cosineMatrix(t)).rejects.toThrow(/2-D/);
    t.dispose();
  });
});

describe('rowsPerTile / symmetriseWithUnitDiagonal', () => {
  it('keeps a tile within the budget but at least one row', () => {
    expect(rowsPerTile(1000, 4000 * 10)).toBe(10);
    expect(rowsPerTile(1000, 1)).toBe(1);
    expect(rowsPerTile(5, 1e9)).toBe(5);
  });

  it('averages mirrored entries and clamps to [-1, 1]', () => {
    const m = Float64Array.from([0.9, 0.5, 1.2, 0.7, 0.8, 0.1, 1.0000001, 0.3, 1.1]);
    symmetriseWithUnitDiagonal(m, 3);
    expect(Array.from(m)).toEqual([1, 0.6, 1, 0.6, 1, 0.2, 1, 0.2, 1]);
  });
});
