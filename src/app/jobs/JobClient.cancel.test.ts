/**
 * Cancel with a grace time (the compute worker): the job settles at once as cancelled, a late
 * result is dropped, and a worker that cannot read the cancel message (busy in a synchronous
 * kernel) is terminated; jobs started meanwhile go to the fresh worker.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../../core/runtime/abort';
import type { JobEvent, JobRequest } from '../../workers/jobProtocol';
import { JobClient, type WorkerLike } from './JobClient';

const GRACE = 250;
const params = { backend: 'auto' } as const;

/** A worker that records requests and lets the test answer; `honoursCancel` answers cancels itself. */
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

function clientWith(workers: ReturnType<typeof fakeWorker>[], honoursCancel = false): JobClient {
  return new JobClient(() => { const w = fakeWorker(honoursCancel); workers.push(w); return w as WorkerLike; }, { cancelGraceMs: GRACE });
}

afterEach(() => vi.useRealTimers());

describe('JobClient cancel with a grace time', () => {
  it('rejects at once, drops a late result, and terminates a worker that does not confirm', async () => {
    vi.useFakeTimers();
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = clientWith(workers);
    const run = client.start('backend', params);
    run.cancel();
    await expect(run.promise).rejects.toSatisfy(isAbortError);
    // A result that arrives after the cancel is not delivered anywhere, and shows the worker free again.
    workers[0].answer({ type: 'result', jobId: run.jobId, result: { backend: 'cpu', label: 'cpu' } });
    vi.advanceTimersByTime(GRACE + 1);
    expect(workers[0].terminated).toBe(false);
    const second = client.start('backend', params);
    second.cancel();
    await expect(second.promise).rejects.toSatisfy(isAbortError);
    vi.advanceTimersByTime(GRACE + 1);
    expect(workers[0].terminated).toBe(true);
    client.start('backend', params);
    expect(workers).toHaveLength(2); // a fresh worker for the next job
  });

  it('holds a job started during an unconfirmed cancel and sends it to the fresh worker', async () => {
    vi.useFakeTimers();
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = clientWith(workers);
    const run = client.start('backend', params);
    run.cancel();
    await expect(run.promise).rejects.toSatisfy(isAbortError);
    const next = client.start('backend', params);
    expect(workers[0].requests.map((r) => r.type)).toEqual(['start', 'cancel']);
    vi.advanceTimersByTime(GRACE + 1);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].requests.map((r) => r.type)).toEqual(['start']);
    workers[1].answer({ type: 'result', jobId: next.jobId, result: { backend: 'cpu', label: 'cpu' } });
    await expect(next.promise).resolves.toMatchObject({ label: 'cpu' });
  });

  it('keeps a worker that confirms the cancel in time', async () => {
    vi.useFakeTimers();
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = clientWith(workers, true);
    const run = client.start('backend', params);
    run.cancel();
    await expect(run.promise).rejects.toSatisfy(isAbortError);
    await vi.advanceTimersByTimeAsync(GRACE + 1);
    expect(workers[0].terminated).toBe(false);
    expect(workers[0].requests.map((r) => r.type)).toEqual(['start', 'cancel']);
  });
});
