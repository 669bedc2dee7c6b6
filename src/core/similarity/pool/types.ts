/**
 * The CPU pool's messages and its one seam to the platform: `SpawnWorker`. Core never creates a
 * thread itself; the browser (src/workers/poolSpawner.ts, Web Workers) and Node
 * (src/cli/poolNode.ts, worker_threads) each provide a spawner, and ./inThread.ts runs the same
 * tasks in the calling thread.
 */

/** Methods whose CPU work the pool splits (DeepNet's tfjs embeddings are not pooled). */
export type PoolMethod = 'hash' | 'ssim' | 'nmi';

/**
 * Which kernel computes a pair: the float64 TypeScript reference, or the WebAssembly SIMD kernel
 * (SSIM in float32, NMI exact; HASH has one kernel, whose resize already uses SIMD).
 */
export type KernelVariant = 'reference' | 'simd';

/**
 * One unit of work. Pair tasks: slices [a0, a1) against [b0, b1) (pairs i ≤ j only when the
 * ranges overlap), with the pixels of exactly those slices. Hash tasks: the dHash of [a0, a1).
 */
export interface PoolTask {
  taskId: number;
  method: PoolMethod;
  variant: KernelVariant;
  rows: number;
  cols: number;
  a0: number;
  a1: number;
  b0: number;
  b1: number;
  /** Pixels of slices [a0, a1), slice-major. */
  a: Uint8Array;
  /** Pixels of slices [b0, b1); empty when B is A (a diagonal block, b0 === a0). */
  b: Uint8Array;
}

/** `release`: the run is over; drop the cached kernel (its WebAssembly memory) while idle. */
export type PoolRequest = { type: 'task'; task: PoolTask } | { type: 'release' };

export type PoolReply =
  /** Sent once the worker has loaded: only then does it get a task (a slow start delays no task). */
  | { type: 'ready' }
  /** values: (a1 − a0) × (b1 − b0) scores, row-major; hashes: hex dHash of [a0, a1). */
  | { type: 'result'; taskId: number; values?: Float64Array; hashes?: string[]; note?: string }
  | { type: 'error'; taskId: number; message: string };

/** A worker as the pool sees it: post a request (buffers transferred), hear replies, stop it. */
export interface PoolWorker {
  post(request: PoolRequest, transfer: ArrayBuffer[]): void;
  /** Sets the one listener for replies (replacing the previous one). */
  onReply(listener: (reply: PoolReply) => void): void;
  /** Sets the one listener for a crash or a script that failed to load (reported once). */
  onFailure(listener: (message: string) => void): void;
  terminate(): void;
  /** Idle between runs (Node: then it does not keep the process alive). */
  setIdle?(idle: boolean): void;
}

export type SpawnWorker = () => PoolWorker;
