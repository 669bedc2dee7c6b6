/** The left panel: method, algorithm, threshold or keep-%, compute with progress, kept count, window presets. */
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, appStore } from '../store';
import { algorithmsFor, METHOD_LABELS, needsCompute, THRESHOLD_RANGES, UI_METHODS, isUiMethod, type Algorithm } from '../store/methods';
import { WINDOW_PRESETS, type WindowPreset } from '../store/viewSlice';
import { activeResultKey, needsComputeNow, selectDecision } from '../analysis/currentDecision';
import { cancelCompute, computeActive } from '../compute/runCompute';
import { etaMs, formatDuration } from '../analysis/navigation';
import { activeVolume } from '../store/volumesSlice';
import type { ResultSummary } from '../store/analysisSlice';
import { ExportPanel } from './ExportPanel';
import { DeepnetPanel } from '../features/deepnet/DeepnetPanel';

const get = appStore.getState;

function MethodSelect() {
  const { method, algorithm } = useAppStore(useShallow((s) => ({ method: s.method, algorithm: s.algorithm })));
  return (
    <div className="field-row">
      <label>
        Method
        <select data-testid="method-select" value={method} onChange={(e) => isUiMethod(e.target.value) && get().setMethod(e.target.value)}>
          {UI_METHODS.map((m) => <option key={m} value={m}>{METHOD_LABELS[m]}</option>)}
        </select>
      </label>
      <label>
        Algorithm
        <select data-testid="algorithm-select" value={algorithm} disabled={!needsCompute(method)} onChange={(e) => get().setAlgorithm(e.target.value as Algorithm)}>
          {algorithmsFor(method).map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </label>
    </div>
  );
}

function ThresholdControl() {
  const { method, mode, threshold, keepPercent } = useAppStore(useShallow((s) => ({
    method: s.method, mode: s.thresholdMode, threshold: s.thresholds[s.method], keepPercent: s.keepPercent,
  })));
  if (method === 'all') return <p className="muted">ALL keeps every slice.</p>;
  const percentMode = mode === 'keepPercent' && needsCompute(method);
  const range = percentMode ? { min: 1, max: 100, step: 1, unit: 'keep %' } : THRESHOLD_RANGES[method];
  const value = percentMode ? keepPercent : threshold;
  const set = (v: number) => (percentMode ? get().setKeepPercent(v) : get().setThreshold(v));
  return (
    <div className="threshold">
      {needsCompute(method) && (
        <div className="segmented" role="radiogroup" aria-label="threshold mode">
          <button role="radio" aria-checked={!percentMode} className={!percentMode ? 'on' : ''} onClick={() => get().setThresholdMode('threshold')}>threshold</button>
          <button role="radio" aria-checked={percentMode} className={percentMode ? 'on' : ''} onClick={() => get().setThresholdMode('keepPercent')}>keep %</button>
        </div>
      )}
      <label className="slider-row">
        <span className="unit">{range.unit}</span>
        <input type="range" data-testid="threshold-slider" aria-label="threshold slider" min={range.min} max={range.max} step={range.step} value={value} onChange={(e) => set(Number(e.target.value))} />
        <input
          type="number" data-testid="threshold-input" aria-label="threshold value" min={range.min} max={range.max} step={range.step}
          value={value} onChange={(e) => e.target.value !== '' && set(Number(e.target.value))}
        />
      </label>
    </div>
  );
}

function ComputeControl() {
  const { compute, missing, method } = useAppStore(useShallow((s) => ({ compute: s.compute, missing: needsComputeNow(s), method: s.method })));
  const running = compute.status === 'running';
  const eta = running ? etaMs(compute.done, compute.total, compute.updatedAt - compute.startedAt) : undefined;
  return (
    <div className="compute">
      <button data-testid="compute-button" className="primary" disabled={running || !needsCompute(method)} onClick={() => void computeActive(get)}>
        {missing ? `Compute ${METHOD_LABELS[method]}` : needsCompute(method) ? 'Computed ✓' : 'No compute needed'}
      </button>
      {running && (
        <div className="progress" data-testid="compute-progress">
          <progress max={compute.total || 1} value={compute.done} />
          <span>{compute.done}/{compute.total}{eta !== undefined ? ` · ETA ${formatDuration(eta)}` : ''}</span>
          <button data-testid="cancel-button" onClick={() => cancelCompute(get)}>Cancel</button>
        </div>
      )}
      <ResultSource />
      {compute.status === 'error' && <p className="error-text" data-testid="compute-error">{compute.message}</p>}
      {compute.status === 'cancelled' && <p className="muted">Cancelled.</p>}
    </div>
  );
}

/** Where the current result came from: backend and time, or the cache. */
function ResultSource() {
  const summary = useAppStore((s) => {
    const key = activeResultKey(s);
    return key ? s.results[key] : undefined;
  });
  if (!summary) return null;
  const threads = summary.threads && summary.threads > 1 ? ` (${summary.threads} threads)` : '';
  return (
    <p className="muted" data-testid="result-source" title={summary.backendNote}>
      {summary.fromCache ? `${summary.n} slices, from cache (${summary.backend})` : `${summary.n} slices on ${summary.backend}${threads} in ${(summary.elapsedMs / 1000).toFixed(1)} s`}
      {summary.backendNote && <small className="backend-note"> — {summary.backendNote}</small>}
      {!summary.fromCache && summary.timings && <small className="timings" data-testid="result-timings"><br />{timingsText(summary.timings)}</small>}
    </p>
  );
}

/** "read 0.4 s · 8-bit 0.02 s · scores 2.7 s": the split the CLI's JSON carries as timings. */
function timingsText(t: NonNullable<ResultSummary['timings']>): string {
  const s = (x: number) => `${x < 0.1 ? x.toFixed(2) : x.toFixed(1)} s`;
  return [t.readSeconds !== undefined ? `read ${s(t.readSeconds)}` : null, `8-bit ${s(t.convertSeconds)}`, `scores ${s(t.scoreSeconds)}`].filter(Boolean).join(' · ');
}

function KeptCount() {
  const { kept, n, overrides } = useAppStore(useShallow((s) => {
    const d = selectDecision(s);
    return { kept: d?.kept.length, n: activeVolume(s)?.slices, overrides: d?.perSlice.filter((x) => x.override).length ?? 0 };
  }));
  if (n === undefined) return null;
  return (
    <div className="kept">
      <span className="big" data-testid="kept-count">{kept === undefined ? `– / ${n}` : `${kept} / ${n}`}</span>
      <span className="muted">{kept === undefined ? 'compute to see kept slices' : `kept (${((100 * kept) / n).toFixed(1)}%)`}</span>
      {overrides > 0 && <span className="override-note" data-testid="override-count">{overrides} override{overrides > 1 ? 's' : ''}</span>}
    </div>
  );
}

function WindowPresets() {
  return (
    <div className="presets" aria-label="window presets">
      {(Object.keys(WINDOW_PRESETS) as WindowPreset[]).map((p, k) => (
        <button key={p} title={`${p}: W ${WINDOW_PRESETS[p].width} / L ${WINDOW_PRESETS[p].center} (key ${k + 1})`} onClick={() => get().applyPreset(p)}>{p}</button>
      ))}
      <button title="the volume's own window (key 0)" onClick={() => get().setWindowLevel(null)}>default</button>
    </div>
  );
}

export function ControlsPanel() {
  return (
    <aside className="panel controls">
      <h2>Reduction</h2>
      <MethodSelect />
      <DeepnetPanel />
      <ThresholdControl />
      <ComputeControl />
      <KeptCount />
      <h2>Window</h2>
      <WindowPresets />
      <h2>Export</h2>
      <ExportPanel />
    </aside>
  );
}
