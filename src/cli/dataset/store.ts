/**
 * The output folder of a dataset run:
 *   DIR/volumes.json            the discovered list (every shard writes the same one)
 *   DIR/results/<name>.json     one result per volume (core/dataset VolumeResult)
 *   DIR/failed/<name>.json      why a volume failed in the last run that tried it
 *   DIR/logs/shard-K-of-N.json  each shard's summary
 * Every file is written atomically: to a temporary name in the same folder, then renamed, so a
 * killed task never leaves half a result that a resume or a merge would trust.
 */
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseVolumeResult, resultFileName, type VolumeResult } from '../../core/dataset';
import type { ResultFile } from '../../core/dataset';
import type { DatasetTree } from './tree';

export const VOLUMES_FILE = 'volumes.json';

export async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** A file written piece by piece to a temporary name and renamed into place by commit(). */
export async function atomicWriter(path: string): Promise<{ write(text: string): Promise<void>; commit(): Promise<void>; abort(): Promise<void> }> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const handle = await open(tmp, 'w');
  return {
    write: async (text) => {
      await handle.write(text);
    },
    commit: async () => {
      await handle.close();
      await rename(tmp, path);
    },
    abort: async () => {
      await handle.close().catch(() => undefined);
      await rm(tmp, { force: true });
    },
  };
}

export const resultPath = async (outDir: string, key: string): Promise<string> => join(outDir, 'results', await resultFileName(key));
export const failurePath = async (outDir: string, key: string): Promise<string> => join(outDir, 'failed', await resultFileName(key));

/** The result stored for this key, or undefined when there is none or it cannot be read. */
export async function readResult(outDir: string, key: string): Promise<VolumeResult | undefined> {
  const path = await resultPath(outDir, key);
  try {
    return parseVolumeResult(await readFile(path, 'utf8'), path);
  } catch {
    return undefined;
  }
}

export async function writeVolumesList(outDir: string, tree: DatasetTree): Promise<void> {
  await writeAtomic(join(outDir, VOLUMES_FILE), `${JSON.stringify({ root: tree.root, volumes: tree.volumes, skipped: tree.skipped })}\n`);
}

export async function readVolumesList(outDir: string): Promise<DatasetTree> {
  const path = join(outDir, VOLUMES_FILE);
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`${path}: not found; run 'dataset reduce … --out-dir ${outDir}' first`);
  }
  const data = JSON.parse(text) as DatasetTree;
  if (!Array.isArray(data.volumes)) throw new Error(`${path}: no 'volumes' list`);
  return data;
}

/** The result files under DIR/results. */
export async function resultFiles(outDir: string): Promise<string[]> {
  const dir = join(outDir, 'results');
  return (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort().map((n) => join(dir, n));
}

/** One result file, parsed and checked (throws naming the file). */
export async function readResultFile(file: string): Promise<ResultFile> {
  return { file, result: parseVolumeResult(await readFile(file, 'utf8'), file) };
}

/** Failure messages recorded by reduce runs, by key. */
export async function readFailures(outDir: string): Promise<Map<string, string>> {
  const dir = join(outDir, 'failed');
  const out = new Map<string, string>();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    try {
      const f = JSON.parse(await readFile(join(dir, name), 'utf8')) as { key: string; message: string };
      out.set(f.key, f.message);
    } catch {
      // a failure note that cannot be read only loses its message
    }
  }
  return out;
}
