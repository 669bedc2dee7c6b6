/**
 * A "worker" that runs pool tasks in the calling thread, one macrotask each (setTimeout 0), so
 * the thread's event loop runs between tasks: a cancel message reaches a Web Worker's onmessage
 * within one task's time even on a single thread. Used when no spawner is configured or for
 * threads = 1.
 */
import { runTask } from './blockTask';
import type { PoolReply, PoolWorker, SpawnWorker } from './types';

export const spawnInThread: SpawnWorker = (): PoolWorker => {
  let listener: ((reply: PoolReply) => void) | undefined;
  let stopped = false;
  return {
    post: (request) => {
      if (request.type === 'release') return;
      const { task } = request;
      setTimeout(() => {
        if (stopped) return;
        const reply = runTask(task);
        if (!stopped) listener?.(reply);
      }, 0);
    },
    onReply: (l) => {
      listener = l;
      setTimeout(() => { if (!stopped) listener?.({ type: 'ready' }); }, 0);
    },
    onFailure: () => undefined,
    terminate: () => { stopped = true; },
  };
};
