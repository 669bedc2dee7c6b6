/**
 * HASH over a NIfTI volume or a DICOM series without ever holding it (`reduce` of one
 * .nii/.nii.gz, and every such volume of a dataset run): slices stream out of gunzip (or the series' files) one at a time; each is hashed into voxelSha256, made
 * 8-bit and reduced to its dHash on the spot, and dropped. No voxel buffer, 8-bit stack or
 * per-volume garbage is made, so a thread's memory is a few slices whatever the volume's size.
 * Used when HASH would run on the CPU reference anyway; the result equals the whole-volume path's
 * (same conversion and kernel per slice; streamedHash.test.ts compares the two).
 */
import { conversionForStorage, reduceScored, StreamingDhash, StreamingHasher, allOnSlice, type ReducedVolume } from '../core/pipeline';
import { hashScoresFromBits, methodBackend, type ComputeOptions } from '../core/similarity';
import type { BackendInfo } from '../core/backend';
import { streamVolume, type DiscoveredVolume, type NiftiStreamOptions, type ReadOptions, type SkippedFile, type StreamedVolume, type VolumeMeta } from '../core/volume';
import type { ReduceRun } from './reduceOne';
import { withScoring } from './scores';
import { nodeSha256 } from './io';

export interface StreamedHashRun {
  run: ReduceRun;
  /** Manifest id and name of the volume read. */
  label: (meta: VolumeMeta) => { id: string; name: string };
  /** Named in messages (default 'dataset reduce'). */
  command?: string;
  source: string;
  gunzip?: ReadOptions['gunzip'];
}

export interface StreamedHashResult {
  reduced: ReducedVolume;
  voxelSha256: string;
  /** The reader's warnings about the volume (orientation not applied, 4-D...). */
  warnings: string[];
  /** Files of the volume that could not be used, with the reason. */
  skipped: SkippedFile[];
}

/** Where the slices come from: a discovered volume (streamVolume) or a user's input (streamOneVolume). */
export interface StreamSource {
  /** Named in messages. */
  key: string;
  stream(opts: NiftiStreamOptions): Promise<StreamedVolume | undefined>;
}

/** A discovered volume as a StreamSource. */
export const discoveredSource = (entry: DiscoveredVolume): StreamSource => ({ key: entry.key, stream: (opts) => streamVolume(entry, opts) });

/** Whether a volume can take the streamed path at all (the backend is checked once settled). */
export function canStreamHash(entry: DiscoveredVolume, run: ReduceRun): boolean {
  return (entry.format === 'nifti' || entry.format === 'dicom') && run.params.method === 'hash';
}

/**
 * The reduced volume and its voxelSha256; 'stored' when `stored(voxelSha256)` says its result is on
 * disk already; undefined when the streamed path does not apply after all (HASH settles on a GPU
 * backend, or the volume turned float32 partway, so the int16 slices already hashed are not its
 * voxel bytes): the caller then reads the volume whole. Read errors are the reader's own
 * (VolumeReadError, naming the file); backend errors are withScoring's CliErrors.
 */
export async function reduceStreamedHash(source: StreamSource, opts: StreamedHashRun): Promise<StreamedHashResult | undefined>;
export async function reduceStreamedHash(source: StreamSource, opts: StreamedHashRun, stored: ((sha: string) => boolean) | undefined): Promise<StreamedHashResult | 'stored' | undefined>;
export async function reduceStreamedHash(source: StreamSource, opts: StreamedHashRun, stored?: (sha: string) => boolean): Promise<StreamedHashResult | 'stored' | undefined> {
  // Resuming: a stored result is recognised before any backend is started (as the whole path does),
  // so a finished volume is skipped even where the backend asked for is not available.
  let read = stored ? await readStreamed(source, opts.gunzip) : undefined;
  if (read && stored?.(read.voxelSha256)) return 'stored';
  const cpu = await cpuHashBackend(source.key, opts);
  if (!cpu) return undefined;
  read ??= await readStreamed(source, opts.gunzip);
  if (!read) return undefined;
  const t = performance.now();
  const scores = hashScoresFromBits(read.bits, cpu.info, cpu.compute);
  const timings = { convertSeconds: read.seconds, scoreSeconds: (performance.now() - t) / 1000, hashSeconds: 0 };
  const { meta, voxelSha256 } = read;
  const params = { params: opts.run.params, source: opts.source, label: opts.label(meta) };
  // NIfTI and DICOM voxels are int16 or float32, never uint8: the conversion is recorded as it runs.
  return { reduced: reduceScored(meta, { scores, conversion: conversionForStorage('other'), voxelSha256 }, params, timings), voxelSha256, warnings: meta.warnings, skipped: read.skipped };
}

/** The settled backend when HASH runs on the CPU reference there (with its note), else undefined. */
async function cpuHashBackend(label: string, opts: StreamedHashRun): Promise<{ info: BackendInfo; compute: ComputeOptions } | undefined> {
  const { run } = opts;
  const scoring = { backend: run.backend, memoryBudgetBytes: run.memoryBudgetBytes, label, quiet: true };
  return withScoring(opts.command ?? 'dataset reduce', 'hash', scoring, async (compute) => {
    const info = methodBackend(compute.backend!, 'hash');
    return info.name === 'cpu' ? { info, compute } : undefined;
  });
}

/** One pass over the volume: its description, voxelSha256 and every slice's dHash bits; undefined when the slices are not its voxel bytes. */
async function readStreamed(source: StreamSource, gunzip: ReadOptions['gunzip']): Promise<{ meta: VolumeMeta; voxelSha256: string; bits: Uint8Array[]; seconds: number; skipped: SkippedFile[] } | undefined> {
  const t = performance.now();
  const dhash = new StreamingDhash();
  const hasher = new StreamingHasher(nodeSha256);
  const streamed = await source.stream({ onSlice: allOnSlice(hasher.onSlice, dhash.onSlice)!, gunzip });
  if (!streamed) return undefined;
  const voxelSha256 = hasher.takeStreamed(streamed);
  const bits = dhash.take(streamed.meta.slices);
  if (voxelSha256 === undefined || !bits) return undefined;
  return { meta: streamed.meta, voxelSha256, bits, seconds: (performance.now() - t) / 1000, skipped: streamed.skipped ?? [] };
}
