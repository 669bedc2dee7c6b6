/**
 * The app side of the job protocol (src/workers/jobProtocol.ts): `start(kind, params)` returns a
 * handle with the result's promise, cancel/pause/resume and a subscription to the job's events.
 * The worker is created lazily, on the first start; a factory can be passed for tests.
 */
import { abortError } from '../../core/runtime/abort';
import type { JobEvent, JobKind, JobParams, JobRequest, JobResult } from '../../workers/jobProtocol';

/** A Worker, or anything that speaks like one (a MessagePort, a fake in tests). */
export interface WorkerLike {
  postMessage(message: JobRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<JobEvent>) => void): void;
  /** A real Worker's load/run failure handler (fakes may leave it out). */
  onerror?: ((event: ErrorEvent) => void) | null;
  terminate?(): void;
}

export type JobEventListener = (event: JobEvent) => void;

export interface JobHandle<K extends JobKind> {
  jobId: string;
  kind: K;
  /** Resolves with the result; rejects with an AbortError (core isAbortError) when cancelled. */
  promise: Promise<JobResult<K>>;
  cancel(): void;
  /** Asks the job to hold at its next pause point (a `paused` event says it did). */
  pause(): void;
  resume(): void;
  /** Every event of this job (progress, checkpoint, paused, resumed, result, error); returns the unsubscribe. */
  subscribe(listener: JobEventListener): () => void;
}

export interface StartOptions {
  /** Buffers inside params to transfer instead of copy (the sender must not need them). */
  transfer?: Transferable[];
}

interface Pending {
  listeners: Set<JobEventListener>;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class JobClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly makeWorker: () => WorkerLike) {}

  start<K extends JobKind>(kind: K, params: JobParams<K>, opts: StartOptions = {}): JobHandle<K> {
    const jobId = `${kind}-${this.nextId++}`;
    const listeners = new Set<JobEventListener>();
    const promise = new Promise<JobResult<K>>((resolve, reject) => {
      this.pending.set(jobId, { listeners, resolve: resolve as Pending['resolve'], reject });
    });
    this.send({ type: 'start', jobId, kind, params } as JobRequest, opts.transfer);
    return {
      jobId,
      kind,
      promise,
      cancel: () => this.control('cancel', jobId),
      pause: () => this.control('pause', jobId),
      resume: () => this.control('resume', jobId),
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  }

  /** Jobs started and not yet finished. */
  get activeJobs(): number {
    return this.pending.size;
  }

  /** Stops the worker; unfinished jobs reject. */
  terminate(): void {
    this.worker?.terminate?.();
    this.worker = null;
    this.failAll('the worker was stopped');
  }

  private control(type: 'cancel' | 'pause' | 'resume', jobId: string): void {
    if (this.pending.has(jobId)) this.send({ type, jobId });
  }

  private send(message: JobRequest, transfer: Transferable[] = []): void {
    if (!this.worker) {
      const worker = this.makeWorker();
      worker.addEventListener('message', (event) => this.receive(event.data));
      worker.onerror = (event) => this.failAll(`the worker failed: ${event.message || 'it could not start'}`);
      this.worker = worker;
    }
    this.worker.postMessage(message, transfer);
  }

  private failAll(message: string): void {
    for (const [jobId, pending] of this.pending) {
      this.pending.delete(jobId);
      pending.reject(new Error(message));
    }
  }

  private receive(event: JobEvent): void {
    const pending = this.pending.get(event.jobId);
    if (!pending) return;
    for (const listener of pending.listeners) listener(event);
    if (event.type === 'result') {
      this.pending.delete(event.jobId);
      pending.resolve(event.result);
    } else if (event.type === 'error') {
      this.pending.delete(event.jobId);
      pending.reject(event.cancelled ? abortError(`job ${event.jobId}: cancelled`) : new Error(event.message));
    }
  }
}
