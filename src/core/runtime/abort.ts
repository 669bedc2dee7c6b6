/**
 * Cancellation, one way everywhere: a standard AbortSignal goes in, an Error named 'AbortError'
 * comes out (the DOMException name fetch and streams use), so callers test `isAbortError(err)`
 * whatever layer threw it.
 */

/** An Error named 'AbortError' with the given message (e.g. "ssim: aborted"). */
export function abortError(message: string): Error {
  const err = new Error(message);
  err.name = 'AbortError';
  return err;
}

/** Throws `abortError("<what>: aborted")` when the signal has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortError(`${what}: aborted`);
}

/** True for an abort from any layer (ours, fetch, DOMException). */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
