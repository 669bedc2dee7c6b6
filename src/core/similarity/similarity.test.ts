/**
 * computeSimilarity on every backend (describeAllBackends): golden values from scikit-image and
 * imagehash (hash exact; SSIM, NMI within 1e-9 on the CPU reference, 1e-4 on float32 GPUs), edge
 * cases against the CPU reference, memory (no leaked tensors), progress and abort.
 * WebGPU here is SwiftShader (CPU-emulated), so GPU runs use the first 32 slices of the golden volume.
 */
import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { computeSimilarity, CPU_REFERENCE, methodBackend, registerKernel, unregisterKernel, hasKernel } from './index';
import type { MethodName, SliceStack } from './types';
import { describeAllBackends, type BackendTestEnv } from '../testing/describeAllBackends';
import { loadGolden } from '../testing/referenceFixture';
import { readReferencePngStack } from '../preprocess/testing/referenceSlices';
import { installNodeWebgpu } from '../backend/nodeWebgpu';
import { describeActiveBackend, tryBackend } from '../backend';
import { settleBackend, type SettledBackend } from '../runtime/settleBackend';
import { embedderFromLayersModel } from './embedding/modelEmbedder';

const golden = loadGolden();
const reference = readReferencePngStack();

/** The first n slices of the golden stack (a view). */
function firstSlices(n: number): SliceStack {
  const len = reference.rows * reference.cols;
  return { ...reference, n, pixels: reference.pixels.subarray(0, n * len) };
}

/** Slices to use per backend: all on the CPU, a prefix on (emulated) GPUs to keep tests short. */
function goldenStack(env: BackendTestEnv, method: MethodName): SliceStack {
  if (env.name === 'cpu' || method === 'hash') return reference;
  return firstSlices(32);
}

function maxAbsDiff(matrix: Float64Array, gold: number[][], n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(matrix[i * n + j] - gold[i][j]));
  return worst;
}

/** Equal within tol, NaN equal to NaN. */
function expectClose(actual: Float64Array, expected: Float64Array, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < actual.length; k++) {
    if (Number.isNaN(expected[k])) expect(actual[k], `entry ${k}`).toBeNaN();
    else expect(Math.abs(actual[k] - expected[k]), `entry ${k}: ${actual[k]} vs ${expected[k]}`).toBeLessThanOrEqual(tol);
  }
}

function syntheticStack(n: number, rows: number, cols: number, fill: (k: number, r: number, c: number) => number): SliceStack {
  const pixels = new Uint8Array(n * rows * cols);
  for (let k = 0; k < n; k++) for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) pixels[(k * rows + r) * cols + c] = fill(k, r, c);
  return { n, rows, cols, pixels };
}

/** Deterministic texture: a gradient plus a hashed speckle, different per slice. */
const texture = (k: number, r: number, c: number) => (r * 3 + c * 5 + k * 17 + (((r * 131 + c * 71 + k * 29) * 2654435761) >>> 27)) & 255;

describeAllBackends('golden', (env) => {
  it('hash: dHashes and Hamming distances equal imagehash exactly', async () => {
    const r = await computeSimilarity(reference, 'hash', env.opts);
    expect(r.backend).toBe(env.name);
    expect(r.kind).toBe('distance');
    expect(r.hashes).toEqual(golden.slices.map((s) => s.dhash));
    expect(maxAbsDiff(r.matrix, golden.hamming, reference.n)).toBe(0);
  });

  for (const method of ['ssim', 'nmi'] as const) {
    it(`${method}: matches scikit-image within the backend's tolerance`, async () => {
      const stack = goldenStack(env, method);
      const r = await computeSimilarity(stack, method, env.opts);
      expect(r.backend).toBe(env.name);
      expect(r.kind).toBe('similarity');
      expect(r.n).toBe(stack.n);
      expect(maxAbsDiff(r.matrix, golden[method], stack.n)).toBeLessThanOrEqual(env.floatTolerance);
    });
  }
});

describeAllBackends('edge cases', (env) => {
  const cases: Record<string, SliceStack> = {
    'a constant slice among textured ones': syntheticStack(3, 24, 24, (k, r, c) => (k === 1 ? 77 : texture(k, r, c))),
    'two constant slices': syntheticStack(2, 16, 16, (k) => 40 + k),
    'non-square slices (17×40)': syntheticStack(3, 17, 40, texture),
    // SSIM's 40×67 map spans 2×3 of the WebGPU kernel's 32×32 tiles, partial in both directions.
    'non-square slices over several map tiles (50×77)': syntheticStack(3, 50, 77, texture),
    'one slice': syntheticStack(1, 20, 20, texture),
  };
  for (const [name, stack] of Object.entries(cases)) {
    for (const method of ['hash', 'ssim', 'nmi'] as const) {
      it(`${method}: ${name} gives the CPU reference's values`, async () => {
        const expected = await computeSimilarity(stack, method, { backend: CPU_REFERENCE });
        const r = await computeSimilarity(stack, method, env.opts);
        expect(r.backend).toBe(env.name);
        expectClose(r.matrix, expected.matrix, method === 'hash' ? 0 : env.floatTolerance);
        expect(r.hashes).toEqual(expected.hashes);
      });
    }
  }

  it('ssim: slices smaller than the 11×11 window are rejected with a clear message', async () => {
    const small = syntheticStack(2, 10, 30, texture);
    await expect(computeSimilarity(small, 'ssim', env.opts)).rejects.toThrow(/ssim: slices of 10×30 px are smaller than the 11×11 Gaussian window/);
  });

  it('leaves no tensors behind and reports progress up to the total', async () => {
    const before = tf.memory().numTensors;
    const progress: [number, number][] = [];
    await computeSimilarity(firstSlices(5), 'ssim', { ...env.opts, onProgress: (d, t) => progress.push([d, t]) });
    await computeSimilarity(firstSlices(5), 'nmi', env.opts);
    expect(tf.memory().numTensors).toBe(before);
    expect(progress.length).toBeGreaterThan(0);
    const [done, total] = progress[progress.length - 1];
    expect(done).toBe(total);
  });

  it('tiles pairs under a tiny memory budget with the same result', async () => {
    const stack = firstSlices(6);
    const whole = await computeSimilarity(stack, 'nmi', env.opts);
    const tiled = await computeSimilarity(stack, 'nmi', { ...env.opts, memoryBudgetBytes: 4 * stack.rows * stack.cols });
    expectClose(tiled.matrix, whole.matrix, 1e-12);
  });

  it('rejects with an AbortError when aborted, freeing its tensors', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    // The CPU reference reports progress every 256 pairs, so it needs the whole volume to get a chance.
    const [stack, method] = env.name === 'cpu' ? [reference, 'nmi' as const] : [firstSlices(6), 'ssim' as const];
    const opts = { ...env.opts, signal: controller.signal, onProgress: () => controller.abort(), memoryBudgetBytes: 64 * 1024 };
    const run = computeSimilarity(stack, method, opts);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('computeSimilarity arguments', () => {
  const stack = syntheticStack(2, 16, 16, texture);

  it('names the method and the value in its errors', async () => {
    await expect(computeSimilarity(stack, 'sift' as MethodName)).rejects.toThrow(/unknown method 'sift'/);
    await expect(computeSimilarity({ ...stack, n: 3 }, 'hash')).rejects.toThrow(/hash: slice stack of 3×16×16 needs 768 pixels, got 512/);
    await expect(computeSimilarity({ ...stack, n: 0, pixels: new Uint8Array(0) }, 'nmi')).rejects.toThrow(/nmi: needs at least one slice/);
    await expect(computeSimilarity(stack, 'ssim', { backend: { request: 'cuda', name: 'cuda' } as unknown as SettledBackend })).rejects.toThrow(/ssim: unknown backend 'cuda'/);
    await expect(computeSimilarity(stack, 'nmi', { memoryBudgetBytes: -1 })).rejects.toThrow(/nmi: memoryBudgetBytes must be a positive number of bytes, got -1/);
  });

  it('runs the CPU reference, and says so, when the named backend has no kernel for the method', async () => {
    // e.g. a worker that settled tfjs on webgl is asked for ssim.
    const r = await computeSimilarity(stack, 'ssim', { backend: { request: 'webgl', name: 'webgl' } });
    expect(r).toMatchObject({ backend: 'cpu', backendNote: 'no webgl kernel for ssim: ran the CPU reference' });
  });

  it('hands tiny GPU jobs to the CPU reference unless told not to', async () => {
    const r = await computeSimilarity(stack, 'hash', { backend: await settleBackend('auto') });
    expect(r.backend).toBe('cpu');
    expect(r.params.precision).toBe('float64');
  });

  it('auto passes over a software WebGPU adapter (SwiftShader) for the CPU reference, and says so', async (ctx) => {
    const status = await installNodeWebgpu();
    if (!status.ok || !(await tryBackend('webgpu')) || !describeActiveBackend().note) {
      ctx.skip(`needs a software WebGPU adapter (${status.detail})`);
    }
    const r = await computeSimilarity(firstSlices(8), 'hash', { backend: await settleBackend('auto'), cpuHandoff: false });
    expect(r.backend).toBe('cpu');
    expect(r.backendNote).toMatch(/auto passed over webgpu \(SwiftShader, CPU-emulated\): the CPU reference is faster/);
    const forced = await computeSimilarity(firstSlices(8), 'hash', { backend: await settleBackend('webgpu'), cpuHandoff: false });
    expect(forced).toMatchObject({ backend: 'webgpu', backendNote: 'SwiftShader, CPU-emulated' });
  });

  it('auto passes over a software WebGPU adapter for tfjs wasm when DeepNet runs, and says so', async (ctx) => {
    const status = await installNodeWebgpu();
    if (!status.ok || !(await tryBackend('webgpu')) || !describeActiveBackend().note) {
      ctx.skip(`needs a software WebGPU adapter (${status.detail})`);
    }
    await import('@tensorflow/tfjs-backend-wasm');
    const info = methodBackend(await settleBackend('auto'), 'deepnet');
    expect(info).toEqual({ name: 'wasm', note: 'auto passed over webgpu (SwiftShader, CPU-emulated): tfjs wasm is faster' });
    expect(tf.getBackend()).toBe('wasm');
    expect(methodBackend(await settleBackend('webgpu'), 'deepnet').name).toBe('webgpu');
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(computeSimilarity(stack, 'hash', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('the settled backend', () => {
  const stack = syntheticStack(3, 16, 16, texture);

  it('runs every request on the backend settled once, never switching tfjs (a training job keeps its tensors)', async () => {
    await settleBackend('cpu');
    const input = tf.input({ shape: [16, 16, 1] });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) });
    const encoder = tf.model({ inputs: input, outputs: conv.apply(input) as tf.SymbolicTensor });
    const setBackend = vi.spyOn(tf.engine(), 'setBackend');
    try {
      // No backend given: the process's settled one ('auto' used to be resolved, and tfjs switched, per request).
      const deepnet = await computeSimilarity(stack, 'deepnet', { embedder: embedderFromLayersModel(encoder, { source: 'tiny' }) });
      const hash = await computeSimilarity(stack, 'hash');
      expect([deepnet.backend, hash.backend]).toEqual(['cpu', 'cpu']);
      expect(await settleBackend('cpu')).toMatchObject({ request: 'cpu', name: 'cpu' });
      expect(setBackend).not.toHaveBeenCalled();
    } finally {
      setBackend.mockRestore();
      encoder.dispose();
    }
  });

  it('refuses to run a tfjs kernel when tfjs was switched behind its back', async () => {
    const settled = await settleBackend('cpu');
    await expect(computeSimilarity(stack, 'deepnet', { backend: { ...settled, name: 'wasm' } })).rejects.toThrow(/settled as wasm but tfjs is running cpu/);
  });
});

describe('kernel registry', () => {
  it('warns when a kernel is registered twice and throws when unregistering a missing one', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const kernel = async () => ({ matrix: new Float64Array(1) });
    registerKernel('wasm', 'hash', kernel);
    registerKernel('wasm', 'hash', kernel);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('wasm_hash was already registered'));
    unregisterKernel('wasm', 'hash');
    expect(hasKernel('wasm', 'hash')).toBe(false);
    expect(() => unregisterKernel('wasm', 'hash')).toThrow(/wasm_hash is not registered/);
    warn.mockRestore();
  });
});
