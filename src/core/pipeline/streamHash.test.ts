import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../testing/referenceFixture';
import { fixtureFiles, expected } from '../volume/testing/fixtures';
import { readNifti } from '../volume/nifti';
import { voxelSha256 } from '../volume/hash';
import { allOnSlice, StreamingHasher } from './streamHash';
import { StreamingConverter } from './streamConvert';

const nodeSha256 = () => createHash('sha256');
const BUDGET = 2 ** 30;

describe('StreamingHasher', () => {
  // Every NIfTI fixture (int16 LE/BE, scaled, uint16/int32 → int16, float32/float64, uint8, NIfTI-2):
  // the streamed digest equals the sha256 the fixture generator recorded and WebCrypto's voxelSha256.
  it.each(Object.keys(expected.nifti))('hashes %s while reading to the recorded voxel sha256', async (name) => {
    const hasher = new StreamingHasher(nodeSha256);
    const volume = await readNifti(fixtureFiles(`nifti/${name}`)[0], { memoryBudgetBytes: BUDGET, onSlice: hasher.onSlice });
    const sha = hasher.take(volume);
    expect(sha).toBe(expected.nifti[name].sha256);
    expect(sha).toBe(await voxelSha256(volume));
  });

  it('hashes the bundled real CT (.nii.gz) to its provenance voxelSha256, alongside the converter', async () => {
    const index = JSON.parse(readFileSync(join(repoRoot, 'public/samples/index.json'), 'utf8')) as { samples: { file?: string; voxelSha256: string }[] };
    const sample = index.samples.find((s) => s.file === 'head-ct.nii.gz');
    expect(sample).toBeDefined();
    const hasher = new StreamingHasher(nodeSha256);
    const converter = new StreamingConverter();
    const [file] = fixtureFiles('head-ct.nii.gz', join(repoRoot, 'public/samples'));
    const volume = await readNifti(file, { memoryBudgetBytes: BUDGET, onSlice: allOnSlice(converter.onSlice, hasher.onSlice) });
    expect(converter.take(volume)).toBeDefined();
    expect(hasher.take(volume)).toBe(sample!.voxelSha256);
  });

  it('falls back to hashing the finished voxels when the stream does not cover them (promotion, gaps)', async () => {
    const voxels = new Int16Array([1, 2, 3, 4]);
    const volume = { voxels: new Float32Array(voxels), slices: 2 };
    const promoted = new StreamingHasher(nodeSha256);
    promoted.onSlice(0, voxels.subarray(0, 2), { rows: 1, cols: 2, slices: 2 });
    promoted.onSlice(1, volume.voxels.subarray(2, 4), { rows: 1, cols: 2, slices: 2 });
    expect(promoted.take(volume)).toBe(await voxelSha256(volume));
    const gap = new StreamingHasher(nodeSha256);
    gap.onSlice(1, voxels.subarray(2, 4), { rows: 1, cols: 2, slices: 2 });
    expect(gap.take({ voxels, slices: 2 })).toBe(await voxelSha256({ voxels }));
    expect(new StreamingHasher(nodeSha256).take({ voxels, slices: 2 })).toBe(await voxelSha256({ voxels }));
  });
});
