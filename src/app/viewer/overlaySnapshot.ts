/**
 * What the kept/dropped overlay shows, as a plain snapshot the app pushes and the Cornerstone tool
 * only reads (the tool never touches the store). One entry per slice of the shown volume.
 */
export type SliceMark = 'kept' | 'dropped' | 'unknown';

export interface SliceLabel {
  mark: SliceMark;
  /** True when a reviewer override decided this slice. */
  overridden: boolean;
  /** Dropped slices: index of the kept slice that represents them. */
  representative?: number;
  /** Dropped slices: the score against the representative, in the method's units. */
  score?: number;
}

export interface OverlaySnapshot {
  volumeId: string;
  /** e.g. "HASH ≤ 6" — printed under the status. */
  caption: string;
  labels: SliceLabel[];
}

let snapshot: OverlaySnapshot | null = null;
const listeners = new Set<() => void>();

export function setOverlaySnapshot(next: OverlaySnapshot | null): void {
  snapshot = next;
  listeners.forEach((listener) => listener());
}

export function getOverlaySnapshot(): OverlaySnapshot | null {
  return snapshot;
}

/** Calls `listener` whenever the snapshot changes; returns the unsubscribe function. */
export function onOverlaySnapshot(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The overlay's text lines for one slice, e.g. ["DROPPED (override)", "≈ #12, score 3"]. */
export function overlayLines(label: SliceLabel | undefined, caption: string): string[] {
  if (!label || label.mark === 'unknown') return ['not computed'];
  const head = `${label.mark.toUpperCase()}${label.overridden ? ' (override)' : ''}`;
  const lines = [head];
  if (label.mark === 'dropped' && label.representative !== undefined) {
    const score = label.score === undefined ? '' : `, score ${formatScore(label.score)}`;
    lines.push(`≈ #${label.representative}${score}`);
  }
  if (caption) lines.push(caption);
  return lines;
}

export function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(4);
}
