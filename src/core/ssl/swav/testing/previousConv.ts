/**
 * TEST REFERENCE: swav/conv.ts as it was before issue 21's second pass (the padding as separate PadV2
 * kernels, the weight gradient cropped by a Slice, the rotated kernel by tf.reverse, x and w saved).
 * The tests compare the current op with it; only what conv2dPadded reaches is kept.
 */
import * as tf from '@tensorflow/tfjs';

export function convWeightGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const xt = x.transpose([3, 1, 2, 0]) as tf.Tensor4D; // [Cin, H, W, N]
    const filter = dy.transpose([1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, N, Cout]
    const full = tf.conv2d(xt, filter, 1, 'valid', 'NHWC', stride); // [Cin, ≥k, ≥k, Cout]
    return full.slice([0, 0, 0, 0], [-1, kernel, kernel, -1]).transpose([1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/**
 * dy [N, Ho, Wo, C] with s−1 zeros after every value along H and W: [N, Ho·s, Wo·s, C] (the trailing
 * zero rows are harmless), by two pads of 4-D views (WebGPU's pad fails on 5-D tensors).
 */
function dilate(dy: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return dy;
  const [n, ho, wo, c] = dy.shape;
  const rows = tf.pad(dy.reshape([n, ho, 1, wo * c]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]);
  const cols = tf.pad(rows.reshape([n * ho * s, wo, 1, c]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]);
  return cols.reshape([n, ho * s, wo * s, c]);
}

/** [top, bottom, left, right] zero padding of a conv's input. */
export type ConvPadding = readonly [number, number, number, number];

/**
 * Input gradient of conv2d(pad(x, p), w, stride, 'valid') as one forward conv: the full correlation of
 * the s-dilated dy with the kernel rotated by 180° and its channels swapped. Row r of x is row r + top
 * of the padded input, so dy is padded by k−1−top above and as much below as gives x's H rows
 * (likewise W): no crop afterwards. Rows the conv never read get 0.
 * (tfjs-backend-wasm's Conv2DBackpropInput is a plain loop; its Conv2D is XNNPACK.)
 */
export function convInputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], stride: number, pad: ConvPadding = [0, 0, 0, 0]): tf.Tensor4D {
  return tf.tidy(() => {
    const k = w.shape[0];
    let d = dilate(dy, stride);
    const [top, , left] = pad;
    let below = xShape[1] + top - d.shape[1];
    let right = xShape[2] + left - d.shape[2];
    if (below < 0 || right < 0) {
      // the dilation's trailing zeros reach past x: drop them (only when the conv leaves rows unread)
      d = d.slice([0, 0, 0, 0], [-1, d.shape[1] + Math.min(0, below), d.shape[2] + Math.min(0, right), -1]);
      below = Math.max(0, below);
      right = Math.max(0, right);
    }
    const padded = tf.pad(d, [[0, 0], [k - 1 - top, below], [k - 1 - left, right], [0, 0]]);
    const rotated = tf.reverse(w, [0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(padded as tf.Tensor4D, rotated, 1, 'valid');
  });
}

function explicit(pad: ConvPadding): tf.backend_util.ExplicitPadding {
  return [[0, 0], [pad[0], pad[1]], [pad[2], pad[3]], [0, 0]];
}

/**
 * conv2d(pad(x, pad), w, stride) in one forward kernel (explicit padding), with the gradients above:
 * dW from the padded x, dx without a crop. `inputGradient` false (x is data, e.g. the first conv's
 * crops) leaves x out of the op, so no input gradient is computed at all.
 */
export function conv2dPadded(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: ConvPadding, inputGradient = true): tf.Tensor4D {
  const padded = pad.some((v) => v !== 0);
  const forward = (xi: tf.Tensor4D, wi: tf.Tensor4D) => tf.conv2d(xi, wi, stride, padded ? explicit(pad) : 'valid');
  const weightGrad = (xs: tf.Tensor4D, dy: tf.Tensor4D) => convWeightGrad(padded ? tf.pad(xs, explicit(pad)) : xs, dy, w.shape[0], stride);
  // tf.gradients disposes the forward pass's intermediates before the backward one: x and w are saved
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi] = inputGradient ? (args as tf.Tensor4D[]) : [x, args[0] as tf.Tensor4D];
    (args[args.length - 1] as tf.GradSaveFunc)([xi, wi]);
    return {
      value: forward(xi, wi),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as tf.Tensor4D[];
        const dW = weightGrad(xs, dy as tf.Tensor4D);
        return inputGradient ? [convInputGrad(dy as tf.Tensor4D, ws, xs.shape, stride, pad), dW] : [dW];
      },
    };
  });
  return (inputGradient ? op(x, w) : op(w)) as tf.Tensor4D;
}
