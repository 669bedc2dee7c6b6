/** End to end: `ctsieve similarity` on the golden PNG slices (CPU reference, and WebGPU for HASH). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadGolden, referencePngDir } from '../../core/testing/referenceFixture';
import { installNodeWebgpu } from '../../core/backend/nodeWebgpu';
import similarityCommand, { parseSimilarityArgs, similarityJson } from './similarity';
import { stdoutOf } from '../testing/stdout';

const golden = loadGolden();

interface SimilarityJson {
  method: string;
  n: number;
  backend: string;
  backendNote?: string;
  threads?: number;
  matrix: (number | null)[];
  hashes?: string[];
  timings?: { readSeconds: number; convertSeconds: number; scoreSeconds: number };
}

const runToStdout = async (args: string[]): Promise<SimilarityJson> => JSON.parse(await stdoutOf(() => similarityCommand(args))) as SimilarityJson;

afterEach(() => vi.restoreAllMocks());

describe('ctsieve similarity', () => {
  it('prints the SSIM matrix of the golden slices as {method, n, backend, threads, matrix, timings}', async () => {
    const r = await runToStdout([referencePngDir(), '--method', 'ssim', '--backend', 'cpu', '--threads', '2']);
    expect(Object.keys(r)).toEqual(['method', 'n', 'backend', 'threads', 'matrix', 'timings']);
    expect(r.threads).toBe(2);
    expect(Object.keys(r.timings!)).toEqual(['readSeconds', 'convertSeconds', 'scoreSeconds']);
    expect(Object.values(r.timings!).every((t) => Number.isFinite(t) && t >= 0)).toBe(true);
    expect(r).toMatchObject({ method: 'ssim', n: 64, backend: 'cpu' });
    const worst = Math.max(...r.matrix.map((v, k) => Math.abs((v as number) - golden.ssim[Math.floor(k / 64)][k % 64])));
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it('writes HASH with hashes to --out, on --backend webgpu when this machine has it', async () => {
    const gpu = await installNodeWebgpu();
    if (!gpu.ok) console.warn(`[similarity cli test] WebGPU unavailable (${gpu.detail}); checking the CPU fallback instead`);
    const dir = mkdtempSync(join(tmpdir(), 'ctsieve-similarity-'));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const out = join(dir, 'hash.json');
      const backend = gpu.ok ? 'webgpu' : 'auto';
      expect(await similarityCommand([referencePngDir(), '--method=hash', '--out', out, `--backend=${backend}`])).toBe(0);
      const r = JSON.parse(readFileSync(out, 'utf8')) as SimilarityJson;
      expect(r.backend).toBe(gpu.ok ? 'webgpu' : 'cpu');
      expect(r.hashes).toEqual(golden.slices.map((s) => s.dhash));
      expect(r.matrix).toEqual(golden.hamming.flat());
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining(`hash 64×64 on ${r.backend}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs SSIM and NMI on the WebAssembly SIMD kernels with --backend wasm, matching scikit-image', async () => {
    for (const method of ['ssim', 'nmi'] as const) {
      const r = await runToStdout([referencePngDir(), '--method', method, '--backend', 'wasm']);
      expect(r.backend).toBe('wasm');
      const want = golden[method];
      const worst = Math.max(...r.matrix.map((v, k) => Math.abs((v as number) - want[Math.floor(k / 64)][k % 64])));
      expect(worst).toBeLessThanOrEqual(1e-9);
    }
  });

  it('writes NaN scores as null', () => {
    const text = similarityJson({ method: 'nmi', n: 1, backend: 'cpu', kind: 'similarity', matrix: new Float64Array([NaN]), params: {} });
    expect(JSON.parse(text)).toEqual({ method: 'nmi', n: 1, backend: 'cpu', matrix: [null] });
  });

  it('names the bad option or value', () => {
    expect(() => parseSimilarityArgs(['x'])).toThrow(/--method is required/);
    expect(() => parseSimilarityArgs(['x', '--method', 'sift'])).toThrow(/--method 'sift' is not one of hash, ssim, nmi, deepnet/);
    expect(() => parseSimilarityArgs(['x', '--method', 'hash', '--backend', 'webgl'])).toThrow(/--backend 'webgl' is not one of auto, webgpu, wasm, cpu/);
    expect(() => parseSimilarityArgs(['x', '--method', 'hash', '--threads', '0'])).toThrow(/--threads '0' is not a positive whole number/);
    expect(parseSimilarityArgs(['x', '--method', 'ssim', '--threads', '3']).threads).toBe(3);
    expect(() => parseSimilarityArgs(['x', '--method', 'hash', '--fast'])).toThrow(/unknown option '--fast'/);
    expect(() => parseSimilarityArgs(['--method', 'hash'])).toThrow(/missing <input>/);
    expect(() => parseSimilarityArgs(['x', '--method', 'hash', '--memory-budget-mib', '0'])).toThrow(/--memory-budget-mib '0' is not a positive number/);
  });

  it('names a missing input', async () => {
    await expect(similarityCommand(['/no/such/dir', '--method', 'hash'])).rejects.toThrow(/\/no\/such\/dir: no such file or folder/);
  });
});
