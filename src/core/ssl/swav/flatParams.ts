/**
 * Every trainable tensor of a model viewed as one flat float32 vector (model order), so an
 * optimiser updates all of them with a dozen kernels instead of a dozen per tensor:
 *   flat = concat(reshape(p_i, [-1]))  ·  p_i = reshape(split(flat, sizes)_i, shape_i).
 * Element e belongs to segment seg(e) (its tensor's index): per-tensor scalars (bias corrections,
 * LARS trust ratios) reach the elements by gather(values, seg), and per-tensor sums by
 * sparseSegmentSum(values, range, seg). Reshapes are skipped for 1-D tensors (BN and biases).
 */
import * as tf from '@tensorflow/tfjs';

function hasUnsortedSegmentSum(): boolean {
  return tf.getKernel('UnsortedSegmentSum', tf.getBackend()) !== undefined;
}

export class FlatLayout {
  readonly sizes: number[];
  readonly total: number;
  private readonly segmentIds: tf.Tensor1D;
  private readonly elementIndex?: tf.Tensor1D;
  private readonly masks = new Map<string, tf.Tensor1D>();

  constructor(
    readonly names: string[],
    readonly shapes: number[][],
  ) {
    this.sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    // made now, not on first use, so a training loop's tensor count stays constant from its first step
    const ids = new Int32Array(this.total);
    let at = 0;
    this.sizes.forEach((size, i) => {
      ids.fill(i, at, at + size);
      at += size;
    });
    this.segmentIds = tf.keep(tf.tensor1d(ids, 'int32'));
    if (!hasUnsortedSegmentSum()) this.elementIndex = tf.keep(tf.range(0, this.total, 1, 'int32'));
  }

  /** One flat vector of the tensors (in layout order). */
  concat(tensors: tf.Tensor[]): tf.Tensor1D {
    const flat = tensors.map((t) => (t.rank === 1 ? t : t.reshape([-1])));
    return (flat.length === 1 ? flat[0].clone() : tf.concat(flat)) as tf.Tensor1D;
  }

  /** The flat vector cut back into the tensors' shapes. */
  split(flat: tf.Tensor1D): tf.Tensor[] {
    const parts = this.names.length === 1 ? [flat] : tf.split(flat, this.sizes);
    return parts.map((p, i) => (this.shapes[i].length === 1 ? p : p.reshape(this.shapes[i])));
  }

  /** Per-element copy of per-tensor values [names.length] (int32 segment ids, kept). */
  expand(perTensor: tf.Tensor1D): tf.Tensor1D {
    return tf.gather(perTensor, this.segmentIds);
  }

  /**
   * Σ over each tensor's elements of `values` [total]: [names.length]. UnsortedSegmentSum where the
   * backend has it (cpu, webgpu); wasm has only SparseSegmentSum (webgpu's reads back synchronously).
   */
  segmentSum(values: tf.Tensor1D): tf.Tensor1D {
    if (!this.elementIndex) return tf.unsortedSegmentSum(values, this.segmentIds, this.names.length);
    return tf.sparse.sparseSegmentSum(values, this.elementIndex, this.segmentIds) as tf.Tensor1D;
  }

  /** A kept mask [total] (cached per pattern): true / 1 on the elements of tensors with present[i]. */
  mask(present: boolean[], dtype: 'bool' | 'float32' = 'bool'): tf.Tensor1D {
    const key = dtype + present.map((p) => (p ? '1' : '0')).join('');
    let m = this.masks.get(key);
    if (!m) {
      const data = dtype === 'bool' ? new Uint8Array(this.total) : new Float32Array(this.total);
      let at = 0;
      present.forEach((p, i) => {
        if (p) data.fill(1, at, at + this.sizes[i]);
        at += this.sizes[i];
      });
      m = tf.keep(tf.tensor1d(data, dtype));
      this.masks.set(key, m);
    }
    return m;
  }

  /** Float32 data of named tensors laid out flat (for optimiser state read from a checkpoint). */
  flatData(get: (name: string, size: number) => Float32Array | undefined): Float32Array {
    const out = new Float32Array(this.total);
    let at = 0;
    this.names.forEach((n, i) => {
      const d = get(n, this.sizes[i]);
      if (d) out.set(d.subarray(0, this.sizes[i]), at);
      at += this.sizes[i];
    });
    return out;
  }

  /** Cuts flat float32 data into per-tensor arrays (for checkpoints). */
  unflatten(data: Float32Array): Float32Array[] {
    let at = 0;
    return this.sizes.map((s) => {
      const part = data.slice(at, at + s);
      at += s;
      return part;
    });
  }

  dispose(): void {
    tf.dispose([this.segmentIds, ...(this.elementIndex ? [this.elementIndex] : []), ...this.masks.values()]);
    this.masks.clear();
  }
}
