/**
 * A network's state as named tf.Variables, for the methods beyond SwAV (MoCo, MIM): trainable
 * parameters, BatchNorm running statistics and PyTorch's num_batches_tracked counters. Names are
 * PyTorch state_dict names; dense kernels are stored [in, out] and conv kernels HWIO (tfjs layouts).
 */
import * as tf from '@tensorflow/tfjs';
import { uniform } from '../encoders/init';
import { isBuffer } from '../swav/model';
import type { Rng } from '../rng';
import type { CheckpointTensor } from '../types';

export type TensorValues = Map<string, { shape: number[]; data: Float32Array }>;

let setCounter = 0;

export class ParamSet {
  /** Trainable parameters by name, in the order given. */
  readonly params = new Map<string, tf.Variable>();
  readonly buffers = new Map<string, tf.Variable>();
  /** num_batches_tracked per BN node (training-mode forward calls). */
  readonly batchesTracked = new Map<string, number>();
  private readonly prefix: string;

  /** `names`: every parameter and buffer; `bns`: the BN node names. A missing value is an error. */
  constructor(label: string, names: string[], bns: string[], values: TensorValues, trainable = true) {
    this.prefix = `${label}${++setCounter}/`;
    for (const name of names) {
      const v = values.get(name);
      if (!v) throw new Error(`${label} network: no value for ${name}`);
      const variable = tf.variable(tf.tensor(v.data, v.shape), trainable && !isBuffer(name), this.prefix + name);
      (isBuffer(name) ? this.buffers : this.params).set(name, variable);
    }
    for (const bn of bns) this.batchesTracked.set(bn, values.get(`${bn}.num_batches_tracked`)?.data[0] ?? 0);
  }

  get(name: string): tf.Variable {
    const v = this.params.get(name) ?? this.buffers.get(name);
    if (!v) throw new Error(`network: no parameter ${name}`);
    return v;
  }

  /** The parameter name of a variable (tf.variableGrads keys gradients by variable name). */
  nameOf(variableName: string): string {
    return variableName.startsWith(this.prefix) ? variableName.slice(this.prefix.length) : variableName;
  }

  /** Parameters, buffers and BN counters (1-element tensors), each name prefixed with `prefix`. */
  async toTensors(prefix = ''): Promise<CheckpointTensor[]> {
    const out: CheckpointTensor[] = [];
    for (const [name, v] of [...this.params, ...this.buffers]) out.push({ name: prefix + name, shape: v.shape, data: Float32Array.from(await v.data()) });
    for (const [bn, count] of this.batchesTracked) out.push({ name: `${prefix}${bn}.num_batches_tracked`, shape: [], data: Float32Array.of(count) });
    return out;
  }

  dispose(): void {
    tf.dispose([...this.params.values(), ...this.buffers.values()]);
  }
}

/** Values of the checkpoint tensors whose names start with `prefix`, the prefix removed. */
export function valuesWithPrefix(tensors: CheckpointTensor[], prefix: string): TensorValues {
  return new Map(tensors.filter((t) => t.name.startsWith(prefix)).map((t) => [t.name.slice(prefix.length), { shape: t.shape, data: t.data }]));
}

/** A PyTorch nn.Linear(fanIn, fanOut) initialised as PyTorch does (weight and bias U(±1/√fanIn)), weight stored [in, out]. */
export function linearValues(values: TensorValues, name: string, fanIn: number, fanOut: number, rng: Rng): void {
  const bound = 1 / Math.sqrt(fanIn);
  values.set(`${name}.weight`, { shape: [fanIn, fanOut], data: uniform(new Float32Array(fanIn * fanOut), bound, rng) });
  values.set(`${name}.bias`, { shape: [fanOut], data: uniform(new Float32Array(fanOut), bound, rng) });
}
