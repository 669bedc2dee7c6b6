/**
 * The training forward with BN → ReLU and BN → add → ReLU fused (forward.ts) against the same graph
 * run node by node (the code it replaced): features, every parameter gradient and the recorded
 * batch statistics, for resnet18 (width 4, 32² input: stem, maxpool, identity and projection
 * shortcuts) and the tiny encoder. cpu within 1e-6 of each tensor's scale, other backends 1e-5.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { encoderGraph, initialWeights } from '../encoders';
import type { EncoderSpec } from '../encoders/types';
import type { BatchStats } from './batchNorm';
import { backboneForward } from './forward';

function relative(a: Float32Array, b: Float32Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? err : err / scale;
}

async function run(spec: EncoderSpec, fuse: boolean): Promise<Map<string, Float32Array>> {
  const graph = encoderGraph(spec);
  const params = new Map<string, tf.Variable>();
  for (const [name, v] of initialWeights(graph, spec.arch, 3)) params.set(name, tf.variable(tf.tensor(v.data, v.shape), !name.includes('running')));
  const x = tf.randomNormal([3, spec.inputSize, spec.inputSize, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
  const record: BatchStats[] = [];
  const trainable = [...params.values()].filter((v) => v.trainable);
  const { value, grads } = tf.variableGrads(() => {
    const f = backboneForward(graph, x, (n) => params.get(n)!, { training: true, record, fuse });
    return f.mul(tf.range(1, f.shape[1] + 1).reshape([1, -1])).square().sum() as tf.Scalar;
  }, trainable);
  const out = new Map<string, Float32Array>([['loss', (await value.data()) as Float32Array]]);
  for (const [name, v] of params) if (grads[v.name]) out.set(`∂${name}`, (await grads[v.name].data()) as Float32Array);
  for (const [i, r] of record.entries()) {
    out.set(`mean ${r.name}#${i}`, (await r.mean.data()) as Float32Array);
    out.set(`var ${r.name}#${i}`, (await r.variance.data()) as Float32Array);
  }
  tf.dispose([x, value, ...Object.values(grads), ...params.values(), ...record.flatMap((r) => [r.mean, r.variance])]);
  return out;
}

/** Recorded statistics by BN name and call (the fused forward records a block's bn2 after its shortcut BN). */
function byStat(m: Map<string, Float32Array>): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const seen = new Map<string, number>();
  for (const [key, v] of m) {
    const stat = key.match(/^(mean|var) (.*)#\d+$/);
    if (!stat) {
      out.set(key, v);
      continue;
    }
    const k = `${stat[1]} ${stat[2]}`;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    out.set(`${k} call ${n}`, v);
  }
  return out;
}

describeAllBackends('swav fused training forward', (env) => {
  for (const spec of [
    { arch: 'resnet18', width: 4, inputSize: 32 },
    { arch: 'tiny', inputSize: 16 },
  ] as EncoderSpec[]) {
    it(`${spec.arch}: loss, every gradient and the batch statistics equal the unfused forward's`, async () => {
      expect(await tryBackend(env.name)).toBe(true);
      const mine = byStat(await run(spec, true));
      const ref = byStat(await run(spec, false));
      expect([...mine.keys()].sort()).toEqual([...ref.keys()].sort());
      for (const [key, v] of ref) expect(relative(mine.get(key)!, v), key).toBeLessThan(env.name === 'cpu' ? 1e-6 : 1e-5);
    }, 60_000);
  }
});
