/**
 * Does the `short` preset learn on real CT? Runs it (unchanged: resnet18 width 16, 64/32 crops,
 * batch 32, 300 steps, Adam + cosine, ε 0.03) on the bundled head CT (108 slices, the volume issue 20
 * saw collapse) through the same code as `ctsieve pretrain`, on tfjs-backend-wasm (the fastest CPU
 * backend here), and records the trajectory and the run's own diagnosis (codeState). "Learns" =
 * sampleEntropy falls well below ln K while meanEntropy stays near ln K (prototypes shared out, not
 * collapsed). About 5 min on a free 2-core machine; skipped by --quick.
 * $CTSIEVE_BENCH_BUDGET_S (default 2400) caps the wall time: on a busy machine the run stops early
 * (clean stop, recorded as such) and the row says how many of the 300 steps it reached.
 */
import '@tensorflow/tfjs-backend-wasm';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tryBackend } from '../src/core/backend';
import { detectCollapse, pretrain, pretrainPreset, type StepMetrics } from '../src/core/ssl';
import { runSchedule } from '../src/core/ssl/schedule';
import { loadTrainingData } from '../src/cli/pretrainInputs';
import type { BenchContext, BenchRow } from './lib';

const samples = fileURLToPath(new URL('../public/samples/', import.meta.url));

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Window means of a metric over the first and last 10% of the steps after the prototype freeze. */
function ends(steps: StepMetrics[], key: 'sampleEntropy' | 'meanEntropy' | 'loss', from: number): [number, number] {
  const s = steps.filter((m) => m.step >= from);
  const w = Math.max(1, Math.round(s.length / 10));
  return [mean(s.slice(0, w).map((m) => m[key])), mean(s.slice(-w).map((m) => m[key]))];
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  if (ctx.quick) {
    ctx.log('skipped in --quick (the short preset takes ~30 min on one CPU core)');
    return [];
  }
  if (!(await tryBackend('wasm'))) throw new Error('wasm backend did not start');
  const { data } = await loadTrainingData([join(samples, 'head-ct.nii.gz')]);
  const budget = Number(process.env.CTSIEVE_BENCH_BUDGET_S ?? 2400);
  const config = pretrainPreset('short', { timeBudgetSeconds: budget });
  const r = await pretrain(data, config, {
    onStep: (m) => {
      if (m.step % 10 === 0) ctx.log(`step ${m.step} loss ${m.loss.toFixed(3)} sampleH ${m.sampleEntropy.toFixed(3)} meanH ${m.meanEntropy.toFixed(3)} used ${m.prototypesUsed} (${m.imagesPerSecond.toFixed(1)} img/s)`);
    },
  });
  r.encoder.dispose();
  const steps = r.history.steps;
  const lnK = Math.log(config.prototypes);
  const from = runSchedule(config, data.count).freezeSteps;
  const [sh0, sh1] = ends(steps, 'sampleEntropy', from);
  const [mh0, mh1] = ends(steps, 'meanEntropy', from);
  const [l0, l1] = ends(steps, 'loss', from);
  const last = steps[steps.length - 1];
  const learns = sh1 < sh0 - 0.1 * lnK && mh1 > 0.8 * lnK;
  const collapse = detectCollapse(steps);
  return [
    {
      name: 'swav short preset on real CT',
      impl: `${r.history.backend} (tfjs-backend-wasm, 1 thread)`,
      input: `head CT, ${data.count} slices (256², resampled to ${config.sourceSize}²)`,
      ms: r.history.seconds * 1000,
      metrics: {
        steps: steps.length, 'of steps': config.steps, stopped: r.history.stopReason ?? 'completed', 'images/s': r.history.imagesPerSecond, lnK,
        'sampleEntropy start': sh0, 'sampleEntropy end': sh1, 'meanEntropy start': mh0, 'meanEntropy end': mh1,
        'loss start': l0, 'loss end': l1, 'codeEntropy end': last.codeEntropy ?? NaN, 'prototypesUsed end': last.prototypesUsed,
        learns: learns ? 'yes' : 'no', codeState: collapse.state, collapsed: collapse.collapsed ? 'yes' : 'no',
      },
      note: `every 10th step: ${steps.filter((m) => m.step % 10 === 0).map((m) => `${m.step}:${m.loss.toFixed(3)}/${m.sampleEntropy.toFixed(3)}/${m.meanEntropy.toFixed(3)}`).join(' ')}`,
    },
  ];
}
