/**
 * Jobs running in workers (src/app/jobs): ids, kind, status, progress and small metrics, for
 * progress bars and job lists. Never tensors, matrices or checkpoints (those stay with the job).
 */
import type { StateCreator } from 'zustand';
import type { JobMetrics } from '../../workers/jobProtocol';
import type { AppState } from './index';

export type JobStatus = 'running' | 'paused' | 'done' | 'error' | 'cancelled';

export interface JobSummary {
  id: string;
  kind: string;
  /** What the job works on, for lists ("head-ct, hash"). */
  label: string;
  status: JobStatus;
  done: number;
  total: number;
  /** Date.now() milliseconds, for elapsed time and ETA. */
  startedAt: number;
  updatedAt: number;
  /** The latest metrics the job reported (merged: a key keeps its last value). */
  metrics: JobMetrics;
  message?: string;
}

export interface JobsSlice {
  jobs: Record<string, JobSummary>;
  jobStarted: (id: string, kind: string, label: string, now: number) => void;
  jobProgress: (id: string, done: number, total: number, now: number, metrics?: JobMetrics) => void;
  /** A status change (paused, resumed → running, done, error with its message, cancelled). */
  jobStatus: (id: string, status: JobStatus, now: number, message?: string) => void;
  /** Forgets a finished job. */
  jobRemoved: (id: string) => void;
}

/** Finished jobs kept for lists; older ones are forgotten as new jobs start (memory stays bounded). */
export const FINISHED_JOBS_KEPT = 20;

function withoutOldFinished(jobs: Record<string, JobSummary>): Record<string, JobSummary> {
  const finished = Object.values(jobs).filter((j) => j.status !== 'running' && j.status !== 'paused').sort((a, b) => b.updatedAt - a.updatedAt);
  const drop = new Set(finished.slice(FINISHED_JOBS_KEPT).map((j) => j.id));
  return drop.size ? Object.fromEntries(Object.entries(jobs).filter(([id]) => !drop.has(id))) : jobs;
}

function update(s: AppState, id: string, change: Partial<JobSummary>): Pick<JobsSlice, 'jobs'> | AppState {
  const job = s.jobs[id];
  return job ? { jobs: { ...s.jobs, [id]: { ...job, ...change } } } : s;
}

export const createJobsSlice: StateCreator<AppState, [], [], JobsSlice> = (set) => ({
  jobs: {},
  jobStarted: (id, kind, label, now) =>
    set((s) => ({ jobs: { ...withoutOldFinished(s.jobs), [id]: { id, kind, label, status: 'running', done: 0, total: 0, startedAt: now, updatedAt: now, metrics: {} } } })),
  jobProgress: (id, done, total, now, metrics) =>
    set((s) => update(s, id, { done, total, updatedAt: now, ...(metrics ? { metrics: { ...s.jobs[id]?.metrics, ...metrics } } : {}) })),
  jobStatus: (id, status, now, message) => set((s) => update(s, id, { status, updatedAt: now, message })),
  jobRemoved: (id) =>
    set((s) => {
      const { [id]: _gone, ...jobs } = s.jobs;
      return { jobs };
    }),
});
