/**
 * The bytes of the picked DeepNet model, kept out of the store state (like volume voxels): the
 * state holds a DeepnetModelSummary, this registry (one per store, AppServices) the files it describes.
 */
import type { ModelFile } from '../../../workers/similarityJob';

export class ModelFileRegistry {
  private current: { sha256: string; files: ModelFile[] } | null = null;

  set(sha256: string, files: ModelFile[]): void {
    this.current = { sha256, files };
  }

  /** The files of the model with this hash, or undefined when another (or none) is held. */
  get(sha256: string): ModelFile[] | undefined {
    return this.current?.sha256 === sha256 ? this.current.files : undefined;
  }

  clear(): void {
    this.current = null;
  }
}
