/**
 * The viewer: the main Cornerstone stack viewport with the kept/dropped overlay, the slice strip
 * beside it, an optional side-by-side pane (a dropped slice next to its representative kept slice,
 * same window/level), and a status line. Wheel scrolls slices; drag does window/level (left),
 * pan (middle) and zoom (right).
 */
import { useCallback, useEffect, type WheelEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { appStore, useAppStore } from '../store';
import { activeVolume } from '../store/volumesSlice';
import { activeResultKey, selectDecision } from '../analysis/currentDecision';
import type { WindowLevel } from '../store/viewSlice';
import { METHOD_LABELS, THRESHOLD_RANGES } from '../store/methods';
import { formatScore, setOverlaySnapshot, type SliceLabel } from './overlaySnapshot';
import { defaultWindow } from './metadataProvider';
import { getVolume } from '../volumes/registry';
import { SliceStrip } from './SliceStrip';
import { volumeLabel } from '../loading/volumeLabel';
import { StackView } from './StackView';
import { MAIN_VIEWPORT_ID } from './commands';
import type { ReductionResult } from '../../core/reduction/types';
import type { AppState } from '../store';

const get = appStore.getState;

function labelsOf(decision: ReductionResult | undefined, n: number): SliceLabel[] {
  if (!decision) return Array.from({ length: n }, () => ({ mark: 'unknown', overridden: false }));
  return decision.perSlice.map((d) => ({
    mark: d.kept ? 'kept' : 'dropped', overridden: !!d.override, representative: d.nearestKept, score: d.score,
  }));
}

function captionOf(s: AppState): string {
  if (s.method === 'all') return 'ALL';
  if (s.thresholdMode === 'keepPercent' && s.method !== 'everyn') return `${METHOD_LABELS[s.method]} keep ${s.keepPercent}%`;
  const label = METHOD_LABELS[s.method];
  const unit = THRESHOLD_RANGES[s.method].unit; // "NMI ≥" already names the method: no "NMI NMI ≥"
  return `${unit.startsWith(label) ? '' : `${label} `}${unit} ${s.thresholds[s.method]}`;
}

/** Pushes the overlay snapshot whenever the decision or the volume changes. */
function useOverlaySync(): void {
  const { volumeId, n, decision, caption } = useAppStore(useShallow((s) => ({
    volumeId: s.activeVolumeId, n: activeVolume(s)?.slices ?? 0, decision: selectDecision(s), caption: captionOf(s),
  })));
  useEffect(() => {
    setOverlaySnapshot(volumeId ? { volumeId, caption, labels: labelsOf(decision, n) } : null);
  }, [volumeId, n, decision, caption]);
}

/** Cine: advances one slice per frame at cineFps while on, wrapping at the end. */
function useCine(): void {
  const { cine, fps } = useAppStore(useShallow((s) => ({ cine: s.cine, fps: s.cineFps })));
  useEffect(() => {
    if (!cine) return;
    const timer = setInterval(() => {
      const s = get();
      const n = activeVolume(s)?.slices ?? 1;
      s.setSlice((s.sliceIndex + 1) % n);
    }, 1000 / fps);
    return () => clearInterval(timer);
  }, [cine, fps]);
}

/** Score of (i, j) in the active result, when computed. */
function pairScore(s: AppState, i: number, j: number): number | undefined {
  const key = activeResultKey(s);
  const stored = key && s.results[key] ? s.services.results.get(key) : undefined;
  return stored && i < stored.scores.n && j < stored.scores.n ? stored.scores.matrix[i * stored.scores.n + j] : undefined;
}

/**
 * The second pane: the pair picked in the heatmap (current slice vs pairSlice), or else the
 * current dropped slice's representative kept slice. Same window/level as the main viewer.
 */
function SideBySide({ volumeId, slices, windowLevel }: { volumeId: string; slices: number; windowLevel: WindowLevel | null }) {
  const { slice, label, pair, score } = useAppStore(useShallow((s) => ({
    slice: s.sliceIndex, label: selectDecision(s)?.perSlice[s.sliceIndex], pair: s.pairSlice,
    score: s.pairSlice === null ? undefined : pairScore(s, s.sliceIndex, s.pairSlice),
  })));
  const rep = pair ?? (label && !label.kept ? label.nearestKept : undefined);
  const caption = pair !== null
    ? `pair #${slice} ↔ #${pair}${score !== undefined ? `, score ${formatScore(score)}` : ''} (from the matrix)`
    : rep === undefined
      ? label?.kept ? `slice ${slice} is kept` : 'no representative (compute first)'
      : `dropped #${slice} ≈ kept #${rep}, score ${formatScore(label?.score ?? NaN)}`;
  return (
    <div className="side-by-side" data-testid="side-by-side">
      <div className="pane-caption" data-testid="side-by-side-caption">{caption}</div>
      {rep !== undefined && (
        <StackView viewportId="ctsieve-compare" volumeId={volumeId} slices={slices} sliceIndex={rep} windowLevel={windowLevel} className="viewport" testId="compare-viewport" />
      )}
    </div>
  );
}

export function ViewerPane() {
  const { volume, slice, windowLevel, sideBySide, decision } = useAppStore(useShallow((s) => ({
    volume: activeVolume(s), slice: s.sliceIndex, windowLevel: s.windowLevel, sideBySide: s.sideBySide, decision: selectDecision(s),
  })));
  useOverlaySync();
  useCine();
  const onWheel = useCallback((e: WheelEvent) => get().stepSlice(Math.sign(e.deltaY)), []);
  const onWindowLevel = useCallback((wl: WindowLevel) => {
    const s = get();
    const current = s.windowLevel ?? (s.activeVolumeId ? defaultWindow(getVolume(s.activeVolumeId)) : null);
    // Cornerstone reports the window it applied on load too (±1 HU); only real changes count.
    if (current && Math.abs(current.center - wl.center) <= 1 && Math.abs(current.width - wl.width) <= 1) return;
    s.setWindowLevel({ center: Math.round(wl.center), width: Math.max(1, Math.round(wl.width)) });
  }, []);
  if (!volume) return <section className="viewer-area empty" data-testid="viewer">No volume loaded. Open files, drop a folder, or pick a sample.</section>;
  return (
    <section className="viewer-area">
      <div className="viewer-row">
        <div className="viewport-wrap" onWheel={onWheel}>
          <StackView
            viewportId={MAIN_VIEWPORT_ID} volumeId={volume.id} slices={volume.slices} sliceIndex={slice}
            windowLevel={windowLevel} onWindowLevel={onWindowLevel} className="viewport" testId="viewer"
          />
        </div>
        <SliceStrip n={volume.slices} current={slice} decision={decision} onPick={get().setSlice} />
        {sideBySide && <SideBySide volumeId={volume.id} slices={volume.slices} windowLevel={windowLevel} />}
      </div>
      <div className="status-line">
        {/* Counted from 1 as radiology viewers do; the index (from 0) is what manifests, exports and the overlay's "#" use. */}
        <span data-testid="slice-position">slice <b data-testid="slice-number">{slice + 1}</b> / {volume.slices} <span className="muted" title="the slice's index in manifests and exports (counted from 0)">(index <span data-testid="slice-index">{slice}</span>)</span></span>
        <span title={volume.name}>{volumeLabel(volume)} · {volume.cols}×{volume.rows}×{volume.slices} · {volume.spacing.map((x) => x.toFixed(2)).join('×')} mm</span>
        <span data-testid="window-level">{windowLevel ? `W ${windowLevel.width} L ${windowLevel.center}` : 'W/L default'}</span>
      </div>
    </section>
  );
}
