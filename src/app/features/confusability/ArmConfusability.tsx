/**
 * Each experiment arm's confusable rate, measured on demand in the compute worker (progress and
 * cancel): the training-free check of the paper's mechanism beside the arms it would train.
 */
import { useState } from 'react';
import type { ConfusabilityEmbedding } from '../../../workers/confusabilityJob';
import { getVolume } from '../../volumes/registry';
import { formatPercent } from '../curve/curveGeometry';
import { armSets, armsKey, type ArmSlices } from './armSets';
import { CHART_ANCHORS, CHART_PRESET, EMBEDDINGS, useConfusabilityRun } from './runConfusability';
import './confusability.css';

/** Rates by arm id once measured for exactly these arms, plus the controls that measure them. */
export function useArmConfusability(arms: readonly ArmSlices[]) {
  const [embedding, setEmbedding] = useState<ConfusabilityEmbedding>('pixels');
  const run = useConfusabilityRun();
  const key = armsKey(arms, embedding);
  const rates: Record<string, number> = {};
  if (run.state.status === 'done' && run.state.key === key) {
    const { results } = run.state;
    arms.forEach((a, i) => (rates[a.id] = results[i].dataset.confusableRate));
  }
  const measure = () => {
    const { volumeIds, sets } = armSets(arms);
    void run.start(key, `confusability of ${arms.length} arms (${embedding})`, { volumes: volumeIds.map(getVolume), sets, embedding });
  };
  return { rates, embedding, setEmbedding, measure, state: run.state, cancel: run.cancel };
}

export type ArmConfusabilityState = ReturnType<typeof useArmConfusability>;

/** The rate beside an arm: " · 4.2% confusable" once measured. */
export function ArmRate({ conf, armId }: { conf: ArmConfusabilityState; armId: string }) {
  const rate = conf.rates[armId];
  return rate === undefined ? null : <span className="muted" data-testid="arm-confusability" data-rate={rate}> · {formatPercent(rate)} confusable</span>;
}

export function ArmConfusabilityControls({ conf, disabled }: { conf: ArmConfusabilityState; disabled: boolean }) {
  const { state } = conf;
  return (
    <div className="ct-conf-controls" data-testid="arm-confusability-controls">
      <label>
        Confusability in{' '}
        <select data-testid="arm-confusability-embedding" value={conf.embedding} onChange={(e) => conf.setEmbedding(e.target.value as ConfusabilityEmbedding)}>
          {EMBEDDINGS.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      </label>
      {state.status === 'running' ? (
        <>
          <progress data-testid="arm-confusability-progress" max={state.total} value={state.done} />
          <button onClick={conf.cancel} data-testid="arm-confusability-cancel">Cancel</button>
        </>
      ) : (
        <button disabled={disabled} onClick={conf.measure} data-testid="arm-confusability-measure" title={`${CHART_ANCHORS} anchors per volume, ${CHART_PRESET} views; needs no training`}>
          Measure each arm’s confusability
        </button>
      )}
      {state.status === 'error' && <span className="ct-conf-error" role="alert">{state.message}</span>}
    </div>
  );
}
