/**
 * Runs pool tasks on up to `threads` workers: each worker holds one task at a time (so memory is
 * bounded by threads × one task), gets its first once it says it is ready and the next when it
 * replies (a worker still starting delays nothing), and all are terminated at the
 * end, on the first error, or when the signal aborts (which rejects with an AbortError at once:
 * terminating a worker stops its kernel mid-loop).
 */
import { abortError } from '../../runtime/abort';
import { spawnInThread } from './inThread';
import { returnIdle, takeIdle } from './warm';
import type { PoolReply, PoolTask, PoolWorker, SpawnWorker } from './types';

export interface RunPoolOptions {
  spawn: SpawnWorker;
  threads: number;
  /** The first of the `threads` runs in this thread (see PoolConfig.callerRuns). */
  callerRuns?: boolean;
  signal?: AbortSignal;
  what: string;
}

/** Pixels (and other buffers) a task carries, transferred rather than copied. */
function transfers(task: PoolTask): ArrayBuffer[] {
  const out = [task.a.buffer as ArrayBuffer];
  if (task.b.byteLength > 0 && task.b.buffer !== task.a.buffer) out.push(task.b.buffer as ArrayBuffer);
  return out;
}

/**
 * Calls `makeTask(k)` for k = 0..count-1 just before task k is sent (so pixels are copied one task
 * at a time) and `onResult` with each reply in completion order.
 */
export function runPool(
  count: number,
  makeTask: (k: number) => PoolTask,
  onResult: (reply: Extract<PoolReply, { type: 'result' }>) => void,
  opts: RunPoolOptions,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const workers: PoolWorker[] = [];
    const inThread = new Set<PoolWorker>();
    let next = 0;
    let finished = 0;
    let settled = false;
    /** Ends the run: workers go back to the idle list after success, are terminated otherwise. */
    const stop = (ok: boolean) => {
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) {
        if (ok && !inThread.has(w)) returnIdle(opts.spawn, w, opts.threads);
        else w.terminate();
      }
    };
    const fail = (err: Error) => {
      if (settled) return;
      stop(false);
      reject(err);
    };
    const onAbort = () => fail(abortError(`${opts.what}: aborted`));
    const feed = (w: PoolWorker) => {
      if (next >= count) return;
      const task = makeTask(next++);
      w.post({ type: 'task', task }, transfers(task));
    };
    if (opts.signal?.aborted) return reject(abortError(`${opts.what}: aborted`));
    opts.signal?.addEventListener('abort', onAbort);
    if (count === 0) {
      stop(true);
      return resolve();
    }
    const size = Math.max(1, Math.min(opts.threads, count));
    const ready: PoolWorker[] = [];
    for (let t = 0; t < size; t++) {
      const caller = t === 0 && opts.callerRuns;
      const warm = caller || opts.spawn === spawnInThread ? undefined : takeIdle(opts.spawn);
      const w = caller ? spawnInThread() : warm?.worker ?? opts.spawn();
      if (caller || opts.spawn === spawnInThread) inThread.add(w);
      if (warm?.ready) ready.push(w);
      workers.push(w);
      w.onFailure((message) => fail(new Error(`${opts.what}: a pool worker failed: ${message}`)));
      w.onReply((reply) => {
        if (settled) return;
        if (reply.type === 'ready') return feed(w);
        if (reply.type === 'error') return fail(new Error(reply.message));
        try {
          onResult(reply);
        } catch (err) {
          return fail(err instanceof Error ? err : new Error(String(err)));
        }
        if (settled) return; // aborted from inside onResult (e.g. by a progress callback)
        if (++finished === count) {
          stop(true);
          resolve();
        } else feed(w);
      });
    }
    for (const w of ready) feed(w); // warm workers said `ready` before this run took them
  });
}
