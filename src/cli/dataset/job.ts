/**
 * One volume of a dataset run, start to finish, in whichever thread runs it: load it (alone), hash
 * it, reuse the stored result when voxels and parameters are the same, else reduce it through the
 * core pipeline and write the result atomically. A failure is caught, recorded under DIR/failed
 * and returned, so the other volumes go on.
 */
import { rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { RESULT_SCHEMA, type VolumeResult } from '../../core/dataset';
import { allOnSlice, manifestOf, StreamingConverter, StreamingHasher, type ReducedVolume } from '../../core/pipeline';
import { loadVolume } from '../../core/volume';
import { reduceOne, type ReduceRun } from '../reduceOne';
import { nodeGunzip, nodeSha256, reusedBufferGunzip } from '../io';
import { failurePath, readResult, resultPath, writeAtomic } from './store';
import { sourceOf, toDiscovered, type TreeVolume } from './tree';
import { canStreamHash, discoveredSource, reduceStreamedHash } from '../streamedHash';

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
  /** The disk was full (ENOSPC) when this volume's result was written: the run stops (runJobs hands out no more). */
  diskFull?: true;
}

const keptOf = (r: VolumeResult): { n: number; kept: number } => ({ n: r.manifest.volumes[0].n, kept: r.manifest.volumes[0].kept.length });

export async function processVolume(job: VolumeJob): Promise<JobOutcome> {
  const started = performance.now();
  const { key, bytes } = job.volume;
  const seconds = (): number => (performance.now() - started) / 1000;
  try {
    const existing = await readResult(job.outDir, key);
    // Only a volume with a result on disk can be skipped; a fresh one needs no early check.
    const stored = existing && ((sha: string): boolean => existing.voxelSha256 === sha && existing.paramsKey === job.paramsKey);
    const reduced = await reduceJobVolume(job, stored);
    if (reduced === 'stored') return { key, status: 'skipped', bytes, ...keptOf(existing!), seconds: seconds() };
    const { voxelSha256 } = reduced;
    const manifest = manifestOf([reduced.reduced], job.run.params);
    const result: VolumeResult = { schema: RESULT_SCHEMA, key, paramsKey: job.paramsKey, voxelSha256, manifest, seconds: seconds(), shard: job.shard };
    await writeAtomic(await resultPath(job.outDir, key), `${JSON.stringify(result)}\n`);
    await rm(await failurePath(job.outDir, key), { force: true });
    return { key, status: 'reduced', bytes, ...keptOf(result), seconds: seconds() };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    // A full disk is no fault of the volume: no failure note (it could not be written either), and the run stops.
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') return { key, status: 'failed', bytes, seconds: seconds(), message, diskFull: true };
    await writeAtomic(await failurePath(job.outDir, key), `${JSON.stringify({ key, message, shard: job.shard, at: new Date().toISOString() })}\n`).catch(() => undefined);
    return { key, status: 'failed', bytes, seconds: seconds(), message };
  }
}

/**
 * The volume reduced, or 'stored' when `stored(voxelSha256)` says its result is on disk already
 * (checked before scoring; a streamed HASH run has its dHashes by then, which cost little). HASH
 * on NIfTI and DICOM streams (../streamedHash.ts); everything else reads the volume whole.
 */
async function reduceJobVolume(job: VolumeJob, stored: ((sha: string) => boolean) | undefined): Promise<{ reduced: ReducedVolume; voxelSha256: string } | 'stored'> {
  const entry = toDiscovered(job.root, job.volume);
  const label = ({ name }: { name: string }) => ({ id: job.volume.key, name: name && name !== '.' ? name : basename(resolve(job.root)) });
  const source = sourceOf(job.volume);
  if (canStreamHash(entry, job.run)) {
    // With a stored result the digest is read first (before any backend starts); else the backend is settled first, so a GPU run reads the file once.
    const streamed = await reduceStreamedHash(discoveredSource(entry), { run: job.run, label, source, gunzip: reusedBufferGunzip }, stored);
    if (streamed === 'stored' || streamed) return streamed;
  }
  // Slices are made 8-bit and hashed (Node's SHA-256, in place) while the rest of the file is
  // still decompressing (NIfTI); other formats are hashed once read.
  const converter = new StreamingConverter();
  const hasher = new StreamingHasher(nodeSha256);
  const { volume } = await loadVolume(entry, { memoryBudgetBytes: job.readBudgetBytes, onSlice: allOnSlice(converter.onSlice, hasher.onSlice), gunzip: nodeGunzip });
  const voxelSha256 = hasher.take(volume);
  if (stored?.(voxelSha256)) return 'stored';
  const reduced = await reduceOne(volume, source, { ...job.run, quiet: true }, { command: 'dataset reduce', label: label(volume), voxelSha256, converted: converter.take(volume) });
  return { reduced, voxelSha256 };
}
