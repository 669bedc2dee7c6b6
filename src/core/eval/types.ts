/**
 * Public types of the downstream evaluation (contract C). Pure data: no DOM, no Node.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EncoderInfo, EncoderProvenance, EncoderSpec } from './encoderContract';

export type SplitName = 'train' | 'val' | 'test';

/** One labelled 8-bit slice (row-major, rows × cols). */
export interface LabelledSample {
  id: string;
  label: string;
  /** Patient or volume: samples of one group never straddle train and test. */
  group?: string;
  /** A split given by the data (split folders or a CSV column). */
  split?: SplitName;
  pixels: Uint8Array;
  rows: number;
  cols: number;
  /** File (and slice) the pixels came from, for messages. */
  source: string;
}

export interface LabelledSet {
  task: string;
  /** Class names in label-index order (sorted). */
  classes: string[];
  samples: LabelledSample[];
  /** True for the built-in proxy task (not a clinical label). */
  isProxy?: boolean;
  /** Reader notes: resizing, missing groups (possible leakage), skipped files. */
  notes: string[];
}

/**
 * The encoder to evaluate: random init from a spec (the from-scratch baseline), a loaded tfjs
 * layers model in contract A's export form, or raw pixels downsampled to `size`² (the proxy
 * task's baseline; linear protocol only).
 */
export type EncoderSource =
  | { kind: 'scratch'; spec: EncoderSpec; mean?: number; std?: number; build?: (spec: EncoderSpec, seed: number) => tf.LayersModel }
  | { kind: 'model'; model: tf.LayersModel; info: EncoderInfo; name: string }
  | { kind: 'pixels'; size: number };

export type Protocol = 'linear' | 'finetune';

export interface EvalProgress {
  run: number;
  runs: number;
  epoch: number;
  epochs: number;
  phase: string;
  /** Validation loss of the epoch just finished, when there is one. */
  valLoss?: number;
}

export interface EvaluateOptions {
  protocol: Protocol;
  /** With a given split: this many seeds. Without: stratified (grouped) k-fold, one run per fold. */
  runs: number;
  /** finetune: maximum epochs per run (early stopping on the validation part may stop sooner). The linear probe has no epochs (lbfgs to convergence). */
  epochs: number;
  seed: number;
  /** Mini-batch size of fine-tuning and of feature extraction (default 64, the paper's). */
  batch?: number;
  /** finetune: Adam learning rate of the head (default 1e-2; the unfrozen encoder uses lrEncoder). */
  lr?: number;
  /** Adam learning rate once the encoder is unfrozen (default 1e-4). */
  lrEncoder?: number;
  /** finetune: epochs with only the linear layer training before all layers train (default 10). */
  headOnlyEpochs?: number;
  /** finetune early stopping: epochs without a better validation loss before stopping (default 5). */
  patience?: number;
  /** Fraction of each training part held out for validation (default 0.1). */
  valFraction?: number;
  signal?: AbortSignal;
  onProgress?(p: EvalProgress): void;
}

export interface RunMetrics {
  auc: number;
  f1: number;
  accuracy: number;
}

/** One run's metrics plus what it was trained and tested on. */
export interface RunResult extends RunMetrics {
  run: number;
  /** Fold index (cross-validation) or the seed (given split). */
  fold?: number;
  seed: number;
  trainCount: number;
  valCount: number;
  testCount: number;
  /** finetune: epochs actually trained (early stopping) and the epoch whose weights were kept. */
  epochsTrained?: number;
  bestEpoch?: number;
  /** linear: the C chosen on the validation part and its validation AUC (NaN when the validation part lacks a class). */
  chosenC?: number;
  valAuc?: number;
}

export interface ClassCount {
  name: string;
  count: number;
}

export interface EncoderSummary {
  name: string;
  kind: EncoderSource['kind'];
  arch: string;
  inputSize: number;
  featureDim?: number;
  provenance?: EncoderProvenance;
}

export interface EvaluationReport {
  schema: 'ctsieve-evaluation/1';
  task: string;
  protocol: Protocol;
  classes: ClassCount[];
  encoder: EncoderSummary;
  /** 'given-split' (runs = seeds) or 'k-fold' / 'grouped-k-fold' (runs = folds). */
  splitMode: 'given-split' | 'k-fold' | 'grouped-k-fold';
  runs: RunResult[];
  mean: RunMetrics;
  /** Sample standard deviation (ddof 1) over the runs. */
  std: RunMetrics;
  seconds: number;
  backend?: string;
  epochs: number;
  seed: number;
  /** Training settings as used (defaults filled in). */
  settings: EvalSettings;
  notes: string[];
  isProxy?: boolean;
}

export interface EvalSettings {
  /** Batch of feature extraction (linear) or of fine-tuning. */
  batch: number;
  /** finetune: Adam learning rate of the head-only phase, then of all layers, and the head-only epochs. */
  lr?: number;
  lrEncoder?: number;
  headOnlyEpochs?: number;
  patience?: number;
  valFraction: number;
  /** linear: the probe (DESIGN.md "Linear probe"): standardise, L2 logistic regression by lbfgs over these C, C by validation AUC. */
  probe?: { solver: 'lbfgs'; cs: number[]; maxIterations: number; tol: number };
}

/** One row of a comparison table (one encoder), like the paper's tables. */
export interface ComparisonRow {
  encoder: string;
  kind: EncoderSource['kind'];
  protocol: Protocol;
  task: string;
  slicesUsed?: number;
  mean: RunMetrics;
  std: RunMetrics;
  /** Which metrics this row is best in (highest mean among the rows). */
  best: (keyof RunMetrics)[];
}

export interface ComparisonTable {
  task: string;
  rows: ComparisonRow[];
  /** Warnings, e.g. reports of different tasks or protocols mixed in one table. */
  notes: string[];
  isProxy?: boolean;
}
