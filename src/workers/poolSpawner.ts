/**
 * The CPU pool on Web Workers (browser): one module worker per core (navigator.hardwareConcurrency),
 * started from the compute worker, so the compute worker's own event loop stays free to hear a
 * cancel while the pool computes.
 */
import { configurePool } from '../core/similarity/pool/config';
import type { PoolReply, PoolWorker, SpawnWorker } from '../core/similarity/pool/types';

export const browserPoolSpawner: SpawnWorker = (): PoolWorker => {
  const worker = new Worker(new URL('./pool.worker.ts', import.meta.url), { type: 'module', name: 'ctsieve-pool' });
  let onReply: ((reply: PoolReply) => void) | undefined;
  let onFailure: ((message: string) => void) | undefined;
  worker.addEventListener('message', (event: MessageEvent<PoolReply>) => onReply?.(event.data));
  worker.addEventListener('error', (event) => onFailure?.(event.message || 'the pool worker could not start'));
  return {
    post: (request, transfer) => worker.postMessage(request, transfer),
    onReply: (listener) => { onReply = listener; },
    onFailure: (listener) => { onFailure = listener; },
    terminate: () => worker.terminate(),
  };
};

/** Threads for the pool: every logical core the browser reports (at least 1). */
export function browserThreads(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return Math.max(1, Math.floor(n ?? 1));
}

export function installBrowserPool(threads = browserThreads()): void {
  configurePool({ spawn: browserPoolSpawner, threads });
}
