/**
 * While an experiment runs (and for a stored one): progress text, per-arm loss curves with ln K,
 * the collapse diagnostics of each arm's latest step, images/s, ETA, backend and GPU memory in
 * use; pause, resume and cancel.
 */
import { useMemo } from 'react';
import { formatDuration } from '../../../analysis/navigation';
import { LossChart } from '../charts/LossChart';
import type { PretrainMetrics } from '../metrics';
import { experimentController, useExperiments } from '../services';
import type { ExperimentRecord } from '../types';
import { trainingUnits } from '../units';

function mib(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '–';
  return bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function Diagnostics({ record, live, paused }: { record: ExperimentRecord; live: Record<string, PretrainMetrics[]>; paused: boolean }) {
  return (
    <table className="exp-table exp-diag" data-testid="experiment-diagnostics">
      <thead>
        <tr><th>arm</th><th>step</th><th>loss</th><th title="the no-learning level: SwAV ln K; MoCo ln(1 + queue); masked-image modelling the loss of predicting 0">ln K</th><th title="mean entropy of each sample's prototype softmax: falls while learning">sample H</th><th title="entropy of the batch-mean softmax: stays near ln K while prototypes are shared">mean H</th><th>protos</th><th>img/s</th><th>ETA</th></tr>
      </thead>
      <tbody>
        {trainingUnits(record).map((u) => {
          const m = live[u.key]?.at(-1);
          const p = record.progress.find((x) => x.armId === u.key);
          return (
            <tr key={u.key} className={p?.collapsed ? 'exp-collapsed' : undefined}>
              <th scope="row">{u.label}</th>
              <td>{m ? m.step + 1 : p?.stepsDone ?? 0}</td>
              <td>{m?.loss.toFixed(3) ?? '–'}</td>
              <td>{m?.lnK.toFixed(3) ?? '–'}</td>
              <td>{fixed3(m?.sampleEntropy)}</td>
              <td>{fixed3(m?.meanEntropy)}</td>
              <td>{m && Number.isFinite(m.sampleEntropy) ? m.prototypesUsed : '–'}</td>
              <td>{m ? m.imagesPerSecond.toFixed(1) : p?.imagesPerSecond?.toFixed(1) ?? '–'}</td>
              {/* A paused run has no ETA: the last one would read as if time were still running. */}
              <td data-testid="experiment-eta">{paused ? 'paused' : m?.etaSeconds !== undefined ? formatDuration(m.etaSeconds * 1000) : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Controls() {
  const running = useExperiments((s) => s.running);
  if (!running) return null;
  const c = experimentController();
  return (
    <div className="exp-controls">
      {running.paused
        ? <button data-testid="experiment-resume" onClick={() => c.resume()}>Resume</button>
        : <button data-testid="experiment-pause" disabled={running.phase === 'evaluate'} onClick={() => c.pause()}>Pause</button>}
      <button data-testid="experiment-cancel" onClick={() => c.cancel()}>Cancel</button>
    </div>
  );
}

/** The dashed line of the loss chart per method (each step's lnK). */
const LEVELS = {
  swav: { levelLabel: 'ln K', levelMeaning: 'collapse level' },
  moco: { levelLabel: 'ln(1 + queue)', levelMeaning: 'chance level' },
  mim: { levelLabel: 'predicting 0', levelMeaning: 'no-learning level' },
} as const;

/** Three decimals, or '–' where the method has no such quantity (masked-image modelling has no softmax: NaN). */
function fixed3(v: number | undefined): string {
  return v !== undefined && Number.isFinite(v) ? v.toFixed(3) : '–';
}

export function LiveView({ record }: { record: ExperimentRecord }) {
  const live = useExperiments((s) => s.live);
  const running = useExperiments((s) => (s.running?.experimentId === record.id ? s.running : null));
  const backend = useExperiments((s) => s.backend);
  const memory = useExperiments((s) => s.memoryBytes);
  const units = useMemo(() => trainingUnits(record), [record]);
  const series = useMemo(() => units.map((u) => ({ label: u.label, points: live[u.key] ?? [] })), [units, live]);
  const lnK = Object.values(live).find((steps) => steps.length > 0)?.[0].lnK;
  const status = running ? `${running.paused ? 'paused: ' : ''}${running.message}` : record.status;
  const stepText = units.map((u) => `${u.label} ${(live[u.key]?.at(-1)?.step ?? record.progress.find((p) => p.armId === u.key)?.stepsDone ?? 0) + (live[u.key]?.length ? 1 : 0)}`).join(' · ');
  return (
    <section className="exp-live">
      <div className="exp-status">
        <span data-testid="experiment-progress">{status} — steps: {stepText}</span>
        <Controls />
      </div>
      <p className="muted" data-testid="experiment-backend-in-use">
        backend {backend ?? record.progress.find((p) => p.backend)?.backend ?? '–'} · tensors in memory {mib(memory)}
      </p>
      <LossChart series={series} lnK={lnK} {...LEVELS[record.pretrain.method ?? 'swav']} />
      <Diagnostics record={record} live={live} paused={!!running?.paused} />
      {record.progress.filter((p) => p.collapsed).map((p) => (
        <p key={p.armId} className="exp-warning">{units.find((u) => u.key === p.armId)?.label}: {p.collapseReason ?? 'collapsed'}</p>
      ))}
    </section>
  );
}
