/**
 * The right-hand column: the similarity heatmap, the reduction curve and the method comparison
 * (feature components from ./features, fed here from the store and the results registry).
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { reductionCurve } from '../../core/reduction/greedy';
import { leaderCurve } from '../../core/reduction/leader';
import type { MethodName } from '../../core/similarity/types';
import { SimilarityHeatmap } from '../features/heatmap/SimilarityHeatmap';
import { ReductionCurve } from '../features/curve/ReductionCurve';
import { MethodComparison } from '../features/compare/MethodComparison';
import { ConfusabilityPanel } from '../features/confusability/ConfusabilityPanel';
import { appStore, useAppStore } from '../store';
import { activeVolume } from '../store/volumesSlice';
import { needsCompute } from '../store/methods';
import { activeResultKey, selectDecision } from '../analysis/currentDecision';
import { comparisonMasks, keptMask } from '../analysis/comparison';

const get = appStore.getState;

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
        onPick={(i, j) => (i === j ? get().setSlice(i) : get().openPair(Math.max(i, j), Math.min(i, j)))}
      />
    </section>
  );
}

function CurvePanel({ resultKeyNow, method }: { resultKeyNow: string; method: MethodName }) {
  const threshold = useAppStore((s) => s.thresholds[s.method]);
  // The leader loop keeps other slices than the greedy walk: its own curve (HASH only, as in the paper's code).
  const leader = useAppStore((s) => s.algorithm === 'leader' && s.method === 'hash');
  const walk = get().services.results.walk(resultKeyNow);
  const scores = get().services.results.get(resultKeyNow)?.scores;
  const points = useMemo(() => (leader && scores ? leaderCurve(scores) : walk ? reductionCurve(walk) : []), [leader, scores, walk]);
  if (!walk) return null;
  return (
    <section className="feature" data-testid="curve-panel">
      <h2>Kept vs threshold{leader ? ' (leader loop)' : ''}</h2>
      <ReductionCurve points={points} current={threshold} kind={walk.kind} method={method} onPick={(t) => { get().setThresholdMode('threshold'); get().setThreshold(t); }} />
    </section>
  );
}

function ComparisonPanel() {
  const { volume, results, thresholds, method, slice, currentKey, currentDecision, overrides } = useAppStore(useShallow((s) => ({
    volume: activeVolume(s), results: s.results, thresholds: s.thresholds, method: s.method, slice: s.sliceIndex,
    currentKey: activeResultKey(s), currentDecision: selectDecision(s), overrides: s.activeVolumeId ? s.overrides[s.activeVolumeId] : undefined,
  })));
  const masks = useMemo(
    () => comparisonMasks({ volume, results, thresholds, method, currentKey, currentDecision, overrides, registry: get().services.results }),
    [volume, results, thresholds, method, currentKey, currentDecision, overrides],
  );
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
          <ConfusabilityPanel resultKeyNow={key} method={method} />
        </>
      )}
      <ComparisonPanel />
    </aside>
  );
}
