/**
 * The right-hand column: the similarity heatmap, the reduction curve and the method comparison
 * (feature components from ./features, fed here from the store and the results registry).
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { reductionCurve } from '../../core/reduction/greedy';
import type { MethodName } from '../../core/similarity/types';
import { SimilarityHeatmap } from '../features/heatmap/SimilarityHeatmap';
import { ReductionCurve } from '../features/curve/ReductionCurve';
import { MethodComparison } from '../features/compare/MethodComparison';
import type { MethodKeptMask } from '../features/compare/keptSets';
import { appStore, useAppStore, type AppState } from '../store';
import { activeVolume, type VolumeSummary } from '../store/volumesSlice';
import { resultKey } from '../store/analysisSlice';
import { METHOD_LABELS, needsCompute, UI_METHODS, type UiMethod } from '../store/methods';
import { activeResultKey, selectDecision } from '../analysis/currentDecision';
import { decideSlices } from '../analysis/decisions';

const get = appStore.getState;

function keptMask(n: number, kept: readonly number[]): Uint8Array {
  const mask = new Uint8Array(n);
  for (const k of kept) mask[k] = 1;
  return mask;
}

function HeatmapPanel({ resultKeyNow, method }: { resultKeyNow: string; method: MethodName }) {
  const decision = useAppStore(selectDecision);
  const stored = get().services.results.get(resultKeyNow);
  const kept = useMemo(() => (decision ? keptMask(decision.n, decision.kept) : undefined), [decision]);
  if (!stored) return null;
  return (
    <section className="feature" data-testid="heatmap-panel">
      <h2>Similarity matrix</h2>
      <SimilarityHeatmap
        matrix={stored.scores.matrix} n={stored.scores.n} kind={stored.scores.kind} method={method} kept={kept}
        onPick={(i, j) => { get().setSlice(j === i ? i : Math.max(i, j)); }}
      />
    </section>
  );
}

function CurvePanel({ resultKeyNow, method }: { resultKeyNow: string; method: MethodName }) {
  const threshold = useAppStore((s) => s.thresholds[s.method]);
  const walk = get().services.results.walk(resultKeyNow);
  const points = useMemo(() => (walk ? reductionCurve(walk) : []), [walk]);
  if (!walk) return null;
  return (
    <section className="feature" data-testid="curve-panel">
      <h2>Kept vs threshold</h2>
      <ReductionCurve points={points} current={threshold} kind={walk.kind} method={method} onPick={(t) => { get().setThresholdMode('threshold'); get().setThreshold(t); }} />
    </section>
  );
}

interface ComparisonInputs {
  volume: VolumeSummary | undefined;
  results: AppState['results'];
  thresholds: AppState['thresholds'];
  method: UiMethod;
  algorithm: AppState['algorithm'];
}

/** Kept masks of every method computed for the volume (each at its own threshold) plus EveryN. */
function comparisonMasks({ volume, results, thresholds, method: current, algorithm }: ComparisonInputs): MethodKeptMask[] {
  if (!volume) return [];
  const volumeKey = volume.voxelSha256 ?? volume.id;
  const masks: MethodKeptMask[] = [];
  for (const method of UI_METHODS.filter((m): m is UiMethod => m !== 'all')) {
    const key = resultKey(volumeKey, method);
    const stored = needsCompute(method) && results[key] ? get().services.results.get(key) : undefined;
    if (needsCompute(method) && !stored) continue;
    const threshold = thresholds[method];
    const decision = decideSlices({
      method, algorithm: method === current ? algorithm : 'greedy', thresholdMode: 'threshold', threshold, keepPercent: 100,
      n: volume.slices, scores: stored?.scores, walk: stored ? get().services.results.walk(key) : undefined,
    });
    if (decision) masks.push({ label: `${METHOD_LABELS[method]} ${threshold}`, kept: keptMask(volume.slices, decision.kept) });
  }
  return masks;
}

function ComparisonPanel() {
  const { volume, results, thresholds, method, algorithm, slice } = useAppStore(useShallow((s) => ({
    volume: activeVolume(s), results: s.results, thresholds: s.thresholds, method: s.method, algorithm: s.algorithm, slice: s.sliceIndex,
  })));
  const masks = useMemo(() => comparisonMasks({ volume, results, thresholds, method, algorithm }), [volume, results, thresholds, method, algorithm]);
  if (!volume || masks.length < 2) return null;
  return (
    <section className="feature" data-testid="compare-panel">
      <h2>Method comparison</h2>
      <MethodComparison n={volume.slices} results={masks} current={slice} onJump={get().setSlice} />
    </section>
  );
}

export function FeaturePanels() {
  const { key, method, computed } = useAppStore(useShallow((s) => {
    const k = activeResultKey(s);
    return { key: k, method: s.method, computed: k ? !!s.results[k] : false };
  }));
  return (
    <aside className="panel features">
      {key && computed && needsCompute(method) && (
        <>
          <HeatmapPanel resultKeyNow={key} method={method} />
          <CurvePanel resultKeyNow={key} method={method} />
        </>
      )}
      <ComparisonPanel />
    </aside>
  );
}
