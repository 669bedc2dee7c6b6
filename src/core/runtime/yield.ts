/**
 * A macrotask turn for long loops of async work. On tfjs's cpu and wasm backends `await
 * tensor.data()` resolves as a microtask, so a training loop awaiting only that never lets its
 * worker's event loop run: pause and cancel messages (and timers) would wait until the loop ends.
 * Awaiting this between steps lets them in; a training step costs far more than the ~1–4 ms it takes.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
