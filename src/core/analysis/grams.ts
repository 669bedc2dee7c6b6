/**
 * Centred Gram matrices of block activations for CKA, memory-bounded. For n images and per-image
 * activation size S (all blocks of all encoders, float32), holding everything takes n·S bytes —
 * 1.6 GB for 512 images of resnet18 at 224². Instead the images are split into blocks of B
 * (B·S·2 ≤ budget): pass 1 accumulates each feature's mean over the n images; pass 2 forwards
 * block i, then every block j ≥ i, adding X_i X_jᵀ (centred) into K[i, j] and K[j, i]. Forwards:
 * 2·nb + nb(nb−1)/2 blocks for nb = ⌈n/B⌉ (nb = 1 when everything fits: 2 passes). Memory: two
 * blocks of activations plus the n×n Grams (float64, 2 MiB each at n = 512).
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted, yieldToEventLoop } from '../runtime';
import { inputBatch, type InputNorm } from '../eval/features';
import type { LabelledSample } from '../eval/types';
import type { Gram } from './cka';

export interface ActivationSource {
  model: tf.LayersModel;
  norm: InputNorm;
  /** Layer names whose outputs are compared (blocks.ts). */
  layers: string[];
}

export interface GramOptions {
  /** Bytes of activations held at once (default 256 MiB). */
  budgetBytes?: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

const DEFAULT_BUDGET = 256 * 2 ** 20;

/** A model returning the listed layers' outputs, each flattened per image to [N, D]. */
function probeModel(src: ActivationSource): tf.LayersModel {
  return tf.model({ inputs: src.model.inputs, outputs: src.layers.map((n) => src.model.getLayer(n).output as tf.SymbolicTensor) });
}

function perImageFloats(src: ActivationSource): number[] {
  return src.layers.map((n) => {
    const shape = (src.model.getLayer(n).output as tf.SymbolicTensor).shape;
    return shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  });
}

/** Flattened activations [B, D] of every (source, layer) for the given images. */
function forward(probes: tf.LayersModel[], sources: ActivationSource[], samples: readonly LabelledSample[], idx: number[]): tf.Tensor2D[][] {
  return tf.tidy(() =>
    probes.map((p, s) => {
      const x = inputBatch(samples, idx, sources[s].norm);
      const out = p.predict(x, { batchSize: 32 });
      const list = Array.isArray(out) ? out : [out];
      return list.map((t) => t.reshape([idx.length, -1]) as tf.Tensor2D);
    }),
  );
}

/**
 * Centred Grams [source][layer] over `indices` (the same images for every source).
 */
export async function blockGrams(sources: ActivationSource[], samples: readonly LabelledSample[], indices: readonly number[], o: GramOptions = {}): Promise<Gram[][]> {
  const n = indices.length;
  if (n < 2) throw new Error(`CKA needs at least 2 images (got ${n})`);
  const perImage = sources.flatMap(perImageFloats).reduce((a, b) => a + b, 0) * 4;
  const block = Math.max(1, Math.min(n, Math.floor((o.budgetBytes ?? DEFAULT_BUDGET) / (2 * perImage))));
  const blocks: number[][] = [];
  for (let s = 0; s < n; s += block) blocks.push(indices.slice(s, s + block));
  const nb = blocks.length;
  const total = 2 * nb + (nb * (nb - 1)) / 2;
  let done = 0;
  const step = async () => {
    o.onProgress?.(++done, total);
    throwIfAborted(o.signal, 'analysis');
    await yieldToEventLoop();
  };
  const probes = sources.map(probeModel);
  const means: tf.Tensor1D[][] = [];
  try {
    // pass 1: per-feature means over the n images
    for (const b of blocks) {
      const acts = forward(probes, sources, samples, b);
      const sums = acts.map((layers) => layers.map((a) => a.sum(0) as tf.Tensor1D));
      tf.dispose(acts);
      sums.forEach((layers, s) => {
        if (!means[s]) means[s] = layers;
        else {
          const next = layers.map((t, l) => tf.add(means[s][l], t) as tf.Tensor1D);
          tf.dispose([...means[s], ...layers]);
          means[s] = next;
        }
      });
      await step();
    }
    const centre = (acts: tf.Tensor2D[][]) => {
      const out = tf.tidy(() => acts.map((layers, s) => layers.map((a, l) => tf.sub(a, tf.div(means[s][l], n)) as tf.Tensor2D)));
      tf.dispose(acts);
      return out;
    };
    const grams = sources.map((src) => src.layers.map(() => ({ n, data: new Float64Array(n * n) })));
    const offsets = blocks.map((_, i) => i * block);
    // pass 2: K[i, j] blocks
    for (let i = 0; i < nb; i++) {
      const ai = centre(forward(probes, sources, samples, blocks[i]));
      await step();
      for (let j = i; j < nb; j++) {
        const aj = j === i ? ai : centre(forward(probes, sources, samples, blocks[j]));
        for (let s = 0; s < sources.length; s++) {
          for (let l = 0; l < ai[s].length; l++) {
            const prod = tf.matMul(ai[s][l], aj[s][l], false, true);
            const v = (await prod.data()) as Float32Array;
            prod.dispose();
            writeBlock(grams[s][l], v, offsets[i], blocks[i].length, offsets[j], blocks[j].length);
          }
        }
        if (j !== i) {
          tf.dispose(aj);
          await step();
        }
      }
      tf.dispose(ai);
    }
    return grams;
  } finally {
    tf.dispose(means.flat());
    // the probes share the encoders' layers: dispose nothing of them
  }
}

/** Writes the (ri×cj) block at (r0, c0) and its transpose at (c0, r0). */
function writeBlock(g: Gram, v: Float32Array, r0: number, rows: number, c0: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      g.data[(r0 + r) * g.n + c0 + c] = v[r * cols + c];
      g.data[(c0 + c) * g.n + r0 + r] = v[r * cols + c];
    }
  }
}
