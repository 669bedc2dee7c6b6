/**
 * Training kernels of ctsieve's own for tfjs-backend-webgpu (WGSL), so that a GPU step dispatches fewer,
 * larger programs: BatchNorm as two per direction instead of 4–9 forward and 8–12 backward tfjs kernels,
 * and Adam as one instead of about fifteen. Each is registered as a tfjs kernel for 'webgpu' (one program
 * each, so `kernelsPerStep` counts what a GPU dispatches). Over [P, C] values, channels last:
 *   BN_STATS        x → [2C]: μ (first C), biased var = Σ(x − μ)²/P (next C); one workgroup per channel
 *   BN_NORMALISE    x, stats → x̂ = (x − μ)/√(var + eps)
 *   BN_GRAD_SUMS    dy, x̂ (, y) → [2C]: Σdz, Σdz·x̂ with dz = dy·[y > 0] when y (ReLU fused) is given
 *   BN_GRAD_INPUT   dy, x̂, sums, γ, var (, y) → ∂x = (dz − x̂·Σdz·x̂/P − Σdz/P)·γ/√(var + eps)
 *   ADAM_PACKED     p, g, m, v, c₁, c₂ (, keep) → [3n]: m′, v′, p′ (swav/optimizers.ts' formula)
 * Equal to the tfjs-kernel forms within float32 round-off (the BatchNorm and optimiser suites run on WebGPU,
 * SwiftShader here). No GPU has measured them: their speed on one is unknown.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { WORKGROUP_LINEAR_INDEX, flatDispatch, workgroupSumWgsl } from '../similarity/gpu.webgpu';

export const BN_STATS = 'CtsieveBnStats';
export const BN_NORMALISE = 'CtsieveBnNormalise';
export const BN_GRAD_SUMS = 'CtsieveBnGradSums';
export const BN_GRAD_INPUT = 'CtsieveBnGradInput';
export const ADAM_PACKED = 'CtsieveAdamPacked';

const WG = 64;

/** dz at flat index i: dy, masked by y > 0 when ReLU is fused. */
const dzWgsl = (relu: boolean) => `var d = dy[i];${relu ? ' if (!(y[i] > 0.0)) { d = 0.0; }' : ''}`;

/** Per-channel reductions: one workgroup of WG threads per channel, each thread over every WG-th pixel. */
class ChannelSumsProgram implements WebGPUProgram {
  outputShape: number[];
  variableNames: string[];
  uniforms = 'numPixels : i32, channels : i32,';
  workgroupSize: [number, number, number] = [WG, 1, 1];
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  shaderKey: string;

  constructor(
    channels: number,
    private readonly kind: 'stats' | 'grad',
    private readonly relu: boolean,
  ) {
    this.outputShape = [2 * channels];
    this.dispatch = [channels, 1, 1];
    this.variableNames = kind === 'stats' ? ['x'] : relu ? ['dy', 'xHat', 'y'] : ['dy', 'xHat'];
    this.shaderKey = `ctsieve_bn_sums_${kind}_${relu}`;
  }

  getUserCode(): string {
    const first = this.kind === 'stats' ? 'acc += x[i];' : `${dzWgsl(this.relu)} acc += d;`;
    const second = this.kind === 'stats' ? 'let e = x[i] - first; acc += e * e;' : `${dzWgsl(this.relu)} acc += d * xHat[i];`;
    // stats: the second sum needs the mean (first / P); grad: both are plain sums
    const firstValue = this.kind === 'stats' ? 'partial[0] / f32(uniforms.numPixels)' : 'partial[0]';
    const secondValue = this.kind === 'stats' ? 'partial[0] / f32(uniforms.numPixels)' : 'partial[0]';
    return `
      var<workgroup> partial : array<f32, ${WG}>;
      fn main(index : i32) {
        let c = ${WORKGROUP_LINEAR_INDEX};
        let live = c < uniforms.channels;
        var acc = 0.0;
        if (live) {
          for (var p = i32(localIndex); p < uniforms.numPixels; p += ${WG}) {
            let i = p * uniforms.channels + c;
            ${first}
          }
        }
        ${workgroupSumWgsl(WG)}
        let first = ${firstValue};
        workgroupBarrier();
        acc = 0.0;
        if (live) {
          for (var p = i32(localIndex); p < uniforms.numPixels; p += ${WG}) {
            let i = p * uniforms.channels + c;
            ${second}
          }
        }
        ${workgroupSumWgsl(WG)}
        if (localIndex == 0u && live) {
          result[c] = first;
          result[uniforms.channels + c] = ${secondValue};
        }
      }
    `;
  }
}

/** Elementwise over [P, C]: x̂ (normalise) or ∂x (grad input). */
class ChannelwiseProgram implements WebGPUProgram {
  outputShape: number[];
  variableNames: string[];
  uniforms = 'numPixels : i32, channels : i32, eps : f32,';
  workgroupSize: [number, number, number] = [WG, 1, 1];
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  size = true;
  shaderKey: string;

  constructor(
    shape: number[],
    private readonly kind: 'normalise' | 'gradInput',
    private readonly relu: boolean,
  ) {
    this.outputShape = shape;
    this.dispatch = flatDispatch(tf.util.sizeFromShape(shape), WG);
    this.variableNames = kind === 'normalise' ? ['x', 'stats'] : ['dy', 'xHat', 'sums', 'gamma', 'variance', ...(relu ? ['y'] : [])];
    this.shaderKey = `ctsieve_bn_${kind}_${relu}`;
  }

  getUserCode(): string {
    const body =
      this.kind === 'normalise'
        ? 'result[i] = (x[i] - stats[c]) / sqrt(stats[uniforms.channels + c] + uniforms.eps);'
        : `${dzWgsl(this.relu)}
          let n = f32(uniforms.numPixels);
          result[i] = (d - xHat[i] * (sums[uniforms.channels + c] / n) - sums[c] / n) * gamma[c] / sqrt(variance[c] + uniforms.eps);`;
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let i = index;
          let c = index % uniforms.channels;
          ${body}
        }
      }
    `;
  }
}

/** Adam (swav/optimizers.ts) over n values: result = [m′, v′, p′]. */
class AdamProgram implements WebGPUProgram {
  outputShape: number[];
  variableNames: string[];
  uniforms = 'n : i32, cStride : i32, wd : f32, b1 : f32, nb1 : f32, b2 : f32, nb2 : f32, eps : f32, lr : f32,';
  workgroupSize: [number, number, number] = [WG, 1, 1];
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  shaderKey: string;

  constructor(
    n: number,
    private readonly masked: boolean,
  ) {
    this.outputShape = [3 * n];
    this.dispatch = flatDispatch(n, WG);
    this.variableNames = ['params', 'grads', 'moment1', 'moment2', 'corr1', 'corr2', ...(masked ? ['keep'] : [])];
    this.shaderKey = `ctsieve_adam_${masked}`;
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        let n = uniforms.n;
        if (index < n) {
          let pv = params[index];
          var gv = grads[index];
          if (uniforms.wd != 0.0) { gv = gv + pv * uniforms.wd; }
          var mn = moment1[index] * uniforms.b1 + gv * uniforms.nb1;
          var vn = moment2[index] * uniforms.b2 + (gv * gv) * uniforms.nb2;
          ${this.masked ? 'if (keep[index] == 0) { mn = moment1[index]; vn = moment2[index]; }' : ''}
          let ci = index * uniforms.cStride;
          result[index] = mn;
          result[n + index] = vn;
          result[2 * n + index] = pv - (mn / corr1[ci]) / (sqrt(vn / corr2[ci]) + uniforms.eps) * uniforms.lr;
        }
      }
    `;
  }
}

type Uniforms = Array<{ type: 'int32' | 'float32'; data: number[] }>;

function run(args: Parameters<tf.KernelFunc>[0], program: WebGPUProgram, inputs: tf.TensorInfo[], uniforms: Uniforms): tf.TensorInfo {
  return (args.backend as unknown as WebGPUBackend).runWebGPUProgram(program, inputs, 'float32', uniforms);
}

function geometry(t: tf.TensorInfo): { p: number; c: number } {
  const c = t.shape[t.shape.length - 1];
  return { p: tf.util.sizeFromShape(t.shape) / c, c };
}

const bnStats: tf.KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { p, c } = geometry(x);
  return run(args, new ChannelSumsProgram(c, 'stats', false), [x], [{ type: 'int32', data: [p] }, { type: 'int32', data: [c] }]);
};

const bnGradSums: tf.KernelFunc = (args) => {
  const { dy, xHat, y } = args.inputs as { dy: tf.TensorInfo; xHat: tf.TensorInfo; y?: tf.TensorInfo };
  const { p, c } = geometry(dy);
  return run(args, new ChannelSumsProgram(c, 'grad', !!y), y ? [dy, xHat, y] : [dy, xHat], [{ type: 'int32', data: [p] }, { type: 'int32', data: [c] }]);
};

const bnNormalise: tf.KernelFunc = (args) => {
  const { x, stats } = args.inputs as { x: tf.TensorInfo; stats: tf.TensorInfo };
  const { eps } = args.attrs as unknown as { eps: number };
  const { p, c } = geometry(x);
  return run(args, new ChannelwiseProgram(x.shape, 'normalise', false), [x, stats], [{ type: 'int32', data: [p] }, { type: 'int32', data: [c] }, { type: 'float32', data: [eps] }]);
};

const bnGradInput: tf.KernelFunc = (args) => {
  const { dy, xHat, sums, gamma, variance, y } = args.inputs as Record<'dy' | 'xHat' | 'sums' | 'gamma' | 'variance', tf.TensorInfo> & { y?: tf.TensorInfo };
  const { eps } = args.attrs as unknown as { eps: number };
  const { p, c } = geometry(dy);
  const inputs = [dy, xHat, sums, gamma, variance, ...(y ? [y] : [])];
  return run(args, new ChannelwiseProgram(dy.shape, 'gradInput', !!y), inputs, [{ type: 'int32', data: [p] }, { type: 'int32', data: [c] }, { type: 'float32', data: [eps] }]);
};

const adamPacked: tf.KernelFunc = (args) => {
  const { p, g, m, v, c1, c2, keep } = args.inputs as Record<'p' | 'g' | 'm' | 'v' | 'c1' | 'c2', tf.TensorInfo> & { keep?: tf.TensorInfo };
  const a = args.attrs as unknown as { weightDecay: number; beta1: number; beta2: number; eps: number; lr: number };
  const n = tf.util.sizeFromShape(p.shape);
  const cStride = tf.util.sizeFromShape(c1.shape) === 1 ? 0 : 1;
  const inputs = [p, g, m, v, c1, c2, ...(keep ? [keep] : [])];
  const f = (x: number) => ({ type: 'float32' as const, data: [x] });
  return run(args, new AdamProgram(n, !!keep), inputs, [
    { type: 'int32', data: [n] }, { type: 'int32', data: [cStride] },
    f(a.weightDecay), f(a.beta1), f(1 - a.beta1), f(a.beta2), f(1 - a.beta2), f(a.eps), f(a.lr),
  ]);
};

/** Registers the kernels for tfjs's webgpu backend (idempotent; call once it is registered). */
export function installWebgpuTrainKernels(): void {
  const kernels: [string, tf.KernelFunc][] = [[BN_STATS, bnStats], [BN_NORMALISE, bnNormalise], [BN_GRAD_SUMS, bnGradSums], [BN_GRAD_INPUT, bnGradInput], [ADAM_PACKED, adamPacked]];
  for (const [kernelName, kernelFunc] of kernels) if (!tf.getKernel(kernelName, 'webgpu')) tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc });
}
