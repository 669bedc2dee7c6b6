/**
 * The confusability chart's panel, beside the kept-vs-threshold curve: measures (on demand, in the
 * compute worker, with progress and cancel) the confusable rate of ALL and of the kept set at a few
 * thresholds of the method on screen, and shows both against the threshold.
 */
import { useMemo, useState } from 'react';
import { leaderCurve } from '../../../core/reduction/leader';
import { reductionCurve } from '../../../core/reduction/greedy';
import { PRESET_NAMES } from '../../../core/ssl/presets';
import type { PresetName } from '../../../core/ssl/types';
import type { MethodName } from '../../../core/similarity/types';
import type { ConfusabilityEmbedding } from '../../../workers/confusabilityJob';
import { appStore, useAppStore } from '../../store';
import { activeVolume } from '../../store/volumesSlice';
import { getVolume } from '../../volumes/registry';
import { formatPercent, formatThreshold } from '../curve/curveGeometry';
import { ConfusabilityChart, type MeasuredPoint } from './ConfusabilityChart';
import { CHART_ANCHORS, CHART_PRESET, EMBEDDINGS, useConfusabilityRun } from './runConfusability';
import { chartSets, distinctSets, type ChartSet } from './sets';

const get = appStore.getState;

export function ConfusabilityPanel({ resultKeyNow, method }: { resultKeyNow: string; method: MethodName }) {
  const algorithm = useAppStore((s) => (s.method === 'hash' ? s.algorithm : 'greedy'));
  const volume = useAppStore(activeVolume);
  const [embedding, setEmbedding] = useState<ConfusabilityEmbedding>('pixels');
  const [preset, setPreset] = useState<PresetName>(CHART_PRESET);
  const { state, start, cancel } = useConfusabilityRun();
  const walk = get().services.results.walk(resultKeyNow);
  const scores = get().services.results.get(resultKeyNow)?.scores;
  const curve = useMemo(() => (algorithm === 'leader' && scores ? leaderCurve(scores) : walk ? reductionCurve(walk) : []), [algorithm, scores, walk]);
  const sets = useMemo<ChartSet[]>(() => (scores && volume ? chartSets({ method, algorithm, n: volume.slices, scores, walk, curve }) : []), [method, algorithm, volume, scores, walk, curve]);
  const key = `${resultKeyNow}|${algorithm}|${embedding}|${preset}`;
  if (!walk || !scores || !volume) return null;

  const measure = () => {
    const { unique } = distinctSets(sets);
    void start(key, `${volume.name}, confusability (${embedding})`, {
      volumes: [getVolume(volume.id)], sets: unique.map((kept, i) => ({ label: String(i), kept: [kept] })), embedding, preset,
    });
  };
  const shown = state.status === 'done' && state.key === key ? measuredPoints(sets, state.results.map((r) => (r.dataset.anchors > 0 ? r.dataset.confusableRate : undefined)), volume.slices) : undefined;
  return (
    <section className="feature" data-testid="confusability-panel">
      <h2>Confusability vs threshold{algorithm === 'leader' ? ' (leader loop)' : ''}</h2>
      <div className="ct-conf-controls">
        <label>Embedding <select data-testid="confusability-embedding" value={embedding} onChange={(e) => setEmbedding(e.target.value as ConfusabilityEmbedding)}>{EMBEDDINGS.map((m) => <option key={m} value={m}>{m}</option>)}</select></label>
        <label>Views <select data-testid="confusability-preset" value={preset} onChange={(e) => setPreset(e.target.value as PresetName)}>{PRESET_NAMES.map((p) => <option key={p} value={p}>{p}</option>)}</select></label>
        {state.status === 'running' ? (
          <>
            <progress data-testid="confusability-progress" max={state.total} value={state.done} />
            <button data-testid="confusability-cancel" onClick={cancel}>Cancel</button>
          </>
        ) : (
          <button data-testid="confusability-measure" onClick={measure}>{shown ? 'Measure again' : 'Measure'}</button>
        )}
      </div>
      {state.status === 'error' && <p className="ct-conf-error" role="alert">{state.message}</p>}
      {shown ? (
        <>
          <ConfusabilityChart curve={curve} measured={shown.points} all={shown.all} kind={scores.kind} method={method} />
          <PaperTable points={shown.points} all={shown.all} n={volume.slices} method={method} />
        </>
      ) : (
        <p className="muted">
          How often another slice is at least as alike as a second augmented view of the same slice ({CHART_ANCHORS} anchors, {preset} views). Needs no training.
        </p>
      )}
    </section>
  );
}

/** Chart points from the distinct sets' rates: ALL's rate and one point per measured threshold (none where fewer than 2 slices are kept: nothing to confuse). */
function measuredPoints(sets: ChartSet[], rates: (number | undefined)[], n: number): { all: number; points: MeasuredPoint[] } {
  const { index } = distinctSets(sets);
  const points = sets.flatMap((s, i) => {
    const rate = rates[index[i]];
    return s.threshold === null || rate === undefined ? [] : [{ threshold: s.threshold, kept: s.kept.length, keptFraction: s.kept.length / n, confusableRate: rate }];
  });
  return { all: rates[index[0]] ?? 0, points };
}

function PaperTable({ points, all, n, method }: { points: MeasuredPoint[]; all: number; n: number; method: MethodName }) {
  const rows = method === 'hash' ? points.filter((p) => [3, 6, 12].includes(p.threshold)) : points;
  return (
    <table className="ct-conf-table" data-testid="confusability-table">
      <thead><tr><th>set</th><th>kept</th><th>confusable</th></tr></thead>
      <tbody>
        <tr data-testid="confusability-row" data-set="ALL"><td>ALL</td><td>{n}</td><td>{formatPercent(all)}</td></tr>
        {rows.map((p) => (
          <tr key={p.threshold} data-testid="confusability-row" data-set={`T${p.threshold}`}>
            <td>T {formatThreshold(p.threshold, method)}</td><td>{p.kept} ({formatPercent(p.keptFraction)})</td><td>{formatPercent(p.confusableRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
