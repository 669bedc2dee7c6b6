/**
 * `ctsieve info <input> [--json] [--series UID]`: reads one volume and prints its size, spacing,
 * value range and voxelSha256 (DESIGN.md contract), as JSON or as a short readable summary.
 * Memory budget: $CTSIEVE_MEMORY_BUDGET_MB (default 8192 MiB on the command line).
 */
import { readVolumes, volumeInfo, VolumeReadError, type ReadOptions, type ReadResult, type Volume, type VolumeInfo } from '../../core/volume';
import { parseOptions } from '../args';
import { collectInputFiles, nodeGunzip } from '../io';
import { CliError } from '../run';

interface InfoArgs {
  input: string;
  json: boolean;
  series?: string;
}

function parseArgs(args: string[]): InfoArgs {
  const { input, opts } = parseOptions('info', args, ['--json', '--series'], ['--json']);
  return { input, json: opts['--json'] === 'true', series: opts['--series'] };
}

export function cliMemoryBudgetBytes(): number {
  const mb = Number(process.env.CTSIEVE_MEMORY_BUDGET_MB ?? 8192);
  if (!Number.isFinite(mb) || mb <= 0) throw new CliError(`CTSIEVE_MEMORY_BUDGET_MB must be a positive number of MiB, got '${process.env.CTSIEVE_MEMORY_BUDGET_MB}'`);
  return mb * 2 ** 20;
}

/** Reads exactly one volume from a CLI input path (shared by info, similarity and reduce). */
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

/** Warnings about the volume and the files that were skipped, one stderr line each. */
export function reportReadProblems(volume: Volume, result: ReadResult): void {
  for (const w of volume.warnings) process.stderr.write(`ctsieve: warning: ${w}\n`);
  for (const s of result.skipped) process.stderr.write(`ctsieve: skipped ${s.reason}\n`);
}

function summary(input: string, v: Volume, info: VolumeInfo, result: ReadResult): string {
  const lines = [
    `${input}: ${v.format} ${info.modality}, ${info.cols}×${info.rows}×${info.slices} (cols×rows×slices), ${v.voxels.constructor.name.replace('Array', '')}`,
    `spacing ${info.spacing.map((s) => +s.toFixed(4)).join(' × ')} mm`,
    `values ${info.huMin} .. ${info.huMax}, mean ${info.huMean.toFixed(2)}`,
    `voxelSha256 ${info.voxelSha256}`,
  ];
  for (const w of v.warnings) lines.push(`warning: ${w}`);
  for (const s of result.skipped) lines.push(`skipped: ${s.reason}`);
  return lines.join('\n');
}

export default async function info(args: string[]): Promise<number> {
  const { input, json, series } = parseArgs(args);
  const { volume, result } = await readOneVolume(input, series);
  const data = await volumeInfo(volume);
  process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${summary(input, volume, data, result)}\n`);
  if (json) for (const s of result.skipped) process.stderr.write(`ctsieve: skipped ${s.reason}\n`);
  return 0;
}
