/**
 * Tensors a custom-gradient op keeps for its backward pass, without a kernel per tensor.
 * tfjs's `save()` (tf.customGrad) clones each saved tensor with an Identity kernel (on wasm a full
 * copy). Inside `withSavedTensors`, an op instead takes a second reference to the same data
 * (backend refcount + engine tensor, what Identity does on cpu, no kernel, no copy), kept out of
 * every tidy and owned by the enclosing scope, which disposes it when `fn` returns or throws —
 * whether or not a backward pass ran (a forward-only call, a tape node filtered out, an exception).
 * Tensor data is never written in place (a variable's assign swaps its dataId), so the reference
 * holds the values the forward pass saw. Outside such a scope ops fall back to tfjs's `save()`.
 * The scope must enclose the whole tf.variableGrads / tf.grads call (forward and backward): a
 * gradFunc run after its scope ended would read disposed tensors (tfjs throws, nothing silent).
 */
import * as tf from '@tensorflow/tfjs';

let active: tf.Tensor[] | null = null;

/** Runs fn with a saved-tensor scope; every reference ops take in it is disposed when it ends. */
export function withSavedTensors<T>(fn: () => T): T {
  const outer = active;
  const own: tf.Tensor[] = [];
  active = own;
  try {
    return fn();
  } finally {
    active = outer;
    tf.dispose(own);
  }
}

/** A second reference to t's data, kept beyond tidy (no kernel). */
function reference(t: tf.Tensor): tf.Tensor {
  const engine = tf.engine();
  const backend = engine.backend;
  backend.incRef(t.dataId);
  return tf.keep(engine.makeTensorFromDataId(t.dataId, t.shape, t.dtype, backend));
}

/**
 * In a `withSavedTensors` scope: references to `tensors`, owned by the scope (the gradFunc reads
 * them instead of its `saved` argument). Outside: tfjs's save(tensors) and undefined.
 */
export function saveForBackward(tensors: tf.Tensor[], save: tf.GradSaveFunc): tf.Tensor[] | undefined {
  if (!active) {
    save(tensors);
    return undefined;
  }
  const refs = tensors.map(reference);
  active.push(...refs);
  return refs;
}
