/**
 * `ctsieve reduce <input> --method all|everyn|hash|ssim|nmi|deepnet [--algorithm greedy|leader]
 *                 (--threshold T | --keep-fraction F | --every N) [--drop later|earlier]
 *                 [--backend auto|webgpu|cpu] [--out manifest.json] [--series UID]`
 *
 * Reads one volume and runs it through core's reduceVolume pipeline (8-bit: uint8 input as is, else
 * per-slice min/max; scores; reduction), then writes the manifest (DESIGN.md "Manifest (v1)") to --out or stdout.
 * --threshold is the method's own unit: max Hamming distance for hash, min similarity otherwise.
 * DeepNet takes a user's model with `--model PATH` and its settings (src/cli/model.ts).
 */
import { writeFile } from 'node:fs/promises';
import { serializeManifest } from '../../core/manifest';
import { allOnSlice, manifestOf, needsScores, StreamingConverter, StreamingHasher } from '../../core/pipeline';
import { readOneVolume, reportReadProblems } from '../input';
import { nodeSha256 } from '../io';
import { describe, parseReduceArgs } from '../reduceArgs';
import { reduceOne } from '../reduceOne';
import { useThreads } from '../backendChoice';

export default async function reduceCommand(args: string[]): Promise<number> {
  const { input, params, backend, threads, out, series, memoryBudgetBytes, model } = parseReduceArgs(args);
  useThreads(threads);
  // Slices are made 8-bit while the rest of the file is still decompressing (NIfTI).
  // and hashed (voxelSha256) slice by slice with Node's SHA-256, in place.
  const converter = needsScores(params) ? new StreamingConverter() : undefined;
  const hasher = new StreamingHasher(nodeSha256);
  const { volume, result: read } = await readOneVolume(input, series, allOnSlice(converter?.onSlice, hasher.onSlice));
  reportReadProblems(volume, read);
  const reduced = await reduceOne(volume, input, { params, backend, memoryBudgetBytes, model }, { converted: converter?.take(volume), voxelSha256: hasher.take(volume) });
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
