/**
 * Turning what the browser gives us (picked files, dropped files and folders, bundled samples)
 * into core `InputFile`s: a path, a size and a lazy read. Folder drops are walked recursively with
 * `DataTransferItem.webkitGetAsEntry()`.
 */
import { inputFileFromBlob, type InputFile } from '../../core/volume/input';

/** A picked or dropped File; its path is webkitRelativePath when the picker gave one. */
export function fromFile(file: File, path?: string): InputFile {
  return inputFileFromBlob(file, path);
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
export async function filesFromEntry(entry: FileSystemEntry): Promise<InputFile[]> {
  if (entry.isFile) return [fromFile(await fileOf(entry as FileSystemFileEntry), entry.fullPath.replace(/^\//, ''))];
  if (!entry.isDirectory) return [];
  const children = await readAllEntries(entry as FileSystemDirectoryEntry);
  const nested = await Promise.all(children.map(filesFromEntry));
  return nested.flat();
}

/** Files in a drop: folders are walked; plain files are taken as they are. */
export async function filesFromDataTransfer(data: DataTransfer): Promise<InputFile[]> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length > 0) return (await Promise.all(entries.map(filesFromEntry))).flat();
  return Array.from(data.files).map((f) => fromFile(f));
}

/** A file served by this page's own origin (bundled samples), fetched on first read. */
export function fromUrl(url: string, path: string, size = 0): InputFile {
  return {
    path, size,
    read: async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} fetching ${url}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
