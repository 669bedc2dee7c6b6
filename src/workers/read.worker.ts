/**
 * The read worker: decodes DICOM / NIfTI / PNG / npy input with the core readers (the same decode
 * path as the CLI) so large series never block the page, then transfers the voxels back.
 */
/// <reference lib="webworker" />
import { readVolumes } from '../core/volume';
import { inputFileFromBlob, type InputFile } from '../core/volume/input';
import type { ReadMessage, ReadRequest, ReadSource } from './readProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: ReadMessage, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function toInputFile(source: ReadSource): InputFile {
  if (source.kind === 'blob') return inputFileFromBlob(source.blob, source.path);
  return {
    path: source.path,
    size: source.size ?? 0,
    read: async () => {
      const response = await fetch(source.url);
      if (!response.ok) throw new Error(`${source.path}: HTTP ${response.status} fetching ${source.url}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

scope.onmessage = async (event: MessageEvent<ReadRequest>) => {
  const { id, sources } = event.data;
  try {
    const result = await readVolumes(sources.map(toInputFile), {
      onProgress: (done, total) => post({ type: 'read-progress', id, done, total }),
    });
    post({ type: 'read-result', id, result }, result.volumes.map((v) => v.voxels.buffer as ArrayBuffer));
  } catch (err) {
    post({ type: 'read-error', id, message: err instanceof Error ? err.message : String(err), file: (err as { file?: string }).file });
  }
};
