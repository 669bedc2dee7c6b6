/**
 * Contiguous slices on tfjs-backend-wasm without copying the whole input. tfjs-wasm's Slice reads its
 * input with readSync, which copies ALL of it out of the wasm heap (HEAPU8.slice) before taking
 * the part, and SplitV slices once per part: splitting the ~800k flat parameters of a resnet18-w16
 * into its 67 tensors copied 67 × 3.2 MB (seconds per step). These kernels copy only the part when
 * it is one contiguous run (a split along the first axis, or any slice that keeps whole inner rows),
 * reading the input through a heap view taken after the output is allocated (an allocation may grow
 * the heap and detach older views). Anything else goes to tfjs's own kernel. Same values: a copy.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type KernelFunc = tf.KernelConfig['kernelFunc'];
let installed = false;

function contiguousPart(backend: BackendWasm, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
  const n = tf.util.sizeFromShape(size);
  const src = backend.typedArrayFromHeap(x);
  (backend.typedArrayFromHeap(out) as Float32Array).set((src as Float32Array).subarray(offset, offset + n));
  return out;
}

function fastSlice(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, b, s)) return original(args);
    return contiguousPart(args.backend as BackendWasm, x, b, s);
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
  const slice = tf.getKernel('Slice', 'wasm');
  const split = tf.getKernel('SplitV', 'wasm');
  if (installed || !slice || !split) return;
  installed = true;
  const fast = fastSlice(slice.kernelFunc);
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ ...slice, kernelFunc: fast });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({ ...split, kernelFunc: fastSplitV(fast) });
}
