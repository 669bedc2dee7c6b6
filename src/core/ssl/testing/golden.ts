/**
 * Test support: the PyTorch golden (swav/tiny_step.json) in ctsieve's layouts, and the error
 * measure the conformance tests use. Test-only (imported by *.test.ts files).
 */
import { tinyGraph } from '../encoders/architectures';
import type { SwavNetSpec } from '../swav/model';
import type { NestedNumbers, SwavGolden } from '../../testing/referenceFixture';

export function flatten(x: NestedNumbers): { data: Float64Array; shape: number[] } {
  const shape: number[] = [];
  for (let v: NestedNumbers = x; Array.isArray(v); v = v[0]) shape.push(v.length);
  const data = Float64Array.from((x as unknown[]).flat(Infinity) as number[]);
  return { data, shape };
}

/** OIHW → HWIO. */
function oihwToHwio(d: Float64Array, [o, i, h, w]: number[]): Float64Array {
  const out = new Float64Array(d.length);
  for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[((y * w + x) * i + b) * o + a] = d[((a * i + b) * h + y) * w + x];
  return out;
}

function transpose2d(d: Float64Array, [r, c]: number[]): Float64Array {
  const out = new Float64Array(d.length);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = d[i * c + j];
  return out;
}

/** A golden tensor (PyTorch name and layout) in ctsieve's layout for the same name. */
export function toCtsieveLayout(name: string, x: NestedNumbers): { data: Float64Array; shape: number[] } {
  const { data, shape } = flatten(x);
  if (shape.length === 4) return { data: oihwToHwio(data, shape), shape: [shape[2], shape[3], shape[1], shape[0]] };
  if (shape.length === 2 && name !== 'prototypes.weight') return { data: transpose2d(data, shape), shape: [shape[1], shape[0]] };
  return { data, shape };
}

export function goldenNetSpec(g: SwavGolden): SwavNetSpec {
  const proj1 = flatten(g.initialParams['proj1.weight']).shape;
  return { arch: 'tiny', graph: tinyGraph(), hiddenDim: proj1[0], outputDim: g.config.outputDim, prototypes: g.config.prototypes };
}

/** Initial parameters plus PyTorch's fresh BN buffers (mean 0, var 1), in ctsieve layouts, float32. */
export function goldenInitialValues(g: SwavGolden, params: Record<string, NestedNumbers> = g.initialParams): Map<string, { shape: number[]; data: Float32Array }> {
  const values = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, v] of Object.entries(params)) {
    const t = toCtsieveLayout(name, v);
    values.set(name, { shape: t.shape, data: Float32Array.from(t.data) });
  }
  for (const bn of ['bn1', 'bn2', 'pbn']) {
    const n = values.get(`${bn}.weight`)!.shape[0];
    values.set(`${bn}.running_mean`, { shape: [n], data: new Float32Array(n) });
    values.set(`${bn}.running_var`, { shape: [n], data: new Float32Array(n).fill(1) });
  }
  return values;
}

/** max |a − e| / max(max |e|, floor): the error relative to the tensor's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-12): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

export function maxAbsError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
  return diff;
}
