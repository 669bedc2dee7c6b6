/**
 * DeepNet: embeddings per second per tfjs backend (default network: nsfwjs MobileNetV2 trunk up to
 * block_10_project_BN, 224×224 → 96-d), plus the cosine matrix on the full head CT.
 * Node backends: cpu (plain JS), wasm (tfjs-backend-wasm, if it starts) and webgpu (Dawn; here on
 * SwiftShader, a CPU emulation — its numbers are not GPU numbers; compare ratios on one machine).
 * Input: real head CT slices (public/samples/head-ct.nii.gz), 256×256 resized to 224×224.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { performance } from 'node:perf_hooks';
import { backendLabel, initBackend, tryBackend, describeActiveBackend, backendFailure } from '../src/core/backend';
import { installNodeWebgpu, releaseNodeWebgpu } from '../src/core/backend/nodeWebgpu';
import type { BackendName } from '../src/core/backend';
import { cosineMatrix } from '../src/core/similarity/embedding/cosine';
import { embedStack } from '../src/core/similarity/embedding/deepnet';
import { loadDefaultEmbedder } from '../src/core/similarity/embedding/defaultEmbedder';
import { headCtStack } from '../src/core/similarity/embedding/testing/headCt';
import type { BenchContext, BenchRow } from './lib';

/** Slices embedded per backend: the slowest backends get fewer. */
function sliceCount(backend: BackendName, quick: boolean): number {
  if (quick) return backend === 'webgpu' ? 2 : 4;
  return backend === 'webgpu' ? 8 : 16;
}

async function embedRow(backend: BackendName, ctx: BenchContext): Promise<BenchRow | undefined> {
  if (!(await tryBackend(backend))) {
    ctx.log(`${backend}: not available (${backendFailure(backend) ?? 'unknown reason'})`);
    return undefined;
  }
  const label = backendLabel(describeActiveBackend());
  const n = sliceCount(backend, ctx.quick);
  const batchSize = Math.min(8, n);
  const stack = headCtStack(Array.from({ length: n }, (_, i) => 30 + i));
  const t0 = performance.now();
  const embedder = await loadDefaultEmbedder();
  const loadMs = performance.now() - t0;
  try {
    await embedStack({ ...stack, n: batchSize, pixels: stack.pixels.subarray(0, batchSize * 256 * 256) }, embedder, { batchSize }); // warm-up: shader compilation
    const t1 = performance.now();
    await embedStack(stack, embedder, { batchSize });
    const ms = performance.now() - t1;
    ctx.log(`${label}: ${n} slices in ${ms.toFixed(0)} ms`);
    return {
      name: 'deepnet embeddings',
      impl: label,
      input: `head CT ${n}×256×256 → 224² (batch ${batchSize})`,
      ms,
      metrics: { 'embeddings/s': (n * 1000) / ms, 'ms/slice': ms / n, 'model load ms': loadMs },
    };
  } finally {
    embedder.dispose();
  }
}

async function cosineRow(backend: BackendName): Promise<BenchRow | undefined> {
  if (!(await tryBackend(backend))) return undefined;
  const n = 2048;
  const x = tf.randomNormal([n, 96], 0, 1, 'float32', 1) as tf.Tensor2D;
  await cosineMatrix(x); // warm-up
  const t0 = performance.now();
  await cosineMatrix(x);
  const ms = performance.now() - t0;
  x.dispose();
  return { name: 'deepnet cosine matrix', impl: backendLabel(describeActiveBackend()), input: `${n} × 96-d`, ms, metrics: { 'pairs/s': (n * (n - 1)) / 2 / (ms / 1000) } };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const gpu = await installNodeWebgpu();
  if (!gpu.ok) ctx.log(`webgpu: ${gpu.detail}`);
  const rows: BenchRow[] = [];
  for (const backend of ['cpu', 'wasm', 'webgpu'] as BackendName[]) {
    const row = await embedRow(backend, ctx);
    if (row) rows.push(row);
    const cos = await cosineRow(backend);
    if (cos) rows.push(cos);
  }
  await initBackend('cpu');
  releaseNodeWebgpu();
  return rows;
}
