/**
 * One volume through core's reduceVolume pipeline with the CLI's scoring setup and one-line
 * messages (shared by `reduce` and the `dataset reduce` workers).
 */
import { basename, resolve } from 'node:path';
import { needsScores, reduceVolume, type ConvertedVolume, type ReducedVolume } from '../core/pipeline';
import type { ReductionParams } from '../core/reduction';
import type { BackendRequest } from '../core/backend';
import type { MethodName } from '../core/methods';
import type { Volume, VolumeMeta } from '../core/volume';
import type { ModelFlags } from './model';
import { CliError } from './errors';
import { withScoring } from './scores';

/** A PNG folder given as the input itself is read as group '.': name it after the folder instead. */
export function labelFor(volume: Pick<VolumeMeta, 'id' | 'name'>, input: string): { id: string; name: string } {
  const folder = basename(resolve(input));
  return { id: volume.id === '.' ? folder : volume.id, name: volume.name === '.' || volume.name === '' ? folder : volume.name };
}

export interface ReduceRun {
  params: ReductionParams;
  backend: BackendRequest;
  memoryBudgetBytes?: number;
  model?: ModelFlags;
  /** No progress lines from the scoring step. */
  quiet?: boolean;
}

export interface ReduceOneOptions {
  /** Named in error messages (default 'reduce'). */
  command?: string;
  /** Manifest id and name (default: from the volume and the input path). */
  label?: { id: string; name: string };
  /** Known already (or being computed): not hashed again. */
  voxelSha256?: string | Promise<string>;
  /** The 8-bit stack made while reading (core StreamingConverter). */
  converted?: ConvertedVolume;
}

/** One volume through the core pipeline (reduceVolume) with the CLI's scoring setup and messages. */
export async function reduceOne(volume: Volume, source: string, run: ReduceRun, opts: ReduceOneOptions = {}): Promise<ReducedVolume> {
  const command = opts.command ?? 'reduce';
  const label = opts.label ?? labelFor(volume, source);
  const { params } = run;
  const base = { params, source, label, voxelSha256: opts.voxelSha256, converted: opts.converted };
  if (!needsScores(params)) {
    try {
      return await reduceVolume(volume, base);
    } catch (err) {
      throw new CliError(`${command}: ${label.name}: ${(err as Error).message}`);
    }
  }
  const method = params.method as MethodName;
  const scoring = { backend: run.backend, memoryBudgetBytes: run.memoryBudgetBytes, model: run.model, label: label.name, quiet: run.quiet };
  return withScoring(command, method, scoring, (compute) => reduceVolume(volume, { ...base, compute }));
}

