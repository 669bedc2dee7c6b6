/**
 * Contract B: the SwAV pre-training API (src/core/ssl/index.ts re-exports these).
 * Exact definitions of every quantity: ../../../../shared/DESIGN.md "Self-supervised pre-training".
 */
import type { EncoderArch } from './encoders/types';

export type PresetName = 'tiny' | 'short' | 'paper';

export interface OptimizerConfig {
  /**
   * 'lars': pl_bolts LARS (trust 1e-3, eps 1e-8, every tensor adapted); 'adam': Adam (β 0.9/0.999, eps 1e-8, L2 weight decay);
   * 'sgd': torch.optim.SGD with momentum and L2 weight decay (MoCo; MoCo and MIM only, see ./common/optimizers.ts).
   */
  name: 'lars' | 'adam' | 'sgd';
  /** Peak learning rate (after warm-up). */
  lr: number;
  weightDecay: number;
  /** LARS / SGD momentum (ignored by Adam). */
  momentum: number;
  /** 'cosine': linear warm-up to lr over warmupSteps, then cosine to 0 at the last step. */
  schedule: 'cosine' | 'constant';
  warmupSteps: number;
  /** When set, the warm-up is this fraction of the run's steps (rounded) instead of warmupSteps (see schedule.ts). */
  warmupFraction?: number;
}

/** The self-supervised method (DESIGN.md; docs/pretraining.md). */
export type SslMethod = 'swav' | 'moco' | 'mim';

/** MoCo v2 (He et al. 2020, Chen et al. 2020): see ./moco/. */
export interface MocoSettings {
  /** K, keys in the queue of negatives (a multiple of batch). */
  queueLength: number;
  /** τ of InfoNCE (MoCo v2: 0.2). */
  temperature: number;
  /** m of the key encoder's update θ_k ← m·θ_k + (1−m)·θ_q (MoCo: 0.999). */
  keyMomentum: number;
  /** MLP head Linear(F, hiddenDim) → ReLU → Linear(hiddenDim, outputDim). */
  hiddenDim: number;
  outputDim: number;
}

/** Dense masked-image modelling: see ./mim/. */
export interface MimSettings {
  /** Side of a square mask patch in input pixels (a multiple of the encoder's output stride). */
  patchSize: number;
  /** Fraction of patches masked per image (rounded to a whole number of patches). */
  maskRatio: number;
}

export interface PretrainConfig {
  preset: PresetName | 'custom';
  /** Absent: 'swav'. MoCo and MIM read `moco` / `mim` and the global crop (cropSizes[0], scale range 0). */
  method?: SslMethod;
  moco?: MocoSettings;
  mim?: MimSettings;
  arch: EncoderArch;
  /** Encoder input side (the exported encoder's inputSize); normally equal to cropSizes[0]. */
  inputSize: number;
  /**
   * When set, every slice is first resampled to sourceSize × sourceSize (area average) and the crops
   * are taken from that, as a PyTorch loader that resizes before RandomResizedCrop; absent: crops come
   * from the slices at their own size.
   */
  sourceSize?: number;
  /** resnet18 base width (default 64). */
  width?: number;
  /** [global crops, local crops] per image (SwAV nmb_crops). */
  nmbCrops: [number, number];
  /** [global, local] crop sides in pixels. */
  cropSizes: [number, number];
  /** RandomResizedCrop area fraction range per crop kind. */
  minScale: [number, number];
  maxScale: [number, number];
  /**
   * Brightness/contrast jitter strength j: factors U(1 − j, 1 + j), applied with p 0.8 (SwAV's
   * ColorJitter(0.8, 0.8) on gray: 0.8, the default when absent).
   */
  jitterStrength?: number;
  /** Probability of the Gaussian blur per crop (SwAV: 0.5, the default when absent). */
  blurProbability?: number;
  /** Images per step (each gives nmbCrops[0] + nmbCrops[1] crops). */
  batch: number;
  /** Optimiser steps. When `epochs` is set, the run uses epochs × ceil(slices / batch) instead. */
  steps: number;
  epochs?: number;
  /** Stop (cleanly, with a checkpoint) after this many seconds. */
  timeBudgetSeconds?: number;
  /** K, the number of prototypes. */
  prototypes: number;
  /** Projection output (embedding) dimension. */
  outputDim: number;
  /** Projection hidden dimension (SwAV: 2048). */
  hiddenDim: number;
  /** Iterations (from 0) during which the prototype gradient is dropped. */
  freezePrototypesSteps: number;
  /** When set, prototypes stay frozen for this many epochs' worth of steps (epochs × ⌈slices / batch⌉) instead. */
  freezePrototypesEpochs?: number;
  /** Sinkhorn ε (0.05) and iterations (3). */
  epsilon: number;
  sinkhornIterations: number;
  /** Softmax temperature of the swapped prediction (0.1). */
  temperature: number;
  /** Past embeddings kept per assign crop (0: no queue); used from step queueStartStep once full. */
  queueLength: number;
  queueStartStep: number;
  optimizer: OptimizerConfig;
  /** Input normalisation on the [0, 1] scale: (u8/255 - mean) / std. */
  mean: number;
  std: number;
  seed: number;
}

/** 8-bit slices to train on (all slices of some volumes, or a manifest's kept ones). All have rows × cols. */
export interface TrainingSlices {
  count: number;
  rows: number;
  cols: number;
  /** Row-major rows × cols uint8 pixels of slice i (0 ≤ i < count). */
  slice(i: number): Uint8Array;
  ids?: string[];
}

export interface StepMetrics {
  /** 0-based step index. */
  step: number;
  loss: number;
  lr: number;
  /**
   * ln K: the loss and both entropies of a collapsed run sit here. MoCo: ln(1 + queueLength), the
   * InfoNCE of a query that cannot tell its key from the negatives (the entropies and prototypesUsed
   * are then over the 1 + K candidate keys). MIM: the zero-prediction loss; the entropies are NaN
   * and prototypesUsed 0 (no softmax).
   */
  lnK: number;
  /** Mean over samples of the entropy of each sample's prototype softmax (falls when learning). */
  sampleEntropy: number;
  /** Entropy of the batch-mean softmax (stays near ln K when the prototypes are all in use). */
  meanEntropy: number;
  /** Mean entropy of the Sinkhorn codes' rows (the targets): ln K when the codes are flat and tell no sample apart. */
  codeEntropy?: number;
  /** Distinct argmax prototypes over the batch. */
  prototypesUsed: number;
  /** Wall seconds since the run started (including earlier runs when resumed). */
  seconds: number;
  imagesPerSecond: number;
  etaSeconds?: number;
  /** MoCo: mean q·k⁺ (positive pair cosine) and mean q·queue (negatives), and the fraction of queries whose positive ranks first. */
  positiveSimilarity?: number;
  negativeSimilarity?: number;
  top1?: number;
  /** MIM: the loss of predicting 0 for every masked target (normalised per patch, so ≈ 1): the no-learning level. */
  zeroPredictionLoss?: number;
}

export interface PretrainHistory {
  /** The method that trained ('swav' when the config names none). */
  method?: SslMethod;
  config: PretrainConfig;
  backend: string;
  slicesUsed: number;
  seconds: number;
  imagesPerSecond: number;
  steps: StepMetrics[];
  collapsed?: boolean;
  /** Codes or predictions near uniform at the end (collapse.ts); collapseReason then says why, with the numbers. */
  nearUniform?: boolean;
  /** The end-of-run diagnosis of collapse.ts: learning, not-learning, near-uniform or collapsed. */
  codeState?: 'learning' | 'not-learning' | 'near-uniform' | 'collapsed';
  /** The collapse or near-uniform diagnosis as a sentence with its numbers. */
  collapseReason?: string;
  /** Why the run ended: all steps done, time budget, or cancelled (checkpoint still valid). */
  stopReason?: 'completed' | 'timeBudget' | 'aborted';
  /**
   * Kernels launched by one steady-state step on `backend` (the run's second step, or its only one),
   * counted by tf.profile (kernelCount.ts); absent when no step ran.
   */
  kernelsPerStep?: number;
}

/** A named float32 tensor in a checkpoint (row-major, tfjs layout). */
export interface CheckpointTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/**
 * Everything needed to continue a run exactly: parameters, BN running stats, optimiser state,
 * step, RNG state, queue and the history so far. serializeCheckpoint gives portable bytes.
 */
export interface PretrainCheckpoint {
  format: 'ctsieve-swav-checkpoint/1';
  config: PretrainConfig;
  /** Next step to run. */
  step: number;
  /** PRNG state words (augmentation and data order). */
  rngState: number[];
  /** Trainable parameters and BN buffers. */
  tensors: CheckpointTensor[];
  /** Optimiser slots (LARS momentum buffers; Adam m and v), named `<param>/<slot>`. */
  optimizer: CheckpointTensor[];
  /** Queue of past embeddings [assignCrops, queueLength, outputDim], or absent. */
  queue?: CheckpointTensor;
  history: StepMetrics[];
  /** Seconds trained before this checkpoint. */
  seconds: number;
}

export interface PretrainCallbacks {
  signal?: AbortSignal;
  onStep?(m: StepMetrics): void;
  /** Make a checkpoint every N steps (also at the end and on abort / time budget). */
  checkpointEvery?: number;
  onCheckpoint?(c: PretrainCheckpoint): void | Promise<void>;
  /**
   * Pause: polled between steps; while it answers true the loop waits (checking the signal every
   * 100 ms) without holding any step tensors. The job worker sets a flag on `pause` / `resume`.
   */
  shouldPause?(): boolean | Promise<boolean>;
  /** Collapse warning, at most once per run (see detectCollapse). */
  onWarning?(message: string): void;
}

export interface PretrainResult {
  history: PretrainHistory;
  /** Export form (contract A); the caller disposes it. */
  encoder: import('@tensorflow/tfjs').LayersModel;
  info: import('./encoders/types').EncoderInfo;
  checkpoint: PretrainCheckpoint;
  /** PyTorch num_batches_tracked per backbone BN (for encoderToSafetensors). */
  batchesTracked: Record<string, number>;
}
