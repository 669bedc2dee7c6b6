/**
 * A convolution's weight gradient on tfjs-backend-wasm as one kernel of ctsieve's own, in WebAssembly
 * SIMD over tfjs-wasm's heap (conv_filter_grad_simd.wat imports that memory, so tensors are read and
 * written in place):
 *   dW[kh, kw, ci, co] = Σ_{n,oh,ow} x[n, oh·s + kh − top, ow·s + kw − left, ci] · dy[n, oh, ow, co]
 * (zero outside x). Why: tfjs-wasm has no Conv2DBackpropFilter, and the forward-conv form (conv.ts) runs
 * XNNPACK with dy as a huge filter and a 3×3 output — 4–8 GMAC/s on the 2-core EPYC against ~13 for the
 * forward convs, ~35% of a resnet18 `short` step. Here, for each kernel row kh, the sum is a matrix
 * product over pixels: A_p = the KW·Cin contiguous floats of a column-padded copy of x at
 * (n, oh·s + kh, ow·s), B_p = dy[n, oh, ow, :]; rows of x that are padding for that kh are skipped (no
 * work for the all-padding taps of 1×1 and 2×2 maps); images go in blocks of ≤ CHUNK_BYTES of x and dy so
 * that every 4 × 8 tile of dW streams through cache, not memory. The column-padded copy is one block
 * (scratch from tfjs-wasm's malloc, kept and grown for the next call).
 * Float32 sums in another order than cpu's Conv2DBackpropFilter: equal within float32 round-off (tested).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { CONV_FILTER_GRAD_SIMD_SHARED_WASM_BASE64, CONV_FILTER_GRAD_SIMD_WASM_BASE64 } from './convFilterGradSimdWasm';
import { heapKernel, heapMemory, heapOf, heapScratch, registerHeapKernels } from './heapSimd';

/** The kernel's name (registered for 'wasm' only): inputs {x, dy}, attrs ConvFilterGradAttrs. */
export const CONV_FILTER_GRAD_KERNEL = 'CtsieveConvFilterGrad';

export interface ConvFilterGradAttrs {
  /** Square kernel size k: the output is [k, k, Cin, Cout]. */
  kernel: number;
  stride: number;
  /** Zero padding [top, bottom, left, right] of the forward conv. */
  pad: [number, number, number, number];
}

/** x and dy of one block of images: small enough for the per-tile passes to stay in the 512 KiB L2. */
const CHUNK_BYTES = 128 * 1024;

type Gemm = (a: number, b: number, o: number, m: number, cout: number, imgs: number, rows: number, cols: number, aImg: number, aRow: number, aCol: number, bImg: number) => void;

const kernel = heapKernel<Gemm>(CONV_FILTER_GRAD_KERNEL, CONV_FILTER_GRAD_SIMD_WASM_BASE64, CONV_FILTER_GRAD_SIMD_SHARED_WASM_BASE64, 'gemm');

/** The module's `gemm` over `memory` (the shared-memory variant where memory is shared); exported for tests. */
export const gemmFor = (memory: WebAssembly.Memory): Gemm => kernel.over(memory);

function checkShapes(x: tf.TensorInfo, dy: tf.TensorInfo, a: ConvFilterGradAttrs): void {
  const [, h, w] = x.shape;
  const [pt, pb, pl, pr] = a.pad;
  const oh = Math.floor((pt + h + pb - a.kernel) / a.stride) + 1;
  const ow = Math.floor((pl + w + pr - a.kernel) / a.stride) + 1;
  const ok = x.shape.length === 4 && dy.shape.length === 4 && x.shape[0] === dy.shape[0] && dy.shape[1] === oh && dy.shape[2] === ow;
  if (!ok) throw new Error(`${CONV_FILTER_GRAD_KERNEL}: dy ${JSON.stringify(dy.shape)} is not the output of a ${a.kernel}×${a.kernel}/${a.stride} conv of x ${JSON.stringify(x.shape)} padded ${JSON.stringify(a.pad)}`);
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error(`${CONV_FILTER_GRAD_KERNEL}: float32 only (x ${x.dtype}, dy ${dy.dtype})`);
}

const convFilterGrad: tf.KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvFilterGradAttrs;
  checkShapes(x, dy, attrs);
  const backend = args.backend as BackendWasm;
  const heap = heapOf(backend);
  const { kernel: k, stride: s } = attrs;
  const [pt, , pl] = attrs.pad;
  const [n, h, w, cin] = x.shape;
  const [, oh, ow, cout] = dy.shape;
  const wp = Math.max(pl + w, (ow - 1) * s + k); // padded columns: every A_p lies inside its row
  const rowFloats = wp * cin;
  const perChunk = Math.max(1, Math.min(n, Math.floor(CHUNK_BYTES / ((h * rowFloats + oh * ow * cout) * 4))));
  const out = backend.makeOutput([k, k, cin, cout], 'float32');
  const scratchPtr = heapScratch(heap, perChunk * h * rowFloats * 4, CONV_FILTER_GRAD_KERNEL);
  // views and addresses only after both allocations (either may grow the heap and detach older views)
  const gemm = gemmFor(heapMemory(heap));
  const xs = backend.typedArrayFromHeap(x) as Float32Array;
  const dys = backend.typedArrayFromHeap(dy) as Float32Array;
  const outs = backend.typedArrayFromHeap(out) as Float32Array;
  outs.fill(0);
  const padded = new Float32Array(xs.buffer, scratchPtr, perChunk * h * rowFloats);
  padded.fill(0);
  for (let n0 = 0; n0 < n; n0 += perChunk) {
    const imgs = Math.min(perChunk, n - n0);
    // the block's rows of x at padded column pl (the zero columns around them stay zero)
    for (let r = 0; r < imgs * h; r++) padded.set(xs.subarray((n0 * h + r) * w * cin, (n0 * h + r + 1) * w * cin), r * rowFloats + pl * cin);
    for (let kh = 0; kh < k; kh++) {
      // output rows whose input row oh·s + kh − top lies inside x
      const lo = Math.max(0, Math.ceil((pt - kh) / s));
      const hi = Math.min(oh, Math.floor((pt + h - 1 - kh) / s) + 1);
      if (hi <= lo) continue;
      gemm(
        scratchPtr + (lo * s + kh - pt) * rowFloats * 4,
        dys.byteOffset + (n0 * oh + lo) * ow * cout * 4,
        outs.byteOffset + kh * k * cin * cout * 4,
        k * cin, cout, imgs, hi - lo, ow,
        h * rowFloats * 4, s * rowFloats * 4, s * cin * 4, oh * ow * cout * 4,
      );
    }
  }
  return out;
};

/**
 * Registers the kernel for tfjs-wasm (call once the wasm backend is registered; idempotent). False
 * where WebAssembly SIMD is unavailable: conv.ts then keeps its forward-conv weight gradient.
 */
export function installWasmConvFilterGrad(): boolean {
  return registerHeapKernels(kernel, [[CONV_FILTER_GRAD_KERNEL, convFilterGrad]]);
}
