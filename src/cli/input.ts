/**
 * One volume from a CLI input path, shared by every command that reads one (info, similarity,
 * reduce, and next pretrain/dataset): the files, the memory budget, one-line read errors, and the
 * warnings and skipped files on stderr.
 * Memory budget: $CTSIEVE_MEMORY_BUDGET_MB (default 8192 MiB on the command line).
 */
import { readVolumes, VolumeReadError, type ReadOptions, type ReadResult, type Volume } from '../core/volume';
import { CliError } from './errors';
import { collectInputFiles, nodeGunzip } from './io';

/** The command line's default budget for one volume's voxels (the app's is core's DEFAULT_VOLUME_BUDGET_BYTES). */
export const CLI_DEFAULT_MEMORY_BUDGET_MB = 8192;

export function cliMemoryBudgetBytes(): number {
  const mb = Number(process.env.CTSIEVE_MEMORY_BUDGET_MB ?? CLI_DEFAULT_MEMORY_BUDGET_MB);
  if (!Number.isFinite(mb) || mb <= 0) throw new CliError(`CTSIEVE_MEMORY_BUDGET_MB must be a positive number of MiB, got '${process.env.CTSIEVE_MEMORY_BUDGET_MB}'`);
  return mb * 2 ** 20;
}

/** Reads exactly one volume from a CLI input path. */
export async function readOneVolume(input: string, series?: string, onSlice?: ReadOptions['onSlice']): Promise<{ volume: Volume; result: ReadResult }> {
  const files = await collectInputFiles(input);
  let result: ReadResult;
  try {
    result = await readVolumes(files, { seriesUID: series, requireSingleSeries: true, memoryBudgetBytes: cliMemoryBudgetBytes(), onSlice, gunzip: nodeGunzip });
  } catch (err) {
    if (err instanceof VolumeReadError) throw new CliError(err.message);
    throw err;
  }
  if (result.volumes.length > 1) {
    throw new CliError(`${input}: holds ${result.volumes.length} volumes (${result.volumes.map((v) => `${v.name}: ${v.slices} slices`).join('; ')}); give one of them`);
  }
  return { volume: result.volumes[0], result };
}

/** Warnings about the volume (naming the input) and the files that were skipped, one stderr line each. */
export function reportReadProblems(volume: Volume, result: ReadResult, input: string): void {
  for (const w of volume.warnings) process.stderr.write(`ctsieve: warning: ${input}: ${w}\n`);
  for (const s of result.skipped) process.stderr.write(`ctsieve: skipped ${s.reason}\n`);
}
