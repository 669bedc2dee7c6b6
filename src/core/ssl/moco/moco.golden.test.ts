/**
 * Conformance with PyTorch (fixtures/reference/moco/moco_step.json, made by golden_moco.py beside
 * it): three MoCo v2 steps of the tiny net from the golden's weights, views and queue: q, k,
 * logits, InfoNCE, every gradient, the SGD step, BatchNorm buffers of both encoders, the momentum
 * update of the key encoder and the queue, on every backend.
 *
 * Tolerances (float32 port against a float64 golden). A value computed through the net has a
 * rounding error a small multiple of EPS32 times the magnitudes summed, well under REL = 1e-4 of
 * the tensor's own scale for these sums of ≤ 600 terms; each step starts from the previous step's
 * float32 state, so step t (0-based) allows REL·(t + 1). Parameters are compared by their change
 * over the step (what SGD or the momentum update computed), with the bound REL·(t + 1)·|change|
 * plus the rounding of the parameter itself when the change is written into it: 4·EPS32·|param|
 * (the key encoder moves by (1 − m)·(θ_q − θ_k), ~1e-5 of θ, so its change is mostly that rounding).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { loadMocoGolden, type MocoGolden, type TorchTensor } from '../../testing/referenceFixture';
import { tinyGraph } from '../encoders/architectures';
import { createParamOptimizer } from '../common/optimizers';
import { Comparisons, EPS32, maxAbs, torchToCtsieve, torchValues } from '../testing/torchTensors';
import { mocoNet, type MocoNetSpec } from './network';
import { KeyQueue } from './queue';
import { mocoTrainStep } from './trainStep';

const REL = 1e-4;
const PARAM_ROUNDING = 4 * EPS32;

const golden = loadMocoGolden();
const S = golden.settings;
const spec: MocoNetSpec = { graph: tinyGraph(), hiddenDim: golden.init.q['fc1.weight'].shape[0], outputDim: S.dim };

interface Recorded {
  q: Float32Array;
  k: Float32Array;
  logits: Float32Array;
  loss: number;
  grads: Map<string, Float32Array>;
  query: Map<string, Float32Array>;
  key: Map<string, Float32Array>;
  queue: Float32Array;
  ptr: number;
  batchesTracked: { query: Map<string, number>; key: Map<string, number> };
}

function viewTensor(t: TorchTensor): tf.Tensor4D {
  const c = torchToCtsieve('view', t);
  return tf.tensor4d(Float32Array.from(c.data), c.shape as [number, number, number, number]);
}

async function read(vars: Map<string, tf.Variable>, out: Map<string, Float32Array>): Promise<void> {
  for (const [name, v] of vars) out.set(name, (await v.data()) as Float32Array);
}

/** Runs the golden's steps from its start state and reads everything back. */
async function runTrajectory(temperature = S.temperature): Promise<Recorded[]> {
  const start = torchValues(golden.init.q);
  const query = mocoNet('mocoQ', spec, start, true);
  const key = mocoNet('mocoK', spec, start, false);
  const optimizer = createParamOptimizer({ name: 'sgd', lr: S.lr, weightDecay: S.weightDecay, momentum: S.sgdMomentum, schedule: 'constant', warmupSteps: 0 }, query);
  const queue = new KeyQueue(S.queue, S.dim, Float32Array.from(golden.init.queue.data));
  const out: Recorded[] = [];
  try {
    for (const g of golden.steps) {
      const views: [tf.Tensor4D, tf.Tensor4D] = [viewTensor(g.view1), viewTensor(g.view2)];
      const r = mocoTrainStep(spec.graph, query, key, optimizer, queue, views, { temperature, keyMomentum: S.momentum }, { lr: S.lr, debug: true });
      const d = r.debug!;
      const rec: Recorded = {
        q: (await d.q.data()) as Float32Array,
        k: (await d.k.data()) as Float32Array,
        logits: (await d.logits.data()) as Float32Array,
        loss: (await d.loss.data())[0],
        grads: new Map(),
        query: new Map(),
        key: new Map(),
        queue: (await queue.rows.data()) as Float32Array,
        ptr: queue.ptr,
        batchesTracked: { query: new Map(query.batchesTracked), key: new Map(key.batchesTracked) },
      };
      for (const [name, t] of d.grads) rec.grads.set(name, (await t.data()) as Float32Array);
      await read(new Map([...query.params, ...query.buffers]), rec.query);
      await read(new Map([...key.params, ...key.buffers]), rec.key);
      out.push(rec);
      tf.dispose([...views, r.diagnostics, d.q, d.k, d.logits, d.loss, ...d.grads.values()]);
    }
  } finally {
    query.dispose();
    key.dispose();
    optimizer.dispose();
    queue.dispose();
  }
  return out;
}

const data = (name: string, t: TorchTensor) => torchToCtsieve(name, t).data;

/** Compares a recorded encoder state with the golden's, parameters by their change over the step. */
function compareState(c: Comparisons, what: string, mine: Map<string, Float32Array>, before: Record<string, TorchTensor>, after: Record<string, TorchTensor>, rel: number): void {
  for (const [name, t] of Object.entries(after)) {
    if (name.endsWith('num_batches_tracked')) continue;
    const a = data(name, t);
    const m = mine.get(name);
    if (!m) {
      c.close(`${what} ${name} (missing)`, [], a, 0);
      continue;
    }
    if (name.includes('running_')) {
      c.close(`${what} ${name}`, m, a, rel * maxAbs(a));
      continue;
    }
    const b = data(name, before[name]);
    const goldenChange = a.map((v, i) => v - b[i]);
    const myChange = Float64Array.from(m, (v, i) => v - b[i]);
    c.close(`${what} ${name} (change over the step)`, myChange, goldenChange, rel * maxAbs(goldenChange) + PARAM_ROUNDING * maxAbs(a));
  }
}

/** Every comparison of a run with a golden (possibly a perturbed copy). */
function compareRun(run: Recorded[], g: MocoGolden): Comparisons {
  const c = new Comparisons();
  g.steps.forEach((s, t) => {
    const r = run[t];
    const rel = REL * (t + 1);
    const at = `step ${t}`;
    c.close(`${at} q`, r.q, s.q.data, rel * maxAbs(s.q.data));
    c.close(`${at} k`, r.k, s.k.data, rel * maxAbs(s.k.data));
    c.close(`${at} logits`, r.logits, s.logits.data, rel * maxAbs(s.logits.data));
    c.close(`${at} loss`, [r.loss], [s.loss], rel * Math.abs(s.loss));
    for (const [name, gt] of Object.entries(s.grads)) {
      const e = data(name, gt);
      c.close(`${at} grad ${name}`, r.grads.get(name) ?? [], e, rel * maxAbs(e));
    }
    const queryBefore = t === 0 ? g.init.q : g.steps[t - 1].paramsAfter;
    const keyBefore = t === 0 ? g.init.q : g.steps[t - 1].keyEncoderAfter;
    compareState(c, `${at} query`, r.query, queryBefore, s.paramsAfter, rel);
    compareState(c, `${at} key`, r.key, keyBefore, s.keyEncoderAfter, rel);
    for (const [which, sd] of [['query', s.paramsAfter], ['key', s.keyEncoderAfter]] as const) {
      for (const [bn, n] of r.batchesTracked[which]) c.close(`${at} ${which} ${bn}.num_batches_tracked`, [n], sd[`${bn}.num_batches_tracked`].data, 0);
    }
    c.close(`${at} queue`, r.queue, s.queueAfter.data, rel * maxAbs(s.queueAfter.data));
    c.close(`${at} queue pointer`, [r.ptr], [s.ptrAfter], 0);
  });
  return c;
}

/** after[i] += f·(after[i] − before[i]) at the element that moved most. */
function stretchLargestStep(before: number[], after: number[], f: number): void {
  let i = 0;
  for (let j = 1; j < after.length; j++) if (Math.abs(after[j] - before[j]) > Math.abs(after[i] - before[i])) i = j;
  after[i] += f * (after[i] - before[i]);
}

/** A copy of the golden with one number moved. */
function perturbed(change: (g: MocoGolden) => void): MocoGolden {
  const g = structuredClone(golden);
  change(g);
  return g;
}

describeAllBackends('moco golden trajectory', (env) => {
  let run: Recorded[];
  beforeAll(async () => {
    expect(await tryBackend(env.name)).toBe(true);
    run = await runTrajectory();
  }, 60_000);

  it('equals PyTorch: forward, InfoNCE, every gradient, SGD, BN buffers, momentum update and queue over three steps', () => {
    const c = compareRun(run, golden);
    expect(c.report()).toBe('');
    // 3 steps × (q, k, logits, loss, 10 grads, 14 + 14 state tensors, 4 counters, queue, pointer)
    expect(c.count).toBe(golden.steps.length * (4 + 10 + 14 + 14 + 4 + 2));
  });

  describe('negative controls: a wrong golden number fails', () => {
    const cases: [string, (g: MocoGolden) => void, string][] = [
      ['the loss ×(1 + 1e-3)', (g) => (g.steps[0].loss *= 1 + 1e-3), 'step 0 loss'],
      ['one conv1 gradient + 1% of its scale', (g) => (g.steps[1].grads['conv1.weight'].data[3] += 0.01 * maxAbs(g.steps[1].grads['conv1.weight'].data)), 'step 1 grad conv1.weight'],
      ['the largest SGD step of fc2.weight 1% longer', (g) => stretchLargestStep(g.init.q['fc2.weight'].data, g.steps[0].paramsAfter['fc2.weight'].data, 0.01), 'step 0 query fc2.weight'],
      ['the largest momentum step of the key conv2.weight 2% longer', (g) => stretchLargestStep(g.steps[1].keyEncoderAfter['conv2.weight'].data, g.steps[2].keyEncoderAfter['conv2.weight'].data, 0.02), 'step 2 key conv2.weight'],
      ['one queue entry + 1e-3', (g) => (g.steps[2].queueAfter.data[7] += 1e-3), 'step 2 queue'],
    ];
    for (const [label, change, expected] of cases) {
      it(label, () => {
        const names = compareRun(run, perturbed(change)).mismatches.map((m) => m.what);
        expect(names.some((n) => n.startsWith(expected)), names.join(', ')).toBe(true);
      });
    }
    it('and a wrong temperature (0.21 for 0.2) breaks the loss and the gradients', async () => {
      const wrong = await runTrajectory(S.temperature * 1.05);
      const names = compareRun(wrong, golden).mismatches.map((m) => m.what);
      expect(names).toContain('step 0 loss');
      expect(names).toContain('step 0 grad conv1.weight');
    }, 60_000);
  });
});
