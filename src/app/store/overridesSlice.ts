/** Reviewer overrides: force-keep or force-drop single slices, per volume. Flagged in manifests. */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export type OverrideKind = 'keep' | 'drop';

export interface OverridesSlice {
  /** volumeId → slice index → override. */
  overrides: Record<string, Record<number, OverrideKind>>;
  /** Sets (or with null clears) the override of one slice. */
  setOverride: (volumeId: string, slice: number, kind: OverrideKind | null) => void;
  clearOverrides: (volumeId: string) => void;
}

export const createOverridesSlice: StateCreator<AppState, [], [], OverridesSlice> = (set) => ({
  overrides: {},
  setOverride: (volumeId, slice, kind) =>
    set((s) => {
      const current = { ...(s.overrides[volumeId] ?? {}) };
      if (kind === null) delete current[slice];
      else current[slice] = kind;
      return { overrides: { ...s.overrides, [volumeId]: current } };
    }),
  clearOverrides: (volumeId) =>
    set((s) => {
      const next = { ...s.overrides };
      delete next[volumeId];
      return { overrides: next };
    }),
});
