/** Pre-training with MoCo v2 or the dense MIM control: the shared loop over the method's session. */
import { runMethodLoop } from './common/loop';
import { mimSession } from './mim/session';
import { mocoSession } from './moco/session';
import type { PretrainCallbacks, PretrainCheckpoint, PretrainConfig, PretrainResult, TrainingSlices } from './types';

export function pretrainOtherMethod(data: TrainingSlices, config: PretrainConfig, cb: PretrainCallbacks = {}, resumeFrom?: PretrainCheckpoint): Promise<PretrainResult> {
  if (config.method === 'moco') return runMethodLoop(mocoSession, data, config, cb, resumeFrom);
  if (config.method === 'mim') return runMethodLoop(mimSession, data, config, cb, resumeFrom);
  throw new Error(`pre-training: unknown method '${String(config.method)}' (expected swav, moco or mim)`);
}
