/**
 * Similarity matrices: WebGPU kernels vs the CPU reference, side by side on one machine.
 * Inputs: the golden volume (64 × 128², --quick: 16 slices), the bundled head CT at 256² (32
 * slices, --quick: 8) and 16 slices of the 512² stack made from it (bench/stacks.ts). Each implementation gets a tiny warm-up run first
 * (shader compilation), then one timed run. Here WebGPU is Dawn on SwiftShader, i.e. CPU-emulated:
 * its numbers say nothing about a real GPU; the ratio column is only meaningful on one machine.
 */
import { computeSimilarity, CPU_REFERENCE } from '../src/core/similarity';
import { settleBackend } from '../src/core/runtime/settleBackend';
import type { MethodName, SliceStack } from '../src/core/similarity/types';
import { installNodeWebgpu } from '../src/core/backend/nodeWebgpu';
import { backendLabel, describeActiveBackend, tryBackend } from '../src/core/backend';
import { readReferencePngStack } from '../src/core/preprocess/testing/referenceSlices';
import { timeIt, type BenchContext, type BenchRow } from './lib';
import { firstSlices, headCtStack, largeStack, upsampled2x } from './stacks';

const METHODS: MethodName[] = ['hash', 'ssim', 'nmi'];

async function measure(stack: SliceStack, method: MethodName, backend: 'cpu' | 'webgpu'): Promise<number> {
  // The CPU reference needs no tfjs backend, so the webgpu one stays settled between the two.
  const opts = { backend: backend === 'cpu' ? CPU_REFERENCE : await settleBackend(backend), cpuHandoff: false } as const;
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
  const head = headCtStack(Infinity);
  const n256 = ctx.quick ? 8 : 32;
  const inputs: [string, SliceStack][] = [
    [`golden ${ctx.quick ? 16 : 64}×128²`, firstSlices(golden, ctx.quick ? 16 : 64)],
    head ? [`head CT ${n256}×256²`, firstSlices(head, n256)] : [`golden upsampled ${n256}×256²`, upsampled2x(firstSlices(golden, n256))],
  ];
  if (head && !ctx.quick) inputs.push(['head CT → 512² (16 of 600 slices)', firstSlices(largeStack(head, 600), 16)]);
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
