/**
 * Method, algorithm and threshold choice, compute status and small result summaries.
 * Similarity matrices are not kept here (see ../compute/results.ts); the store only holds keys.
 */
import type { StateCreator } from 'zustand';
import type { BackendRequest } from '../../core/backend';
import type { DeepnetModelSummary } from '../features/deepnet/modelFiles';
import type { UserModelOptions } from '../../workers/similarityJob';
import type { AppState } from './index';
import {
  algorithmsFor, clampThreshold, THRESHOLD_RANGES, UI_METHODS,
  type Algorithm, type ThresholdMode, type UiMethod,
} from './methods';

export type ComputeStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface ComputeState {
  status: ComputeStatus;
  done: number;
  total: number;
  /** performance.now()/Date.now() milliseconds when the run started (for the ETA). */
  startedAt: number;
  /** When the last progress report arrived (same clock as startedAt). */
  updatedAt: number;
  message?: string;
}

/** A finished similarity computation, by result key (see resultKey). */
export interface ResultSummary {
  key: string;
  volumeId: string;
  method: UiMethod;
  n: number;
  backend: string;
  /** Why the backend differs from the one asked for (e.g. auto passed over a software GPU). */
  backendNote?: string;
  elapsedMs: number;
  /** CPU threads the kernel used (the pool), when it ran on the CPU. */
  threads?: number;
  /** Where the time went: reading the input, the 8-bit conversion, the matrix (as the CLI's JSON). */
  timings?: { readSeconds?: number; convertSeconds: number; scoreSeconds: number };
  fromCache: boolean;
}

export interface AnalysisSlice {
  method: UiMethod;
  algorithm: Algorithm;
  thresholdMode: ThresholdMode;
  /** One threshold per method, in that method's units, so switching methods keeps each setting. */
  thresholds: Record<UiMethod, number>;
  keepPercent: number;
  compute: ComputeState;
  /** The backend the compute engine reported (webgpu, webgl, wasm, cpu), once known. */
  backend: string | null;
  /** The backend asked for (URL `backend=`): auto picks the fastest, a name forces it. */
  backendRequest: BackendRequest;
  results: Record<string, ResultSummary>;
  /** The user's DeepNet model; null = the bundled default embedder. */
  deepnetModel: DeepnetModelSummary | null;
  setMethod: (method: UiMethod) => void;
  setAlgorithm: (algorithm: Algorithm) => void;
  setThresholdMode: (mode: ThresholdMode) => void;
  /** Sets the current method's threshold (clamped to its range). */
  setThreshold: (value: number) => void;
  setKeepPercent: (value: number) => void;
  setBackend: (backend: string) => void;
  setBackendRequest: (request: BackendRequest) => void;
  computeStarted: (total: number, now: number) => void;
  computeProgress: (done: number, total: number, now: number) => void;
  computeFinished: (summary: ResultSummary) => void;
  computeFailed: (message: string) => void;
  computeCancelled: () => void;
  /**
   * Switches the DeepNet model (null: the default). DeepNet results of the previous model leave
   * the store (result keys name volume and method only), so nothing shows a matrix of another
   * model; the persistent cache keys them by model hash, so switching back is a cache hit.
   */
  setDeepnetModel: (model: DeepnetModelSummary | null) => void;
  /** Changes the user model's options (layer, size, normalisation, pooling); same invalidation. */
  setDeepnetOptions: (options: UserModelOptions) => void;
}

function withoutDeepnet(results: Record<string, ResultSummary>): Record<string, ResultSummary> {
  return Object.fromEntries(Object.entries(results).filter(([, r]) => r.method !== 'deepnet'));
}

/** The key of a similarity result: one per volume content and method. */
export function resultKey(volumeKey: string, method: UiMethod): string {
  return `${volumeKey}|${method}`;
}

const initialThresholds = Object.fromEntries(
  UI_METHODS.map((m) => [m, THRESHOLD_RANGES[m].initial]),
) as Record<UiMethod, number>;

export const createAnalysisSlice: StateCreator<AppState, [], [], AnalysisSlice> = (set, get) => ({
  method: 'hash',
  algorithm: 'greedy',
  thresholdMode: 'threshold',
  thresholds: initialThresholds,
  keepPercent: 10,
  compute: { status: 'idle', done: 0, total: 0, startedAt: 0, updatedAt: 0 },
  backend: null,
  backendRequest: 'auto',
  results: {},
  deepnetModel: null,
  setMethod: (method) => {
    const algorithm = algorithmsFor(method).includes(get().algorithm) ? get().algorithm : 'greedy';
    set({ method, algorithm });
  },
  setAlgorithm: (algorithm) => {
    if (algorithmsFor(get().method).includes(algorithm)) set({ algorithm });
  },
  setThresholdMode: (thresholdMode) => set({ thresholdMode }),
  setThreshold: (value) => {
    const { method } = get();
    set((s) => ({ thresholds: { ...s.thresholds, [method]: clampThreshold(method, value) } }));
  },
  setKeepPercent: (value) => {
    if (Number.isFinite(value)) set({ keepPercent: Math.min(100, Math.max(0.1, value)) });
  },
  setBackend: (backend) => set({ backend }),
  setBackendRequest: (backendRequest) => set({ backendRequest }),
  computeStarted: (total, now) => set({ compute: { status: 'running', done: 0, total, startedAt: now, updatedAt: now } }),
  computeProgress: (done, total, now) => set((s) => ({ compute: { ...s.compute, done, total, updatedAt: now } })),
  computeFinished: (summary) =>
    set((s) => ({
      compute: { ...s.compute, status: 'done', done: s.compute.total, message: undefined },
      results: { ...s.results, [summary.key]: summary },
    })),
  computeFailed: (message) => set((s) => ({ compute: { ...s.compute, status: 'error', message } })),
  computeCancelled: () => set((s) => ({ compute: { ...s.compute, status: 'cancelled', message: 'cancelled' } })),
  setDeepnetModel: (deepnetModel) => set((s) => ({ deepnetModel, results: withoutDeepnet(s.results) })),
  setDeepnetOptions: (options) => {
    const model = get().deepnetModel;
    if (model) set((s) => ({ deepnetModel: { ...model, options }, results: withoutDeepnet(s.results) }));
  },
});
