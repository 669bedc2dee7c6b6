/**
 * Conformance with PyTorch (tests/fixtures/mim/, made by golden_mim.py there): one step of the
 * dense masked-image-modelling control on the tiny encoder — masked input, reconstruction,
 * per-patch normalised targets, loss, every gradient, the Adam step and the BN buffers — on every
 * backend, for both committed goldens (seeds 0 and 1).
 *
 * Tolerances (float32 against float64): values through the net within REL = 1e-4 of the tensor's
 * own scale (rounding of sums of ≤ 300 terms is a few 1e-6 of it). Parameters by their change:
 * Adam's first step is lr·g/(|g| + ε), whose error for a relative gradient error REL is at most
 * lr·REL/4, under REL·max|change| (max|change| ≈ lr), plus 4·EPS32·|param| for writing it.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { describeAllBackends } from '../../testing/describeAllBackends';
import { loadMimGolden, MIM_GOLDENS, type MimGolden, type TorchTensor } from '../../testing/referenceFixture';
import { tinyGraph } from '../encoders/architectures';
import { createParamOptimizer } from '../common/optimizers';
import { Comparisons, EPS32, maxAbs, torchToCtsieve, torchValues } from '../testing/torchTensors';
import { mimNet } from './network';
import { mimTrainStep } from './trainStep';

const REL = 1e-4;
const PARAM_ROUNDING = 4 * EPS32;

interface Recorded {
  masked: Float32Array;
  pred: Float32Array;
  targets: Float32Array;
  loss: number;
  zeroLoss: number;
  grads: Map<string, Float32Array>;
  after: Map<string, Float32Array>;
  batchesTracked: Map<string, number>;
}

const image = (t: TorchTensor) => {
  const c = torchToCtsieve('image', t);
  return tf.tensor4d(Float32Array.from(c.data), c.shape as [number, number, number, number]);
};

async function runStep(g: MimGolden, patch = g.settings.patchSize): Promise<Recorded> {
  const graph = tinyGraph();
  const net = mimNet({ graph, inputSize: g.settings.inputSize }, torchValues(g.init));
  const optimizer = createParamOptimizer({ name: 'adam', lr: g.settings.lr, weightDecay: g.settings.weightDecay, momentum: 0, schedule: 'constant', warmupSteps: 0 }, net);
  const x = image(g.x);
  const mask = tf.tensor3d(Float32Array.from(g.mask.data), g.mask.shape as [number, number, number]);
  try {
    const r = mimTrainStep(graph, net, optimizer, x, mask, patch, { lr: g.settings.lr, debug: true });
    const d = r.debug!;
    const diag = await r.diagnostics.data();
    const rec: Recorded = {
      masked: (await d.masked.data()) as Float32Array,
      pred: (await d.pred.data()) as Float32Array,
      targets: (await d.targets.data()) as Float32Array,
      loss: diag[0],
      zeroLoss: diag[1],
      grads: new Map(),
      after: new Map(),
      batchesTracked: new Map(net.batchesTracked),
    };
    for (const [name, t] of d.grads) rec.grads.set(name, (await t.data()) as Float32Array);
    for (const [name, v] of [...net.params, ...net.buffers]) rec.after.set(name, (await v.data()) as Float32Array);
    tf.dispose([r.diagnostics, d.masked, d.pred, d.targets, d.loss, ...d.grads.values()]);
    return rec;
  } finally {
    tf.dispose([x, mask]);
    net.dispose();
    optimizer.dispose();
  }
}

function compare(r: Recorded, g: MimGolden): Comparisons {
  const c = new Comparisons();
  const close = (what: string, mine: ArrayLike<number>, t: TorchTensor) => c.close(what, mine, t.data, REL * maxAbs(t.data));
  close('masked input', r.masked, g.maskedInput);
  close('reconstruction', r.pred, g.pred);
  close('targets', r.targets, g.target);
  c.close('loss', [r.loss], [g.loss], REL * Math.abs(g.loss));
  c.close('zero-prediction loss', [r.zeroLoss], [g.zeroPredictionLoss], REL * Math.abs(g.zeroPredictionLoss));
  for (const [name, t] of Object.entries(g.grads)) {
    const e = torchToCtsieve(name, t).data;
    c.close(`grad ${name}`, r.grads.get(name) ?? [], e, REL * maxAbs(e));
  }
  for (const [name, t] of Object.entries(g.paramsAfter)) {
    const a = torchToCtsieve(name, t).data;
    if (name.endsWith('num_batches_tracked')) {
      c.close(name, [r.batchesTracked.get(name.replace('.num_batches_tracked', '')) ?? -1], a, 0);
      continue;
    }
    const mine = r.after.get(name) ?? new Float32Array();
    if (name.includes('running_')) {
      c.close(name, mine, a, REL * maxAbs(a));
      continue;
    }
    const b = torchToCtsieve(name, g.init[name]).data;
    const change = a.map((v, i) => v - b[i]);
    c.close(`${name} (change over the step)`, Float64Array.from(mine, (v, i) => v - b[i]), change, REL * maxAbs(change) + PARAM_ROUNDING * maxAbs(a));
  }
  return c;
}

for (const file of MIM_GOLDENS) {
  const golden = loadMimGolden(file);
  describeAllBackends(`mim golden step (${file})`, (env) => {
    let run: Recorded;
    beforeAll(async () => {
      expect(await tryBackend(env.name)).toBe(true);
      run = await runStep(golden);
    }, 60_000);

    it('equals PyTorch: masked input, reconstruction, targets, loss, every gradient, Adam step, BN buffers', () => {
      const c = compare(run, golden);
      expect(c.report()).toBe('');
      expect(c.count).toBe(5 + Object.keys(golden.grads).length + Object.keys(golden.paramsAfter).length);
    });

    describe('negative controls: a wrong golden number fails', () => {
      const cases: [string, (g: MimGolden) => void, string][] = [
        ['the loss ×(1 + 1e-3)', (g) => (g.loss *= 1 + 1e-3), 'loss'],
        ['one decoder gradient + 1% of its scale', (g) => (g.grads['decoder.weight'].data[2] += 0.01 * maxAbs(g.grads['decoder.weight'].data)), 'grad decoder.weight'],
        ['one target + 1e-3', (g) => (g.target.data[17] += 1e-3), 'targets'],
        ['one reconstructed pixel + 1e-3', (g) => (g.pred.data[40] += 1e-3), 'reconstruction'],
        ['one updated conv1 weight moved by lr/10', (g) => (g.paramsAfter['conv1.weight'].data[0] += g.settings.lr / 10), 'conv1.weight'],
      ];
      for (const [label, change, expected] of cases) {
        it(label, () => {
          const g = structuredClone(golden);
          change(g);
          const names = compare(run, g).mismatches.map((m) => m.what);
          expect(names.some((n) => n.startsWith(expected)), names.join(', ')).toBe(true);
        });
      }
      it('and another mask (every patch masked) breaks the masked input and the loss', async () => {
        const g = structuredClone(golden);
        g.mask.data = g.mask.data.map(() => 1);
        const names = compare(await runStep(g), golden).mismatches.map((m) => m.what);
        expect(names).toContain('masked input');
        expect(names).toContain('loss');
      });
    });
  });
}
