/**
 * One volume of a dataset run, start to finish, in whichever thread runs it: load it (alone), hash
 * it, reuse the stored result when voxels and parameters are the same, else reduce it through the
 * core pipeline and write the result atomically. A failure is caught, recorded under DIR/failed
 * and returned, so the other volumes go on.
 */
import { rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { RESULT_SCHEMA, type VolumeResult } from '../../core/dataset';
import { allOnSlice, manifestOf, StreamingConverter, StreamingHasher } from '../../core/pipeline';
import { loadVolume } from '../../core/volume';
import { reduceOne, type ReduceRun } from '../reduceOne';
import { nodeGunzip, nodeSha256 } from '../io';
import { failurePath, readResult, resultPath, writeAtomic } from './store';
import { sourceOf, toDiscovered, type TreeVolume } from './tree';

export interface VolumeJob {
  root: string;
  outDir: string;
  volume: TreeVolume;
  run: ReduceRun;
  paramsKey: string;
  /** Largest voxel buffer this volume may allocate. */
  readBudgetBytes: number;
  /** "k/N", recorded in the result. */
  shard: string;
}

export interface JobOutcome {
  key: string;
  status: 'reduced' | 'skipped' | 'failed';
  bytes: number;
  n?: number;
  kept?: number;
  seconds: number;
  message?: string;
}

const keptOf = (r: VolumeResult): { n: number; kept: number } => ({ n: r.manifest.volumes[0].n, kept: r.manifest.volumes[0].kept.length });

export async function processVolume(job: VolumeJob): Promise<JobOutcome> {
  const started = performance.now();
  const { key, bytes } = job.volume;
  const seconds = (): number => (performance.now() - started) / 1000;
  try {
    const existing = await readResult(job.outDir, key);
    // Slices are made 8-bit and hashed (Node's SHA-256, in place) while the rest of the file is
    // still decompressing (NIfTI); other formats are hashed once read.
    const converter = new StreamingConverter();
    const hasher = new StreamingHasher(nodeSha256);
    const { volume } = await loadVolume(toDiscovered(job.root, job.volume), { memoryBudgetBytes: job.readBudgetBytes, onSlice: allOnSlice(converter.onSlice, hasher.onSlice), gunzip: nodeGunzip });
    const hashing = hasher.take(volume);
    if (existing && existing.voxelSha256 === hashing && existing.paramsKey === job.paramsKey) return { key, status: 'skipped', bytes, ...keptOf(existing), seconds: seconds() };
    const name = volume.name && volume.name !== '.' ? volume.name : basename(resolve(job.root));
    const reduced = await reduceOne(volume, sourceOf(job.volume), { ...job.run, quiet: true }, { command: 'dataset reduce', label: { id: key, name }, voxelSha256: hashing, converted: converter.take(volume) });
    const manifest = manifestOf([reduced], job.run.params);
    const result: VolumeResult = { schema: RESULT_SCHEMA, key, paramsKey: job.paramsKey, voxelSha256: hashing, manifest, seconds: seconds(), shard: job.shard };
    await writeAtomic(await resultPath(job.outDir, key), `${JSON.stringify(result)}\n`);
    await rm(await failurePath(job.outDir, key), { force: true });
    return { key, status: 'reduced', bytes, ...keptOf(result), seconds: seconds() };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    await writeAtomic(await failurePath(job.outDir, key), `${JSON.stringify({ key, message, shard: job.shard, at: new Date().toISOString() })}\n`).catch(() => undefined);
    return { key, status: 'failed', bytes, seconds: seconds(), message };
  }
}
