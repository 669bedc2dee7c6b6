/**
 * DepthToSpace (NHWC) on tfjs-backend-wasm in JS over the wasm heap:
 *   out[n, h·b + by, w·b + bx, c] = in[n, h, w, (by·b + bx)·C + c].
 * wasm's own kernel computes every output's source index by divisions (45 ms for the 12 stride-2 input
 * gradients of a resnet18-w16 `short` step on the 2-core EPYC); here the b·C values of each (n, h, by, w)
 * are one contiguous run in both tensors, copied in order. Values: a copy. Other layouts and dtypes go
 * to wasm's kernel.
 * (A JS FusedBatchNorm was tried the same way: ~4 ns/element in place, no faster than wasm's; not kept.)
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { replaceWasmKernel, type KernelFunc } from './wasmKernelOverride';

function depthToSpace(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { blockSize: b, dataFormat } = args.attrs as unknown as { blockSize: number; dataFormat: string };
    if (dataFormat !== 'NHWC' || x.shape.length !== 4 || x.dtype !== 'float32') return original(args);
    const backend = args.backend as BackendWasm;
    const [n, h, w, depth] = x.shape;
    const c = depth / (b * b);
    const out = backend.makeOutput([n, h * b, w * b, c], 'float32');
    const src = backend.typedArrayFromHeap(x) as Float32Array;
    const dst = backend.typedArrayFromHeap(out) as Float32Array;
    let at = 0; // output order: n, h, by, w, bx, c
    for (let bn = 0; bn < n; bn++)
      for (let row = 0; row < h; row++)
        for (let by = 0; by < b; by++)
          for (let col = 0; col < w; col++) {
            let from = ((bn * h + row) * w + col) * depth + by * b * c;
            for (let k = 0; k < b * c; k++) dst[at++] = src[from++];
          }
    return out;
  };
}

/** Replaces wasm's DepthToSpace (call once the wasm backend is registered; idempotent). */
export function installWasmDepthToSpace(): void {
  replaceWasmKernel('DepthToSpace', depthToSpace);
}
