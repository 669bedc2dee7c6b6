/**
 * `pretrain` inputs: one or many volumes (each a DICOM folder, NIfTI file or PNG folder, or a
 * folder holding several of them, found as `dataset reduce` finds them: ./dataset/tree.ts), made
 * 8-bit as for similarity, optionally narrowed to a manifest's kept slices (volumes matched by
 * voxelSha256, as the app's manifest import does).
 */
import { readFile } from 'node:fs/promises';
import { applyManifest, ManifestError, parseManifest } from '../core/manifest';
import { toUint8Stack } from '../core/preprocess/toUint8';
import { trainingSlices, type VolumeSlices } from '../core/ssl/data';
import type { TrainingSlices } from '../core/ssl';
import { discoverVolumes, loadVolume, VolumeReadError, voxelSha256, type Volume } from '../core/volume';
import { cliMemoryBudgetBytes } from './input';
import { CliError } from './errors';
import { collectInputFiles, nodeGunzip } from './io';

export interface LoadedTrainingData {
  data: TrainingSlices;
  /** One line per volume for stderr. */
  summary: string[];
}

export interface LoadedVolumes {
  /** Every input with a kept slice (all of them without a manifest). */
  volumes: VolumeSlices[];
  /** One line per volume for stderr. */
  summary: string[];
}

/** The inputs as 8-bit stacks, each narrowed to the manifest's kept slices when one is given; errors start with `command:`. */
export async function loadVolumeSlices(inputs: string[], manifestPath: string | undefined, command: string): Promise<LoadedVolumes> {
  const volumes: (VolumeSlices & { sha: string })[] = [];
  for (const input of inputs) {
    // One volume at a time: its voxels go once its 8-bit slices are made.
    for await (const { id, volume } of volumesUnder(input)) volumes.push({ id, stack: toUint8Stack(volume), sha: await voxelSha256(volume) });
  }
  const summary: string[] = [];
  if (manifestPath) {
    let text: string;
    try {
      text = await readFile(manifestPath, 'utf8');
    } catch {
      throw new CliError(`${command}: --manifest ${manifestPath}: no such file`);
    }
    let applied;
    try {
      applied = applyManifest(parseManifest(text, manifestPath), volumes.map((v) => ({ id: v.id, voxelSha256: v.sha, n: v.stack.n })));
    } catch (e) {
      if (e instanceof ManifestError) throw new CliError(`${command}: ${e.message}`);
      throw e;
    }
    for (const u of applied.unmatchedLoaded) summary.push(`${u}: not in ${manifestPath}, skipped`);
    for (const u of applied.unmatched) summary.push(`${manifestPath} volume ${u.id}: ${u.reason}`);
    if (applied.matched.length === 0) throw new CliError(`${command}: --manifest ${manifestPath} matches none of the inputs (volumes are matched by voxelSha256)`);
    const kept = new Map(applied.matched.map((m) => [m.loadedId, m.kept]));
    for (const v of volumes) v.kept = kept.get(v.id) ?? [];
  }
  const used = volumes.filter((v) => v.kept === undefined || v.kept.length > 0);
  for (const v of used) summary.push(`${v.id}: ${v.kept ? `${v.kept.length} kept of ${v.stack.n}` : v.stack.n} slices, ${v.stack.cols}×${v.stack.rows}`);
  return { volumes: used.map(({ id, stack, kept }) => ({ id, stack, kept })), summary };
}

export async function loadTrainingData(inputs: string[], manifestPath?: string): Promise<LoadedTrainingData> {
  const { volumes, summary } = await loadVolumeSlices(inputs, manifestPath, 'pretrain');
  try {
    return { data: trainingSlices(volumes), summary };
  } catch (e) {
    throw new CliError(`pretrain: ${(e as Error).message}`);
  }
}

/**
 * Every volume under one input path (a file: itself), read one at a time, with its id: the input
 * itself when it holds one volume, else the input joined with the volume's file, PNG group or
 * `dicom:<SeriesInstanceUID>`. Warnings name the volume; files no reader takes are named and skipped.
 */
async function* volumesUnder(input: string): AsyncGenerator<{ id: string; volume: Volume }> {
  const found = await discoverVolumes(await collectInputFiles(input));
  for (const s of found.skipped) process.stderr.write(`ctsieve: skipped ${s.reason}\n`);
  if (!found.volumes.length) throw new CliError(`pretrain: no volume found in ${input} (${found.skipped.length} file(s) skipped)`);
  const single = found.volumes.length === 1;
  for (const entry of found.volumes) {
    const id = single ? input : `${input.replace(/\/+$/, '')}/${entry.key}`;
    let loaded;
    try {
      loaded = await loadVolume(entry, { memoryBudgetBytes: cliMemoryBudgetBytes(), gunzip: nodeGunzip });
    } catch (err) {
      if (err instanceof VolumeReadError) throw new CliError(`pretrain: ${id}: ${err.message}`);
      throw err;
    }
    for (const s of loaded.skipped) process.stderr.write(`ctsieve: skipped ${s.reason}\n`);
    for (const w of loaded.volume.warnings) process.stderr.write(`ctsieve: warning: ${id}: ${w}\n`);
    yield { id, volume: loaded.volume };
  }
}
