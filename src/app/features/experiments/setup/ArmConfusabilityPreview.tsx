/**
 * The setup's "Measure each arm's confusability": the run's own measure ahead of the run — the
 * experiment worker's `armConfusability` job through the engine the run uses, with the request the
 * run builds (armConfusabilityRequest: volumes by their SPEC names, the SPEC's preset, the setup's
 * backend; core measureArmConfusability: pixels, 32 anchors, seed 0, 8-bit as pre-training makes
 * it). So, on one backend, the rate shown beside an arm is the rate the report will show. It goes
 * through the controller (previewEngine), which cancels it when a run starts or resumes. A rate
 * measured under another preset or backend than the setup's now is said to differ, not shown as
 * the run's; one measured for other slices (the reduction changed) is not shown.
 */
import { useEffect, useRef, useState } from 'react';
import { ARM_CONFUSABILITY_ANCHORS, ARM_CONFUSABILITY_EMBEDDING, ARM_CONFUSABILITY_SEED } from '../../../../core/experiment';
import { isAbortError } from '../../../../core/runtime/abort';
import type { AvailableArm } from '../arms';
import type { JobHandle } from '../engine';
import { experimentController } from '../services';
import { differences, previewSlicesKey, startPreview, type PreviewRate, type PreviewSettings } from './previewConfusability';
import '../../confusability/confusability.css';

type RunState =
  | { status: 'idle' }
  | { status: 'running'; done: number; total: number; name: string }
  | { status: 'error'; message: string };

/** The run's confusability of every offered arm, on demand, with progress and cancel. */
export function useArmConfusability(arms: readonly AvailableArm[], settings: PreviewSettings) {
  const [measured, setMeasured] = useState<Record<string, PreviewRate>>({});
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const running = useRef<JobHandle<unknown> | null>(null);
  useEffect(() => () => running.current?.cancel(), []);
  const measure = async () => {
    running.current?.cancel();
    let handle: JobHandle<Record<string, PreviewRate>>;
    try {
      handle = startPreview(experimentController().previewEngine, arms, settings, (p) => running.current === handle && setState({ status: 'running', done: p.done, total: Math.max(1, p.total), name: p.name }));
    } catch (e) {
      setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    running.current = handle;
    setState({ status: 'running', done: 0, total: 1, name: arms[0]?.label ?? '' });
    try {
      const rates = await handle.promise;
      if (running.current !== handle) return;
      setMeasured((m) => ({ ...m, ...rates }));
      setState({ status: 'idle' });
    } catch (e) {
      if (running.current === handle) setState(isAbortError(e) ? { status: 'idle' } : { status: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      if (running.current === handle) running.current = null;
    }
  };
  const cancel = () => running.current?.cancel();
  /** The arm's measurement, if it was measured for the slices it keeps now. */
  const rateOf = (arm: AvailableArm): PreviewRate | undefined => {
    const m = measured[arm.id];
    return m && m.slices === previewSlicesKey(arm) ? m : undefined;
  };
  return { settings, state, measure: () => void measure(), cancel, rateOf };
}

export type ArmConfusabilityState = ReturnType<typeof useArmConfusability>;

/** Beside an arm: " · confusable 0.042" (the report's number, as its table shows it), or what differs from the run. */
export function ArmRate({ conf, arm }: { conf: ArmConfusabilityState; arm: AvailableArm }) {
  const m = conf.rateOf(arm);
  if (!m) return null;
  const differs = differences(m, conf.settings);
  if (differs) {
    return (
      <span className="muted ct-conf-stale" data-testid="arm-confusability-stale" data-rate={m.rate} title="measure again for the number the report will show">
        {' '}· confusable {m.rate.toFixed(3)} with {differs}: not the run’s number
      </span>
    );
  }
  return <span className="muted" data-testid="arm-confusability" data-rate={m.rate} title="the number the report’s “confusable” column will show for this arm (same backend)"> · confusable {m.rate.toFixed(3)}</span>;
}

export function ArmConfusabilityControls({ conf, disabled }: { conf: ArmConfusabilityState; disabled: boolean }) {
  const { state, settings } = conf;
  const how = `${ARM_CONFUSABILITY_EMBEDDING}, ${ARM_CONFUSABILITY_ANCHORS} anchors per volume, seed ${ARM_CONFUSABILITY_SEED}, ${settings.preset}’s views, backend ${settings.backend}`;
  return (
    <div className="ct-conf-controls" data-testid="arm-confusability-controls">
      {state.status === 'running' ? (
        <>
          <progress data-testid="arm-confusability-progress" max={state.total} value={state.done} />
          <span className="muted">{state.name}: {state.done}/{state.total} views</span>
          <button onClick={conf.cancel} data-testid="arm-confusability-cancel">Cancel</button>
        </>
      ) : (
        <button disabled={disabled} onClick={conf.measure} data-testid="arm-confusability-measure" title={`the run's own measure (${how}); needs no training`}>
          Measure each arm’s confusability
        </button>
      )}
      <span className="muted" data-testid="arm-confusability-how">as the run measures it: {how}</span>
      {state.status === 'error' && <span className="ct-conf-error" role="alert">{state.message}</span>}
    </div>
  );
}
