/**
 * The flat optimisers (all tensors in one update) against the per-tensor ones they replace
 * (testing/perTensorOptimizers.ts, the previous implementation): four steps with random gradients,
 * the prototypes' gradient absent for the first two (frozen), so Adam's per-tensor t differ.
 * cpu: Adam bit-identical, LARS within 1e-6 relative (norms summed in another order); other
 * backends within float32 round-off of the cpu run's own scale. Checkpoint state keeps its names.
 * On wasm, Adam's SIMD kernel (backend/wasmAdam.ts) equals the tfjs kernels it replaces bit for bit.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { netStart } from '../netSpec';
import { pretrainPreset } from '../presets';
import type { OptimizerConfig } from '../types';
import { PROTOTYPES, SwavModel } from './model';
import { createOptimizer } from './optimizers';
import { createOptimizer as createPerTensor } from './testing/perTensorOptimizers';
import { Rng } from '../rng';
import { ADAM_KERNEL, installWasmAdam } from '../../backend/wasmAdam';

const FLOAT32_REL = 1e-5;

function configs(): OptimizerConfig[] {
  const base = pretrainPreset('tiny').optimizer;
  return [
    { ...base, name: 'adam', weightDecay: 1e-2 },
    { ...base, name: 'lars', lr: 0.15, weightDecay: 1e-2 },
  ];
}

/** Parameters and optimiser state after four steps of `make`'s optimiser. */
async function trajectory(cfg: OptimizerConfig, make: typeof createOptimizer): Promise<Map<string, Float32Array>> {
  const { spec, values } = await netStart(pretrainPreset('tiny'));
  const model = SwavModel.fromValues(spec, values);
  const opt = make(cfg, model);
  const rng = new Rng(7);
  try {
    for (let step = 0; step < 4; step++) {
      const grads = new Map<string, tf.Tensor>();
      for (const [name, p] of model.params) {
        if (name === PROTOTYPES && step < 2) continue;
        const data = Float32Array.from({ length: p.size }, () => rng.next() - 0.5);
        grads.set(name, tf.tensor(data, p.shape));
      }
      opt.apply(model, grads, cfg.lr);
      tf.dispose([...grads.values()]);
    }
    const out = new Map<string, Float32Array>();
    for (const [name, p] of model.params) out.set(name, (await p.data()) as Float32Array);
    for (const s of await opt.state()) out.set(`state:${s.name}`, s.data);
    return out;
  } finally {
    opt.dispose();
    model.dispose();
  }
}

function worstRelative(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  let worst = 0;
  for (const [name, x] of a) {
    const y = b.get(name)!;
    let scale = 0;
    let err = 0;
    for (let i = 0; i < x.length; i++) {
      scale = Math.max(scale, Math.abs(y[i]));
      err = Math.max(err, Math.abs(x[i] - y[i]));
    }
    worst = Math.max(worst, scale === 0 ? err : err / scale);
  }
  return worst;
}

const reference = new Map<string, Map<string, Float32Array>>();
beforeAll(async () => {
  expect(await tryBackend('cpu')).toBe(true);
  for (const cfg of configs()) reference.set(cfg.name, await trajectory(cfg, createPerTensor));
}, 60_000);

it("wasm: Adam's SIMD kernel gives the tfjs kernels' parameters and state bit for bit (frozen tensors, distinct t)", async () => {
  expect(await tryBackend('wasm')).toBe(true);
  const cfg = configs()[0];
  expect(tf.getKernel(ADAM_KERNEL, 'wasm')).toBeDefined();
  const simd = await trajectory(cfg, createOptimizer);
  tf.unregisterKernel(ADAM_KERNEL, 'wasm');
  try {
    const kernels = await trajectory(cfg, createOptimizer);
    expect(worstRelative(simd, kernels)).toBe(0);
  } finally {
    installWasmAdam();
  }
  expect(tf.getKernel(ADAM_KERNEL, 'wasm')).toBeDefined();
}, 60_000);

describeAllBackends('swav flat optimisers against the per-tensor ones', (env) => {
  for (const cfg of configs()) {
    it(`${cfg.name}: four steps, prototypes frozen for two`, async () => {
      expect(await tryBackend(env.name)).toBe(true);
      const mine = await trajectory(cfg, createOptimizer);
      const bound = env.name !== 'cpu' ? FLOAT32_REL : cfg.name === 'adam' ? 0 : 1e-6;
      expect(worstRelative(mine, reference.get(cfg.name)!)).toBeLessThanOrEqual(bound);
    }, 60_000);
  }

  it('a checkpoint of the flat state resumes to the same parameters as an unbroken run', async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const cfg = configs()[0];
    const { spec, values } = await netStart(pretrainPreset('tiny'));
    const model = SwavModel.fromValues(spec, values);
    const opt = createOptimizer(cfg, model);
    const grads = new Map([...model.params].map(([n, p]) => [n, tf.onesLike(p).mul(0.01)] as const));
    opt.apply(model, grads, cfg.lr);
    const resumed = createOptimizer(cfg, model, await opt.state());
    const twin = SwavModel.fromValues(spec, new Map((await model.toTensors()).map((t) => [t.name, t])));
    opt.apply(model, grads, cfg.lr);
    resumed.apply(twin, grads, cfg.lr);
    for (const [name, p] of model.params) expect(await twin.get(name).data(), name).toEqual(await p.data());
    tf.dispose([...grads.values()]);
    [opt, resumed, model, twin].forEach((x) => x.dispose());
  });
}, { alsoOn: ['wasm'] });
