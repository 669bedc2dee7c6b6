/**
 * The dataset view's own small store (rows, sort order, status), beside the explorer's: the
 * explorer's store stays about the volumes it shows. The picked files and the merged manifest are
 * not serialisable store data and live in this module's registry (`datasetSources`).
 */
import { create } from 'zustand';
import type { Manifest } from '../../../core/manifest/types';
import type { ReadSource } from '../../../workers/readProtocol';
import type { DatasetRow, SortOrder } from './datasetModel';

export interface DatasetState {
  /** The view is shown (over the explorer). */
  visible: boolean;
  /** The folder or manifest file the rows come from. */
  label: string;
  rows: DatasetRow[];
  order: SortOrder;
  /** A line about the whole dataset (progress, or what went wrong). */
  status: string;
  show: (visible: boolean) => void;
  reset: (label: string, rows: DatasetRow[], status: string) => void;
  updateRow: (key: string, patch: Partial<DatasetRow>) => void;
  setOrder: (order: SortOrder) => void;
  setStatus: (status: string) => void;
}

export const useDatasetStore = create<DatasetState>((set) => ({
  visible: false,
  label: '',
  rows: [],
  order: { column: 'key', descending: false },
  status: '',
  show: (visible) => set({ visible }),
  reset: (label, rows, status) => set({ label, rows, status, visible: true }),
  updateRow: (key, patch) => set((s) => ({ rows: s.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) })),
  setOrder: (order) => set({ order }),
  setStatus: (status) => set({ status }),
}));

/** Files of each volume (by key) and the merged manifest, when the dataset has them. */
export const datasetSources: { files: Map<string, ReadSource[]>; manifest?: Manifest; generation: number } = { files: new Map(), generation: 0 };
