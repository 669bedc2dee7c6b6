/**
 * Node file system → core input: InputFiles that read lazily (one file at a time) and stream
 * where a reader can (NIfTI). Paths are relative to the given folder; a single file keeps the path
 * as the user typed it, so messages name what the user sees.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { InputFile, Sha256Stream } from '../core/volume';
import { CliError } from './errors';
import { reusedBufferGunzip, streamGunzip } from './inflate';

export function nodeInputFile(absPath: string, shownPath: string, size: number): InputFile {
  return {
    path: shownPath,
    size,
    read: async () => new Uint8Array(await readFile(absPath)),
    stream: () => createReadStream(absPath, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>,
    // A detached MetaImage/NRRD header's data file, named relative to the header.
    sibling: async (name) => {
      const abs = resolve(dirname(absPath), name);
      const info = await stat(abs).catch(() => undefined);
      return info?.isFile() ? nodeInputFile(abs, join(dirname(shownPath), name).split(sep).join('/'), info.size) : undefined;
    },
  };
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** A file, or every file under a folder (recursive). Throws CliError when the path is missing. */
export async function collectInputFiles(inputPath: string): Promise<InputFile[]> {
  let info;
  try {
    info = await stat(inputPath);
  } catch {
    throw new CliError(`${inputPath}: no such file or folder`);
  }
  if (info.isFile()) return [nodeInputFile(inputPath, inputPath, info.size)];
  const paths: string[] = [];
  await walk(inputPath, paths);
  if (!paths.length) throw new CliError(`${inputPath}: the folder is empty`);
  const files: InputFile[] = [];
  for (const p of paths) files.push(nodeInputFile(p, relative(inputPath, p).split(sep).join('/'), (await stat(p)).size));
  return files;
}

/**
 * Node's zlib gunzip with 1 MiB output chunks, for ReadOptions.gunzip: about twice as fast as the
 * web DecompressionStream (16 KiB chunks) on a 512² × 600 .nii.gz here, and by default still off the
 * main thread (the threadpool inflates while this thread converts and hashes slices).
 * `reusedBuffer: true` inflates on this thread into one reused buffer instead (inflate.ts): cheaper
 * where every core is busy anyway, as in `dataset reduce`'s worker threads.
 */
export function nodeGunzip(compressed: AsyncIterable<Uint8Array>, opts: { reusedBuffer?: boolean } = {}): AsyncIterable<Uint8Array> {
  return opts.reusedBuffer ? reusedBufferGunzip(compressed) : streamGunzip(compressed, { chunkBytes: 1 << 20 });
}

export { reusedBufferGunzip } from './inflate';

/** Node's incremental SHA-256 for core's voxelSha256Sync / StreamingHasher: hashes in place, no copy. */
export const nodeSha256 = (): Sha256Stream => createHash('sha256');
