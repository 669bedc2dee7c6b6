/**
 * The bytes of the picked DeepNet model, kept out of the store (like volume voxels): the store
 * holds a DeepnetModelSummary, this module the files it describes.
 */
import type { ModelFile } from '../../../workers/similarityJob';

let current: { sha256: string; files: ModelFile[] } | null = null;

export function setModelFiles(sha256: string, files: ModelFile[]): void {
  current = { sha256, files };
}

/** The files of the model with this hash, or undefined when another (or none) is held. */
export function getModelFiles(sha256: string): ModelFile[] | undefined {
  return current?.sha256 === sha256 ? current.files : undefined;
}

export function clearModelFiles(): void {
  current = null;
}
