/** Mirrors one job's events into the store's jobs slice (status, progress, metrics). */
import { isAbortError } from '../../core/runtime/abort';
import type { JobKind } from '../../workers/jobProtocol';
import type { AppState } from '../store';
import type { JobHandle } from './JobClient';

export function trackJob<K extends JobKind>(store: () => AppState, handle: JobHandle<K>, label: string, now: () => number = Date.now): JobHandle<K> {
  store().jobStarted(handle.jobId, handle.kind, label, now());
  handle.subscribe((event) => {
    if (event.type === 'progress') store().jobProgress(event.jobId, event.done, event.total, now(), event.metrics);
    else if (event.type === 'paused') store().jobStatus(event.jobId, 'paused', now());
    else if (event.type === 'resumed') store().jobStatus(event.jobId, 'running', now());
  });
  handle.promise.then(
    () => store().jobStatus(handle.jobId, 'done', now()),
    (err: unknown) => store().jobStatus(handle.jobId, isAbortError(err) ? 'cancelled' : 'error', now(), err instanceof Error ? err.message : String(err)),
  );
  return handle;
}
