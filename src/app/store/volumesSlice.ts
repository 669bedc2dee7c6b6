/** Loaded volumes (metadata only; voxels live in ../volumes/registry), loading status and errors. */
import type { StateCreator } from 'zustand';
import type { VolumeMeta } from '../../core/volume/types';
import type { AppState } from './index';

/** What the store keeps of a loaded volume: its metadata, never its voxels. */
export type VolumeSummary = Pick<VolumeMeta, 'id' | 'name' | 'format' | 'rows' | 'cols' | 'slices' | 'spacing' | 'modality' | 'warnings'>
  & Partial<Pick<VolumeMeta, 'seriesInstanceUID' | 'seriesDescription' | 'seriesNumber'>> & {
  /** Filled in once hashed: the cache key for similarity results. */
  voxelSha256?: string;
  /** Wall-clock seconds reading the batch this volume came in (shown with a result's timings). */
  readSeconds?: number;
};

/**
 * A user-caused problem, shown until dismissed: names the file and what is wrong with it. A
 * `notice` is information the user should see (two series in one folder, overrides restored,
 * a duplicate not opened again), shown in the same list in a calmer colour.
 */
export interface LoadError {
  id: number;
  file: string;
  message: string;
  kind?: 'error' | 'notice';
}

export type ReportedProblem = Omit<LoadError, 'id'>;

export interface LoadingStatus {
  label: string;
  done: number;
  total: number;
}

export interface VolumesSlice {
  volumes: VolumeSummary[];
  activeVolumeId: string | null;
  loading: LoadingStatus | null;
  errors: LoadError[];
  /** Adds volumes (replacing ones with the same id) and makes the first new one active. */
  addVolumes: (list: VolumeSummary[]) => void;
  setActiveVolume: (id: string) => void;
  setVolumeHash: (id: string, voxelSha256: string) => void;
  setLoading: (status: LoadingStatus | null) => void;
  reportErrors: (errors: ReportedProblem[]) => void;
  dismissError: (id: number) => void;
  dismissAllErrors: () => void;
  /** Closes a volume: out of the list (its voxels leave the registry in the caller); the next one becomes active. */
  removeVolume: (id: string) => void;
}

let nextErrorId = 1;

export const createVolumesSlice: StateCreator<AppState, [], [], VolumesSlice> = (set, get) => ({
  volumes: [],
  activeVolumeId: null,
  loading: null,
  errors: [],
  addVolumes: (list) => {
    if (list.length === 0) return;
    const ids = new Set(list.map((v) => v.id));
    set((s) => ({ volumes: [...s.volumes.filter((v) => !ids.has(v.id)), ...list] }));
    get().setActiveVolume(list[0].id);
  },
  setActiveVolume: (id) => {
    const volume = get().volumes.find((v) => v.id === id);
    if (!volume) return;
    // The first volume keeps a slice asked for in the URL; switching volumes starts mid-volume.
    const fromUrl = get().activeVolumeId === null && get().sliceIndex > 0;
    const keepSlice = fromUrl ? get().sliceIndex : Math.floor(volume.slices / 2);
    set({ activeVolumeId: id, sliceIndex: Math.min(Math.max(0, keepSlice), volume.slices - 1) });
  },
  setVolumeHash: (id, voxelSha256) =>
    set((s) => ({ volumes: s.volumes.map((v) => (v.id === id ? { ...v, voxelSha256 } : v)) })),
  setLoading: (loading) => set({ loading }),
  reportErrors: (errors) =>
    set((s) => ({ errors: [...s.errors, ...errors.map((e) => ({ ...e, id: nextErrorId++ }))] })),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
  dismissAllErrors: () => set({ errors: [] }),
  removeVolume: (id) => {
    const { volumes, activeVolumeId } = get();
    const at = volumes.findIndex((v) => v.id === id);
    if (at < 0) return;
    const rest = volumes.filter((v) => v.id !== id);
    get().clearOverrides(id);
    set({ volumes: rest, sideBySide: false });
    if (activeVolumeId !== id) return;
    const next = rest[Math.min(at, rest.length - 1)];
    if (next) get().setActiveVolume(next.id);
    else set({ activeVolumeId: null, sliceIndex: 0 });
  },
});

/** The active volume's summary, or undefined before anything is loaded. */
export function activeVolume(s: Pick<AppState, 'volumes' | 'activeVolumeId'>): VolumeSummary | undefined {
  return s.volumes.find((v) => v.id === s.activeVolumeId);
}
