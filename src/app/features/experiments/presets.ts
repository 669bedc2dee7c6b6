/**
 * Experiment presets: the pre-training preset of core/ssl plus the budget and evaluation that make
 * an experiment of that size. `tiny` is sized so that, on the default head CT with HASH 6, two arms,
 * the from-scratch baseline and their evaluations finish in about 3 minutes on a 2-core CPU with
 * software WebGPU (see docs/app.md for the measured time); `short` is core's ~5-minute-per-arm
 * laptop-GPU preset. `custom` starts from whichever was chosen before and exposes the fields.
 */
import { methodPreset } from '../../../core/ssl/methods';
import type { BackendRequest } from '../../../core/backend/types';
import type { PretrainConfig, SslMethod } from '../../../core/ssl';
import { DEFAULT_SEEDS } from '../../../core/experiment/spec';
import type { BudgetMode } from './types';

export type ExperimentPresetName = 'tiny' | 'short' | 'custom';
export const EXPERIMENT_PRESETS: readonly ExperimentPresetName[] = ['tiny', 'short', 'custom'];

export interface ExperimentSettings {
  preset: ExperimentPresetName;
  pretrain: PretrainConfig;
  backend: BackendRequest;
  budget: BudgetMode;
  /** Epochs, steps or seconds per arm, by the budget. */
  budgetValue: number;
  /** Pre-training seeds (default 3: [0, 1, 2]); seed s of every arm and of random init share initial weights. */
  seeds: number[];
  evalProtocol: 'linear' | 'finetune';
  evalRuns: number;
  evalEpochs: number;
}

/**
 * 'auto': WebGPU on a real GPU; a software GPU (SwiftShader) is passed over for tfjs wasm, which
 * trains the tiny preset ~4× faster than the cpu backend and far faster than SwiftShader (see
 * docs/app.md). The setup offers each backend by name too.
 */
export const DEFAULT_TRAINING_BACKEND: BackendRequest = 'auto';

/** `method`: the self-supervised method every arm pre-trains with (SwAV, MoCo v2 or the dense MIM control). */
export function experimentPreset(name: Exclude<ExperimentPresetName, 'custom'>, method: SslMethod = 'swav'): ExperimentSettings {
  // Equal epochs by default, as the paper: a reduced arm makes fewer steps and finishes sooner.
  if (name === 'tiny') {
    const pretrain = methodPreset(method, 'tiny', { steps: 100, preset: 'tiny' });
    return { preset: 'tiny', pretrain, backend: DEFAULT_TRAINING_BACKEND, budget: 'epochs', budgetValue: 3, seeds: [...DEFAULT_SEEDS], evalProtocol: 'linear', evalRuns: 5, evalEpochs: 20 };
  }
  const pretrain = methodPreset(method, 'short');
  return { preset: 'short', pretrain, backend: DEFAULT_TRAINING_BACKEND, budget: 'epochs', budgetValue: 50, seeds: [...DEFAULT_SEEDS], evalProtocol: 'linear', evalRuns: 5, evalEpochs: 30 };
}
