/** The dataset worker's streamed HASH path against the whole-volume path it stands in for. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverVolumes, loadVolume, voxelSha256Sync, type DiscoveredVolume } from '../core/volume';
import { FIXTURES } from '../core/volume/testing/fixtures';
import { repoRoot } from '../core/testing/referenceFixture';
import { collectInputFiles, nodeInputFile, nodeSha256, reusedBufferGunzip } from './io';
import { reduceOne, type ReduceRun } from './reduceOne';
import { canStreamHash, discoveredSource, reduceStreamedHash } from './streamedHash';

const run: ReduceRun = { params: { method: 'hash', algorithm: 'greedy', drop: 'later', maxDistance: 6 }, backend: 'cpu' };
const label = (meta: { name: string }) => ({ id: 'key', name: meta.name });

function nifti(path: string): DiscoveredVolume {
  const f = nodeInputFile(path, 'v.nii.gz', statSync(path).size);
  return { key: 'key', format: 'nifti', files: [f], bytes: f.size };
}

async function whole(entry: DiscoveredVolume) {
  const { volume } = await loadVolume(entry);
  return reduceOne(volume, 'src', { ...run, quiet: true }, { label: label(volume), voxelSha256: voxelSha256Sync(volume, nodeSha256) });
}

describe('reduceStreamedHash', () => {
  it.each([join(repoRoot, 'public/samples/head-ct.nii.gz'), join(FIXTURES, 'nifti/n1_int16_scaled.nii.gz'), join(FIXTURES, 'nifti/n1_float32.nii')])('%s: the whole-volume result, with the reused-buffer gunzip', async (path) => {
    const entry = nifti(path);
    const streamed = await reduceStreamedHash(discoveredSource(entry), { run, label, source: 'src', gunzip: reusedBufferGunzip });
    const reference = await whole(entry);
    expect(streamed).toBeDefined();
    expect(streamed!.voxelSha256).toBe(reference.entry.voxelSha256);
    expect(streamed!.warnings).toEqual((await loadVolume(entry)).volume.warnings);
    expect({ ...streamed!.reduced, timings: undefined }).toEqual({ ...reference, timings: undefined });
  });

  it('a DICOM series (the bundled head CT, 108 files): the whole-volume result', async () => {
    const files = await collectInputFiles(join(repoRoot, 'public/samples/head-ct-dicom'));
    const [entry] = (await discoverVolumes(files)).volumes;
    expect(entry.format).toBe('dicom');
    const streamed = await reduceStreamedHash(discoveredSource(entry), { run, label, source: 'src' });
    const reference = await whole(entry);
    expect(streamed!.voxelSha256).toBe(reference.entry.voxelSha256);
    expect({ ...streamed!.reduced, timings: undefined }).toEqual({ ...reference, timings: undefined });
  });

  it('gives way (undefined) to the whole read for a volume that turns float32 partway', async () => {
    expect(await reduceStreamedHash(discoveredSource(nifti(join(FIXTURES, 'nifti/n1_uint16.nii'))), { run, label, source: 'src' })).toBeUndefined();
  });

  it('applies to HASH on NIfTI and DICOM only', () => {
    const entry = nifti(join(FIXTURES, 'nifti/n1_int16.nii'));
    expect(canStreamHash(entry, run)).toBe(true);
    expect(canStreamHash(entry, { ...run, params: { method: 'ssim', algorithm: 'greedy', drop: 'later', minSimilarity: 0.9 } })).toBe(false);
    expect(canStreamHash({ ...entry, format: 'dicom' }, run)).toBe(true);
    expect(canStreamHash({ ...entry, format: 'png' }, run)).toBe(false);
  });
});
