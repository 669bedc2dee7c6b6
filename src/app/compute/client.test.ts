/**
 * Cancel in the compute client: the run settles at once as cancelled, a late result is dropped,
 * and a worker that cannot read the cancel message (busy in a synchronous kernel) is terminated.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Volume } from '../../core/volume/types';
import type { WorkerMessage, WorkerRequest } from '../../workers/protocol';
import { CANCEL_GRACE_MS, ComputeCancelledError, ComputeClient, type WorkerLike } from './client';

const volume: Volume = {
  id: 'v1', name: 'tiny.nii', format: 'synthetic', rows: 2, cols: 2, slices: 2, spacing: [1, 1, 1], modality: 'CT',
  sources: [], warnings: [], voxels: new Int16Array(8),
};

/** A worker that records requests and lets the test answer; `honoursCancel` answers cancels itself. */
function fakeWorker(honoursCancel: boolean) {
  let listener: ((event: MessageEvent<WorkerMessage>) => void) | undefined;
  const worker = {
    requests: [] as WorkerRequest[],
    terminated: false,
    answer: (message: WorkerMessage) => listener?.({ data: message } as MessageEvent<WorkerMessage>),
    addEventListener: (_type: 'message', l: typeof listener) => { listener = l; },
    terminate: () => { worker.terminated = true; },
    postMessage: (message: WorkerRequest) => {
      worker.requests.push(message);
      if (message.type === 'cancel' && honoursCancel) {
        queueMicrotask(() => worker.answer({ type: 'error', id: message.id, message: 'aborted', cancelled: true }));
      }
    },
  };
  return worker;
}

afterEach(() => vi.useRealTimers());

describe('ComputeClient cancel', () => {
  it('rejects at once, drops a late result, and terminates a worker that does not confirm', async () => {
    vi.useFakeTimers();
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = new ComputeClient(() => { const w = fakeWorker(false); workers.push(w); return w as WorkerLike; });
    const run = client.compute(volume, 'ssim', {}, 'auto');
    run.cancel();
    await expect(run.promise).rejects.toBeInstanceOf(ComputeCancelledError);
    // A result that arrives after the cancel is not delivered anywhere.
    const matrix = new Float64Array(4);
    workers[0].answer({ type: 'result', id: 1, result: { method: 'ssim', n: 2, backend: 'cpu', kind: 'similarity', matrix, params: {}, elapsedMs: 1 } });
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
    expect(workers[0].terminated).toBe(false); // the result showed the worker free again
    const second = client.compute(volume, 'ssim', {}, 'auto');
    second.cancel();
    await expect(second.promise).rejects.toBeInstanceOf(ComputeCancelledError);
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
    expect(workers[0].terminated).toBe(true);
    client.compute(volume, 'nmi', {}, 'auto');
    expect(workers).toHaveLength(2); // a fresh worker for the next request
  });

  it('holds a request made during an unconfirmed cancel and sends it to the fresh worker', async () => {
    vi.useFakeTimers();
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = new ComputeClient(() => { const w = fakeWorker(false); workers.push(w); return w as WorkerLike; });
    const run = client.compute(volume, 'ssim', {}, 'webgpu');
    run.cancel();
    await expect(run.promise).rejects.toBeInstanceOf(ComputeCancelledError);
    const next = client.compute(volume, 'hash', {}, 'webgpu');
    expect(workers[0].requests.map((r) => r.type)).toEqual(['compute', 'cancel']);
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].requests.map((r) => r.type)).toEqual(['compute']);
    const matrix = new Float64Array(4);
    workers[1].answer({ type: 'result', id: 2, result: { method: 'hash', n: 2, backend: 'webgpu', kind: 'distance', matrix, params: {}, elapsedMs: 1 } });
    await expect(next.promise).resolves.toMatchObject({ method: 'hash' });
  });

  it('keeps a worker that confirms the cancel in time', async () => {
    vi.useFakeTimers();
    const worker = fakeWorker(true);
    const client = new ComputeClient(() => worker as WorkerLike);
    const run = client.compute(volume, 'nmi', {}, 'auto');
    run.cancel();
    await expect(run.promise).rejects.toBeInstanceOf(ComputeCancelledError);
    await vi.advanceTimersByTimeAsync(CANCEL_GRACE_MS + 1);
    expect(worker.terminated).toBe(false);
    expect(worker.requests.map((r) => r.type)).toEqual(['compute', 'cancel']);
  });
});
