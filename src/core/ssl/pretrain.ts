/** The training loop (in progress on branch swav: API fixed, implementation lands next). */
import type { PretrainCallbacks, PretrainCheckpoint, PretrainConfig, PretrainResult, TrainingSlices } from './types';

export async function pretrain(data: TrainingSlices, config: PretrainConfig, cb?: PretrainCallbacks, resumeFrom?: PretrainCheckpoint): Promise<PretrainResult> {
  void data;
  void config;
  void cb;
  void resumeFrom;
  throw new Error('pretrain: not implemented yet on this commit (the API is fixed; the loop follows)');
}
