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

function mib(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '–';
  return bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function Diagnostics({ record, live, paused }: { record: ExperimentRecord; live: Record<string, PretrainMetrics[]>; paused: boolean }) {
  return (
    <table className="exp-table exp-diag" data-testid="experiment-diagnostics">
      <thead>
        <tr><th>arm</th><th>step</th><th>loss</th><th>ln K</th><th title="mean entropy of each sample's prototype softmax: falls while learning">sample H</th><th title="entropy of the batch-mean softmax: stays near ln K while prototypes are shared">mean H</th><th>protos</th><th>img/s</th><th>ETA</th></tr>
      </thead>
      <tbody>
        {record.arms.map((arm) => {
          const m = live[arm.id]?.at(-1);
          const p = record.progress.find((x) => x.armId === arm.id);
          return (
            <tr key={arm.id} className={p?.collapsed ? 'exp-collapsed' : undefined}>
              <th scope="row">{arm.label}</th>
              <td>{m ? m.step + 1 : p?.stepsDone ?? 0}</td>
              <td>{m?.loss.toFixed(3) ?? '–'}</td>
              <td>{m?.lnK.toFixed(3) ?? '–'}</td>
              <td>{m?.sampleEntropy.toFixed(3) ?? '–'}</td>
              <td>{m?.meanEntropy.toFixed(3) ?? '–'}</td>
              <td>{m?.prototypesUsed ?? '–'}</td>
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
        : <button data-testid="experiment-pause" disabled={running.phase !== 'pretrain'} onClick={() => c.pause()}>Pause</button>}
      <button data-testid="experiment-cancel" onClick={() => c.cancel()}>Cancel</button>
    </div>
  );
}

export function LiveView({ record }: { record: ExperimentRecord }) {
  const live = useExperiments((s) => s.live);
  const running = useExperiments((s) => (s.running?.experimentId === record.id ? s.running : null));
  const backend = useExperiments((s) => s.backend);
  const memory = useExperiments((s) => s.memoryBytes);
  const series = useMemo(() => record.arms.map((a) => ({ label: a.label, points: live[a.id] ?? [] })), [record.arms, live]);
  const lnK = Object.values(live).find((steps) => steps.length > 0)?.[0].lnK;
  const status = running ? `${running.paused ? 'paused: ' : ''}${running.message}` : record.status;
  const stepText = record.arms.map((a) => `${a.label} ${(live[a.id]?.at(-1)?.step ?? -1) + 1}`).join(' · ');
  return (
    <section className="exp-live">
      <div className="exp-status">
        <span data-testid="experiment-progress">{status} — steps: {stepText}</span>
        <Controls />
      </div>
      <p className="muted" data-testid="experiment-backend-in-use">
        backend {backend ?? record.progress.find((p) => p.backend)?.backend ?? '–'} · tensors in memory {mib(memory)}
      </p>
      <LossChart series={series} lnK={lnK} />
      <Diagnostics record={record} live={live} paused={!!running?.paused} />
      {record.progress.filter((p) => p.collapsed).map((p) => (
        <p key={p.armId} className="exp-warning">{record.arms.find((a) => a.id === p.armId)?.label}: {p.collapseReason ?? 'collapsed'}</p>
      ))}
    </section>
  );
}
