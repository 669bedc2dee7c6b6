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
 * Streaming: results are read one at a time (a check pass keeping only keys, parameter keys and
 * counts, then a write pass), so memory does not grow with the number of volumes; the manifest text
 * is what serializeManifest would write for the whole merged manifest.
 */
import { describeProblems, findProblems, hasProblems, mergedHeader, mergedVolume, summaryOfCounts, datasetDatalist, type ResultRef } from '../../core/dataset';
import { manifestToCsv } from '../../core/export';
import type { Manifest, ManifestConversion } from '../../core/manifest';
import { parseOptions } from '../args';
import { CliError } from '../errors';
import { atomicWriter, readFailures, readResultFile, readVolumesList, resultFiles, writeAtomic } from '../dataset/store';

/** Paths of the files written beside the manifest. */
export function siblingPaths(out: string): { datalist: string; csv: string; summary: string } {
  const stem = out.replace(/\.json$/i, '');
  return { datalist: `${stem}.datalist.json`, csv: `${stem}.csv`, summary: `${stem}.summary.json` };
}

interface Checked extends ResultRef {
  conversion: ManifestConversion;
  backend: string;
  n: number;
  kept: number;
}

/** Pass 1: every result file, parsed and checked, reduced to what the checks and the summary need. */
async function checkAll(dir: string): Promise<Checked[]> {
  const out: Checked[] = [];
  const unreadable: string[] = [];
  for (const file of await resultFiles(dir)) {
    try {
      const { result } = await readResultFile(file);
      const [v] = result.manifest.volumes;
      out.push({ file, key: result.key, paramsKey: result.paramsKey, conversion: result.manifest.params.conversion, backend: result.manifest.backend, n: v.n, kept: v.kept.length });
    } catch (err) {
      unreadable.push((err as Error).message);
    }
  }
  if (unreadable.length) throw new CliError(`dataset merge: ${unreadable.length} result file(s) cannot be read: ${unreadable.slice(0, 3).join('; ')}`);
  return out;
}

const indent = (text: string, by: string): string => text.split('\n').map((l) => by + l).join('\n');

/** Pass 2: the manifest, CSV and datalist, one volume at a time, in discovery order. */
async function writeAll(ordered: Checked[], header: Omit<Manifest, 'volumes'>, out: string): Promise<void> {
  const paths = siblingPaths(out);
  const [manifest, csv, datalist] = await Promise.all([atomicWriter(out), atomicWriter(paths.csv), atomicWriter(paths.datalist)]);
  try {
    const head = JSON.stringify({ ...header, volumes: [] }, null, 2);
    await manifest.write(`${head.slice(0, head.lastIndexOf('[]'))}[\n`);
    await datalist.write('{\n "training": [\n');
    let anyItems = false;
    for (let i = 0; i < ordered.length; i++) {
      const { result } = await readResultFile(ordered[i].file);
      const volume = mergedVolume(result.manifest, header.params.conversion);
      const one: Manifest = { ...header, volumes: [volume] };
      await manifest.write(`${i ? ',\n' : ''}${indent(JSON.stringify(volume, null, 2), '    ')}`);
      const rows = manifestToCsv(one);
      await csv.write(i ? rows.slice(rows.indexOf('\r\n') + 2) : rows);
      const items = datasetDatalist(one).training.map((item) => `  ${JSON.stringify(item)}`);
      if (items.length) await datalist.write(`${anyItems ? ',\n' : ''}${items.join(',\n')}`);
      anyItems ||= items.length > 0;
    }
    await manifest.write('\n  ]\n}\n');
    await datalist.write('\n ]\n}\n');
    await Promise.all([manifest.commit(), csv.commit(), datalist.commit()]);
  } catch (err) {
    await Promise.all([manifest.abort(), csv.abort(), datalist.abort()]);
    throw err;
  }
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
  const keys = tree.volumes.map((v) => v.key);
  if (!keys.length) throw new CliError(`dataset merge: ${dir}/volumes.json lists no volume`);
  const checked = await checkAll(dir);
  const problems = findProblems(keys, checked, await readFailures(dir));
  if (hasProblems(problems)) throw new CliError(`dataset merge: refused: ${describeProblems(problems)}`);
  const byKey = new Map(checked.map((c) => [c.key, c]));
  const ordered = keys.map((k) => byKey.get(k)!);
  const first = (await readResultFile(ordered[0].file)).result.manifest;
  const header = mergedHeader(first, ordered.map((c) => c.conversion), ordered.map((c) => c.backend));
  await writeAll(ordered, header, out);
  const summary = summaryOfCounts(ordered.map((c) => ({ id: c.key, n: c.n, kept: c.kept })));
  const paths = siblingPaths(out);
  await writeAtomic(paths.summary, `${JSON.stringify({ root: tree.root, method: header.method, algorithm: header.algorithm, params: header.params, ...summary }, null, 1)}\n`);
  const d = summary.perVolumeKeptPercent;
  process.stderr.write(
    `ctsieve: dataset merge: ${summary.volumes} volumes, ${summary.slices} slices, kept ${summary.kept} (${summary.keptPercent.toFixed(1)}%); ` +
      `kept % per volume: min ${d.min.toFixed(1)}, median ${d.median.toFixed(1)}, max ${d.max.toFixed(1)} → ${out} (+ ${paths.datalist}, ${paths.csv}, ${paths.summary})\n`,
  );
  return 0;
}
