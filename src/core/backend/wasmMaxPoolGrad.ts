/**
 * MaxPoolGrad on tfjs-backend-wasm as one pass over the output: for every output pixel, the first
 * maximum of its window (row-major scan, strict >, padding never chosen — tfjs's rule, the cpu
 * kernel's maxPoolPositions) receives dy there: dx[argmax] += dy. tfjs-wasm's own kernel walks
 * every input pixel through every window that holds it and searches each window again (~35 ms for
 * resnet18-w16's [64, 34, 34, 16] pool on this CPU, 100× its forward pool). Same sums: each dx is
 * the sum of its dy values, added in output order. 2-D pools, float32, any stride/padding.
 * Where the channels are a multiple of 4 (and no dilation) the pass runs in WebAssembly SIMD over the
 * heap (max_pool_grad_simd.wat, four channels per vector: 10.7 → ~2 ms for that pool); the JavaScript
 * loop below is the rest, and the reference the SIMD pass is tested against.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapKernel, heapMemory, heapOf } from './heapSimd';
import { MAX_POOL_GRAD_SIMD_SHARED_WASM_BASE64, MAX_POOL_GRAD_SIMD_WASM_BASE64 } from './maxPoolGradSimdWasm';
import { replaceWasmKernel, type KernelFunc } from './wasmKernelOverride';

type SimdMaxPoolGrad = (x: number, g: number, dx: number, batch: number, h: number, w: number, c: number, oh: number, ow: number, fh: number, fw: number, sh: number, sw: number, top: number, left: number) => void;

const simd = heapKernel<SimdMaxPoolGrad>('MaxPoolGrad', MAX_POOL_GRAD_SIMD_WASM_BASE64, MAX_POOL_GRAD_SIMD_SHARED_WASM_BASE64, 'maxPoolGrad');

interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function maxPoolGrad(args: Parameters<KernelFunc>[0]): tf.TensorInfo {
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const a = args.attrs as unknown as PoolAttrs;
  const backend = args.backend as BackendWasm;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
  const dx = backend.makeOutput(input.shape, 'float32');
  // views taken after the allocation (it may grow the heap and detach older ones)
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  out.fill(0);
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  if (c % 4 === 0 && dh === 1 && dw === 1 && simd.available()) {
    // max_pool_grad_simd.wat: the same rule and order, four channels per vector
    simd.over(heapMemory(heapOf(backend)))(x.byteOffset, g.byteOffset, out.byteOffset, batchSize, h, w, c, oh, ow, fh, fw, sh, sw, top, left);
    return dx;
  }
  const bases = new Int32Array(fh * fw);
  for (let b = 0; b < batchSize; b++) {
    for (let r = 0; r < oh; r++) {
      const r0 = r * sh - top;
      for (let q = 0; q < ow; q++) {
        const q0 = q * sw - left;
        // the window's pixels inside x, in row-major order
        let taps = 0;
        for (let wr = 0; wr < fh; wr += dh) {
          const xr = r0 + wr;
          if (xr < 0 || xr >= h) continue;
          for (let wc = 0; wc < fw; wc += dw) {
            const xc = q0 + wc;
            if (xc >= 0 && xc < w) bases[taps++] = ((b * h + xr) * w + xc) * c;
          }
        }
        const gBase = ((b * oh + r) * ow + q) * c;
        for (let d = 0; d < c; d++) {
          let best = -Infinity;
          let at = -1;
          for (let t = 0; t < taps; t++) {
            const i = bases[t] + d;
            if (x[i] > best) {
              best = x[i];
              at = i;
            }
          }
          if (at >= 0) out[at] += g[gBase + d];
        }
      }
    }
  }
  return dx;
}

/** Replaces wasm's MaxPoolGrad (call once the wasm backend is registered; idempotent). */
export function installWasmMaxPoolGrad(): void {
  replaceWasmKernel('MaxPoolGrad', () => maxPoolGrad as KernelFunc);
}
