/**
 * What an experiment run records (plain JSON): the state of its units, written after each finished
 * unit so a run resumes where it stopped, and the report (DESIGN.md's report.json layout).
 */
import type { PairedComparison, SeedMetrics } from '../eval/paired';
import type { RunMetrics } from '../eval/types';
import type { ExperimentSpec } from './spec';
import type { PretrainConfig } from '../ssl/types';

/** The slices an arm keeps, per volume (indices ascending). */
export interface ArmSlices {
  volumes: { id: string; n: number; kept: number[] }[];
}

/** One finished pre-training (arm × seed). `encoder` is the dependency's own handle (a folder, a key). */
export interface PretrainOutcome {
  encoder: string;
  slices: number;
  steps: number;
  /** Epochs trained: steps / ceil(slices / batch) (one pass over the slices is ceil(slices / batch) steps). */
  epochs: number;
  /** Training seconds, pauses excluded. */
  seconds: number;
  collapsed: boolean;
  collapseReason?: string;
  stopReason?: string;
}

/** One finished evaluation (arm × seed, or random init × seed): the metrics of each run. */
export interface EvaluationOutcome {
  runs: RunMetrics[];
  notes?: string[];
  /** The task's name and whether it is the proxy (from the evaluation report). */
  task?: string;
  isProxy?: boolean;
}

export interface ConfusabilityOutcome {
  confusableRate: number;
  [k: string]: unknown;
}

export const STATE_SCHEMA = 'ctsieve-experiment-state/1';

/** Every finished unit; keys `arm#seed` (random init under RANDOM_INIT). */
export interface ExperimentState {
  schema: typeof STATE_SCHEMA;
  /** The spec the units were made with (resuming with another spec is refused). */
  spec: ExperimentSpec;
  /**
   * Seed 0's pre-training config as this version resolved the spec (a preset's recipe can change between
   * versions: resuming finished units of another recipe is refused). Absent in states made before it was kept.
   */
  recipe?: PretrainConfig;
  reductions: Record<string, ArmSlices>;
  confusability: Record<string, ConfusabilityOutcome>;
  pretrained: Record<string, PretrainOutcome>;
  evaluations: Record<string, EvaluationOutcome>;
}

export type SeedRow = SeedMetrics & { steps?: number; pretrainSeconds?: number; collapsed?: boolean };

export interface ReportArm {
  name: string;
  /** Slices the arm trains on (all volumes). */
  slices: number;
  /** Mean over seeds of the steps and epochs trained and the pre-training seconds. */
  steps: number;
  epochs: number;
  pretrainSeconds: number;
  /** True when any seed's run collapsed (collapsedSeeds says how many). */
  collapsed: boolean;
  collapsedSeeds: number;
  /** Confusability of the arm's kept slices, or null when not measured. */
  confusableRate: number | null;
  seeds: SeedRow[];
  mean: RunMetrics;
  /** Sample sd over seeds (null with one seed). */
  std: Record<keyof RunMetrics, number | null>;
  /** 95% t interval of the mean over seeds (null with one seed). */
  ci95: Record<keyof RunMetrics, [number, number] | null>;
}

export interface ReportComparison extends PairedComparison {
  /** One sentence, e.g. "HASH-6 vs ALL: +0.012 AUC [−0.020, 0.044], no difference shown". */
  sentence: string;
}

export interface ExperimentReport {
  schema: 'ctsieve-experiment/1';
  spec: ExperimentSpec;
  task: string;
  protocol: 'linear' | 'finetune';
  isProxy: boolean;
  randomInit: { seeds: SeedMetrics[]; mean: RunMetrics; std: Record<keyof RunMetrics, number | null>; ci95: Record<keyof RunMetrics, [number, number] | null> };
  arms: ReportArm[];
  comparisons: ReportComparison[];
  /** True when no pre-trained arm beat random init on AUC (interval above 0): the first warning says so. */
  noArmBeatsRandomInit: boolean;
  /** First-class warnings, most important first. */
  warnings: string[];
  /** Seeds the observed AUC spread would need to show the paper's differences (largest over comparisons vs ALL, else vs random init). */
  seedsNeeded: { difference: number; seeds: number | null; sdDiff: number | null; from: string }[];
  notes: string[];
  /** Units still missing when the report was made (a partial report), e.g. "HASH-6 seed 2 pretrain". */
  missing: string[];
}

/** A unit of work, for progress lines. */
export type UnitKind = 'reduce' | 'confusability' | 'pretrain' | 'evaluate';

export interface ExperimentProgress {
  kind: UnitKind;
  arm: string;
  seed?: number;
  /** 'start', 'done' (with what it took), or 'skipped' (finished in an earlier session). */
  status: 'start' | 'done' | 'skipped';
  /** 1-based index of this unit and the total. */
  unit: number;
  units: number;
  message?: string;
}
