/**
 * The SwAV network's state as named tf.Variables: backbone (an EncoderGraph), projection head
 * Linear(F, hidden) → BN1d → ReLU → Linear(hidden, out), and prototypes [K, out] (PyTorch's
 * Linear(out, K, bias=False).weight layout). Dense kernels are stored [in, out] (tfjs layout).
 * Names follow golden_swav.py: proj1, pbn, proj2, prototypes.
 */
import * as tf from '@tensorflow/tfjs';
import { bnNames, graphParams, type EncoderGraph } from '../encoders/graph';
import { initialWeights } from '../encoders';
import { uniform } from '../encoders/init';
import { Rng } from '../rng';
import type { EncoderArch } from '../encoders/types';
import type { CheckpointTensor } from '../types';

export interface SwavNetSpec {
  arch: EncoderArch;
  graph: EncoderGraph;
  hiddenDim: number;
  outputDim: number;
  prototypes: number;
}

export const PROTOTYPES = 'prototypes.weight';
const HEAD_BN = 'pbn';
const BUFFER_SUFFIXES = ['.running_mean', '.running_var'];

let modelCounter = 0;

/** Head parameter shapes and their PyTorch initialisation bound (U(±1/√fan_in)); BN by value. */
function headShapes(s: SwavNetSpec): { name: string; shape: number[]; bound?: number; fill?: number }[] {
  const f = s.graph.featureDim;
  return [
    { name: 'proj1.weight', shape: [f, s.hiddenDim], bound: 1 / Math.sqrt(f) },
    { name: 'proj1.bias', shape: [s.hiddenDim], bound: 1 / Math.sqrt(f) },
    { name: 'pbn.weight', shape: [s.hiddenDim], fill: 1 },
    { name: 'pbn.bias', shape: [s.hiddenDim], fill: 0 },
    { name: 'pbn.running_mean', shape: [s.hiddenDim], fill: 0 },
    { name: 'pbn.running_var', shape: [s.hiddenDim], fill: 1 },
    { name: 'proj2.weight', shape: [s.hiddenDim, s.outputDim], bound: 1 / Math.sqrt(s.hiddenDim) },
    { name: 'proj2.bias', shape: [s.outputDim], bound: 1 / Math.sqrt(s.hiddenDim) },
    { name: PROTOTYPES, shape: [s.prototypes, s.outputDim], bound: 1 / Math.sqrt(s.outputDim) },
  ];
}

export function isBuffer(name: string): boolean {
  return BUFFER_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

export class SwavModel {
  /** Trainable parameters by name, in a fixed order (backbone, head, prototypes). */
  readonly params = new Map<string, tf.Variable>();
  /** BN running statistics by name. */
  readonly buffers = new Map<string, tf.Variable>();
  /** PyTorch's num_batches_tracked per BN node (training-mode forward calls). */
  readonly batchesTracked = new Map<string, number>();
  private readonly prefix = `swav${++modelCounter}/`;

  private constructor(readonly spec: SwavNetSpec) {}

  /** Values by name (the initial ones or a checkpoint's); missing names are an error. */
  static fromValues(spec: SwavNetSpec, values: Map<string, { shape: number[]; data: Float32Array }>): SwavModel {
    const m = new SwavModel(spec);
    const names = [...graphParams(spec.graph).map((p) => p.name), ...headShapes(spec).map((h) => h.name)];
    for (const name of names) {
      const v = values.get(name);
      if (!v) throw new Error(`SwAV model: no value for ${name}`);
      const variable = tf.variable(tf.tensor(v.data, v.shape), !isBuffer(name), m.prefix + name);
      (isBuffer(name) ? m.buffers : m.params).set(name, variable);
    }
    for (const bn of [...bnNames(spec.graph), HEAD_BN]) m.batchesTracked.set(bn, values.get(`${bn}.num_batches_tracked`)?.data[0] ?? 0);
    return m;
  }

  /** Seeded from-scratch values for the whole network (backbone via the encoder's init, head as PyTorch's Linear/BN). */
  static initialValues(spec: SwavNetSpec, seed: number): Map<string, { shape: number[]; data: Float32Array }> {
    const values = initialWeights(spec.graph, spec.arch, seed);
    const rng = new Rng(seed ^ 0x5eed);
    for (const h of headShapes(spec)) {
      const data = new Float32Array(h.shape.reduce((a, b) => a * b, 1));
      if (h.bound !== undefined) uniform(data, h.bound, rng);
      else data.fill(h.fill ?? 0);
      values.set(h.name, { shape: h.shape, data });
    }
    return values;
  }

  static create(spec: SwavNetSpec, seed: number): SwavModel {
    return SwavModel.fromValues(spec, SwavModel.initialValues(spec, seed));
  }

  /** Parameter or buffer by name (the forward passes' lookup). */
  get(name: string): tf.Variable {
    const v = this.params.get(name) ?? this.buffers.get(name);
    if (!v) throw new Error(`SwAV model: no parameter ${name}`);
    return v;
  }

  /** Trainable variables, prototypes left out while frozen (so no gradient is computed for them). */
  trainable(includePrototypes: boolean): tf.Variable[] {
    return [...this.params].filter(([name]) => includePrototypes || name !== PROTOTYPES).map(([, v]) => v);
  }

  /** The parameter name of a variable (tf.variableGrads keys gradients by variable name). */
  nameOf(variableName: string): string {
    return variableName.startsWith(this.prefix) ? variableName.slice(this.prefix.length) : variableName;
  }

  /** Prototype rows L2-normalised in place (start of every iteration, no gradient). */
  normalisePrototypes(): void {
    tf.tidy(() => {
      const p = this.get(PROTOTYPES);
      p.assign(p.div(tf.maximum(tf.norm(p, 'euclidean', 1, true), 1e-12)));
    });
  }

  /** Everything a checkpoint needs: parameters, buffers and the BN counters (as 1-element tensors). */
  async toTensors(): Promise<CheckpointTensor[]> {
    const out: CheckpointTensor[] = [];
    for (const [name, v] of [...this.params, ...this.buffers]) out.push({ name, shape: v.shape, data: Float32Array.from(await v.data()) });
    for (const [bn, count] of this.batchesTracked) out.push({ name: `${bn}.num_batches_tracked`, shape: [], data: Float32Array.of(count) });
    return out;
  }

  dispose(): void {
    tf.dispose([...this.params.values(), ...this.buffers.values()]);
  }
}
