/**
 * The core runtime: progress and cancellation for every long-running core function. TensorFlow.js
 * free on purpose (CPU kernels and readers import it). The backend, settled once per process or
 * worker, lives in ./settleBackend (it imports TensorFlow.js).
 */
export { abortError, throwIfAborted, isAbortError } from './abort';
export { ProgressReporter, pairCount, etaMs } from './progress';
export type { ProgressCallback, ProgressOptions } from './progress';
export { DEFAULT_VOLUME_BUDGET_BYTES, DEFAULT_GPU_TILE_BUDGET_BYTES } from './memory';
