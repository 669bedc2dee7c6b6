/**
 * Contiguous slices on tfjs-backend-wasm without copying the whole input. tfjs-wasm's Slice reads its
 * input with readSync, which copies ALL of it out of the wasm heap (HEAPU8.slice) before taking
 * the part, and SplitV slices once per part: splitting the ~800k flat parameters of a resnet18-w16
 * into its 67 tensors copied 67 × 3.2 MB (seconds per step). These kernels copy only the part when
 * it is one contiguous run (a split along the first axis, or any slice that keeps whole inner rows),
 * reading the input through a heap view taken after the output is allocated (an allocation may grow
 * the heap and detach older views). Any other slice (a crop of inner axes, e.g. the gradient of a
 * zero pad) is copied run by run: the innermost axes the slice keeps whole form one contiguous run
 * per index of the outer ones. Strings go to tfjs's own kernel. Same values: a copy.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { replaceWasmKernel, type KernelFunc } from './wasmKernelOverride';


function contiguousPart(backend: BackendWasm, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
  const n = tf.util.sizeFromShape(size);
  const src = backend.typedArrayFromHeap(x);
  (backend.typedArrayFromHeap(out) as Float32Array).set((src as Float32Array).subarray(offset, offset + n));
  return out;
}

/** Any slice as contiguous runs: the axes after `axis` are whole, so each index of the axes before it starts one run. */
function stridedPart(backend: BackendWasm, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const rank = x.shape.length;
  let axis = rank - 1;
  while (axis > 0 && begin[axis] === 0 && size[axis] === x.shape[axis]) axis--;
  const strides = [...tf.util.computeStrides(x.shape), 1];
  const run = size[axis] * strides[axis];
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const index = new Array<number>(axis).fill(0);
  const runs = size.slice(0, axis).reduce((a, b) => a * b, 1);
  for (let r = 0, at = 0; r < runs; r++, at += run) {
    let offset = begin[axis] * strides[axis];
    for (let a = 0; a < axis; a++) offset += (begin[a] + index[a]) * strides[a];
    dst.set(src.subarray(offset, offset + run), at);
    for (let a = axis - 1; a >= 0 && ++index[a] === size[a]; a--) index[a] = 0;
  }
  return out;
}

function fastSlice(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    if (x.dtype === 'string' || s.some((v) => v === 0)) return original(args);
    const backend = args.backend as BackendWasm;
    return tf.slice_util.isSliceContinous(x.shape, b, s) ? contiguousPart(backend, x, b, s) : stridedPart(backend, x, b, s);
  };
}

function fastSplitV(slice: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
    const ax = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((part) => {
      const size = [...x.shape];
      size[ax] = part;
      const out = slice({ ...args, attrs: { begin: [...begin], size } }) as tf.TensorInfo;
      begin[ax] += part;
      return out;
    });
  };
}

/** Replaces wasm's Slice and SplitV (call once the wasm backend is registered; idempotent). */
export function installWasmContiguousSlices(): void {
  const fast = replaceWasmKernel('Slice', fastSlice);
  if (fast) replaceWasmKernel('SplitV', () => fastSplitV(fast));
}
