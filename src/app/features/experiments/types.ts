/**
 * What an experiment is, as plain serialisable data (it goes to IndexedDB as is and into the
 * exported report): the arms to compare, the pre-training settings every arm shares, the
 * downstream task, and per arm what happened. Tensors, weights and checkpoints are not in here;
 * they live in their own object stores (./storage), keyed by experiment and arm.
 */
import type { ReductionParams } from '../../../core/reduction/types';
import type { BackendRequest } from '../../../core/backend/types';
import type { PretrainConfig } from '../../../core/ssl';

/** Which slices of one volume an arm trains on. */
export interface ArmVolumeSlices {
  volumeId: string;
  name: string;
  voxelSha256: string;
  /** Number of slices in the volume. */
  n: number;
  /** Kept slice indices, ascending. */
  kept: number[];
}

/** One arm: a reduction (ALL, EveryN, or a computed method at a threshold) of the loaded volumes. */
export interface ArmSpec {
  id: string;
  /** e.g. "ALL", "EveryN 10", "HASH ≤ 6 (greedy)". */
  label: string;
  params: ReductionParams;
  /** Backend that computed the scores the reduction used ('none' for ALL and EveryN). */
  backend: string;
  volumes: ArmVolumeSlices[];
  /**
   * A rate measured in the setup before the start (experiments stored before the run measured it
   * itself; kept so they read back, not used in the report).
   */
  confusability?: { confusableRate: number; embedding: string };
}

/**
 * Equal epochs (the paper's: a reduced arm makes fewer steps), equal steps, or equal seconds of
 * training (pauses excluded). 'time' is the old name of 'seconds' (experiments stored before seeds).
 */
export type BudgetMode = 'epochs' | 'steps' | 'seconds' | 'time';

/** The downstream task: the built-in proxy (anatomical level), or the user's labelled files. */
export type TaskSpec =
  | { kind: 'proxy' }
  | { kind: 'labelled'; name: string; files: number; classes: string[] };

export type ExperimentStatus = 'running' | 'paused' | 'interrupted' | 'done' | 'failed' | 'cancelled';

export type ArmStatus = 'pending' | 'training' | 'trained' | 'evaluated' | 'failed';

/** Per arm, what happened (small: the full history lives in the histories store). */
export interface ArmProgress {
  /** The unit's key: `<arm id>#<seed>` (experiments stored before seeds: the arm id). */
  armId: string;
  /** The pre-training seed of this unit (absent in experiments stored before seeds). */
  seed?: number;
  status: ArmStatus;
  slicesUsed: number;
  stepsDone: number;
  /** Pre-training wall seconds (summed over resumed sessions). */
  seconds: number;
  backend?: string;
  imagesPerSecond?: number;
  collapsed?: boolean;
  collapseReason?: string;
  /** Step of the last checkpoint written (resume starts there). */
  checkpointStep?: number;
}

/** Mean and sample std of one metric over the evaluation runs. */
export interface MetricSummary {
  mean: number;
  std: number;
}

export type MetricName = 'auc' | 'f1' | 'accuracy';
export const METRIC_NAMES: readonly MetricName[] = ['auc', 'f1', 'accuracy'];
export const METRIC_LABELS: Record<MetricName, string> = { auc: 'AUC', f1: 'F1', accuracy: 'accuracy' };

/** Baseline rows (not pre-trained): the from-scratch encoder, and raw pixels on the proxy task. */
export const SCRATCH_ROW = 'scratch';
export const PIXELS_ROW = 'pixels';
export function isBaselineRow(armId: string): boolean {
  return armId === SCRATCH_ROW || armId === PIXELS_ROW;
}

/** One row of the comparison: an arm's encoder, or a baseline (see isBaselineRow). */
export interface ResultRow {
  armId: string;
  label: string;
  slicesUsed: number;
  pretrainSeconds: number;
  runs: Record<MetricName, number>[];
  metrics: Record<MetricName, MetricSummary>;
  collapsed?: boolean;
}

export interface ExperimentResults {
  task: string;
  isProxy: boolean;
  protocol: string;
  rows: ResultRow[];
  /** Evaluation reports as the evaluation engine wrote them (JSON), per row, for the export. */
  reports: unknown[];
  notes: string[];
  /** The experiment report (core/experiment buildReport: the CLI's report.json), for paired-seed experiments. */
  report?: import('../../../core/experiment').ExperimentReport;
  /** Each finished evaluation's runs by unit key (`<arm label>#<seed>`, random init as 'random init#<seed>'). */
  evaluations?: Record<string, { runs: Record<MetricName, number>[]; notes?: string[]; task?: string; isProxy?: boolean }>;
}

export interface ExperimentRecord {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  status: ExperimentStatus;
  arms: ArmSpec[];
  budget: BudgetMode;
  /** Epochs, steps or seconds per arm, by the budget. */
  budgetValue: number;
  /** Pre-training seeds (seed s of every arm and of random init share initial weights); absent in older experiments. */
  seeds?: number[];
  /** The tfjs backend asked for in the experiment worker (training and evaluation). */
  backend: BackendRequest;
  /** The pre-training configuration every arm shares (core/ssl PretrainConfig, as JSON). */
  pretrain: PretrainConfig;
  /** Evaluation runs (seeds with a given split, folds without one). */
  evalRuns: number;
  evalProtocol: 'linear' | 'finetune';
  /** Maximum epochs per evaluation run. */
  evalEpochs: number;
  task: TaskSpec;
  progress: ArmProgress[];
  /**
   * Each arm's confusability by arm id, measured by the run in the experiment worker before
   * pre-training (core/experiment measureArmConfusability: the CLI's settings, so the reports agree).
   */
  confusability?: Record<string, import('../../../core/experiment').ConfusabilityOutcome>;
  results?: ExperimentResults;
  error?: string;
  /** Bytes this experiment holds in IndexedDB (records, histories, checkpoints, encoders). */
  bytes: number;
}
