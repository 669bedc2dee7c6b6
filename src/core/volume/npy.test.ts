import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readNpy } from './npy';
import { readVolumes } from './index';
import { voxelSha256 } from './hash';
import { voxelStats } from './info';
import { sliceView } from './types';
import { inputFileFromBytes } from './input';
import { loadGolden, referenceNpyPath } from '../testing/referenceFixture';

describe('.npy', () => {
  it('reads the golden int16 volume: raw sha256 and per-slice HU range', async () => {
    const golden = loadGolden();
    const v = readNpy(new Uint8Array(readFileSync(referenceNpyPath())), 'chest.npy');
    expect(v.voxels).toBeInstanceOf(Int16Array);
    expect([v.slices, v.rows, v.cols]).toEqual([golden.input.n_slices, golden.input.height, golden.input.width]);
    expect(await voxelSha256(v)).toBe(golden.input.sha256_raw);
    golden.input.hu_min_max.forEach(([lo, hi], k) => {
      const s = voxelStats(sliceView(v, k));
      expect([s.min, s.max]).toEqual([lo, hi]);
    });
  });

  it('is picked by readVolumes from its extension', async () => {
    const { volumes } = await readVolumes([inputFileFromBytes('x/chest.npy', new Uint8Array(readFileSync(referenceNpyPath())))]);
    expect(volumes[0].format).toBe('npy');
  });

  it('names the file when the data is cut short', () => {
    const bytes = new Uint8Array(readFileSync(referenceNpyPath()));
    expect(() => readNpy(bytes.subarray(0, 5000), 'cut.npy')).toThrow(/cut\.npy: truncated/);
  });
});
