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
  /** DeepNet with a user model: the model's name (its id is part of the key). */
  model?: string;
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
  /** Keep-% is refused while the algorithm is leader (it has no count target; the CLI refuses it too). */
  setThresholdMode: (mode: ThresholdMode) => void;
  /** Sets the current method's threshold (clamped to its range). */
  setThreshold: (value: number) => void;
  setKeepPercent: (value: number) => void;
  setBackend: (backend: string) => void;
  setBackendRequest: (request: BackendRequest) => void;
  computeStarted: (total: number, now: number) => void;
  computeProgress: (done: number, total: number, now: number) => void;
  computeFinished: (summary: ResultSummary) => void;
  /** A cached result of a method other than the one shown joins the session (comparison, experiment arms); the compute status stays. */
  resultRestored: (summary: ResultSummary) => void;
  computeFailed: (message: string) => void;
  computeCancelled: () => void;
  /**
   * Switches the DeepNet model (null: the default). Results stay: the model joins the result key
   * (resultKey's variant), so each model's result is shown only under that model and two models'
   * results sit side by side in the method comparison.
   */
  setDeepnetModel: (model: DeepnetModelSummary | null) => void;
  /** Changes the user model's options (layer, size, normalisation, pooling); they join the key too. */
  setDeepnetOptions: (options: UserModelOptions) => void;
}

/**
 * The key of a similarity result: one per volume content, method and variant (DeepNet: the user
 * model and its options; none for the default model and the other methods).
 */
export function resultKey(volumeKey: string, method: UiMethod, variant?: string): string {
  return variant ? `${volumeKey}|${method}|${variant}` : `${volumeKey}|${method}`;
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
    if (!algorithmsFor(get().method).includes(algorithm)) return;
    // Leader has no keep-% form (like the CLI): choosing it goes back to the threshold.
    set(algorithm === 'leader' ? { algorithm, thresholdMode: 'threshold' } : { algorithm });
  },
  setThresholdMode: (thresholdMode) => {
    if (thresholdMode === 'keepPercent' && get().algorithm === 'leader' && get().method === 'hash') return;
    set({ thresholdMode });
  },
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
  resultRestored: (summary) => set((s) => ({ results: { ...s.results, [summary.key]: summary } })),
  computeFailed: (message) => set((s) => ({ compute: { ...s.compute, status: 'error', message } })),
  computeCancelled: () => set((s) => ({ compute: { ...s.compute, status: 'cancelled', message: 'cancelled' } })),
  setDeepnetModel: (deepnetModel) => set({ deepnetModel }),
  setDeepnetOptions: (options) => {
    const model = get().deepnetModel;
    if (model) set({ deepnetModel: { ...model, options } });
  },
});
