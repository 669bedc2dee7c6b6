/** What the viewer shows: current slice, window/level, cine, side-by-side and help toggles. */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';
import { activeVolume } from './volumesSlice';

export interface WindowLevel {
  center: number;
  width: number;
}

/** Standard CT display windows (width / level in HU). */
export const WINDOW_PRESETS = {
  'soft tissue': { width: 400, center: 40 },
  lung: { width: 1500, center: -600 },
  bone: { width: 2500, center: 480 },
  brain: { width: 80, center: 40 },
  liver: { width: 150, center: 90 },
} as const satisfies Record<string, WindowLevel>;
export type WindowPreset = keyof typeof WINDOW_PRESETS;

export interface ViewSlice {
  sliceIndex: number;
  /** null = the volume's own default window. */
  windowLevel: WindowLevel | null;
  cine: boolean;
  cineFps: number;
  sideBySide: boolean;
  /** The slice side by side shows instead of the representative (a pair picked in the heatmap). */
  pairSlice: number | null;
  helpOpen: boolean;
  /** Moves to slice i, clamped to the active volume. */
  setSlice: (i: number) => void;
  stepSlice: (delta: number) => void;
  setWindowLevel: (wl: WindowLevel | null) => void;
  applyPreset: (preset: WindowPreset) => void;
  toggleCine: () => void;
  toggleSideBySide: () => void;
  /** Shows slice i with slice j beside it (a heatmap cell). */
  openPair: (i: number, j: number) => void;
  setHelpOpen: (open: boolean) => void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  sliceIndex: 0,
  windowLevel: null,
  cine: false,
  cineFps: 12,
  sideBySide: false,
  pairSlice: null,
  helpOpen: false,
  setSlice: (i) => {
    const n = activeVolume(get())?.slices;
    const clamped = n === undefined ? Math.max(0, Math.round(i)) : Math.min(n - 1, Math.max(0, Math.round(i)));
    if (Number.isFinite(clamped) && clamped !== get().sliceIndex) set({ sliceIndex: clamped });
  },
  stepSlice: (delta) => get().setSlice(get().sliceIndex + delta),
  setWindowLevel: (windowLevel) => set({ windowLevel }),
  applyPreset: (preset) => set({ windowLevel: { ...WINDOW_PRESETS[preset] } }),
  toggleCine: () => set((s) => ({ cine: !s.cine })),
  toggleSideBySide: () => set((s) => ({ sideBySide: !s.sideBySide, pairSlice: null })),
  openPair: (i, j) => {
    get().setSlice(i);
    const n = activeVolume(get())?.slices ?? 0;
    set({ sideBySide: true, pairSlice: Math.min(Math.max(0, Math.round(j)), Math.max(0, n - 1)) });
  },
  setHelpOpen: (helpOpen) => set({ helpOpen }),
});
