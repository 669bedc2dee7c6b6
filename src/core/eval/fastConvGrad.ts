/**
 * Fast convolution gradients for fine-tuning tfjs-layers models. tfjs-layers trains Conv2D through
 * tfjs-core's kernels Conv2DBackpropFilter / Conv2DBackpropInput, called directly by the fused
 * conv's gradient (so a gradient-registry override would not reach them). On the cpu backend both
 * are naive loops (the weight gradient ~100× the forward conv's time), on wasm the weight gradient
 * is missing and the input gradient is a plain loop, and on WebGPU the weight gradient is naive.
 * While installed, these two kernels are replaced on the active backend by swav's forward-conv
 * formulation (src/core/ssl/swav/conv.ts), which runs on every backend's fast forward path:
 *   dW = conv2d(x̃ as [Cin, H, W, N], dy as a [Ho, Wo, N, Cout] filter, dilation s) cropped to k×k,
 *   dx = the 180°-rotated, channel-swapped kernel over the s-dilated, (k−1)-padded dy,
 * where x̃ is x with the conv's own padding (padInfo: top/left/bottom/right) added, and dx is
 * cropped back to x's rows and columns. Same sums, float32 round-off order aside.
 * Square kernels, equal strides, dilation 1, NHWC (every conv that pretrain exports); anything else
 * goes to the backend's own kernel (or fails as before where there is none).
 */
import * as tf from '@tensorflow/tfjs';
import { convInputGrad, convWeightGrad } from '../ssl/swav/conv';

const KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] as const;
type KernelName = (typeof KERNELS)[number];
type KernelFunc = tf.KernelConfig['kernelFunc'];

/** Backends whose own kernels are slow or missing (webgl's are shader programs: left alone). */
export const FAST_CONV_GRAD_BACKENDS: readonly string[] = ['cpu', 'wasm', 'webgpu'];

interface ConvGradAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

/** The conv's geometry when the forward-conv form applies; undefined otherwise. */
function geometry(xShape: number[], filterShape: number[], a: ConvGradAttrs) {
  if ((a.dataFormat ?? 'NHWC') !== 'NHWC' || filterShape[0] !== filterShape[1]) return undefined;
  const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode);
  if (info.strideHeight !== info.strideWidth) return undefined;
  return { k: filterShape[0], stride: info.strideHeight, pad: info.padInfo };
}

type Geometry = NonNullable<ReturnType<typeof geometry>>;

function padded(x: tf.Tensor4D, g: Geometry): tf.Tensor4D {
  const { top, bottom, left, right } = g.pad;
  return top || bottom || left || right ? tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]) : x;
}

function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, g: Geometry): tf.Tensor4D {
  return tf.tidy(() => convWeightGrad(padded(x, g), dy, g.k, g.stride));
}

function inputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], g: Geometry): tf.Tensor4D {
  const { top, bottom, left, right } = g.pad;
  return convInputGrad(dy, w, xShape, g.stride, [top, bottom, left, right]);
}

function fastKernel(name: KernelName, original: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const a = args.attrs as unknown as ConvGradAttrs;
    if (name === 'Conv2DBackpropFilter') {
      const { x, dy } = args.inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
      const g = a.filterShape && geometry(x.shape, a.filterShape, a);
      if (g && x.shape.length === 4) return filterGrad(x, dy, g);
    } else {
      const { dy, filter } = args.inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
      const g = a.inputShape && geometry(a.inputShape, filter.shape, a);
      if (g && a.inputShape && dy.shape.length === 4) return inputGrad(dy, filter, a.inputShape, g);
    }
    if (!original) throw new Error(`${name}: no kernel on backend '${tf.getBackend()}' for this convolution (non-square kernel, unequal strides or NCHW)`);
    return original(args);
  };
}

/**
 * Whether fine-tuning an `arch` encoder can run on tfjs backend `backend`. With the fast gradients
 * every plain conv trains on wasm; MobileNetV2's depthwise convs keep tfjs's gradients, which wasm
 * lacks (DepthwiseConv2dNativeBackpropFilter/Input).
 */
export function canFinetuneOn(backend: string, arch: string): boolean {
  return backend !== 'wasm' || arch !== 'mobilenetv2';
}

let installed: { backend: string; originals: Map<KernelName, tf.KernelConfig | undefined>; users: number } | undefined;

/**
 * Runs `fn` with the fast convolution gradients installed on the active backend (when it is one of
 * FAST_CONV_GRAD_BACKENDS); the backend's own kernels are put back when the last user finishes.
 */
export async function withFastConvGradients<T>(fn: () => Promise<T>): Promise<T> {
  const backend = tf.getBackend();
  if (!FAST_CONV_GRAD_BACKENDS.includes(backend) || (installed && installed.backend !== backend)) return fn();
  if (!installed) {
    const originals = new Map(KERNELS.map((k) => [k, tf.getKernel(k, backend)] as const));
    for (const [k, config] of originals) {
      if (config) tf.unregisterKernel(k, backend);
      tf.registerKernel({ kernelName: k, backendName: backend, kernelFunc: fastKernel(k, config?.kernelFunc) });
    }
    installed = { backend, originals, users: 0 };
  }
  const state = installed;
  state.users++;
  try {
    return await fn();
  } finally {
    if (--state.users === 0) {
      for (const [k, config] of state.originals) {
        tf.unregisterKernel(k, state.backend);
        if (config) tf.registerKernel(config);
      }
      installed = undefined;
    }
  }
}
