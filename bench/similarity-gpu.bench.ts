/**
 * Similarity matrices: WebGPU kernels vs the CPU reference, side by side on one machine.
 * Inputs: the golden volume (64 × 128², --quick: 16 slices) and a 256² stack (the golden slices
 * upsampled 2×, 32 slices, --quick: 8). Each implementation gets a tiny warm-up run first
 * (shader compilation), then one timed run. Here WebGPU is Dawn on SwiftShader, i.e. CPU-emulated:
 * its numbers say nothing about a real GPU; the ratio column is only meaningful on one machine.
 */
import { computeSimilarity } from '../src/core/similarity';
import type { MethodName, SliceStack } from '../src/core/similarity/types';
import { installNodeWebgpu } from '../src/core/backend/nodeWebgpu';
import { backendLabel, describeActiveBackend, tryBackend } from '../src/core/backend';
import { readReferencePngStack } from '../src/core/preprocess/testing/referenceSlices';
import { timeIt, type BenchContext, type BenchRow } from './lib';

const METHODS: MethodName[] = ['hash', 'ssim', 'nmi'];

function firstSlices(stack: SliceStack, n: number): SliceStack {
  return { ...stack, n, pixels: stack.pixels.subarray(0, n * stack.rows * stack.cols) };
}

/** Each slice upsampled 2× (nearest): a 256² stack with CT-like content. */
function upsample2x(stack: SliceStack): SliceStack {
  const rows = stack.rows * 2;
  const cols = stack.cols * 2;
  const pixels = new Uint8Array(stack.n * rows * cols);
  for (let k = 0; k < stack.n; k++) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) pixels[(k * rows + r) * cols + c] = stack.pixels[(k * stack.rows + (r >> 1)) * stack.cols + (c >> 1)];
    }
  }
  return { n: stack.n, rows, cols, pixels };
}

async function measure(stack: SliceStack, method: MethodName, backend: 'cpu' | 'webgpu'): Promise<number> {
  const opts = { backend, cpuHandoff: false } as const;
  await computeSimilarity(firstSlices(stack, 2), method, opts);
  return timeIt(() => computeSimilarity(stack, method, opts), 1, false);
}

function row(method: MethodName, impl: string, input: string, stack: SliceStack, ms: number, cpuMs?: number): BenchRow {
  const pairs = (stack.n * (stack.n + 1)) / 2;
  const metrics: BenchRow['metrics'] = { 'slices/s': stack.n / (ms / 1000), 'pairs/s': pairs / (ms / 1000) };
  if (cpuMs !== undefined) metrics['speed vs cpu'] = cpuMs / ms;
  return { name: `${method} matrix`, impl, input, ms, metrics };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const golden = readReferencePngStack();
  const inputs: [string, SliceStack][] = [
    [`golden ${ctx.quick ? 16 : 64}×128²`, firstSlices(golden, ctx.quick ? 16 : 64)],
    [`upsampled ${ctx.quick ? 8 : 32}×256²`, upsample2x(firstSlices(golden, ctx.quick ? 8 : 32))],
  ];
  const gpu = await installNodeWebgpu();
  const gpuOk = gpu.ok && (await tryBackend('webgpu'));
  const gpuLabel = gpuOk ? backendLabel(describeActiveBackend()) : 'webgpu';
  if (!gpuOk) ctx.log(`WebGPU unavailable (${gpu.detail}); CPU rows only`);
  const rows: BenchRow[] = [];
  for (const [input, stack] of inputs) {
    for (const method of METHODS) {
      const cpuMs = await measure(stack, method, 'cpu');
      rows.push(row(method, 'cpu (reference, float64)', input, stack, cpuMs));
      ctx.log(`${method} ${input} cpu ${cpuMs.toFixed(0)} ms`);
      if (!gpuOk) continue;
      const gpuMs = await measure(stack, method, 'webgpu');
      rows.push(row(method, gpuLabel, input, stack, gpuMs, cpuMs));
      ctx.log(`${method} ${input} ${gpuLabel} ${gpuMs.toFixed(0)} ms`);
    }
  }
  return rows;
}
