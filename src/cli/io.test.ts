import { describe, expect, it } from 'vitest';
import { readNifti } from '../core/volume/nifti';
import { voxelSha256 } from '../core/volume/hash';
import { fixtureFiles } from '../core/volume/testing/fixtures';
import { inputFileFromBytes } from '../core/volume/input';
import { nodeGunzip } from './io';

describe('nodeGunzip', () => {
  it.each(['nifti/n1_int16_scaled.nii.gz', 'nifti/n2_float64.nii.gz', 'nifti/n1_int32.nii.gz'])('reads %s to the same voxels as the platform gunzip', async (path) => {
    const [file] = fixtureFiles(path);
    const budget = { memoryBudgetBytes: 2 ** 30 };
    const a = await readNifti(file, budget);
    const b = await readNifti(file, { ...budget, gunzip: nodeGunzip });
    expect(await voxelSha256(b)).toBe(await voxelSha256(a));
  });
  it('reports a corrupt stream as a corrupt file, naming it', async () => {
    const bad = inputFileFromBytes('bad.nii.gz', Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 7, 7, 7]));
    await expect(readNifti(bad, { memoryBudgetBytes: 2 ** 20, gunzip: nodeGunzip })).rejects.toThrow(/bad\.nii\.gz: corrupt or truncated/);
  });
});
