/**
 * Reviewer overrides: force-keep or force-drop single slices, per volume. Flagged in manifests,
 * persisted per voxelSha256 (../overrides/persistence.ts). Every change a reviewer makes (one
 * slice, a clear, an import replacing or merging) pushes the volume's previous overrides on an
 * undo history; restoring saved overrides at load does not.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export type OverrideKind = 'keep' | 'drop';
export type OverrideMap = Record<number, OverrideKind>;

/** One undoable change: the volume's overrides before it, and what it was. */
export interface OverrideUndoEntry {
  volumeId: string;
  before: OverrideMap;
  what: string;
}

/** How many changes Undo can take back. */
export const OVERRIDE_UNDO_DEPTH = 200;

export interface OverridesSlice {
  /** volumeId → slice index → override. */
  overrides: Record<string, OverrideMap>;
  /** Most recent last. */
  overrideHistory: OverrideUndoEntry[];
  /** Sets (or with null clears) the override of one slice (undoable). */
  setOverride: (volumeId: string, slice: number, kind: OverrideKind | null) => void;
  /** Replaces a volume's overrides (undoable): an import, a merge, clearing all. */
  replaceOverrides: (volumeId: string, next: OverrideMap, what: string) => void;
  /** Puts saved overrides back without an undo entry (restoring after a reload). */
  restoreOverrides: (volumeId: string, saved: OverrideMap) => void;
  clearOverrides: (volumeId: string) => void;
  /** Takes back the volume's last change; returns it, or undefined when there is nothing to undo. */
  undoOverride: (volumeId: string) => OverrideUndoEntry | undefined;
}

function sameOverrides(a: OverrideMap, b: OverrideMap): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[Number(k)] === b[Number(k)]);
}

export const createOverridesSlice: StateCreator<AppState, [], [], OverridesSlice> = (set, get) => {
  const change = (volumeId: string, next: OverrideMap, what: string) => {
    const before = get().overrides[volumeId] ?? {};
    if (sameOverrides(before, next)) return;
    set((s) => ({
      overrides: { ...s.overrides, [volumeId]: next },
      overrideHistory: [...s.overrideHistory, { volumeId, before, what }].slice(-OVERRIDE_UNDO_DEPTH),
    }));
  };
  return {
    overrides: {},
    overrideHistory: [],
    setOverride: (volumeId, slice, kind) => {
      const next = { ...(get().overrides[volumeId] ?? {}) };
      if (kind === null) delete next[slice];
      else next[slice] = kind;
      change(volumeId, next, kind === null ? `clear slice ${slice}` : `${kind} slice ${slice}`);
    },
    replaceOverrides: (volumeId, next, what) => change(volumeId, { ...next }, what),
    restoreOverrides: (volumeId, saved) => set((s) => ({ overrides: { ...s.overrides, [volumeId]: { ...saved } } })),
    clearOverrides: (volumeId) =>
      set((s) => {
        const next = { ...s.overrides };
        delete next[volumeId];
        return { overrides: next, overrideHistory: s.overrideHistory.filter((h) => h.volumeId !== volumeId) };
      }),
    undoOverride: (volumeId) => {
      const history = get().overrideHistory;
      const at = history.map((h) => h.volumeId).lastIndexOf(volumeId);
      if (at < 0) return undefined;
      const last = history[at];
      set((s) => ({ overrides: { ...s.overrides, [volumeId]: last.before }, overrideHistory: history.filter((_, k) => k !== at) }));
      return last;
    },
  };
};
