/**
 * Saved tensors as scope-owned references (savedTensors.ts) against tfjs's save() clones: BatchNorm
 * (plain, ReLU, ReLU + residual, a non-variable γ), dense (x·w, x·wᵀ, w a variable or not) and conv
 * (variable and plain kernel, strided and padded, no input gradient) give bit-identical values and
 * gradients, without the Identity kernel per saved tensor; and no tensor outlives the scope after a
 * training pass, a forward-only pass or an exception (negative control: inside the scope the
 * references exist, so it is the scope's end that frees them).
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { batchNormTrain, type BatchStats } from './batchNorm';
import { conv2dPadded } from './conv';
import { dense } from './dense';
import { withSavedTensors } from './savedTensors';

interface Case {
  name: string;
  /** Inputs (the first `variables` of them become tf.Variables) and the op's output. */
  inputs: () => tf.Tensor[];
  variables: number;
  op: (t: tf.Tensor[]) => tf.Tensor;
}

const record: BatchStats[] = [];
const bn = (fusion: { relu?: boolean; residual?: boolean }) => (t: tf.Tensor[]) =>
  batchNormTrain(t[1], t[0], t[2], 1e-5, 'bn', record, { relu: fusion.relu, residual: fusion.residual ? t[3] : undefined });

const CASES: Case[] = [
  { name: 'BN', inputs: () => [tf.randomUniform([3], 0.5, 1.5, 'float32', 2), tf.randomNormal([4, 5, 6, 3], 0, 2, 'float32', 1), tf.randomUniform([3], -1, 1, 'float32', 3)], variables: 1, op: bn({}) },
  { name: 'BN + ReLU', inputs: () => [tf.randomUniform([3], 0.5, 1.5, 'float32', 2), tf.randomNormal([4, 5, 6, 3], 0, 2, 'float32', 1), tf.randomUniform([3], -1, 1, 'float32', 3)], variables: 1, op: bn({ relu: true }) },
  {
    name: 'BN + residual + ReLU (pooled means)',
    inputs: () => [tf.randomUniform([2], 0.5, 1.5, 'float32', 2), tf.randomNormal([3, 16, 17, 2], 0, 2, 'float32', 1), tf.randomUniform([2], -1, 1, 'float32', 3), tf.randomNormal([3, 16, 17, 2], 0, 1, 'float32', 4)],
    variables: 1,
    op: bn({ relu: true, residual: true }),
  },
  { name: 'BN, γ not a variable, head-shaped', inputs: () => [tf.randomUniform([8], 0.5, 1.5, 'float32', 2), tf.randomNormal([16, 8], 0, 2, 'float32', 1), tf.randomUniform([8], -1, 1, 'float32', 3)], variables: 0, op: bn({ relu: true }) },
  { name: 'dense x·w, w variable', inputs: () => [tf.randomNormal([7, 5], 0, 1, 'float32', 2), tf.randomNormal([6, 7], 0, 1, 'float32', 1)], variables: 1, op: (t) => dense(t[1] as tf.Tensor2D, t[0] as tf.Tensor2D) },
  { name: 'dense x·wᵀ, w plain', inputs: () => [tf.randomNormal([5, 7], 0, 1, 'float32', 2), tf.randomNormal([6, 7], 0, 1, 'float32', 1)], variables: 0, op: (t) => dense(t[1] as tf.Tensor2D, t[0] as tf.Tensor2D, true) },
  { name: 'conv 3×3 stride 2 padded, w variable', inputs: () => [tf.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 2), tf.randomNormal([2, 9, 8, 2], 0, 1, 'float32', 1)], variables: 1, op: (t) => conv2dPadded(t[1] as tf.Tensor4D, t[0] as tf.Tensor4D, 2, [1, 1, 1, 1]) },
  { name: 'conv 1×1, w plain', inputs: () => [tf.randomNormal([1, 1, 2, 3], 0, 1, 'float32', 2), tf.randomNormal([2, 5, 5, 2], 0, 1, 'float32', 1)], variables: 0, op: (t) => conv2dPadded(t[1] as tf.Tensor4D, t[0] as tf.Tensor4D, 1, [0, 0, 0, 0]) },
  { name: 'conv without input gradient', inputs: () => [tf.randomNormal([3, 3, 1, 4], 0, 1, 'float32', 2), tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 1)], variables: 1, op: (t) => conv2dPadded(t[1] as tf.Tensor4D, t[0] as tf.Tensor4D, 1, [1, 1, 1, 1], false) },
];

/** y and the gradients of Σ (y·weight)² w.r.t. every input that takes one; with the kernel names run. */
async function run(c: Case, scoped: boolean): Promise<{ values: Float32Array[]; identities: number }> {
  const raw = c.inputs();
  const inputs = raw.map((t, i) => (i < c.variables ? tf.variable(t) : t));
  const y0 = c.op(inputs);
  const weight = tf.randomNormal(y0.shape, 0, 1, 'float32', 9);
  y0.dispose();
  const loss = (...t: tf.Tensor[]) => tf.sum(c.op(t).mul(weight).square()) as tf.Scalar;
  const grads = (): tf.Tensor[] => {
    if (c.variables === 0) return tf.grads(loss)(inputs);
    // variables by variableGrads (what the train step does), the first plain input when it takes one
    const { value, grads: g } = tf.variableGrads(() => loss(...inputs), inputs.slice(0, c.variables) as tf.Variable[]);
    value.dispose();
    return Object.values(g);
  };
  let out: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    out = scoped ? withSavedTensors(grads) : grads();
    return [];
  });
  const y = c.op(inputs);
  const values = await Promise.all([y, ...out].map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([...raw, ...inputs, weight, y, ...out, ...record.flatMap((r) => [r.mean, r.variance])]);
  record.length = 0;
  return { values, identities: profile.kernels.filter((k) => k.name === 'Identity').length };
}

describeAllBackends('swav saved tensors', (env) => {
  for (const c of CASES) {
    it(`${c.name}: values and gradients bit-identical to tfjs's save(), no Identity kernel, no tensor left`, async () => {
      expect(await tryBackend(env.name)).toBe(true);
      const before = tf.memory().numTensors;
      const mine = await run(c, true);
      const theirs = await run(c, false);
      expect(tf.memory().numTensors).toBe(before);
      expect(mine.values.length).toBe(theirs.values.length);
      mine.values.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(theirs.values[i])));
      expect(theirs.identities).toBeGreaterThan(0);
      expect(mine.identities).toBeLessThan(theirs.identities);
    });
  }

  const leakCase = CASES[2];
  it('frees the references after a forward-only pass (tidy, no tape) and after an exception', async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const inputs = leakCase.inputs().map((t, i) => (i < leakCase.variables ? tf.variable(t) : t));
    const before = tf.memory().numTensors;
    let inside = 0;
    withSavedTensors(() => {
      tf.tidy(() => {
        leakCase.op(inputs).dispose();
      });
      inside = tf.memory().numTensors;
    });
    // negative control: the references are alive until the scope ends (two BN statistics kept in `record` too)
    expect(inside).toBeGreaterThan(before + record.length * 2);
    tf.dispose(record.flatMap((r) => [r.mean, r.variance]));
    record.length = 0;
    expect(tf.memory().numTensors).toBe(before);
    expect(() =>
      withSavedTensors(() =>
        tf.variableGrads(() => {
          // (no tfjs op after it: tfjs's own kernels keep clones for their gradients, lost on a throw)
          leakCase.op(inputs);
          throw new Error('boom');
        }, [inputs[0] as tf.Variable]),
      ),
    ).toThrow('boom');
    tf.dispose(record.flatMap((r) => [r.mean, r.variance]));
    record.length = 0;
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(inputs);
  });
});
