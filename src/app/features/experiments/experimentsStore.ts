/**
 * The Experiments feature's own small store (zustand vanilla, no React): the stored experiments
 * (records only), which one is open with its arms' step metrics, what is running now, backend and
 * GPU memory, storage use, the last error. No tensors, no weights, no checkpoints: those stay in
 * IndexedDB (./storage) and in the worker.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PretrainMetrics } from './metrics';
import type { ExperimentRecord } from './types';

export interface RunningExperiment {
  experimentId: string;
  phase: 'confusability' | 'pretrain' | 'evaluate';
  armId?: string;
  paused: boolean;
  message: string;
}

export interface ExperimentsState {
  panelOpen: boolean;
  list: ExperimentRecord[];
  openId: string | null;
  /** Step metrics per arm of the open experiment (stored history, then live steps). */
  live: Record<string, PretrainMetrics[]>;
  running: RunningExperiment | null;
  backend: string | null;
  /** Bytes of tensors on the training backend (tf.memory() in the worker). */
  memoryBytes: number | null;
  storage: { usage: number; quota: number } | null;
  error: string | null;
  setPanelOpen: (open: boolean) => void;
  setList: (list: ExperimentRecord[]) => void;
  upsert: (record: ExperimentRecord) => void;
  removeFromList: (id: string) => void;
  openExperiment: (id: string | null, histories: Record<string, PretrainMetrics[]>) => void;
  setLive: (armId: string, steps: PretrainMetrics[]) => void;
  pushStep: (armId: string, step: PretrainMetrics) => void;
  setRunning: (running: RunningExperiment | null) => void;
  patchRunning: (patch: Partial<RunningExperiment>) => void;
  setBackend: (backend: string, memoryBytes?: number) => void;
  setStorage: (storage: { usage: number; quota: number } | undefined) => void;
  setError: (error: string | null) => void;
}

export function createExperimentsStore(): StoreApi<ExperimentsState> {
  return createStore<ExperimentsState>()((set) => ({
    panelOpen: false,
    list: [],
    openId: null,
    live: {},
    running: null,
    backend: null,
    memoryBytes: null,
    storage: null,
    error: null,
    setPanelOpen: (panelOpen) => set({ panelOpen }),
    setList: (list) => set({ list }),
    upsert: (record) => set((s) => {
      const at = s.list.findIndex((r) => r.id === record.id);
      const list = at < 0 ? [record, ...s.list] : s.list.map((r) => (r.id === record.id ? record : r));
      return { list };
    }),
    removeFromList: (id) => set((s) => ({ list: s.list.filter((r) => r.id !== id), openId: s.openId === id ? null : s.openId, live: s.openId === id ? {} : s.live })),
    openExperiment: (openId, live) => set({ openId, live }),
    setLive: (armId, steps) => set((s) => ({ live: { ...s.live, [armId]: [...steps] } })),
    pushStep: (armId, step) => set((s) => ({ live: { ...s.live, [armId]: [...(s.live[armId] ?? []), step] } })),
    setRunning: (running) => set({ running }),
    patchRunning: (patch) => set((s) => (s.running ? { running: { ...s.running, ...patch } } : {})),
    setBackend: (backend, memoryBytes) => set({ backend, memoryBytes: memoryBytes ?? null }),
    setStorage: (storage) => set({ storage: storage ?? null }),
    setError: (error) => set({ error }),
  }));
}
