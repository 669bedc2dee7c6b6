/**
 * The experiment worker's job kinds (./../jobProtocol.ts): `pretrain` (SwAV on the kept slices of
 * some volumes, with step metrics, checkpoints, pause/resume/cancel and resume from a checkpoint)
 * and `evaluate` (one encoder on a labelled set or the proxy task). Voxels and encoder bytes are
 * transferred. Progress of `pretrain`: done = completed steps; metrics = the step's StepMetrics
 * plus `memoryBytes` (tf.memory() of the worker) and `backend`; right before each `checkpoint`
 * event a progress event carries `checkpointStep` (completed steps at that checkpoint).
 * `armConfusability` measures each arm's confusability (core/experiment measureArmConfusability, as
 * the CLI's `experiment`); progress: done = views embedded over every arm, metrics = the arm at work.
 */
import type { BackendRequest } from '../../core/backend/types';
import type { EvaluationReport, Protocol } from '../../core/eval';
import type { ArmSlices, ConfusabilityOutcome } from '../../core/experiment';
import type { EncoderInfo, PresetName, PretrainConfig, PretrainHistory, StepMetrics } from '../../core/ssl';
import type { TransferredVolume } from '../similarityJob';

/** A volume with the slices to use. */
export interface TrainingVolume extends TransferredVolume {
  /** Kept slice indices (ascending). */
  kept: number[];
}

/** An encoder as files: model.json, weights.bin and ctsieve-encoder.json (contract A's encoder/). */
export interface EncoderFiles {
  files: { name: string; bytes: Uint8Array }[];
  info: EncoderInfo;
  /** PyTorch-named weights (resnet18: torchvision's; tiny: golden_swav.py's Tiny backbone), absent where there are no PyTorch names (mobilenetv2). */
  safetensors?: Uint8Array;
}

export interface PretrainJobParams {
  volumes: TrainingVolume[];
  config: PretrainConfig;
  checkpointEvery: number;
  /** serializeCheckpoint bytes to resume from. */
  resumeFrom?: ArrayBuffer;
  backend: BackendRequest;
}

export interface PretrainJobResult {
  history: PretrainHistory;
  encoder: EncoderFiles;
  /** The final checkpoint (serializeCheckpoint). */
  checkpoint: Uint8Array;
  backendLabel: string;
}

export type EvaluateJobTask =
  | { kind: 'proxy'; volumes: TransferredVolume[] }
  | { kind: 'labelled'; files: { path: string; bytes: Uint8Array }[] };

export type EvaluateJobEncoder =
  | { kind: 'scratch'; spec: { arch: PretrainConfig['arch']; inputSize: number; width?: number }; mean: number; std: number; initSeed?: number }
  | { kind: 'pixels'; size: number }
  | { kind: 'files'; name: string; encoder: EncoderFiles };

export interface EvaluateJobParams {
  task: EvaluateJobTask;
  encoder: EvaluateJobEncoder;
  protocol: Protocol;
  runs: number;
  epochs: number;
  seed: number;
  backend: BackendRequest;
}

/** A pre-training step's StepMetrics plus the worker's tensor bytes and backend, or the step of the checkpoint that follows. */
export type PretrainJobMetrics = { [K in keyof StepMetrics]-?: number } & { memoryBytes: number; backend: string; checkpointStep: number };

/** Where an evaluation is: run and epoch of core evaluateEncoder's progress, and the backend. */
export type EvaluateJobMetrics = { run: number; runs: number; epoch: number; epochs: number; phase: string; backend: string };

export interface ArmConfusabilityJobParams {
  /** Every volume of the experiment once; a volume's `name` is its id in the SPEC and in `arms[].slices` (the views' seeds depend on it). */
  volumes: TransferredVolume[];
  arms: { name: string; slices: ArmSlices }[];
  /** The spec's preset (its large-crop views). */
  preset: PresetName;
  backend: BackendRequest;
}

export interface ArmConfusabilityJobResult {
  /** One per arm, in the order asked. */
  arms: ConfusabilityOutcome[];
}

/** The arm being measured (0-based index of `arms`, and its name). */
export type ArmConfusabilityJobMetrics = { arm: number; arms: number; name: string };

declare module '../jobProtocol' {
  interface JobKinds {
    pretrain: { params: PretrainJobParams; result: PretrainJobResult; metrics: PretrainJobMetrics };
    evaluate: { params: EvaluateJobParams; result: EvaluationReport; metrics: EvaluateJobMetrics };
    armConfusability: { params: ArmConfusabilityJobParams; result: ArmConfusabilityJobResult; metrics: ArmConfusabilityJobMetrics };
  }
}
