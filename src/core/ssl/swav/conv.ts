/**
 * 'valid' convolutions with their weight gradient computed as a forward convolution:
 *   dW[ky, kx, ci, co] = Σ_{n,y,x} x[n, y·s+ky, x·s+kx, ci] · dy[n, y, x, co]
 * is conv2d(x viewed as [Cin, H, W, N], dy viewed as a [Ho, Wo, N, Cout] filter, dilation s),
 * cropped to k × k. Why: tfjs-backend-wasm has no Conv2DBackpropFilter kernel, and the cpu and
 * WebGPU ones are naive loops (on cpu ~100× slower than the forward pass); a forward conv runs
 * on every backend's fast path. The input gradient likewise (convInputGrad: the rotated kernel over the
 * dilated, padded dy; at stride 2 a phase kernel over the undilated dy, interleaved by DepthToSpace).
 * Paddings are the conv kernels' own explicit padding, never PadV2. convWeightGradIm2col is the same weight sum as one matrix
 * product over strided slices (a cross-check for tests). Depthwise convolutions (MobileNetV2)
 * keep tfjs's own gradients, which wasm lacks: MobileNetV2 trains on cpu, webgl and webgpu only.
 */
import * as tf from '@tensorflow/tfjs';
import { CONV_FILTER_GRAD_KERNEL, type ConvFilterGradAttrs } from '../../backend/wasmConvFilterGrad';
import { saveForBackward } from './savedTensors';

/** x[n, ky + s·y, kx + s·x, :] for all output positions: [N, Ho, Wo, C]. */
function shifted(x: tf.Tensor4D, ky: number, kx: number, stride: number, ho: number, wo: number): tf.Tensor4D {
  const [n, , , c] = x.shape;
  return tf.stridedSlice(x, [0, ky, kx, 0], [n, ky + (ho - 1) * stride + 1, kx + (wo - 1) * stride + 1, c], [1, stride, stride, 1]) as tf.Tensor4D;
}

/**
 * dW as one forward conv over x with the conv's own zero padding [top, bottom, left, right] given to
 * the conv kernel (no PadV2). The correlation has top + H + bottom − s·(Ho − 1) rows, k of them
 * wanted: the surplus is taken off the bottom padding (those rows only feed outputs ≥ k), and only
 * what the padding cannot absorb is cropped by a slice (e.g. a 1×1 stride-2 conv on an even size).
 */
export function convWeightGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number, pad: ConvPadding = [0, 0, 0, 0]): tf.Tensor4D {
  if (tf.getKernel(CONV_FILTER_GRAD_KERNEL, tf.getBackend())) {
    const attrs: ConvFilterGradAttrs = { kernel, stride, pad: [...pad] };
    return tf.engine().runKernel(CONV_FILTER_GRAD_KERNEL, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  return convWeightGradByConv(x, dy, kernel, stride, pad);
}

/** The forward-conv form above (every backend; wasm uses it where its SIMD kernel is not installed). */
export function convWeightGradByConv(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number, pad: ConvPadding = [0, 0, 0, 0]): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    const [, ho, wo] = dy.shape;
    const extraH = pad[0] + h + pad[1] - stride * (ho - 1) - kernel;
    const extraW = pad[2] + w + pad[3] - stride * (wo - 1) - kernel;
    const bottom = pad[1] - Math.min(extraH, pad[1]);
    const right = pad[3] - Math.min(extraW, pad[3]);
    const xt = x.transpose([3, 1, 2, 0]) as tf.Tensor4D; // [Cin, H, W, N]
    const filter = dy.transpose([1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, N, Cout]
    const padding = explicitOrValid([pad[0], bottom, pad[2], right]);
    let full = tf.conv2d(xt, filter, 1, padding, 'NHWC', stride); // [Cin, ≥k, ≥k, Cout]
    if (full.shape[1] !== kernel || full.shape[2] !== kernel) full = full.slice([0, 0, 0, 0], [-1, kernel, kernel, -1]);
    return full.transpose([1, 2, 0, 3]) as tf.Tensor4D;
  });
}

export function convWeightGradIm2col(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, ho, wo, cout] = dy.shape;
    const cin = x.shape[3];
    const slices: tf.Tensor4D[] = [];
    for (let ky = 0; ky < kernel; ky++) for (let kx = 0; kx < kernel; kx++) slices.push(shifted(x, ky, kx, stride, ho, wo));
    const patches = (slices.length === 1 ? slices[0] : tf.concat(slices, 3)).reshape([n * ho * wo, kernel * kernel * cin]);
    const dw = tf.matMul(patches as tf.Tensor2D, dy.reshape([n * ho * wo, cout]) as tf.Tensor2D, true, false);
    return dw.reshape([kernel, kernel, cin, cout]) as tf.Tensor4D;
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

/** The [k², k²] anti-identity: row r of (flip · w viewed [k², Cin·Cout]) is row k² − 1 − r of w. */
function antiIdentity(k2: number): tf.Tensor2D {
  const data = new Float32Array(k2 * k2);
  for (let r = 0; r < k2; r++) data[r * k2 + (k2 - 1 - r)] = 1;
  return tf.tensor2d(data, [k2, k2]);
}

/**
 * The kernel rotated by 180° with its channels swapped, [k, k, Cout, Cin]: the filter of the input
 * gradient. The rotation is a product with a 0/1 permutation matrix (exact: each output is 1·w plus
 * zeros), because tfjs-backend-wasm's Reverse runs ~30× slower than its matmul on these kernels.
 */
export function rotatedKernel(w: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [k, , cin, cout] = w.shape;
    const rotated = k === 1 ? w : tf.matMul(antiIdentity(k * k), w.reshape([k * k, cin * cout])).reshape(w.shape);
    return rotated.transpose([0, 1, 3, 2]) as tf.Tensor4D;
  });
}

/**
 * Filters of one step built from a weight variable (rotated, phase and dense kernels), computed once per
 * weight and form however many crop sizes use them (keyed by the variable's id and the form), and BN γ
 * filter views (batchNorm.ts, keyed by the variable). The owner disposes them: disposeKernelCache.
 */
export type KernelCache = Map<tf.Tensor | string, tf.Tensor>;

function cachedFilterFor<T extends tf.Tensor>(cache: KernelCache | undefined, w: tf.Tensor4D, signature: string, build: () => T): T {
  if (!cache || !(w instanceof tf.Variable)) return build();
  const key = `${w.id} ${signature}`;
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = tf.keep(build());
    cache.set(key, f);
  }
  return f;
}

/** One axis of the sub-pixel input gradient (subPixelInputGrad): its taps and dy's padding. */
interface AxisPlan {
  /** Taps per phase, T = mHi − mLo + 1 over all phases. */
  taps: number;
  /** The largest tap offset m (also dy's front padding). */
  mHi: number;
  /** The forward conv's front padding of this axis. */
  pad: number;
  /** dy's back padding: the phase conv yields ceil(X/s) blocks. */
  back: number;
}

/**
 * x position i = s·q + r (phase r) receives dy[q − m]·w[s·m + r + pad] for the m with 0 ≤ s·m + r + pad < k.
 * Undefined where the plan needs negative padding (then the dilated form is used).
 */
function axisPlan(x: number, out: number, k: number, s: number, pad: number): AxisPlan | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < s; r++) {
    const first = Math.ceil((-r - pad) / s);
    const last = Math.floor((k - 1 - r - pad) / s);
    if (first <= last) {
      lo = Math.min(lo, first);
      hi = Math.max(hi, last);
    }
  }
  if (!(hi >= 0)) return undefined;
  const taps = hi - lo + 1;
  const back = Math.ceil(x / s) + taps - 1 - out - hi;
  return back < 0 ? undefined : { taps, mHi: hi, pad, back };
}

/**
 * The input-gradient filter of a stride-s conv in sub-pixel form, [Ty, Tx, Cout, s²·Cin]: output channel
 * (ry·s + rx)·Cin + ci of tap (ty, tx) is w[s·(mHi_y − ty) + ry + pad_y, s·(mHi_x − tx) + rx + pad_x, ci, :]
 * (0 outside the kernel). Built as one product with a 0/1 selection matrix, exact as the rotation is.
 */
export function phaseKernel(w: tf.Tensor4D, s: number, py: AxisPlan, px: AxisPlan): tf.Tensor4D {
  return tf.tidy(() => {
    const [k, , cin, cout] = w.shape;
    const rows = py.taps * px.taps * s * s;
    const select = new Float32Array(rows * k * k);
    let row = 0;
    for (let ty = 0; ty < py.taps; ty++)
      for (let tx = 0; tx < px.taps; tx++)
        for (let ry = 0; ry < s; ry++)
          for (let rx = 0; rx < s; rx++, row++) {
            const ky = s * (py.mHi - ty) + ry + py.pad;
            const kx = s * (px.mHi - tx) + rx + px.pad;
            if (ky >= 0 && ky < k && kx >= 0 && kx < k) select[row * k * k + ky * k + kx] = 1;
          }
    const picked = tf.matMul(tf.tensor2d(select, [rows, k * k]), w.reshape([k * k, cin * cout])); // [(ty, tx, ry, rx), (ci, co)]
    return picked.reshape([py.taps * px.taps, s * s * cin, cout]).transpose([0, 2, 1]).reshape([py.taps, px.taps, cout, s * s * cin]) as tf.Tensor4D;
  });
}

/**
 * The input gradient of a stride-s conv without dilating dy: the s² phases of dx (dx[s·q + r]) are one
 * stride-1 conv of dy with the phase kernel, interleaved by DepthToSpace (its channel order is
 * (ry·s + rx)·C + c). A quarter of the dilated form's multiply-adds at s = 2 (it multiplies the
 * dilation's zeros), and two kernels instead of five Reshape/PadV2 before the conv.
 */
function subPixelInputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], s: number, pad: ConvPadding, cache?: KernelCache): tf.Tensor4D | undefined {
  const k = w.shape[0];
  const py = axisPlan(xShape[1], dy.shape[1], k, s, pad[0]);
  const px = axisPlan(xShape[2], dy.shape[2], k, s, pad[2]);
  if (!py || !px) return undefined;
  const signature = `phase ${s} ${py.taps} ${py.mHi} ${py.pad} ${px.taps} ${px.mHi} ${px.pad}`;
  const filter = cachedFilterFor(cache, w, signature, () => phaseKernel(w, s, py, px));
  const phases = tf.conv2d(dy, filter, 1, explicitOrValid([py.mHi, py.back, px.mHi, px.back]));
  const dx = tf.depthToSpace(phases, s);
  return dx.shape[1] === xShape[1] && dx.shape[2] === xShape[2] ? dx : dx.slice([0, 0, 0, 0], [-1, xShape[1], xShape[2], -1]);
}

export function disposeKernelCache(cache: KernelCache): void {
  tf.dispose([...cache.values()]);
  cache.clear();
}

/**
 * Input gradient of conv2d(pad(x, p), w, stride, 'valid') as one forward conv. Stride > 1: the sub-pixel
 * form above (phase conv + DepthToSpace). Otherwise (and where a sub-pixel plan would need negative
 * padding) the full correlation of the s-dilated dy with the kernel rotated by 180° and its channels swapped. Row r of x is row r + top
 * of the padded input, so dy is padded by k−1−top above and as much below as gives x's H rows
 * (likewise W), as the conv kernel's own explicit padding: no PadV2, no crop afterwards. Rows the
 * conv never read get 0. `cache` shares a variable's filter (rotated or phase kernel) between a step's calls.
 * (tfjs-backend-wasm's Conv2DBackpropInput is a plain loop; its Conv2D is XNNPACK.)
 */
export function convInputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], stride: number, pad: ConvPadding = [0, 0, 0, 0], cache?: KernelCache): tf.Tensor4D {
  return tf.tidy(() => {
    const k = w.shape[0];
    if (stride > 1) {
      const dx = subPixelInputGrad(dy, w, xShape, stride, pad, cache);
      if (dx) return dx;
    }
    const rotated = cachedFilterFor(cache, w, 'rotated', () => rotatedKernel(w));
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
    return tf.conv2d(d, rotated, 1, explicitOrValid([k - 1 - top, below, k - 1 - left, right]));
  });
}

function explicitOrValid(pad: ConvPadding): tf.backend_util.ExplicitPadding | 'valid' {
  return pad.some((v) => v !== 0) ? [[0, 0], [pad[0], pad[1]], [pad[2], pad[3]], [0, 0]] : 'valid';
}

/** Maps of at most this many pixels take a stride-1 'same' conv as one matrix product (denseConv). */
export const DENSE_MAX_PIXELS = 4;

/**
 * On tfjs-wasm only, where a step's time is multiply-adds: the dense form launches ≈ 110 kernels more
 * per resnet18 step (the matrices' builds and reshapes), which a GPU pays as dispatches.
 */
function denseApplies(xShape: number[], k: number, stride: number, pad: ConvPadding): boolean {
  return tf.getBackend() === 'wasm' && stride === 1 && k > 1 && xShape[1] * xShape[2] <= DENSE_MAX_PIXELS && pad[0] + pad[1] === k - 1 && pad[2] + pad[3] === k - 1;
}

/**
 * The conv of an H×W map as a matrix, [H·W·Cin, H·W·Cout]: block (a·W + b, i·W + j) is
 * w[a − i + top, b − j + left] (0 outside the kernel), so y_flat = x_flat · M; `transposed`: Mᵀ,
 * [H·W·Cout, H·W·Cin], the input gradient's (dx_flat = dy_flat · Mᵀ). One product with a 0/1
 * selection matrix, exact as the rotation is.
 */
export function denseKernel(w: tf.Tensor4D, h: number, width: number, top: number, left: number, transposed: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    const [k, , cin, cout] = w.shape;
    const p = h * width;
    const select = new Float32Array(p * p * k * k);
    for (let a = 0; a < h; a++)
      for (let b = 0; b < width; b++)
        for (let i = 0; i < h; i++)
          for (let j = 0; j < width; j++) {
            const [ky, kx] = [a - i + top, b - j + left];
            if (ky >= 0 && ky < k && kx >= 0 && kx < k) select[((a * width + b) * p + i * width + j) * k * k + ky * k + kx] = 1;
          }
    const picked = tf.matMul(tf.tensor2d(select, [p * p, k * k]), w.reshape([k * k, cin * cout])).reshape([p, p, cin, cout]); // [(a,b), (i,j), ci, co]
    return (transposed ? picked.transpose([1, 3, 0, 2]).reshape([p * cout, p * cin]) : picked.transpose([0, 2, 1, 3]).reshape([p * cin, p * cout])) as tf.Tensor2D;
  });
}

/**
 * A stride-1 'same' conv on a map of ≤ DENSE_MAX_PIXELS pixels (resnet18's layer3 and layer4 on small
 * crops: 2×2 and 1×1) as x_flat · M (denseKernel), ∂x = dy_flat · Mᵀ, ∂W as every conv's. The conv
 * itself multiplies the padding: 8 of 9 products are zeros on a 1×1 map, 5 of 9 on 2×2; the product
 * has none on 1×1 and 7 of 16 on 2×2 (≈ 2.3× fewer multiply-adds). M and Mᵀ are cached per step
 * for a variable w, like the rotated kernel. On a resnet18-w16 `short` step on wasm: forward and
 * input-gradient convs 127 → 87 ms, matrix products 9 → 25 ms.
 */
function denseForm(xShape: number[], pad: ConvPadding, cache?: KernelCache): ConvForm {
  const [n, h, width] = xShape;
  const form = `dense ${h} ${width} ${pad[0]} ${pad[2]}`;
  const matrix = (w: tf.Tensor4D, transposed: boolean) => cachedFilterFor(cache, w, transposed ? `${form} T` : form, () => denseKernel(w, h, width, pad[0], pad[2], transposed));
  return {
    forward: (x, w) => tf.matMul(x.reshape([n, -1]), matrix(w, false)).reshape([n, h, width, w.shape[3]]),
    inputGrad: (dy, w, shape) => tf.matMul(dy.reshape([n, -1]), matrix(w, true)).reshape(shape),
  };
}

/** How a conv's output and input gradient are computed (its weight gradient is convWeightGrad in every form). */
interface ConvForm {
  forward(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D;
  inputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[]): tf.Tensor4D;
}

/**
 * conv2d(pad(x, pad), w, stride) in one forward kernel (explicit padding), with the gradients above:
 * dW with the padding inside its conv, dx without a crop. `inputGradient` false (x is data, e.g. the
 * first conv's crops) leaves x out of the op, so no input gradient is computed at all. A tf.Variable
 * w is read directly in the backward pass (variables outlive it); any other w is saved. `cache`
 * shares the rotated kernel between the calls of one step. Small maps take the dense form (denseForm).
 */
export function conv2dPadded(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: ConvPadding, inputGradient = true, cache?: KernelCache): tf.Tensor4D {
  const variable = w instanceof tf.Variable;
  const cached = variable ? cache : undefined;
  const padding = explicitOrValid(pad);
  const form: ConvForm = denseApplies(x.shape, w.shape[0], stride, pad)
    ? denseForm(x.shape, pad, cached)
    : { forward: (xi, wi) => tf.conv2d(xi, wi, stride, padding), inputGrad: (dy, ws, xShape) => convInputGrad(dy, ws, xShape, stride, pad, cached) };
  // tf.gradients disposes the forward pass's intermediates before the backward one: x (and a non-variable w) are saved
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi] = inputGradient ? (args as tf.Tensor4D[]) : [x, args[0] as tf.Tensor4D];
    const refs = saveForBackward(variable ? [xi] : [xi, wi], args[args.length - 1] as tf.GradSaveFunc);
    return {
      value: form.forward(xi, variable ? w : wi),
      gradFunc: (dy: tf.Tensor, savedByTfjs: tf.Tensor[]) => {
        const saved = refs ?? savedByTfjs;
        const xs = saved[0] as tf.Tensor4D;
        const ws = variable ? w : (saved[1] as tf.Tensor4D);
        const dW = convWeightGrad(xs, dy as tf.Tensor4D, w.shape[0], stride, pad);
        if (!inputGradient) return [dW];
        return [form.inputGrad(dy as tf.Tensor4D, ws, xs.shape), dW];
      },
    };
  });
  return (inputGradient ? op(x, w) : op(w)) as tf.Tensor4D;
}

/** tf.conv2d(x, w, stride, 'valid') with the gradients above. */
export function conv2dValid(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  return conv2dPadded(x, w, stride, [0, 0, 0, 0]);
}
