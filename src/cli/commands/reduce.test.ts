/** End to end: `ctsieve reduce` on the golden PNG slices, on the CPU reference backend. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseManifest, serializeManifest, type Manifest } from '../../core/manifest';
import { manifestOf } from '../../core/pipeline';
import { FIXTURES } from '../../core/volume/testing/fixtures';
import { readOneVolume, reportReadProblems } from '../input';
import { reduceOne } from '../reduceOne';
import { loadGolden, referencePngDir, repoRoot } from '../../core/testing/referenceFixture';
import reduceCommand from './reduce';
import { parseReduceArgs } from '../reduceArgs';
import { stdoutOf } from '../testing/stdout';

const golden = loadGolden();
const runToStdout = (args: string[]): Promise<string> => stdoutOf(() => reduceCommand(args));


afterEach(() => vi.restoreAllMocks());

describe('ctsieve reduce', () => {
  it('HASH leader T=6 keeps the golden reference_loop["6"] and prints a valid manifest', async () => {
    const m = parseManifest(await runToStdout([referencePngDir(), '--method', 'hash', '--algorithm', 'leader', '--threshold', '6', '--backend', 'cpu']));
    expect(m.volumes[0].kept).toEqual(golden.reference_loop['6']);
    expect(m).toMatchObject({ method: 'hash', algorithm: 'leader', backend: 'cpu', params: { threshold: 6, thresholdMeaning: 'maxDistance', conversion: { kind: 'as-is' } } });
    expect(m.volumes[0]).toMatchObject({ n: 64, name: 'chest_64x128x128_seed1_png', source: referencePngDir() });
    expect(m.volumes[0].slices[7].file).toBe(golden.slices[7].name);
  });

  it('HASH greedy T=3 writes the golden kept set to --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctsieve-reduce-'));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const out = join(dir, 'manifest.json');
      expect(await reduceCommand([referencePngDir(), '--method=hash', '--threshold=3', '--backend=cpu', '--out', out])).toBe(0);
      const m = parseManifest(readFileSync(out, 'utf8'), out);
      expect(m.volumes[0].kept).toEqual(golden.pairwise_greedy.hash['3'].kept);
      expect(m.params.drop).toBe('later');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('HASH streams one NIfTI file or DICOM series (no voxels held) to the manifest the whole read gives', () => {
    const args = ['--method', 'hash', '--threshold', '6', '--backend', 'cpu'];
    const essentials = (m: Manifest) => ({ ...m.params, backend: m.backend, volumes: m.volumes.map((v) => ({ id: v.id, name: v.name, source: v.source, n: v.n, kept: v.kept, sha: v.voxelSha256, conversion: v.conversion, slices: v.slices })) });
    /** The whole read's manifest for the same input and settings, through the same pieces `reduce` uses. */
    async function wholeRead(input: string, series?: string): Promise<{ manifest: Manifest; stderr: string }> {
      let stderr = '';
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
      try {
        const { volume, result } = await readOneVolume(input, series);
        reportReadProblems(volume, result, input);
        const params = parseReduceArgs([input, ...args]).params;
        return { manifest: parseManifest(serializeManifest(manifestOf([await reduceOne(volume, input, { params, backend: 'cpu' })], params))), stderr };
      } finally {
        spy.mockRestore();
      }
    }
    async function streamedRun(input: string, extra: string[] = []): Promise<{ manifest: Manifest; stderr: string }> {
      let stderr = '';
      vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
      const manifest = parseManifest(await runToStdout([input, ...args, ...extra]));
      vi.restoreAllMocks();
      return { manifest, stderr };
    }

    it('a .nii.gz file, warnings included', async () => {
      const file = join(repoRoot, 'public/samples/head-ct.nii.gz');
      const streamed = await streamedRun(file);
      const whole = await wholeRead(file);
      expect(essentials(streamed.manifest)).toEqual(essentials(whole.manifest));
      expect(streamed.manifest.volumes[0].kept.length).toBeLessThan(streamed.manifest.volumes[0].n);
      expect(streamed.stderr).toContain(whole.stderr);
    });

    it('a DICOM folder of one series (the bundled head CT, 108 files)', async () => {
      const dir = join(repoRoot, 'public/samples/head-ct-dicom');
      const streamed = await streamedRun(dir);
      expect(essentials(streamed.manifest)).toEqual(essentials((await wholeRead(dir)).manifest));
    });

    it('a folder of two series: the whole read’s message without --series, the chosen one with it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ctsieve-reduce-'));
      try {
        copyFileSync(join(FIXTURES, 'dicom/CT_small.dcm'), join(dir, 'ct.dcm'));
        copyFileSync(join(FIXTURES, 'dicom/MR_small.dcm'), join(dir, 'mr.dcm'));
        await expect(reduceCommand([dir, ...args])).rejects.toThrow(/2 DICOM series found; choose one with --series UID/);
        const uid = (await readOneVolume(join(dir, 'ct.dcm'))).volume.seriesInstanceUID!;
        const streamed = await streamedRun(dir, ['--series', uid]);
        expect(essentials(streamed.manifest)).toEqual(essentials((await wholeRead(dir, uid)).manifest));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('a truncated .nii.gz is one message naming the file, the whole read\'s (the streamed read gives way to it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctsieve-reduce-'));
    try {
      const file = join(dir, 'cut.nii.gz');
      const bytes = readFileSync(join(repoRoot, 'public/samples/head-ct.nii.gz'));
      writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
      const error = await reduceCommand([file, '--method', 'hash', '--threshold', '6', '--backend', 'cpu']).catch((e: unknown) => e as Error);
      expect((error as Error).message).toBe(`${file}: corrupt or truncated file (unexpected end of file)`); // as the whole read words it
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records the similarity method’s own parameters for HASH too (not only DeepNet)', async () => {
    const m = parseManifest(await runToStdout([referencePngDir(), '--method', 'hash', '--threshold', '3', '--backend', 'cpu']));
    expect(m.params.similarity).toMatchObject({ hashSize: 8, distance: 'hamming', precision: 'float64' });
  });

  it('EveryN needs no scores', async () => {
    const m = parseManifest(await runToStdout([referencePngDir(), '--method', 'everyn', '--every', '16']));
    expect(m.volumes[0].kept).toEqual([0, 16, 32, 48]);
    expect(m.backend).toBe('none');
  });

  it.each([
    [['x', '--method', 'ssim', '--algorithm', 'leader', '--threshold', '0.9'], /leader is the paper's HASH loop and works with --method hash only/],
    [['x', '--method', 'hash', '--threshold', '3', '--keep-fraction', '0.1'], /only one of --threshold, --keep-fraction, --every/],
    [['x', '--method', 'nmi', '--threshold', '0.5'], /nmi: minSimilarity 0.5 is outside 1..2/],
    [['x', '--method', 'hash', '--keep-fraction', '0.1', '--drop', 'middle'], /--drop 'middle' is not one of later, earlier/],
    [['x', '--method', 'hash', '--threshold', '3', '--backend', 'tpu'], /--backend 'tpu' is not one of auto, webgpu, wasm, cpu/],
    [['--method', 'all'], /missing <input>/],
    [['x', '--method', 'hash', '--threshold', '3', '--model', 'm.onnx'], /--model and its settings apply to --method deepnet only/],
    [['x', '--method', 'deepnet', '--keep-fraction', '0.1', '--layer', 'fc'], /--layer need --model PATH/],
  ])('rejects %j', (args, message) => {
    expect(() => parseReduceArgs(args)).toThrow(message);
  });

  it('takes DeepNet model flags apart from its own options', () => {
    const args = parseReduceArgs(['x', '--method', 'deepnet', '--model=m/model.json', '--layer', 'fc', '--keep-fraction', '0.2', '--batch-size', '4']);
    expect(args.params).toMatchObject({ method: 'deepnet', keepFraction: 0.2 });
    expect(args.model).toMatchObject({ model: 'm/model.json', options: { layer: 'fc' }, batchSize: 4 });
  });

  it('maps --threshold to the method’s direction', () => {
    expect(parseReduceArgs(['x', '--method', 'ssim', '--threshold', '0.9']).params).toEqual({ method: 'ssim', algorithm: 'greedy', drop: 'later', minSimilarity: 0.9 });
    expect(parseReduceArgs(['x', '--method', 'hash', '--threshold', '6', '--drop', 'earlier']).params).toEqual({ method: 'hash', algorithm: 'greedy', drop: 'earlier', maxDistance: 6 });
  });
});
