/**
 * Keyboard shortcuts (also listed in the help overlay and docs/app.md). One table, one handler.
 * Keys typed into form fields are left alone.
 */
import { useEffect } from 'react';
import { appStore, type AppState } from './store';
import { activeVolume } from './store/volumesSlice';
import { WINDOW_PRESETS, type WindowPreset } from './store/viewSlice';
import { selectDecision } from './analysis/currentDecision';
import { nextWithMark } from './analysis/navigation';
import { computeActive } from './compute/runCompute';
import { resetCamera } from './viewer/commands';

export interface Shortcut {
  keys: string;
  what: string;
  run: (s: AppState, e: KeyboardEvent) => void;
}

const PAGE = 10;

function jumpToMark(s: AppState, direction: 1 | -1, kept: boolean): void {
  const target = nextWithMark(selectDecision(s), s.sliceIndex, direction, kept);
  if (target !== undefined) s.setSlice(target);
}

function override(s: AppState, kind: 'keep' | 'drop' | null): void {
  if (s.activeVolumeId) s.setOverride(s.activeVolumeId, s.sliceIndex, kind);
}

/** Takes back the active volume's last override change (Ctrl/Cmd+Z and the Undo button). */
export function undoLastOverride(s: AppState): void {
  if (s.activeVolumeId) s.undoOverride(s.activeVolumeId);
}

const presets = Object.keys(WINDOW_PRESETS) as WindowPreset[];

export const SHORTCUTS: Record<string, Shortcut> = {
  ArrowDown: { keys: '↓ / →', what: 'next slice', run: (s) => s.stepSlice(1) },
  ArrowRight: { keys: '', what: '', run: (s) => s.stepSlice(1) },
  ArrowUp: { keys: '↑ / ←', what: 'previous slice', run: (s) => s.stepSlice(-1) },
  ArrowLeft: { keys: '', what: '', run: (s) => s.stepSlice(-1) },
  PageDown: { keys: 'PageDown', what: `${PAGE} slices forward`, run: (s) => s.stepSlice(PAGE) },
  PageUp: { keys: 'PageUp', what: `${PAGE} slices back`, run: (s) => s.stepSlice(-PAGE) },
  Home: { keys: 'Home', what: 'first slice', run: (s) => s.setSlice(0) },
  End: { keys: 'End', what: 'last slice', run: (s) => s.setSlice((activeVolume(s)?.slices ?? 1) - 1) },
  n: { keys: 'n / p', what: 'next / previous kept slice', run: (s) => jumpToMark(s, 1, true) },
  p: { keys: '', what: '', run: (s) => jumpToMark(s, -1, true) },
  N: { keys: 'Shift+N / Shift+P', what: 'next / previous dropped slice', run: (s) => jumpToMark(s, 1, false) },
  P: { keys: '', what: '', run: (s) => jumpToMark(s, -1, false) },
  k: { keys: 'K', what: 'force-keep this slice (override)', run: (s) => override(s, 'keep') },
  d: { keys: 'D', what: 'force-drop this slice (override)', run: (s) => override(s, 'drop') },
  c: { keys: 'C', what: 'clear this slice’s override', run: (s) => override(s, null) },
  K: { keys: '', what: '', run: (s) => override(s, 'keep') },
  D: { keys: '', what: '', run: (s) => override(s, 'drop') },
  C: { keys: '', what: '', run: (s) => override(s, null) },
  ' ': { keys: 'Space', what: 'cine play / pause', run: (s) => s.toggleCine() },
  s: { keys: 'S', what: 'side by side: dropped slice vs its kept representative', run: (s) => s.toggleSideBySide() },
  Enter: { keys: 'Enter', what: 'compute the current method', run: () => void computeActive(appStore.getState) },
  '0': { keys: '0', what: 'default window', run: (s) => s.setWindowLevel(null) },
  r: { keys: 'R', what: 'reset zoom and pan', run: () => resetCamera() },
  R: { keys: '', what: '', run: () => resetCamera() },
  ...Object.fromEntries(presets.map((p, k) => [String(k + 1), {
    keys: String(k + 1), what: `window preset: ${p} (W ${WINDOW_PRESETS[p].width} / L ${WINDOW_PRESETS[p].center})`,
    run: (s: AppState) => s.applyPreset(p),
  }])),
  '?': { keys: '?', what: 'show / hide this help', run: (s) => s.setHelpOpen(!s.helpOpen) },
  Escape: { keys: 'Esc', what: 'close help', run: (s) => s.setHelpOpen(false) },
};

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !['range', 'checkbox', 'radio', 'button'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target.isContentEditable;
}

const NAVIGATION_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End']);

/**
 * Keys a focused control uses itself: a slider (range input or role=slider) or a select takes the
 * navigation keys, a button Enter and Space. The global shortcuts leave those alone. (Not
 * `defaultPrevented`: Cornerstone's own listeners prevent keys such as R that are still ours.)
 */
export function keyBelongsToControl(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const role = target.getAttribute('role');
  const slider = (target instanceof HTMLInputElement && target.type === 'range') || role === 'slider';
  // role=application (the heatmap's keyboard cursor) handles its arrows and Enter/Space itself.
  if ((slider || role === 'application' || target instanceof HTMLSelectElement) && NAVIGATION_KEYS.has(key)) return true;
  return (target instanceof HTMLButtonElement || role === 'application') && (key === 'Enter' || key === ' ');
}

/** Ctrl+Z (Cmd+Z on macOS) outside text fields: undo the last override change. */
function isUndo(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'z';
}

/** Installs the global shortcut handler while mounted. */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      if (isUndo(e)) {
        e.preventDefault();
        undoLastOverride(appStore.getState());
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || keyBelongsToControl(e.target, e.key)) return;
      const shortcut = SHORTCUTS[e.key];
      if (!shortcut) return;
      e.preventDefault();
      shortcut.run(appStore.getState(), e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
