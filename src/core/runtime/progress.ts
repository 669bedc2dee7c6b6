/**
 * Progress for long work (similarity kernels, reading, training, evaluation). The synchronous CPU
 * kernels run inside a Web Worker in the app, so the only chance to notice an abort is to poll the
 * signal between rows of work: ProgressReporter does both.
 */
import { throwIfAborted } from './abort';

/** Called with units done and the total (pairs, slices, steps…); done reaches total at the end. */
export type ProgressCallback = (done: number, total: number) => void;

/** What long-running core functions accept for progress and cancellation. */
export interface ProgressOptions {
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

/** Calls `onProgress(done, total)` at most once per `every` units, and always on completion. */
export class ProgressReporter {
  private lastReported = 0;

  constructor(
    private readonly opts: ProgressOptions | undefined,
    private readonly total: number,
    private readonly what: string,
    private readonly every = 256,
  ) {}

  /** Report `done` units of work (if due) and check for an abort. */
  update(done: number): void {
    throwIfAborted(this.opts?.signal, this.what);
    const onProgress = this.opts?.onProgress;
    if (onProgress && (done - this.lastReported >= this.every || done === this.total)) {
      this.lastReported = done;
      onProgress(done, this.total);
    }
  }
}

/** Number of unordered pairs i < j among n items. */
export function pairCount(n: number): number {
  return n < 2 ? 0 : (n * (n - 1)) / 2;
}

/** Estimated milliseconds left for a run `done`/`total` complete after `elapsedMs` (linear). */
export function etaMs(done: number, total: number, elapsedMs: number): number | undefined {
  if (done <= 0 || total <= 0 || done > total) return undefined;
  return (elapsedMs * (total - done)) / done;
}
