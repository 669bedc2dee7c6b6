/** Stored experiments (IndexedDB): open, resume an interrupted one, delete; storage in use. */
import { experimentController, useExperiments } from '../services';
import type { ExperimentRecord } from '../types';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 2 ** 20) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** What the experiment learns to predict: the labelled set's name (classes), or the proxy task. */
export function taskLabel(task: ExperimentRecord['task']): string {
  return task.kind === 'proxy' ? 'proxy task' : `${task.name} (${task.classes.length} classes, ${task.files} files)`;
}

function Item({ r, open, busy, paused }: { r: ExperimentRecord; open: boolean; busy: boolean; paused: boolean }) {
  const c = experimentController();
  // A paused run's record still says 'running' (it is, in the worker): show what the user sees.
  const status = paused ? 'paused' : r.status;
  const resumable = !busy && (r.status === 'interrupted' || r.status === 'cancelled' || r.status === 'failed') && r.progress.some((p) => p.status !== 'evaluated');
  return (
    <li className={`exp-history-item${open ? ' on' : ''}`} data-testid="experiment-history-item" data-status={r.status} data-checkpoint={r.progress.find((p) => p.status === 'training')?.checkpointStep ?? ''}>
      <button className="exp-history-open" onClick={() => void c.open(r.id)} title="open">
        <span>{r.name}</span>
        <small className="muted" data-testid="experiment-history-meta">{taskLabel(r.task)} · {new Date(r.createdAt).toLocaleString()} · <span className={`exp-status-${status}`} data-testid="experiment-history-status">{status}</span> · {size(r.bytes)}</small>
      </button>
      {resumable && <button data-testid="experiment-history-resume" onClick={() => void c.resumeStored(r.id)}>Resume</button>}
      <button data-testid="experiment-history-delete" disabled={busy && r.status === 'running'} title="delete this experiment and its checkpoints" onClick={() => void c.remove(r.id)}>Delete</button>
    </li>
  );
}

export function HistoryList() {
  const list = useExperiments((s) => s.list);
  const openId = useExperiments((s) => s.openId);
  const running = useExperiments((s) => s.running);
  const storage = useExperiments((s) => s.storage);
  const total = list.reduce((s, r) => s + r.bytes, 0);
  return (
    <section className="exp-history">
      <h3>Stored experiments</h3>
      <p className="muted" data-testid="experiment-storage">
        {list.length} stored, {size(total)}{storage ? ` · this site uses ${size(storage.usage)} of ${size(storage.quota)} browser storage` : ''}
      </p>
      {list.length === 0 ? <p className="muted">None yet.</p> : (
        <ul>{list.map((r) => <Item key={r.id} r={r} open={r.id === openId} busy={running?.experimentId === r.id} paused={running?.experimentId === r.id && running.paused} />)}</ul>
      )}
    </section>
  );
}
