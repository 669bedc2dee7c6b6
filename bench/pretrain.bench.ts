/**
 * SwAV pre-training speed: step time and images/s per preset and tfjs backend, side by side with
 * PyTorch on the same CPU (bench/python/swav_step_timing.py, Debian python3-torch, 1 thread and
 * all threads). ctsieve's step includes its multi-crop augmentation; PyTorch's gets ready crops.
 * Each wasm case is followed at once by PyTorch on the same shapes (ratios from one run, so a
 * shared machine's load hits both alike); kernels/step is history.json's kernelsPerStep.
 * Backends: cpu (plain JS), wasm (XNNPACK SIMD, 1 thread: tfjs-wasm has no threads in Node) and webgpu on SwiftShader — a CPU emulation:
 * its numbers are NOT GPU numbers. No GPU machine was available for these runs.
 * `paper` runs at batch 2 (the paper's shapes per image: resnet18, 2×224² + 6×96² crops) on wasm
 * only; `short` on cpu is timed over one step (~45 s here); on SwiftShader WebGPU only `tiny` runs
 * (in a trial, no `short` step finished within 8 minutes: software rasteriser, not a GPU).
 */
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { backendFailure, backendLabel, describeActiveBackend, tryBackend } from '../src/core/backend';
import { installNodeWebgpu } from '../src/core/backend/nodeWebgpu';
import { pretrain, pretrainPreset, type PresetName, type PretrainConfig } from '../src/core/ssl';
import type { BackendName } from '../src/core/backend/types';
import { syntheticSlices } from '../src/core/ssl/testing/slices';
import type { BenchContext, BenchRow } from './lib';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const PYTHON = '/usr/bin/python3';
const script = fileURLToPath(new URL('./python/swav_step_timing.py', import.meta.url));

interface Case {
  preset: PresetName;
  config: PretrainConfig;
  timed: number;
}

function cases(backend: BackendName, quick: boolean): Case[] {
  const out: Case[] = [{ preset: 'tiny', config: pretrainPreset('tiny'), timed: 3 }];
  if (backend === 'webgpu') return out;
  // wasm's short step: the median of 3 (one step on a shared machine is too noisy for the ratio); cpu: one (~45 s each)
  if (!quick || backend === 'wasm') out.push({ preset: 'short', config: pretrainPreset('short'), timed: backend === 'cpu' ? 1 : 3 });
  if (!quick && backend === 'wasm') out.push({ preset: 'paper', config: pretrainPreset('paper', { batch: 2 }), timed: 1 });
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function inputOf(c: PretrainConfig): string {
  const arch = c.arch === 'resnet18' ? `resnet18 w${c.width}` : c.arch;
  return `${arch}, batch ${c.batch}, ${c.nmbCrops[0]}×${c.cropSizes[0]}² + ${c.nmbCrops[1]}×${c.cropSizes[1]}², K ${c.prototypes}`;
}

async function ctsieveRow(backend: BackendName, c: Case, ctx: BenchContext): Promise<BenchRow> {
  const data = syntheticSlices(Math.max(16, c.config.batch), 256, 256);
  const stamps: number[] = [];
  const t0 = performance.now();
  // one untimed step, one counted (kernelsPerStep: profiled, so untimed too), then the timed ones
  const r = await pretrain(data, { ...c.config, steps: 2 + c.timed, epochs: undefined }, { onStep: () => stamps.push(performance.now()) });
  r.encoder.dispose();
  const durations = stamps.slice(2).map((t, i) => t - stamps[i + 1]);
  const ms = median(durations);
  const label = backendLabel(describeActiveBackend());
  ctx.log(`${label} ${c.preset}: first step ${(stamps[0] - t0).toFixed(0)} ms, then ${durations.map((d) => d.toFixed(0)).join(', ')} ms`);
  return {
    name: `swav step (${c.preset})`,
    impl: `ctsieve ${label}`,
    input: inputOf(c.config),
    ms,
    metrics: { 'images/s': (c.config.batch * 1000) / ms, 'kernels/step': r.history.kernelsPerStep ?? NaN, 'first step ms': stamps[0] - t0, 'steps timed': durations.length },
    note: backend === 'webgpu' ? 'SwiftShader (software WebGPU), not GPU numbers' : undefined,
  };
}

function torchRow(c: Case, threads: number, ctx: BenchContext): BenchRow | undefined {
  const cfg = c.config;
  const preset = JSON.stringify({ name: c.preset, arch: cfg.arch, width: cfg.width, batch: cfg.batch, nmbCrops: cfg.nmbCrops, cropSizes: cfg.cropSizes, hiddenDim: cfg.hiddenDim, outputDim: cfg.outputDim, prototypes: cfg.prototypes });
  const r = spawnSync(PYTHON, [script, preset, '--steps', String(Math.max(1, c.timed)), '--threads', String(threads)], { encoding: 'utf8' });
  if (r.status !== 0) {
    ctx.log(`PyTorch ${c.preset}: failed (${r.stderr.trim().split('\n').pop()})`);
    return undefined;
  }
  const j = JSON.parse(r.stdout) as { threads: number; torch: string; stepMs: number; imagesPerSecond: number };
  return { name: `swav step (${c.preset})`, impl: `PyTorch ${j.torch} CPU, ${j.threads} thread${j.threads > 1 ? 's' : ''}`, input: inputOf(cfg), ms: j.stepMs, metrics: { 'images/s': j.imagesPerSecond } };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const rows: BenchRow[] = [];
  const gpu = await installNodeWebgpu();
  if (!gpu.ok) ctx.log(`webgpu: ${gpu.detail}`);
  for (const backend of ['wasm', 'cpu', 'webgpu'] as BackendName[]) {
    if (!(await tryBackend(backend))) {
      ctx.log(`${backend}: not available (${backendFailure(backend) ?? 'unknown'})`);
      continue;
    }
    for (const c of cases(backend, ctx.quick)) {
      const mine = await ctsieveRow(backend, c, ctx);
      rows.push(mine);
      // side by side: PyTorch on the same shapes straight after, on one thread as tfjs-wasm in Node
      if (backend !== 'wasm') continue;
      if (!existsSync(PYTHON)) {
        ctx.log('PyTorch rows skipped: /usr/bin/python3 not found');
        continue;
      }
      let firstTorchMs: number | undefined;
      for (const threads of [1, 0]) {
        const row = torchRow(c, threads, ctx);
        if (!row) continue;
        rows.push(row);
        if (threads === 1) {
          firstTorchMs = row.ms;
          ctx.log(`${c.preset}: ctsieve wasm ${mine.ms.toFixed(0)} ms vs PyTorch 1 thread ${row.ms.toFixed(0)} ms = ${(mine.ms / row.ms).toFixed(1)}×, ${mine.metrics?.['kernels/step']} kernels/step`);
        }
      }
      if (c.preset === 'short' && firstTorchMs !== undefined) rows.push(await ratioRounds(c, ctx, { ms: mine.ms, torchMs: firstTorchMs }));
    }
  }
  return rows;
}

/**
 * The `short` ratio over several rounds, each ctsieve-wasm then PyTorch (1 thread) straight after: on a
 * shared machine one round's ratio moves by ±15% with the other users' load, so the table reports the
 * median round and the spread, how many rounds were at or under the 3×, and the ratio of the
 * two fastest steps (other users' load only ever adds time, so each side's fastest round is the
 * least disturbed one).
 */
async function ratioRounds(c: Case, ctx: BenchContext, first: { ms: number; torchMs: number }): Promise<BenchRow> {
  const stepMs = [first.ms];
  const torchMs = [first.torchMs];
  const rounds = ctx.quick ? 3 : 5;
  while (stepMs.length < rounds) {
    const mine = await ctsieveRow('wasm', c, ctx);
    const torch = torchRow(c, 1, ctx);
    if (!torch) break;
    stepMs.push(mine.ms);
    torchMs.push(torch.ms);
  }
  const ratios = stepMs.map((ms, i) => ms / torchMs[i]);
  const fastest = Math.min(...stepMs) / Math.min(...torchMs);
  const sorted = [...ratios].sort((a, b) => a - b);
  ctx.log(`${c.preset}: ratio per round ${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)}×); fastest steps ${Math.min(...stepMs).toFixed(0)} / ${Math.min(...torchMs).toFixed(0)} ms = ${fastest.toFixed(2)}×`);
  return {
    name: `swav step (${c.preset}) ratio`,
    impl: 'ctsieve wasm / PyTorch 1 thread',
    input: inputOf(c.config),
    ms: median(stepMs),
    metrics: { 'median ratio': median(ratios), 'min ratio': sorted[0], 'max ratio': sorted[sorted.length - 1], rounds: ratios.length, 'rounds ≤ 3×': ratios.filter((r) => r <= 3).length, 'fastest ratio': fastest },
    note: 'ms: the median round\'s ctsieve step; each round: the ctsieve step (median of its timed steps), then PyTorch on the same shapes; fastest ratio: the fastest ctsieve round over the fastest PyTorch round',
  };
}
