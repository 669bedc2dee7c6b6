/**
 * Sinkhorn against PyTorch's stand-alone 64×30 case (swav/tiny_step.json `sinkhorn`), on the
 * float64 TypeScript reference and on every tfjs backend (float32, 1e-5 absolute).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { loadSwavGolden } from '../../testing/referenceFixture';
import { flatten, maxAbsError } from '../testing/golden';
import { equipartitionError, sinkhorn, sinkhornReference } from './sinkhorn';

const golden = loadSwavGolden();
const { data: scores, shape } = flatten(golden.sinkhorn.scores);
const [B, K] = shape;
const expected = flatten(golden.sinkhorn.q).data;
const { epsilon, sinkhornIterations } = golden.config;

function rowSums(q: ArrayLike<number>): number[] {
  return Array.from({ length: B }, (_, b) => Array.from({ length: K }, (_, k) => q[b * K + k]).reduce((s, v) => s + v, 0));
}

describe('swav sinkhorn reference (float64 TypeScript)', () => {
  it('matches PyTorch within 1e-12', () => {
    expect(maxAbsError(sinkhornReference(scores, B, K, epsilon, sinkhornIterations), expected)).toBeLessThan(1e-12);
  });
  it('equipartition error shrinks as iterations grow; rows of the codes sum to 1', () => {
    const errors = [1, 2, 3, 5, 10, 30].map((n) => {
      const q = sinkhornReference(scores, B, K, epsilon, n);
      for (const s of rowSums(q)) expect(s).toBeCloseTo(1, 12);
      return equipartitionError(q, B, K);
    });
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1]);
    expect(errors[errors.length - 1]).toBeLessThan(errors[0] / 10);
  });
  it('would fail with a per-row shift instead of the global one', () => {
    const rowShifted = Float64Array.from(scores, (v, i) => v - Math.max(...Array.from(scores.subarray(Math.floor(i / K) * K, Math.floor(i / K) * K + K))));
    const shiftedResult = sinkhornReference(rowShifted, B, K, epsilon, sinkhornIterations);
    expect(maxAbsError(shiftedResult, expected)).toBeGreaterThan(1e-3);
  });
});

describeAllBackends('swav sinkhorn on the backend', (env) => {
  beforeAll(async () => {
    expect(await tryBackend(env.name)).toBe(true);
  });
  it('matches PyTorch within 1e-5 absolute, rows summing to 1', async () => {
    const s = tf.tensor2d(Float32Array.from(scores), [B, K]);
    const q = sinkhorn(s, epsilon, sinkhornIterations);
    const got = await q.data();
    tf.dispose([s, q]);
    expect(maxAbsError(got, expected)).toBeLessThan(1e-5);
    for (const r of rowSums(got)) expect(r).toBeCloseTo(1, 5);
  });
  it('equipartition error shrinks as iterations grow', async () => {
    const s = tf.tensor2d(Float32Array.from(scores), [B, K]);
    const errors: number[] = [];
    for (const n of [1, 3, 10]) {
      const q = sinkhorn(s, epsilon, n);
      errors.push(equipartitionError(await q.data(), B, K));
      q.dispose();
    }
    s.dispose();
    expect(errors[1]).toBeLessThan(errors[0]);
    expect(errors[2]).toBeLessThan(errors[1]);
  });
});
