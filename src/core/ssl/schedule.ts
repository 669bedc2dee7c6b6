/**
 * The step schedule of one run, resolved from a config and the number of training slices:
 * - total steps: `steps`, or epochs × ⌈slices / batch⌉ when `epochs` is set;
 * - warm-up: `optimizer.warmupFraction` × total (rounded, at least 1 when the fraction is > 0), else
 *   `optimizer.warmupSteps`; the learning rate then rises linearly to lr and follows the cosine to 0
 *   (swav/optimizers.ts `learningRate`);
 * - prototype freeze: `freezePrototypesEpochs` × ⌈slices / batch⌉ steps, else `freezePrototypesSteps`
 *   (SwAV's `freeze_prototypes_niters`: the prototype gradient is dropped on steps 0 … freeze − 1).
 * Fractions and epochs let one preset fit any data set size (the PyTorch check in
 * docs/pretraining.md used 10% warm-up and one epoch of frozen prototypes).
 */
import type { OptimizerConfig, PretrainConfig } from './types';

export interface RunSchedule {
  /** Optimiser steps of the whole run. */
  total: number;
  /** ⌈slices / batch⌉: steps that visit every slice once. */
  stepsPerEpoch: number;
  /** Steps of linear warm-up. */
  warmupSteps: number;
  /** Steps (from 0) with the prototype gradient dropped. */
  freezeSteps: number;
}

export function runSchedule(c: PretrainConfig, slices: number): RunSchedule {
  const stepsPerEpoch = Math.max(1, Math.ceil(slices / c.batch));
  const total = c.epochs === undefined ? c.steps : c.epochs * stepsPerEpoch;
  const f = c.optimizer.warmupFraction;
  const warmupSteps = f === undefined ? c.optimizer.warmupSteps : f > 0 ? Math.max(1, Math.round(f * total)) : 0;
  const freezeSteps = c.freezePrototypesEpochs === undefined ? c.freezePrototypesSteps : Math.round(c.freezePrototypesEpochs * stepsPerEpoch);
  return { total, stepsPerEpoch, warmupSteps, freezeSteps };
}

/** The optimiser config with the warm-up resolved to steps (what learningRate reads). */
export function scheduledOptimizer(c: PretrainConfig, schedule: RunSchedule): OptimizerConfig {
  return { ...c.optimizer, warmupSteps: schedule.warmupSteps };
}
