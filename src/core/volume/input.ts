/**
 * Browser/Node-neutral input for the volume readers. A reader never touches the file system or the
 * DOM: the CLI builds InputFiles from paths (src/cli/io.ts), the app from File / FileSystem entries
 * (`inputFileFromBlob`). Files are read lazily, one at a time, so a folder of thousands of slices
 * never sits in memory at once.
 */
import type { Volume, VoxelArray } from './types';

export interface InputFile {
  /** Path relative to the chosen folder (or the file name); used in messages and manifests. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** The whole file. */
  read(): Promise<Uint8Array>;
  /** Optional chunked read, used where a reader can stream (NIfTI), so the file is never whole in memory. */
  stream?(): AsyncIterable<Uint8Array>;
  /** Optional: a file beside this one by name (the CLI's files; a detached MetaImage/NRRD header's data file), undefined when absent. */
  sibling?(name: string): Promise<InputFile | undefined>;
}

/** A file the user gave that could not be used; the message names the file and the problem. */
export class VolumeReadError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(file && !message.startsWith(file) ? `${file}: ${message}` : message);
    this.name = 'VolumeReadError';
  }
}

export interface SkippedFile {
  path: string;
  reason: string;
}

/** One DICOM series found in the input (whether or not it was read). */
export interface SeriesSummary {
  seriesInstanceUID: string;
  slices: number;
  modality: string;
  rows: number;
  cols: number;
  description?: string;
}

export { DEFAULT_VOLUME_BUDGET_BYTES } from '../runtime/memory';

export interface ReadOptions {
  /** Read only this DICOM series. */
  seriesUID?: string;
  /** Fail (listing the series) when the DICOM input holds several series and no seriesUID is given. */
  requireSingleSeries?: boolean;
  /** Largest voxel buffer one volume may allocate (default DEFAULT_VOLUME_BUDGET_BYTES). */
  memoryBudgetBytes?: number;
  /** Files (or slices) done out of total, as reading progresses. */
  onProgress?(done: number, total: number): void;
  /** Aborting rejects with an Error named 'AbortError'. */
  signal?: AbortSignal;
  /**
   * Called with each slice as soon as it is complete, while the rest is still being read (NIfTI,
   * DICOM): lets a caller convert slice k while the next bytes are decompressed. From a whole read
   * (loadVolume, readNifti) the view is valid until the read finishes; from a streamed read
   * (streamVolume), which keeps no voxels, only during the call: copy what you keep.
   */
  onSlice?(k: number, slice: VoxelArray, dims: { rows: number; cols: number; slices: number }): void;
  /**
   * A gunzip for .nii.gz to use instead of the platform's DecompressionStream (the CLI passes Node's
   * zlib with 1 MiB output chunks, about twice as fast there). Gets the compressed chunks. A chunk
   * it yields may be reused once the next is asked for (the NIfTI reader copies what it keeps).
   */
  gunzip?(compressed: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
}

export interface ReadResult {
  /** One per DICOM series / NIfTI file / npy file / PNG group, in a stable order. */
  volumes: Volume[];
  /** Files that were not used, with the reason. */
  skipped: SkippedFile[];
  /** Every DICOM series found (also those not read because of `seriesUID`). */
  series?: SeriesSummary[];
}

/** Wraps bytes already in memory (tests, drag-and-drop of small files). */
export function inputFileFromBytes(path: string, bytes: Uint8Array): InputFile {
  return { path, size: bytes.byteLength, read: async () => bytes };
}

/** Wraps a Blob/File (browser main thread or Worker); `path` defaults to the File's name. */
export function inputFileFromBlob(blob: Blob & { name?: string; webkitRelativePath?: string }, path?: string): InputFile {
  const name = path ?? (blob.webkitRelativePath || blob.name || 'unnamed');
  return {
    path: name,
    size: blob.size,
    read: async () => new Uint8Array(await blob.arrayBuffer()),
    stream: () => readableToIterable(blob.stream()),
  };
}

async function* readableToIterable(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The file's bytes as chunks: streamed when the InputFile can, else the whole file as one chunk. */
export async function* fileChunks(file: InputFile): AsyncIterable<Uint8Array> {
  if (file.stream) {
    yield* file.stream();
    return;
  }
  yield await file.read();
}

/** Last path component. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** Folder part of a path ('' for none). */
export function dirName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i);
}
