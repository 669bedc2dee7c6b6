/**
 * Cancel in the job client (issue 16 item 1): the job settles at once as cancelled, a late result
 * is dropped, a worker that cannot read the cancel (busy in a synchronous kernel) is terminated,
 * and a job started meanwhile goes to the fresh worker.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobEvent, JobRequest } from '../../workers/jobProtocol';
import { CANCEL_GRACE_MS, JobClient, type WorkerLike } from './JobClient';

/** A worker that records requests and lets the test answer; `honoursCancel` confirms cancels itself. */
function fakeWorker(honoursCancel: boolean) {
  let listener: ((event: MessageEvent<JobEvent>) => void) | undefined;
  const worker = {
    requests: [] as JobRequest[],
    terminated: false,
    answer: (event: JobEvent) => listener?.({ data: event } as MessageEvent<JobEvent>),
    addEventListener: (_type: 'message', l: typeof listener) => { listener = l; },
    terminate: () => { worker.terminated = true; },
    postMessage: (message: JobRequest) => {
      worker.requests.push(message);
      if (message.type === 'cancel' && honoursCancel) {
        queueMicrotask(() => worker.answer({ type: 'error', jobId: message.jobId, message: 'aborted', cancelled: true }));
      }
    },
  };
  return worker;
}

afterEach(() => vi.useRealTimers());

describe('JobClient cancel', () => {
  it('rejects at once, drops a late result, and terminates a worker that does not confirm', async () => {
    vi.useFakeTimers();
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = new JobClient(() => { const w = fakeWorker(false); workers.push(w); return w as WorkerLike; });
    const job = client.start('backend', { backend: 'auto' });
    job.cancel();
    await expect(job.promise).rejects.toMatchObject({ name: 'AbortError' });
    workers[0].answer({ type: 'result', jobId: job.jobId, result: { backend: 'cpu', label: 'cpu' } });
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
    expect(workers[0].terminated).toBe(false); // the (late) result showed the worker free again
    const second = client.start('backend', { backend: 'auto' });
    second.cancel();
    await expect(second.promise).rejects.toMatchObject({ name: 'AbortError' });
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
    expect(workers[0].terminated).toBe(true);
    client.start('backend', { backend: 'auto' });
    expect(workers).toHaveLength(2);
  });

  it('keeps a worker that confirms the cancel in time', async () => {
    vi.useFakeTimers();
    const worker = fakeWorker(true);
    const client = new JobClient(() => worker as WorkerLike);
    const job = client.start('backend', { backend: 'auto' });
    job.cancel();
    await expect(job.promise).rejects.toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(CANCEL_GRACE_MS + 1);
    expect(worker.terminated).toBe(false);
    expect(worker.requests.map((r) => r.type)).toEqual(['start', 'cancel']);
  });

  it('holds a job started during an unconfirmed cancel and sends it to the fresh worker', async () => {
    vi.useFakeTimers();
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = new JobClient(() => { const w = fakeWorker(false); workers.push(w); return w as WorkerLike; });
    const job = client.start('backend', { backend: 'webgpu' });
    job.cancel();
    await expect(job.promise).rejects.toMatchObject({ name: 'AbortError' });
    const next = client.start('backend', { backend: 'webgpu' });
    expect(workers[0].requests.map((r) => r.type)).toEqual(['start', 'cancel']);
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].requests.map((r) => r.type)).toEqual(['start']);
    workers[1].answer({ type: 'result', jobId: next.jobId, result: { backend: 'webgpu', label: 'webgpu' } });
    await expect(next.promise).resolves.toMatchObject({ backend: 'webgpu' });
  });
});
