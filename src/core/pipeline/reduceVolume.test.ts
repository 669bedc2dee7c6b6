import { describe, expect, it } from 'vitest';
import { readReferenceNpy, readReferencePngStack } from '../preprocess/testing/referenceSlices';
import { loadGolden } from '../testing/referenceFixture';
import type { ScoreMatrix } from '../reduction/types';
import type { Volume } from '../volume/types';
import { convertVolume, recordedConversion } from './conversion';
import { decideSlices } from './decide';
import { manifestOf, reduceVolume } from './reduceVolume';
import { CPU_REFERENCE } from '../similarity';

const golden = loadGolden();

function volumeOf(voxels: Volume['voxels'], n: number, rows: number, cols: number, format: Volume['format'] = 'npy'): Volume {
  return { id: 'v', name: 'v.npy', format, rows, cols, slices: n, spacing: [1, 1, 1], modality: 'CT', sources: [], warnings: [], voxels };
}

function pngVolume(): Volume {
  const s = readReferencePngStack();
  return volumeOf(s.pixels, s.n, s.rows, s.cols, 'png');
}

describe('recordedConversion', () => {
  it('says as-is for uint8 voxels of any format (a uint8 .npy too), minmax for int16, window as given', () => {
    expect(recordedConversion(volumeOf(new Uint8Array(4), 1, 2, 2, 'npy'))).toEqual({ kind: 'as-is' });
    expect(recordedConversion(volumeOf(new Int16Array(4), 1, 2, 2, 'png'))).toEqual({ kind: 'minmax' });
    expect(recordedConversion(volumeOf(new Uint8Array(4), 1, 2, 2), { kind: 'window', center: 40, width: 400 })).toEqual({ kind: 'window', center: 40, width: 400 });
  });
  it('matches what the conversion does: as-is means the very same pixels', () => {
    const v = volumeOf(Uint8Array.from([0, 7, 9, 200]), 1, 2, 2);
    expect(convertVolume(v).stack.pixels).toBe(v.voxels);
  });
});

describe('reduceVolume', () => {
  it('HASH greedy T=3 on the golden slices keeps the golden set and records the method parameters', async () => {
    const r = await reduceVolume(pngVolume(), { params: { method: 'hash', algorithm: 'greedy', drop: 'later', maxDistance: 3 }, compute: { backend: CPU_REFERENCE } });
    expect(r.result.kept).toEqual(golden.pairwise_greedy.hash['3'].kept);
    expect(r.conversion).toEqual({ kind: 'as-is' });
    const m = manifestOf([r], { method: 'hash', algorithm: 'greedy', drop: 'later', maxDistance: 3 });
    expect(m.params.similarity).toMatchObject({ hashSize: 8, precision: 'float64' });
    expect(m.volumes[0].voxelSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['ssim', { gaussianSigma: 1.5, dataRange: 255 }],
    ['nmi', { bins: 100 }],
  ] as const)('records %s parameters under params.similarity', async (method, expected) => {
    const s = readReferencePngStack();
    const small = volumeOf(s.pixels.subarray(0, 4 * s.rows * s.cols), 4, s.rows, s.cols, 'png');
    const params = { method, algorithm: 'greedy', drop: 'later', keepFraction: 0.5 } as const;
    const m = manifestOf([await reduceVolume(small, { params, compute: { backend: CPU_REFERENCE } })], params);
    expect(m.params.similarity).toMatchObject(expected);
  });

  it('int16 voxels go through min/max and say so; baselines need no scores', async () => {
    const npy = readReferenceNpy();
    const v = volumeOf(npy.data, npy.shape[0], npy.shape[1], npy.shape[2]);
    const r = await reduceVolume(v, { params: { method: 'everyn', every: 16 } });
    expect(r).toMatchObject({ backend: 'none', conversion: { kind: 'minmax' } });
    expect(r.similarityParams).toBeUndefined();
    expect(r.result.kept).toEqual([0, 16, 32, 48]);
  });
});

describe('decideSlices with overrides', () => {
  /** 4 slices: 0~1 (distance 1), 2~3 (distance 2), everything else 10 apart. */
  const scores: ScoreMatrix = { n: 4, kind: 'distance', matrix: Float64Array.from([0, 1, 10, 10, 1, 0, 10, 10, 10, 10, 0, 2, 10, 10, 2, 0]) };
  it('re-points representatives of slices whose representative was overridden away', () => {
    const r = decideSlices(scores, { method: 'hash', algorithm: 'greedy', drop: 'later', maxDistance: 2 }, { overrides: { 0: 'drop', 3: 'keep', 9: 'keep' } });
    expect(r.kept).toEqual([2, 3]);
    expect(r.perSlice[1]).toMatchObject({ kept: false, nearestKept: 2, score: 10 });
    expect(r.perSlice[0]).toMatchObject({ kept: false, override: 'drop', nearestKept: 2 });
  });
});
