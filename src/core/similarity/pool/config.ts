/**
 * Where pool workers come from in this process, set once by the platform: the app's compute
 * worker installs Web Workers (src/workers/poolSpawner.ts), the CLI and benchmarks install
 * worker_threads (src/cli/poolNode.ts). Without one, or with threads = 1, tasks run in the
 * calling thread (./inThread.ts), still yielding between tasks so cancel is heard.
 */
import { spawnInThread } from './inThread';
import type { SpawnWorker } from './types';
import { drainIdle, prewarm } from './warm';

export interface PoolConfig {
  spawn: SpawnWorker;
  /** Workers to use (e.g. navigator.hardwareConcurrency or os.availableParallelism()). */
  threads: number;
  /**
   * The calling thread is one of the `threads` (it computes tasks while the others start, so a
   * run is never slower than one thread for want of start-up time). Node: yes; the browser's
   * compute worker: no, it stays free to hear a cancel.
   */
  callerRuns?: boolean;
}

let configured: PoolConfig | undefined;

export function configurePool(config: PoolConfig | undefined): void {
  if (config && !(Number.isInteger(config.threads) && config.threads >= 1)) {
    throw new RangeError(`pool: threads must be a positive integer, got ${config.threads}`);
  }
  if (configured && configured.spawn !== config?.spawn) drainIdle(configured.spawn);
  configured = config;
}

/** Starts the configured pool's workers ahead of a run (no-op without a pool). */
export function prewarmPool(): void {
  if (configured && configured.threads > 1) prewarm(configured.spawn, configured.threads - (configured.callerRuns ? 1 : 0));
}

/** The pool to use for one run; `threads` (from ComputeOptions) overrides the configured count. */
export function poolFor(threads?: number): PoolConfig {
  const count = threads ?? configured?.threads ?? 1;
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`pool: threads must be a positive integer, got ${count}`);
  if (!configured || count === 1) return { spawn: spawnInThread, threads: 1 };
  return { spawn: configured.spawn, threads: count, callerRuns: configured.callerRuns };
}
