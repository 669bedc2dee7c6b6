/**
 * The app side of the job protocol (src/workers/jobProtocol.ts): `start(kind, params)` returns a
 * handle with the result's promise, cancel/pause/resume and a subscription to the job's events.
 * The worker is created lazily, on the first start; a factory can be passed for tests.
 *
 * Cancel settles the job at once (its promise rejects with an AbortError; events that arrive
 * later are dropped, so no half or late result is ever delivered) and asks the worker to stop. A
 * worker busy in a synchronous kernel cannot read that message, so if the job has not ended
 * within CANCEL_GRACE_MS the worker is terminated (which stops any kernel, CPU or GPU). Requests
 * made while a cancel is unconfirmed wait (at most the grace time) and then go to the freed or a
 * fresh worker.
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

/** How long a cancelled job's worker may take to confirm before it is terminated. */
export const CANCEL_GRACE_MS = 250;

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
  /** Cancelled jobs the worker has not confirmed yet (jobId → its termination timer). */
  private readonly cancelling = new Map<string, ReturnType<typeof setTimeout>>();
  /** Requests held back while a cancel is unconfirmed. */
  private readonly held: Array<{ message: JobRequest; transfer?: Transferable[] }> = [];

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
      cancel: () => this.cancel(jobId),
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

  private control(type: 'pause' | 'resume', jobId: string): void {
    if (this.pending.has(jobId)) this.send({ type, jobId });
  }

  private cancel(jobId: string): void {
    const pending = this.pending.get(jobId);
    if (!pending) return;
    this.pending.delete(jobId);
    pending.reject(abortError(`job ${jobId}: cancelled`));
    if (!this.worker || this.held.some((h) => 'jobId' in h.message && h.message.jobId === jobId)) {
      // Not sent yet: drop it.
      const k = this.held.findIndex((h) => 'jobId' in h.message && h.message.jobId === jobId);
      if (k >= 0) this.held.splice(k, 1);
      return;
    }
    this.worker.postMessage({ type: 'cancel', jobId });
    this.cancelling.set(jobId, setTimeout(() => this.restartWorker(), CANCEL_GRACE_MS));
  }

  /** Stops a worker that did not confirm a cancel; jobs already sent to it fail. */
  private restartWorker(): void {
    this.worker?.terminate?.();
    this.worker = null;
    for (const timer of this.cancelling.values()) clearTimeout(timer);
    this.cancelling.clear();
    const held = new Set(this.held.map((h) => h.message.jobId));
    for (const [jobId, pending] of this.pending) {
      if (held.has(jobId)) continue; // not sent yet: it goes to the fresh worker
      this.pending.delete(jobId);
      pending.reject(new Error('the worker was stopped to cancel a job; try again'));
    }
    this.releaseHeld();
  }

  private releaseHeld(): void {
    for (const { message, transfer } of this.held.splice(0)) this.send(message, transfer);
  }

  private send(message: JobRequest, transfer: Transferable[] = []): void {
    if (this.cancelling.size > 0) {
      this.held.push({ message, transfer });
      return;
    }
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
    if ((event.type === 'result' || event.type === 'error') && this.cancelling.has(event.jobId)) {
      // The worker has left the cancelled job: it is free again, no need to stop it.
      clearTimeout(this.cancelling.get(event.jobId));
      this.cancelling.delete(event.jobId);
      if (this.cancelling.size === 0) this.releaseHeld();
    }
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
