/**
 * The three pre-training presets. `paper` is Wolf et al.'s setting (SwAV through Lightning Bolts:
 * ResNet, 2×224 + 6×96 crops, batch 128, LARS lr 0.15 wd 1e-6, 500 prototypes frozen for 313
 * iterations, 800 epochs); `short` is sized for ~5 minutes on a laptop GPU; `tiny` for tests and a
 * CPU smoke run in seconds. docs/pretraining.md lists the figures measured with each.
 */
import { augmentationProblems, methodProblems } from './methodProblems';
import { runSchedule } from './schedule';
import type { PresetName, PretrainConfig } from './types';

const SWAV_CONSTANTS = { epsilon: 0.05, sinkhornIterations: 3, temperature: 0.1, mean: 0.5, std: 0.25 } as const;

const PRESETS: Record<PresetName, PretrainConfig> = {
  tiny: {
    preset: 'tiny',
    arch: 'tiny',
    inputSize: 32,
    nmbCrops: [2, 2],
    cropSizes: [32, 16],
    minScale: [0.5, 0.1],
    maxScale: [1, 0.4],
    batch: 8,
    steps: 6,
    prototypes: 10,
    outputDim: 16,
    hiddenDim: 32,
    freezePrototypesSteps: 1,
    ...SWAV_CONSTANTS,
    queueLength: 0,
    queueStartStep: 0,
    optimizer: { name: 'adam', lr: 1e-3, weightDecay: 1e-6, momentum: 0.9, schedule: 'constant', warmupSteps: 0 },
    seed: 0,
  },
  short: {
    // Checked with PyTorch on the bundled head CT (scripts/ssl/torch_swav_run.py, docs/pretraining.md):
    // with SwAV's ε 0.05 and augmentation (jitter 0.8, blur p 0.5) this recipe collapses in PyTorch
    // as in ctsieve; ε 0.03 (sharper codes) and gentler augmentation (jitter 0.4, no blur: 32² crops
    // blurred by up to 2 px and intensities scaled by 0.2–1.8 leave too little to tell CT slices
    // apart) learn in both, on every seed tried.
    preset: 'short',
    arch: 'resnet18',
    width: 16,
    inputSize: 64,
    sourceSize: 96,
    nmbCrops: [2, 4],
    cropSizes: [64, 32],
    minScale: [0.4, 0.08],
    maxScale: [1, 0.35],
    batch: 32,
    steps: 300,
    prototypes: 64,
    outputDim: 64,
    hiddenDim: 512,
    freezePrototypesSteps: 0,
    freezePrototypesEpochs: 1,
    ...SWAV_CONSTANTS,
    epsilon: 0.03,
    jitterStrength: 0.4,
    blurProbability: 0,
    queueLength: 0,
    queueStartStep: 0,
    optimizer: { name: 'adam', lr: 1e-3, weightDecay: 1e-6, momentum: 0.9, schedule: 'cosine', warmupSteps: 0, warmupFraction: 0.1 },
    seed: 0,
  },
  paper: {
    preset: 'paper',
    arch: 'resnet18',
    width: 64,
    inputSize: 224,
    nmbCrops: [2, 6],
    cropSizes: [224, 96],
    minScale: [0.9, 0.1],
    maxScale: [1, 0.33],
    batch: 128,
    steps: 0,
    epochs: 800,
    prototypes: 500,
    outputDim: 128,
    hiddenDim: 2048,
    freezePrototypesSteps: 313,
    ...SWAV_CONSTANTS,
    queueLength: 0,
    queueStartStep: 0,
    optimizer: { name: 'lars', lr: 0.15, weightDecay: 1e-6, momentum: 0.9, schedule: 'cosine', warmupSteps: 0 },
    seed: 0,
  },
};

export const PRESET_NAMES: readonly PresetName[] = ['tiny', 'short', 'paper'];

/** A fresh copy of a preset with overrides applied (preset becomes 'custom' when anything changes). */
export function pretrainPreset(name: PresetName, overrides: Partial<PretrainConfig> = {}): PretrainConfig {
  const base = PRESETS[name];
  if (!base) throw new Error(`unknown pre-training preset '${String(name)}' (expected ${PRESET_NAMES.join(', ')})`);
  const config: PretrainConfig = structuredClone(base);
  const changed = Object.keys(overrides).filter((k) => k !== 'seed' && k !== 'preset');
  Object.assign(config, structuredClone(overrides));
  if (overrides.optimizer) config.optimizer = { ...base.optimizer, ...overrides.optimizer };
  if (changed.length && overrides.preset === undefined) config.preset = 'custom';
  return config;
}

/** Problems with a config, each a sentence naming the field (empty when valid). */
export function configProblems(c: PretrainConfig): string[] {
  if (c.method === 'moco' || c.method === 'mim') return methodProblems(c);
  const problems: string[] = [];
  const positiveInt = (name: string, v: number | undefined) => {
    if (v === undefined || !Number.isInteger(v) || v < 1) problems.push(`${name} must be a positive integer, got ${v}`);
  };
  positiveInt('inputSize', c.inputSize);
  positiveInt('batch', c.batch);
  positiveInt('prototypes', c.prototypes);
  positiveInt('outputDim', c.outputDim);
  positiveInt('hiddenDim', c.hiddenDim);
  positiveInt('cropSizes[0]', c.cropSizes[0]);
  positiveInt('cropSizes[1]', c.cropSizes[1]);
  positiveInt('nmbCrops[0]', c.nmbCrops[0]);
  if (!Number.isInteger(c.nmbCrops[1]) || c.nmbCrops[1] < 0) problems.push(`nmbCrops[1] must be a whole number ≥ 0, got ${c.nmbCrops[1]}`);
  if (c.nmbCrops[0] < 2) problems.push(`nmbCrops[0] must be at least 2 (SwAV swaps between two global crops), got ${c.nmbCrops[0]}`);
  if (c.epochs === undefined) positiveInt('steps', c.steps);
  else positiveInt('epochs', c.epochs);
  for (let i = 0; i < 2; i++) {
    if (!(c.minScale[i] > 0 && c.minScale[i] <= c.maxScale[i] && c.maxScale[i] <= 1)) {
      problems.push(`scale range ${i} must satisfy 0 < minScale ≤ maxScale ≤ 1, got ${c.minScale[i]}..${c.maxScale[i]}`);
    }
  }
  if (!(c.epsilon > 0)) problems.push(`epsilon must be > 0, got ${c.epsilon}`);
  if (!(c.temperature > 0)) problems.push(`temperature must be > 0, got ${c.temperature}`);
  if (!(c.std > 0)) problems.push(`std must be > 0, got ${c.std}`);
  if (c.queueLength < 0 || c.queueLength % c.batch !== 0) problems.push(`queueLength must be a multiple of batch (${c.batch}), got ${c.queueLength}`);
  if (c.arch === 'tiny' && c.width !== undefined) problems.push('width applies to resnet18 only');
  if (c.sourceSize !== undefined) positiveInt('sourceSize', c.sourceSize);
  problems.push(...augmentationProblems(c));
  const f = c.optimizer.warmupFraction;
  if (f !== undefined && !(f >= 0 && f < 1)) problems.push(`optimizer.warmupFraction must be in [0, 1), got ${f}`);
  if (c.freezePrototypesEpochs !== undefined && !(c.freezePrototypesEpochs >= 0)) problems.push(`freezePrototypesEpochs must be ≥ 0, got ${c.freezePrototypesEpochs}`);
  return problems;
}

/** Total optimiser steps for a data set of `slices` slices (schedule.ts resolves the rest of the schedule). */
export function totalSteps(c: PretrainConfig, slices: number): number {
  return runSchedule(c, slices).total;
}
