/**
 * The job protocol end to end in one process: JobClient (app side) ↔ serveJobs (worker side)
 * over a MessageChannel, with handlers that report progress and metrics, checkpoint, pause and
 * get cancelled; the jobs slice follows through trackJob.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isAbortError } from '../../core/runtime/abort';
import { serveJobs, type JobHandler, type JobHandlers, type JobScope } from '../../workers/jobHost';
import type { JobEvent } from '../../workers/jobProtocol';
import { createAppStore } from '../store';
import { JobClient, type WorkerLike } from './JobClient';
import { trackJob } from './trackJob';

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => { c.port1.close(); c.port2.close(); }));

/** A client whose "worker" is a MessagePort served by `handlers`. */
function connect(handlers: JobHandlers): JobClient {
  const channel = new MessageChannel();
  channels.push(channel);
  serveJobs(channel.port2 as unknown as JobScope, handlers);
  channel.port2.start();
  return new JobClient(() => {
    channel.port1.start();
    return channel.port1 as unknown as WorkerLike;
  });
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('JobClient ↔ serveJobs', () => {
  it('delivers progress with metrics, then the result; the jobs slice follows', async () => {
    const client = connect({
      backend: async ({ backend }, ctx) => {
        ctx.progress(1, 2, { loss: 0.5, backend });
        ctx.progress(2, 2, { loss: 0.25 });
        return { result: { backend, label: `${backend} label` } };
      },
    });
    const store = createAppStore();
    const events: JobEvent[] = [];
    const handle = trackJob(store.getState, client.start('backend', { backend: 'cpu' }), 'probe');
    handle.subscribe((e) => events.push(e));
    expect(store.getState().jobs[handle.jobId]).toMatchObject({ kind: 'backend', label: 'probe', status: 'running' });
    await expect(handle.promise).resolves.toEqual({ backend: 'cpu', label: 'cpu label' });
    expect(events.map((e) => e.type)).toEqual(['progress', 'progress', 'result']);
    expect(events[0]).toMatchObject({ done: 1, total: 2, metrics: { loss: 0.5, backend: 'cpu' } });
    await tick();
    expect(store.getState().jobs[handle.jobId]).toMatchObject({ status: 'done', done: 2, total: 2, metrics: { loss: 0.25, backend: 'cpu' } });
    expect(client.activeJobs).toBe(0);
  });

  it('pauses at a pause point, resumes, sends checkpoints, and cancels with an AbortError', async () => {
    let step = 0;
    const client = connect({
      backend: async (_params, ctx) => {
        for (;;) {
          await ctx.pausePoint();
          ctx.checkpoint(new Uint8Array([step]));
          ctx.progress(++step, 1000);
          await tick();
        }
      },
    });
    const store = createAppStore();
    const handle = trackJob(store.getState, client.start('backend', { backend: 'cpu' }), 'loop');
    const events: JobEvent[] = [];
    handle.subscribe((e) => events.push(e));
    await tick();
    handle.pause();
    await expect.poll(() => events.some((e) => e.type === 'paused')).toBe(true);
    expect(store.getState().jobs[handle.jobId].status).toBe('paused');
    const heldAt = step;
    await tick();
    await tick();
    expect(step).toBe(heldAt); // held at the pause point
    handle.resume();
    await expect.poll(() => step).toBeGreaterThan(heldAt);
    expect(events.filter((e) => e.type === 'resumed')).toHaveLength(1);
    const checkpoints = events.filter((e): e is Extract<JobEvent, { type: 'checkpoint' }> => e.type === 'checkpoint');
    expect(new Uint8Array(checkpoints[1].bytes)).toEqual(new Uint8Array([1]));
    handle.cancel();
    const err = await handle.promise.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    await tick();
    expect(store.getState().jobs[handle.jobId].status).toBe('cancelled');
  });

  it('cancels a paused job', async () => {
    const client = connect({
      backend: async (_params, ctx) => {
        for (;;) {
          await ctx.pausePoint();
          await tick();
        }
      },
    });
    const handle = client.start('backend', { backend: 'cpu' });
    handle.pause();
    await tick();
    handle.cancel();
    expect(isAbortError(await handle.promise.catch((e: unknown) => e))).toBe(true);
  });

  it('reports a handler error and a kind the worker does not run', async () => {
    const client = connect({ backend: async () => { throw new Error('model.json: not a model'); } });
    await expect(client.start('backend', { backend: 'cpu' }).promise).rejects.toThrow('model.json: not a model');
    const other = client.start('similarity', {} as never);
    await expect(other.promise).rejects.toThrow("this worker runs no 'similarity' jobs");
  });

  it('types each kind’s metrics (checked by tsc)', () => {
    const handler: JobHandler<'similarity'> = async (_params, ctx) => {
      ctx.progress(0, 1, { backend: 'cpu' });
      // @ts-expect-error the similarity job's backend metric is a label, not a number
      ctx.progress(0, 1, { backend: 3 });
      throw new Error('not run');
    };
    expect(typeof handler).toBe('function');
  });
});
