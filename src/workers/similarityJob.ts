/**
 * The `similarity` job (./jobProtocol.ts) of the compute worker: its params (the volume's voxels
 * transferred, not copied; the method; the backend asked for; a DeepNet user model) and its result
 * (the matrix transferred back). Progress counts pairs (or slices for DeepNet); the first progress
 * event carries `metrics.backend`, the label of the backend the worker settled.
 */
import type { BackendRequest } from '../core/backend/types';
import type { Uint8Conversion } from '../core/preprocess/toUint8';
import type { MethodName, SimilarityResult } from '../core/similarity/types';

export type VoxelDtype = 'int16' | 'float32' | 'uint8';

/** A volume's voxels and shape, enough to rebuild a Volume in the worker. */
export interface TransferredVolume {
  id: string;
  name: string;
  rows: number;
  cols: number;
  slices: number;
  spacing: [number, number, number];
  dtype: VoxelDtype;
  /** Slice-major voxels; transferred, so the sender must pass a copy it no longer needs. */
  voxels: ArrayBuffer;
}

export interface ComputeParams {
  /** 8-bit conversion before similarity (default: per-slice min/max, the paper's). */
  conversion?: Uint8Conversion;
  /** DeepNet only: the user's model (absent: the bundled default embedder). */
  model?: UserModelRequest;
}

/** One picked model file; its bytes are copied into the worker (the app keeps its own). */
export interface ModelFile {
  name: string;
  bytes: ArrayBuffer;
}

/** How the user's model is read and applied (see core ModelEmbedderOptions). */
export interface UserModelOptions {
  /** Embedding layer (layers model), output node (graph model) or output name (ONNX); empty: the model's output. */
  layer?: string;
  inputSize?: [number, number];
  channels?: 1 | 3;
  /** On the [0, 1] scale; one value or one per channel. */
  mean?: number[];
  std?: number[];
  pooling?: 'avg' | 'max' | 'flatten';
}

/** A user model for DeepNet: a TensorFlow.js model (model.json + shards) or one .onnx file. */
export interface UserModelRequest {
  kind: 'tfjs' | 'onnx';
  /** Names the model in the embedder id (and so in cache keys and manifests). */
  id: string;
  files: ModelFile[];
  options: UserModelOptions;
}

export interface SimilarityJobParams extends ComputeParams {
  method: MethodName;
  volume: TransferredVolume;
  /** Settled once per worker: every job of one worker asks for the same backend. */
  backend: BackendRequest;
}

/** What the similarity job's progress reports besides done/total: the settled backend's label (first event). */
export type SimilarityJobMetrics = { backend: string };

/** Wall-clock seconds of a run's two steps in the worker: the 8-bit conversion and the matrix. */
export interface ComputeTimings {
  convertSeconds: number;
  scoreSeconds: number;
}

/** A similarity result as the worker sends it back (matrix transferred), with the run's wall time. */
export type SimilarityJobResult = Pick<SimilarityResult, 'method' | 'n' | 'backend' | 'backendNote' | 'kind' | 'matrix' | 'hashes' | 'params' | 'threads'> & {
  elapsedMs: number;
  timings?: ComputeTimings;
};

export function voxelDtype(voxels: Int16Array | Float32Array | Uint8Array): VoxelDtype {
  if (voxels instanceof Int16Array) return 'int16';
  if (voxels instanceof Float32Array) return 'float32';
  return 'uint8';
}

export function voxelsFromBuffer(dtype: VoxelDtype, buffer: ArrayBuffer): Int16Array | Float32Array | Uint8Array {
  if (dtype === 'int16') return new Int16Array(buffer);
  if (dtype === 'float32') return new Float32Array(buffer);
  return new Uint8Array(buffer);
}
