/**
 * Test support: analysis/analysis.json (see the fixture README and analysis/golden_analysis.py),
 * read through the reference-fixture helper, and its small net in ctsieve's layouts.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceDir } from '../../testing/referenceFixture';
import { tinyGraph } from '../../ssl/encoders/architectures';
import { graphToLayersModel } from '../../ssl/encoders/layersModel';
import type { LinearHead } from '../gradcam';

export interface CkaGoldenCase {
  name: string;
  x: number[][];
  y: number[][];
  cka: number;
}

export interface GradCamGoldenCase {
  image: number;
  class: number;
  logit: number;
  alpha: number[];
  camLowRes: number[][];
  cam: number[][];
}

export interface AnalysisGolden {
  cka: CkaGoldenCase[];
  gradcam: {
    state: Record<string, { shape: number[]; data: number[] }>;
    /** images × 16 × 16 (one channel). */
    images: number[][][];
    targetLayer: string;
    cases: GradCamGoldenCase[];
  };
}

/** A fresh parse each call, so a test may perturb its copy. */
export function loadAnalysisGolden(): AnalysisGolden {
  return JSON.parse(readFileSync(join(referenceDir(), 'analysis', 'analysis.json'), 'utf8')) as AnalysisGolden;
}

/** OIHW → HWIO (tfjs conv kernel layout). */
function oihwToHwio(d: readonly number[], [o, i, h, w]: number[]): Float32Array {
  const out = new Float32Array(d.length);
  for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[((y * w + x) * i + b) * o + a] = d[((a * i + b) * h + y) * w + x];
  return out;
}

/** The golden's Net backbone (= the tiny encoder graph) as a contract-A LayersModel at 16², and its fc as a head. */
export function goldenNet(g: AnalysisGolden): { encoder: tf.LayersModel; head: LinearHead } {
  const { state } = g.gradcam;
  const size = g.gradcam.images[0].length;
  const made: tf.Tensor[] = [];
  const encoder = graphToLayersModel(tinyGraph(), size, (name) => {
    const v = state[name];
    if (!v) throw new Error(`analysis golden: no ${name} in the state`);
    const t = v.shape.length === 4 ? tf.tensor(oihwToHwio(v.data, v.shape), [v.shape[2], v.shape[3], v.shape[1], v.shape[0]]) : tf.tensor(v.data, v.shape);
    made.push(t);
    return t;
  });
  tf.dispose(made);
  const fc = state['fc.weight'];
  const head: LinearHead = { classes: fc.shape[0], features: fc.shape[1], weight: Float32Array.from(fc.data), bias: Float32Array.from(state['fc.bias'].data) };
  return { encoder, head };
}
