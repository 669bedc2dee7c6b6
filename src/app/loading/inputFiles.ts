/**
 * Turning what the browser gives us (picked files, dropped files and folders, bundled samples)
 * into read sources for the read worker: a File with its path, or a same-origin URL. Folder drops
 * are walked recursively with `DataTransferItem.webkitGetAsEntry()`.
 */
import type { ReadSource } from '../../workers/readProtocol';

/** A picked or dropped File; its path is webkitRelativePath when the picker gave one. */
export function fromFile(file: File, path?: string): ReadSource {
  return { kind: 'blob', blob: file, path: path ?? (file.webkitRelativePath || file.name) };
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** All entries of a directory (readEntries returns them in batches until an empty one). */
async function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** Files under an entry, depth first, with paths relative to the drop. */
export async function filesFromEntry(entry: FileSystemEntry): Promise<ReadSource[]> {
  if (entry.isFile) return [fromFile(await fileOf(entry as FileSystemFileEntry), entry.fullPath.replace(/^\//, ''))];
  if (!entry.isDirectory) return [];
  const children = await readAllEntries(entry as FileSystemDirectoryEntry);
  const nested = await Promise.all(children.map(filesFromEntry));
  return nested.flat();
}

/** Files in a drop: folders are walked; plain files are taken as they are. */
export async function filesFromDataTransfer(data: DataTransfer): Promise<ReadSource[]> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length > 0) return (await Promise.all(entries.map(filesFromEntry))).flat();
  return Array.from(data.files).map((f) => fromFile(f));
}

/** A file served by this page's own origin (bundled samples), fetched by the worker on first read. */
export function fromUrl(url: string, path: string, size?: number): ReadSource {
  const absolute = typeof location === 'undefined' ? url : new URL(url, location.href).href;
  return { kind: 'url', url: absolute, path, size };
}
