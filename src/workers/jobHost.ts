/**
 * The worker side of the job protocol (./jobProtocol.ts): runs the handler registered for each
 * started kind with an AbortSignal, progress, checkpoints and pause points, and answers with one
 * result or error per job. A worker entry is `serveJobs(self, { kind: handler, … })`.
 */
import { abortError } from '../core/runtime/abort';
import type { JobEvent, JobKind, JobMetricsOf, JobParams, JobRequest, JobResult } from './jobProtocol';

/** What a handler gets besides its params. */
export interface JobContext<K extends JobKind = JobKind> {
  jobId: string;
  /** Aborted by `cancel`; pass it to core functions. */
  signal: AbortSignal;
  /** Units done of total, with some of the kind's metrics (JobKinds[K].metrics). */
  progress(done: number, total: number, metrics?: Partial<JobMetricsOf<K>>): void;
  /** Sends a serialised checkpoint (its buffer is transferred: pass a copy you no longer need). */
  checkpoint(bytes: Uint8Array): void;
  /** Call between steps: while the job is paused it waits here (and rejects when cancelled). */
  pausePoint(): Promise<void>;
}

export interface JobOutput<R> {
  result: R;
  /** Buffers inside `result` to transfer instead of copy. */
  transfer?: Transferable[];
}

export type JobHandler<K extends JobKind> = (params: JobParams<K>, ctx: JobContext<K>) => Promise<JobOutput<JobResult<K>>>;
export type JobHandlers = { [K in JobKind]?: JobHandler<K> };

/** The part of a DedicatedWorkerGlobalScope (or a MessagePort, in tests) the host uses. */
export interface JobScope {
  postMessage(message: JobEvent, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<JobRequest>) => void): void;
}

interface RunningJob {
  controller: AbortController;
  paused: boolean;
  /** Set while the job waits at a pause point. */
  release?: () => void;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function serveJobs(scope: JobScope, handlers: JobHandlers): void {
  const running = new Map<string, RunningJob>();
  const post = (event: JobEvent, transfer: Transferable[] = []) => scope.postMessage(event, transfer);

  function context<K extends JobKind>(jobId: string, job: RunningJob): JobContext<K> {
    return {
      jobId,
      signal: job.controller.signal,
      progress: (done, total, metrics) => post(metrics ? { type: 'progress', jobId, done, total, metrics: metrics as Record<string, number | string> } : { type: 'progress', jobId, done, total }),
      checkpoint: (bytes) => {
        const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
        post({ type: 'checkpoint', jobId, bytes: buffer as ArrayBuffer }, [buffer as ArrayBuffer]);
      },
      pausePoint: () => waitWhilePaused(jobId, job),
    };
  }

  async function waitWhilePaused(jobId: string, job: RunningJob): Promise<void> {
    const cancelled = () => abortError(`job ${jobId}: cancelled`);
    if (job.controller.signal.aborted) throw cancelled();
    if (!job.paused) return;
    post({ type: 'paused', jobId });
    await new Promise<void>((resolve) => {
      job.release = resolve;
    });
    job.release = undefined;
    if (job.controller.signal.aborted) throw cancelled();
    post({ type: 'resumed', jobId });
  }

  async function start<K extends JobKind>(jobId: string, kind: K, params: JobParams<K>): Promise<void> {
    const handler = handlers[kind] as JobHandler<K> | undefined;
    if (!handler) return post({ type: 'error', jobId, message: `this worker runs no '${kind}' jobs`, cancelled: false });
    if (running.has(jobId)) return post({ type: 'error', jobId, message: `job ${jobId} is already running`, cancelled: false });
    const job: RunningJob = { controller: new AbortController(), paused: false };
    running.set(jobId, job);
    try {
      const { result, transfer } = await handler(params, context<K>(jobId, job));
      post({ type: 'result', jobId, result }, transfer);
    } catch (err) {
      post({ type: 'error', jobId, message: errorText(err), cancelled: job.controller.signal.aborted });
    } finally {
      running.delete(jobId);
    }
  }

  scope.addEventListener('message', (event) => {
    const request = event.data;
    if (request.type === 'start') {
      void start(request.jobId, request.kind, request.params);
      return;
    }
    const job = running.get(request.jobId);
    if (!job) return;
    if (request.type === 'cancel') {
      job.controller.abort();
      job.release?.();
    } else if (request.type === 'pause') {
      job.paused = true;
    } else {
      job.paused = false;
      job.release?.();
    }
  });
}
