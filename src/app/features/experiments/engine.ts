/**
 * What the experiment controller needs from the training/evaluation machinery: measure each
 * arm's confusability (as the CLI's `experiment`), start a pre-training of one arm (with step
 * events, checkpoints, pause/resume/cancel) and an evaluation of one encoder. The app implements it over the job protocol and the experiment worker
 * (./workerEngine.ts); tests implement it in memory, so the controller is tested without a worker,
 * tfjs or React.
 */
import type { BackendRequest } from '../../../core/backend/types';
import type { ArmSlices, ConfusabilityOutcome } from '../../../core/experiment';
import type { EncoderInfo, PresetName, PretrainConfig } from '../../../core/ssl';
import type { PretrainMetrics } from './metrics';

/** Slices of one loaded volume to train on. */
export interface VolumeSelection {
  volumeId: string;
  kept: number[];
}

export interface PretrainRequest {
  experimentId: string;
  armId: string;
  volumes: VolumeSelection[];
  /** The pre-training config (core/ssl PretrainConfig) with the arm's budget applied. */
  config: PretrainConfig;
  checkpointEvery: number;
  backend: BackendRequest;
  /** Serialised checkpoint to resume from. */
  resumeFrom?: Uint8Array;
}

/** A trained encoder as files, as it is stored and exported. */
export interface EncoderArtifacts {
  /** model.json, weight shard(s) and ctsieve-encoder.json. */
  files: { name: string; bytes: Uint8Array }[];
  safetensors?: Uint8Array;
  /** ctsieve-encoder.json (contract A). */
  info: EncoderInfo;
}

export interface PretrainOutcome {
  steps: PretrainMetrics[];
  backend: string;
  slicesUsed: number;
  seconds: number;
  imagesPerSecond: number;
  collapsed: boolean;
  collapseReason?: string;
  encoder: EncoderArtifacts;
  checkpoint: Uint8Array;
}

export interface PretrainHandlers {
  onStep?(m: PretrainMetrics): void;
  /**
   * Called with each checkpoint after `step` completed steps (= the checkpoint's next 0-based step
   * index); the engine waits for the returned promise, so a checkpoint is stored before training
   * goes on.
   */
  onCheckpoint?(step: number, bytes: Uint8Array): Promise<void>;
  onBackend?(backend: string, memoryBytes?: number): void;
  onPaused?(): void;
  onResumed?(): void;
}

export type EvaluationTask =
  | { kind: 'proxy'; volumeIds: string[] }
  | { kind: 'labelled'; files: { path: string; bytes: Uint8Array }[] };

export type EvaluatedEncoder =
  /** initSeed: every run starts from these seed's weights (random init of a paired seed) instead of the run's own seed. */
  | { kind: 'scratch'; spec: { arch: PretrainConfig['arch']; inputSize: number; width?: number }; mean: number; std: number; initSeed?: number }
  /** Raw pixels downsampled to size² (the proxy task's baseline, linear protocol). */
  | { kind: 'pixels'; size: number }
  | { kind: 'artifacts'; name: string; encoder: EncoderArtifacts };

export interface EvaluateRequest {
  task: EvaluationTask;
  encoder: EvaluatedEncoder;
  protocol: 'linear' | 'finetune';
  runs: number;
  epochs: number;
  seed: number;
  backend: BackendRequest;
}

/** The subset of an evaluation report (core/eval EvaluationReport) the panel reads; the rest is kept for the export. */
export interface EvaluationOutcome {
  task: string;
  protocol: string;
  isProxy?: boolean;
  runs: { auc: number; f1: number; accuracy: number }[];
  mean: { auc: number; f1: number; accuracy: number };
  std: { auc: number; f1: number; accuracy: number };
  notes: string[];
  seconds: number;
  [more: string]: unknown;
}

export interface EvaluateHandlers {
  onProgress?(p: { run: number; runs: number; epoch: number; epochs: number; phase: string }): void;
}

/** Each arm's confusability over its kept slices (core/experiment measureArmConfusability). */
export interface ConfusabilityRequest {
  /** The loaded volumes (registry ids) and the names the SPEC (and the arms' slices) call them by. */
  volumes: { volumeId: string; name: string }[];
  arms: { name: string; slices: ArmSlices }[];
  /** The SPEC's preset (its large-crop views). */
  preset: PresetName;
  backend: BackendRequest;
}

export interface ConfusabilityHandlers {
  /** Views embedded so far and in all (over every arm), and the arm being measured. */
  onProgress?(p: { done: number; total: number; arm: number; arms: number; name: string }): void;
  onPaused?(): void;
  onResumed?(): void;
}

/** A running job: its result, and the controls the panel offers. */
export interface JobHandle<T> {
  promise: Promise<T>;
  pause(): void;
  resume(): void;
  cancel(): void;
}

export interface ExperimentEngine {
  /** One outcome per requested arm, in order. */
  confusability(request: ConfusabilityRequest, handlers: ConfusabilityHandlers): JobHandle<ConfusabilityOutcome[]>;
  pretrain(request: PretrainRequest, handlers: PretrainHandlers): JobHandle<PretrainOutcome>;
  evaluate(request: EvaluateRequest, handlers: EvaluateHandlers): JobHandle<EvaluationOutcome>;
}

/** The rejection of a cancelled job. */
export class JobCancelledError extends Error {
  constructor(what = 'job') {
    super(`${what} cancelled`);
    this.name = 'AbortError';
  }
}

export function isCancelled(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'AbortError';
}
