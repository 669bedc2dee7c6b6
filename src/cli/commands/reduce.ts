/**
 * `ctsieve reduce <input> --method all|everyn|hash|ssim|nmi|deepnet [--algorithm greedy|leader]
 *                 (--threshold T | --keep-fraction F | --every N) [--drop later|earlier]
 *                 [--backend auto|webgpu|cpu] [--out manifest.json] [--series UID]`
 *
 * Reads one volume and runs it through core's reduceVolume pipeline (8-bit: uint8 input as is, else
 * per-slice min/max; scores; reduction), then writes the manifest (DESIGN.md "Manifest (v1)") to --out or stdout.
 * HASH on one NIfTI file or DICOM series streams it (no voxels held; the same manifest).
 * --threshold is the method's own unit: max Hamming distance for hash, min similarity otherwise.
 * DeepNet takes a user's model with `--model PATH` and its settings (src/cli/model.ts).
 */
import { writeFile } from 'node:fs/promises';
import { serializeManifest } from '../../core/manifest';
import { allOnSlice, manifestOf, needsScores, StreamingConverter, StreamingHasher, type ReducedVolume } from '../../core/pipeline';
import { streamOneVolume, VolumeReadError, type NiftiStreamOptions } from '../../core/volume';
import { readOneVolume, reportReadProblems } from '../input';
import { collectInputFiles, nodeGunzip, nodeSha256 } from '../io';
import { describe, parseReduceArgs } from '../reduceArgs';
import { labelFor, reduceOne, type ReduceRun } from '../reduceOne';
import { reduceStreamedHash } from '../streamedHash';
import { useThreads } from '../backendChoice';
import { checkModelPath } from '../model';

export default async function reduceCommand(args: string[]): Promise<number> {
  const { input, params, backend, threads, out, series, memoryBudgetBytes, model } = parseReduceArgs(args);
  useThreads(threads);
  await checkModelPath(model);
  const run = { params, backend, memoryBudgetBytes, model };
  const reduced = (await streamedHash(input, series, run)) ?? (await wholeVolume(input, series, run));
  const manifest = manifestOf([reduced], params);
  const text = serializeManifest(manifest);
  if (out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  await writeFile(out, text);
  const { result } = reduced;
  process.stderr.write(`ctsieve: kept ${result.kept.length} of ${result.n} slices (${describe(params)}, backend ${manifest.backend}) → ${out}\n`);
  return 0;
}

/**
 * HASH of one NIfTI file or one DICOM series (the folder's only one, or --series): streamed, no
 * voxels held (../streamedHash.ts). Undefined when that does not apply — another method, another
 * input (several volumes, PNG, .npy, files no reader takes) or a read error — and the whole read
 * then runs and says what it finds, with its own messages.
 */
async function streamedHash(input: string, series: string | undefined, run: ReduceRun): Promise<ReducedVolume | undefined> {
  if (run.params.method !== 'hash') return undefined;
  const files = await collectInputFiles(input);
  const source = { key: input, stream: (opts: NiftiStreamOptions) => streamOneVolume(files, { ...opts, seriesUID: series }) };
  let streamed;
  try {
    // Node's threadpool gunzip: here it overlaps the hashing on this thread.
    streamed = await reduceStreamedHash(source, { run, command: 'reduce', source: input, label: (meta) => labelFor(meta, input), gunzip: nodeGunzip });
  } catch (err) {
    if (err instanceof VolumeReadError) return undefined;
    throw err;
  }
  if (!streamed) return undefined;
  for (const w of streamed.warnings) process.stderr.write(`ctsieve: warning: ${input}: ${w}\n`);
  for (const s of streamed.skipped) process.stderr.write(`ctsieve: skipped ${s.reason}\n`);
  return streamed.reduced;
}

/**
 * Any volume, read whole: slices are made 8-bit while the rest of the file is still decompressing
 * (NIfTI) and hashed (voxelSha256) slice by slice with Node's SHA-256, in place.
 */
async function wholeVolume(input: string, series: string | undefined, run: ReduceRun): Promise<ReducedVolume> {
  const converter = needsScores(run.params) ? new StreamingConverter() : undefined;
  const hasher = new StreamingHasher(nodeSha256);
  const { volume, result: read } = await readOneVolume(input, series, allOnSlice(converter?.onSlice, hasher.onSlice));
  reportReadProblems(volume, read, input);
  return reduceOne(volume, input, run, { converted: converter?.take(volume), voxelSha256: hasher.take(volume) });
}
