/**
 * Test helpers: a small tfjs layers encoder in contract A's export form ([N, S, S, 1] → [N, F],
 * explicit ZeroPadding2D + 'valid' convs, BatchNormalization eps 1e-5, global average pooling),
 * seeded, standing in for swav's buildEncoderLayersModel; and synthetic labelled slices.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, gaussian } from '../random';
import type { EncoderSpec } from '../encoderContract';
import type { LabelledSample } from '../types';

export function tinyEncoder(spec: EncoderSpec, seed = 1): tf.LayersModel {
  const width = spec.width ?? 4;
  const input = tf.input({ shape: [spec.inputSize, spec.inputSize, 1] });
  let x = tf.layers.zeroPadding2d({ padding: 1 }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: width, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed }) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

export interface SyntheticOptions {
  perClass: number;
  size: number;
  classes?: string[];
  seed?: number;
  /** Mean brightness step between classes (0: classes are indistinguishable). */
  separation?: number;
  /** Samples per group (volume); absent: no groups. */
  groupSize?: number;
}

/** Noisy slices whose mean brightness (and a centred blob) depends on the class by `separation`. */
export function syntheticSamples(o: SyntheticOptions): LabelledSample[] {
  const classes = o.classes ?? ['a', 'b'];
  const rng = createRng(o.seed ?? 7);
  const sep = o.separation ?? 60;
  const out: LabelledSample[] = [];
  classes.forEach((label, c) => {
    for (let k = 0; k < o.perClass; k++) {
      const pixels = new Uint8Array(o.size * o.size);
      for (let p = 0; p < pixels.length; p++) {
        const r = Math.floor(p / o.size) - o.size / 2;
        const q = (p % o.size) - o.size / 2;
        const blob = r * r + q * q < (o.size * o.size) / 16 ? c * sep : 0;
        pixels[p] = Math.max(0, Math.min(255, Math.round(80 + blob + 25 * gaussian(rng))));
      }
      const id = `${label}/${k}`;
      const group = o.groupSize ? `${label}-vol${Math.floor(k / o.groupSize)}` : undefined;
      out.push({ id, label, pixels, rows: o.size, cols: o.size, source: id, ...(group ? { group } : {}) });
    }
  });
  return out;
}
