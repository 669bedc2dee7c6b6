/**
 * tfjs has no stopGradient op: an identity whose gradient is zero, built with tf.customGrad.
 * SwAV computes its codes from the scores under torch.no_grad(); this is the same cut.
 */
import * as tf from '@tensorflow/tfjs';

const identityWithoutGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  return { value: x.clone(), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

export function stopGradient<T extends tf.Tensor>(x: T): T {
  return identityWithoutGradient(x) as T;
}

/**
 * fn(x) computed as one op whose gradient is zero: its kernels run inside the op, off the gradient
 * tape (no tensors saved for a backward pass that would multiply them by zero).
 */
export function withoutGradient<T extends tf.Tensor>(x: tf.Tensor, fn: (x: tf.Tensor) => T): T {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xi = args[0] as tf.Tensor;
    return { value: fn(xi), gradFunc: () => tf.zerosLike(xi) };
  });
  return op(x) as T;
}
