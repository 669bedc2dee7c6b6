/**
 * `ctsieve dataset merge DIR --out dataset-manifest.json`
 *
 * Checks that every volume `dataset reduce` discovered (DIR/volumes.json) has exactly one result
 * in DIR/results, all computed with one parameter set; else exits 1 naming what is missing (with
 * the recorded failure), twice, mixed or unexpected. Writes, atomically:
 *   --out                 the dataset manifest (ctsieve-manifest/1; volumes[] holds every volume once)
 *   <out>.datalist.json   MONAI datalist of the kept slices ({training: [{image, slice, volume}]})
 *   <out>.csv             one row per slice of every volume (core/export CSV)
 *   <out>.summary.json    kept % per volume and its distribution
 */
import { datasetDatalist, datasetSummary, MergeError, mergeResults } from '../../core/dataset';
import { manifestToCsv } from '../../core/export';
import { serializeManifest, validateManifest } from '../../core/manifest';
import { parseOptions } from '../args';
import { CliError } from '../errors';
import { readAllResults, readFailures, readVolumesList, writeAtomic } from '../dataset/store';

/** Paths of the files written beside the manifest. */
export function siblingPaths(out: string): { datalist: string; csv: string; summary: string } {
  const stem = out.replace(/\.json$/i, '');
  return { datalist: `${stem}.datalist.json`, csv: `${stem}.csv`, summary: `${stem}.summary.json` };
}

export default async function datasetMerge(args: string[]): Promise<number> {
  const { input: dir, opts } = parseOptions('dataset merge', args, ['--out']);
  const out = opts['--out'];
  if (!out) throw new CliError('dataset merge: --out dataset-manifest.json is required');
  let tree;
  try {
    tree = await readVolumesList(dir);
  } catch (err) {
    throw new CliError(`dataset merge: ${(err as Error).message}`);
  }
  const { results, unreadable } = await readAllResults(dir);
  if (unreadable.length) throw new CliError(`dataset merge: ${unreadable.length} result file(s) cannot be read: ${unreadable.slice(0, 3).join('; ')}`);
  let manifest;
  try {
    manifest = mergeResults({ keys: tree.volumes.map((v) => v.key), results, failures: await readFailures(dir) });
  } catch (err) {
    if (err instanceof MergeError) throw new CliError(`dataset merge: refused: ${err.message}`);
    throw err;
  }
  validateManifest(manifest, out);
  const summary = datasetSummary(manifest);
  const paths = siblingPaths(out);
  await writeAtomic(out, serializeManifest(manifest));
  await writeAtomic(paths.datalist, `${JSON.stringify(datasetDatalist(manifest), null, 1)}\n`);
  await writeAtomic(paths.csv, manifestToCsv(manifest));
  await writeAtomic(paths.summary, `${JSON.stringify({ root: tree.root, method: manifest.method, algorithm: manifest.algorithm, params: manifest.params, ...summary }, null, 1)}\n`);
  const d = summary.perVolumeKeptPercent;
  process.stderr.write(
    `ctsieve: dataset merge: ${summary.volumes} volumes, ${summary.slices} slices, kept ${summary.kept} (${summary.keptPercent.toFixed(1)}%); ` +
      `kept % per volume: min ${d.min.toFixed(1)}, median ${d.median.toFixed(1)}, max ${d.max.toFixed(1)} → ${out} (+ ${paths.datalist}, ${paths.csv}, ${paths.summary})\n`,
  );
  return 0;
}
