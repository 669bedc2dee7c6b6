/**
 * HASH streamed slice by slice with no voxels kept (streamNifti + StreamingDhash + StreamingHasher
 * → hashScoresFromBits → reduceScored) equals the whole-volume pipeline (readNifti → reduceVolume
 * on the CPU reference), which the goldens test: same manifest entry, decision, scores and record.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../testing/referenceFixture';
import { expected, fixtureFiles } from '../volume/testing/fixtures';
import { readNifti, streamNifti } from '../volume/nifti';
import { discoverVolumes, loadVolume, streamVolume } from '../volume/discover';
import type { InputFile } from '../volume/input';
import { voxelSha256 } from '../volume/hash';
import { CPU_REFERENCE, computeSimilarity, hashScoresFromBits, methodBackend } from '../similarity';
import type { ReductionParams } from '../reduction/types';
import { conversionForStorage, convertVolume } from './conversion';
import { reduceScored, reduceVolume } from './reduceVolume';
import { StreamingDhash } from './streamDhash';
import { StreamingHasher, allOnSlice } from './streamHash';

const nodeSha256 = () => createHash('sha256');
const BUDGET = 2 ** 30;
const HASH: ReductionParams = { method: 'hash', algorithm: 'greedy', drop: 'later', maxDistance: 6 };
const headCt = (): InputFile => fixtureFiles('head-ct.nii.gz', join(repoRoot, 'public/samples'))[0];
const comparable = (r: Awaited<ReturnType<typeof reduceVolume>>) => ({ ...r, timings: undefined });

async function streamedReduce(file: InputFile, params: ReductionParams) {
  const dhash = new StreamingDhash();
  const hasher = new StreamingHasher(nodeSha256);
  const streamed = await streamNifti(file, { onSlice: allOnSlice(hasher.onSlice, dhash.onSlice)! });
  const sha = hasher.takeStreamed(streamed);
  const bits = dhash.take(streamed.meta.slices);
  if (sha === undefined || !bits) return { streamed, reduced: undefined, scores: undefined };
  const scores = hashScoresFromBits(bits, methodBackend(CPU_REFERENCE, 'hash'));
  const reduced = reduceScored(streamed.meta, { scores, conversion: conversionForStorage('other'), voxelSha256: sha }, { params, source: file.path }, { convertSeconds: 0, scoreSeconds: 0, hashSeconds: 0 });
  return { streamed, reduced, scores };
}

async function wholeReduce(file: InputFile, params: ReductionParams) {
  const volume = await readNifti(file, { memoryBudgetBytes: BUDGET });
  return reduceVolume(volume, { params, compute: { backend: CPU_REFERENCE }, source: file.path, voxelSha256: await voxelSha256(volume) });
}

describe('HASH streamed without keeping the voxels', () => {
  const promotedPartway = ['n1_uint16.nii']; // int16 for the first slice, float32 from a later one

  it.each(Object.keys(expected.nifti).filter((n) => !promotedPartway.includes(n)))('%s: equals the whole-volume pipeline', async (name) => {
    const [file] = fixtureFiles(`nifti/${name}`);
    const { reduced, streamed } = await streamedReduce(file, HASH);
    expect(streamed.storage).toBe(expected.nifti[name].dtype);
    expect(reduced).toBeDefined();
    expect(comparable(reduced!)).toEqual(comparable(await wholeReduce(file, HASH)));
    expect(reduced!.entry.voxelSha256).toBe(expected.nifti[name].sha256);
  });

  it('the bundled head CT (.nii.gz, real CT): the same entry, kept set and dHashes, at two thresholds', async () => {
    for (const maxDistance of [3, 10]) {
      const params = { ...HASH, maxDistance };
      const { reduced, scores } = await streamedReduce(headCt(), params);
      const whole = await wholeReduce(headCt(), params);
      expect(comparable(reduced!)).toEqual(comparable(whole));
      const volume = await readNifti(headCt(), { memoryBudgetBytes: BUDGET });
      const reference = await computeSimilarity(convertVolume(volume).stack, 'hash', { backend: CPU_REFERENCE });
      expect(scores!.hashes).toEqual(reference.hashes);
      expect({ ...scores!, threads: undefined }).toEqual({ ...reference, threads: undefined });
      expect(reduced!.result.kept.length).toBeLessThan(reduced!.result.n); // a real decision, not all kept
    }
  });

  it('a volume that turns float32 partway cannot be hashed from its slices: says so (the caller reads it whole)', async () => {
    const [file] = fixtureFiles('nifti/n1_uint16.nii');
    const { streamed, reduced } = await streamedReduce(file, HASH);
    expect(streamed.storage).toBe('float32');
    expect(streamed.promotedAt).toBeGreaterThan(0);
    expect(reduced).toBeUndefined();
  });

  it('holds no volume: the memory budget that refuses a whole read does not apply', async () => {
    await expect(readNifti(headCt(), { memoryBudgetBytes: 1024 })).rejects.toThrow(/over the memory budget/);
    const sizes = new Set<number>();
    const s = await streamNifti(headCt(), { onSlice: (_k, slice) => sizes.add(slice.length) });
    expect([...sizes]).toEqual([s.meta.rows * s.meta.cols]);
  });

  it('hands out the very slices readNifti holds, in order, with one type', async () => {
    for (const name of Object.keys(expected.nifti)) {
      const [file] = fixtureFiles(`nifti/${name}`);
      const whole = await readNifti(file, { memoryBudgetBytes: BUDGET });
      const len = whole.rows * whole.cols;
      const seen: number[] = [];
      await streamNifti(file, {
        onSlice: (k, slice) => {
          seen.push(k);
          expect(Array.from(slice)).toEqual(Array.from(whole.voxels.subarray(k * len, (k + 1) * len)));
        },
      });
      expect(seen).toEqual([...Array(whole.slices).keys()]);
    }
  });

  it('reports a truncated file by name, as readNifti does', async () => {
    const [file] = fixtureFiles('nifti/n1_int16.nii');
    const bytes = await file.read();
    const cut = { ...file, read: async () => bytes.subarray(0, bytes.length - 10), stream: undefined };
    await expect(streamNifti(cut, { onSlice: () => undefined })).rejects.toThrow(/n1_int16\.nii: truncated/);
  });
});

describe('HASH streamed from a DICOM series without keeping the voxels', () => {
  const sources = [...Object.keys(expected.dicom).map((n) => `dicom/${n}`), 'dicom/series_shuffled', 'dicom/series_tilt', 'dicom/series_nopos', 'dicom/series_mixed_sizes'];

  it.each(sources)('%s: the very slices loadVolume holds, and the whole pipeline\'s result', async (rel) => {
    const found = await discoverVolumes(fixtureFiles(rel));
    expect(found.volumes.length).toBeGreaterThan(0);
    for (const entry of found.volumes) {
      const { volume } = await loadVolume(entry, { memoryBudgetBytes: BUDGET });
      const len = volume.rows * volume.cols;
      const dhash = new StreamingDhash();
      const hasher = new StreamingHasher(nodeSha256);
      const seen: number[] = [];
      const streamed = await streamVolume(entry, {
        onSlice: allOnSlice(hasher.onSlice, dhash.onSlice, (k, slice) => {
          seen.push(k);
          expect(Array.from(slice)).toEqual(Array.from(volume.voxels.subarray(k * len, (k + 1) * len)));
        })!,
      });
      expect(streamed).toBeDefined();
      expect(seen).toEqual([...Array(volume.slices).keys()]);
      expect({ ...streamed!.meta, warnings: undefined }).toEqual({ ...volume, voxels: undefined, warnings: undefined });
      const sha = hasher.takeStreamed(streamed!);
      if (streamed!.promotedAt !== undefined) {
        expect(sha).toBeUndefined();
        continue;
      }
      const scores = hashScoresFromBits(dhash.take(streamed!.meta.slices)!, methodBackend(CPU_REFERENCE, 'hash'));
      const reduced = reduceScored(streamed!.meta, { scores, conversion: conversionForStorage('other'), voxelSha256: sha! }, { params: HASH }, { convertSeconds: 0, scoreSeconds: 0, hashSeconds: 0 });
      const whole = await reduceVolume(volume, { params: HASH, compute: { backend: CPU_REFERENCE }, voxelSha256: await voxelSha256(volume) });
      expect(comparable(reduced)).toEqual(comparable(whole));
    }
  });
});
