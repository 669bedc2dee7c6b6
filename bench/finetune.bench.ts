/**
 * Fine-tune speed (evaluate --protocol finetune): one all-layer epoch of resnet18 (width 16, 32²
 * input, 32 training slices, batch 16 = 2 Adam steps, then the validation and test predictions)
 * with tfjs's own convolution gradient kernels (Conv2DBackpropFilter/Input: naive loops on cpu,
 * missing on wasm) and with the forward-conv form fine-tuning uses (src/core/eval/fastConvGrad.ts).
 * CPU only (cpu = plain JS, wasm = XNNPACK, 1 thread). No GPU was measured.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { finetune } from '../src/core/eval/finetune';
import { syntheticSamples } from '../src/core/eval/testing/tinyEncoder';
import { disposeSnapshot, restoreWeights, snapshotWeights } from '../src/core/eval/weights';
import { buildEncoderLayersModel } from '../src/core/ssl/encoders';
import { timeIt, type BenchContext, type BenchRow } from './lib';

const SIZE = 32;
const WIDTH = 16;

async function epochMs(backend: string, fastConvGradients: boolean, repeats: number): Promise<number> {
  await tf.setBackend(backend);
  const samples = syntheticSamples({ perClass: 24, size: SIZE });
  const labels = samples.map((s) => (s.label === 'a' ? 0 : 1));
  const idx = samples.map((_, i) => i);
  const parts = { samples, labels, train: idx.filter((i) => i % 3 !== 0).slice(0, 32), val: idx.filter((i) => i % 6 === 0), test: idx.filter((i) => i % 6 === 3) };
  const encoder = buildEncoderLayersModel({ arch: 'resnet18', inputSize: SIZE, width: WIDTH }, 1);
  const start = snapshotWeights(encoder);
  const opts = { classes: 2, epochs: 1, headOnlyEpochs: 0, batch: 16, lr: 1e-2, lrEncoder: 1e-4, patience: 5, seed: 1, fastConvGradients };
  try {
    return await timeIt(async () => {
      restoreWeights(encoder, start);
      await finetune(encoder, parts, { size: SIZE, mean: 0.5, std: 0.25 }, opts);
    }, repeats);
  } finally {
    disposeSnapshot(start);
    encoder.dispose();
  }
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const input = `resnet18 w${WIDTH}, ${SIZE}², 32 train slices, batch 16 (1 all-layer epoch)`;
  const repeats = ctx.quick ? 1 : 2;
  const rows: BenchRow[] = [];
  const cpuBefore = await epochMs('cpu', false, repeats);
  const cpuAfter = await epochMs('cpu', true, repeats);
  ctx.log(`cpu: tfjs kernels ${cpuBefore.toFixed(0)} ms, forward-conv gradients ${cpuAfter.toFixed(0)} ms per epoch`);
  rows.push({ name: 'finetune epoch', impl: 'cpu, tfjs conv gradient kernels (before)', input, ms: cpuBefore, metrics: {} });
  rows.push({ name: 'finetune epoch', impl: 'cpu, forward-conv gradients (after)', input, ms: cpuAfter, metrics: { speedup: cpuBefore / cpuAfter } });
  let wasmBefore: string;
  try {
    await epochMs('wasm', false, 1);
    wasmBefore = 'ran';
  } catch (e) {
    wasmBefore = (e as Error).message.slice(0, 80);
  }
  ctx.log(`wasm with tfjs kernels: ${wasmBefore}`);
  const wasmAfter = await epochMs('wasm', true, repeats);
  rows.push({ name: 'finetune epoch', impl: 'wasm, forward-conv gradients (after)', input, ms: wasmAfter, metrics: { 'vs cpu before': cpuBefore / wasmAfter }, note: `before: ${wasmBefore}` });
  return rows;
}
