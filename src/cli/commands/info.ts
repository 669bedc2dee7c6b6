/**
 * `ctsieve info <input> [--json] [--series UID]`: reads one volume and prints its size, spacing,
 * value range and voxelSha256 (DESIGN.md contract), as JSON or as a short readable summary.
 * Memory budget: $CTSIEVE_MEMORY_BUDGET_MB (src/cli/input.ts).
 */
import { volumeInfo, type ReadResult, type Volume, type VolumeInfo } from '../../core/volume';
import { parseOptions } from '../args';
import { readOneVolume } from '../input';

interface InfoArgs {
  input: string;
  json: boolean;
  series?: string;
}

function parseArgs(args: string[]): InfoArgs {
  const { input, opts } = parseOptions('info', args, ['--json', '--series'], ['--json']);
  return { input, json: opts['--json'] === 'true', series: opts['--series'] };
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
