/**
 * The app side of the compute worker: one request id per call, typed messages, cancel.
 * The worker is created lazily; a factory can be passed for tests.
 *
 * Cancel settles the run at once (rejects with ComputeCancelledError; a result that arrives later
 * is dropped, so no half or late result is ever shown) and asks the worker to stop. A worker busy
 * in a synchronous kernel cannot read that message, so if it has not confirmed within
 * CANCEL_GRACE_MS it is terminated (which stops any kernel, CPU or GPU). Requests made while a
 * cancel is unconfirmed wait (at most the grace time) and then go to the freed or a fresh worker.
 */
import type { BackendRequest, MethodName } from '../../core/similarity/types';
import type { Volume } from '../../core/volume/types';
import { voxelDtype, type ComputeParams, type WorkerMessage, type WorkerRequest, type WorkerResult } from '../../workers/protocol';

export interface WorkerLike {
  postMessage(message: WorkerRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerMessage>) => void): void;
  terminate(): void;
}

/** How long a cancelled run's worker may take to confirm before it is terminated. */
export const CANCEL_GRACE_MS = 250;

export interface BackendReport {
  backend: string;
  label: string;
}

export interface ComputeHandlers {
  onProgress?: (done: number, total: number) => void;
  onBackend?: (report: BackendReport) => void;
}

export interface RunningCompute {
  promise: Promise<WorkerResult>;
  cancel: () => void;
}

/** Thrown (as the promise's rejection) when a run was cancelled. */
export class ComputeCancelledError extends Error {
  constructor() {
    super('computation cancelled');
    this.name = 'AbortError';
  }
}

interface Pending extends ComputeHandlers {
  kind: 'probe' | 'compute';
  resolve: (value: WorkerResult | BackendReport) => void;
  reject: (err: Error) => void;
}

function defaultWorker(): WorkerLike {
  return new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'ctsieve-compute' });
}

export class ComputeClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Cancelled runs the worker has not confirmed yet (id → its termination timer). */
  private readonly cancelling = new Map<number, ReturnType<typeof setTimeout>>();
  /** Requests held back while a cancel is unconfirmed. */
  private readonly held: Array<{ message: WorkerRequest; transfer: Transferable[] }> = [];

  constructor(private readonly makeWorker: () => WorkerLike = defaultWorker) {}

  /** Starts the backend `request` in the worker and reports which one came up. */
  probe(request: BackendRequest): Promise<BackendReport> {
    const id = this.nextId++;
    return new Promise<BackendReport>((resolve, reject) => {
      this.pending.set(id, { kind: 'probe', resolve: resolve as Pending['resolve'], reject });
      this.send({ type: 'probe', id, backend: request });
    });
  }

  /** Computes a similarity matrix for `volume` (its voxels are copied, then transferred). */
  compute(volume: Volume, method: MethodName, params: ComputeParams, backend: BackendRequest, handlers: ComputeHandlers = {}): RunningCompute {
    const id = this.nextId++;
    const voxels = volume.voxels.slice();
    const promise = new Promise<WorkerResult>((resolve, reject) => {
      this.pending.set(id, { ...handlers, kind: 'compute', resolve: resolve as Pending['resolve'], reject });
      this.send({
        type: 'compute', id, method, params, backend,
        volume: {
          id: volume.id, name: volume.name, rows: volume.rows, cols: volume.cols, slices: volume.slices,
          spacing: volume.spacing, dtype: voxelDtype(voxels), voxels: voxels.buffer as ArrayBuffer,
        },
      }, [voxels.buffer as ArrayBuffer]);
    });
    return { promise, cancel: () => this.cancel(id) };
  }

  private cancel(id: number): void {
    const pending = this.pending.get(id);
    if (!pending || !this.worker) return;
    this.pending.delete(id);
    pending.reject(new ComputeCancelledError());
    this.worker.postMessage({ type: 'cancel', id });
    this.cancelling.set(id, setTimeout(() => this.restartWorker(), CANCEL_GRACE_MS));
  }

  /** Stops a worker that did not confirm a cancel; requests still pending on it fail. */
  private restartWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const timer of this.cancelling.values()) clearTimeout(timer);
    this.cancelling.clear();
    const held = new Set(this.held.map((h) => h.message.id));
    for (const [id, pending] of this.pending) {
      if (held.has(id)) continue; // not sent yet: it goes to the fresh worker
      this.pending.delete(id);
      pending.reject(new Error('the compute worker was stopped to cancel a run; try again'));
    }
    this.releaseHeld();
  }

  /** Sends the requests held back during a cancel (to the current worker, or a fresh one). */
  private releaseHeld(): void {
    for (const { message, transfer } of this.held.splice(0)) this.send(message, transfer);
  }

  private send(message: WorkerRequest, transfer: Transferable[] = []): void {
    if (this.cancelling.size > 0) {
      this.held.push({ message, transfer });
      return;
    }
    if (!this.worker) {
      this.worker = this.makeWorker();
      this.worker.addEventListener('message', (event) => this.receive(event.data));
    }
    this.worker.postMessage(message, transfer);
  }

  private receive(message: WorkerMessage): void {
    if (message.type === 'error' || message.type === 'result') {
      // The worker has left a cancelled run: it is free again, no need to stop it.
      if (this.cancelling.has(message.id)) {
        clearTimeout(this.cancelling.get(message.id));
        this.cancelling.delete(message.id);
        if (this.cancelling.size === 0) this.releaseHeld();
      }
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case 'progress':
        pending.onProgress?.(message.done, message.total);
        return;
      case 'backend':
        pending.onBackend?.({ backend: message.backend, label: message.label });
        if (pending.kind === 'probe') {
          this.pending.delete(message.id);
          pending.resolve({ backend: message.backend, label: message.label });
        }
        return;
      case 'result':
        this.pending.delete(message.id);
        pending.resolve(message.result);
        return;
      case 'error':
        this.pending.delete(message.id);
        pending.reject(message.cancelled ? new ComputeCancelledError() : new Error(message.message));
    }
  }
}
