/**
 * SwAV multi-crop on the tfjs backend, seeded: per image and crop, torchvision's
 * RandomResizedCrop (area fraction in [minScale, maxScale], aspect ratio log-uniform in [3/4, 4/3],
 * 10 tries, else the centre crop), horizontal flip p 0.5, brightness/contrast jitter p 0.8
 * (factors U(1 − j, 1 + j); SwAV's ColorJitter(0.8, 0.8) on gray is j = 0.8, the default), Gaussian
 * blur with probability p (SwAV: 0.5, the default; σ U(0.1, 2) px of the crop). All crops of one size are made by one batched `tf.image.cropAndResize` (bilinear; a
 * flip is a box with x1 > x2); blur is G·X·Gᵀ with a per-crop Gaussian matrix built on the device
 * (truncated at 3σ, rows renormalised at the border). Then x = (x − mean)/std.
 *
 * Random numbers are drawn in a fixed order (group, crop, image; box, flip, jitter, blur) from the
 * run's Rng, so the same seed and state give the same crops on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from './rng';

export interface CropKind {
  count: number;
  size: number;
  minScale: number;
  maxScale: number;
  /** Jitter strength j (default 0.8) and blur probability (default 0.5); see the module comment. */
  jitterStrength?: number;
  blurProbability?: number;
}

export interface CropParams {
  /** [y1, x1, y2, x2] normalised (x1 > x2 when flipped). */
  box: [number, number, number, number];
  brightness: number;
  contrast: number;
  /** 0: no blur. */
  sigma: number;
}

const RATIO: [number, number] = [3 / 4, 4 / 3];
const JITTER_P = 0.8;
/** SwAV's ColorJitter(0.8, 0.8) strength and blur probability: what a config without the fields uses. */
export const SWAV_JITTER_STRENGTH = 0.8;
export const SWAV_BLUR_PROBABILITY = 0.5;
const BLUR_SIGMA: [number, number] = [0.1, 2];
/** Stand-in σ for "no blur": exp(−1/(2σ²)) underflows to 0, so G is the identity exactly. */
const NO_BLUR_SIGMA = 1e-3;

/** torchvision RandomResizedCrop.get_params on an h × w image, normalised to [0, 1] box coordinates. */
export function randomResizedCrop(h: number, w: number, scale: [number, number], rng: Rng): [number, number, number, number] {
  const area = h * w;
  const logRatio = [Math.log(RATIO[0]), Math.log(RATIO[1])];
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * rng.uniform(scale[0], scale[1]);
    const ratio = Math.exp(rng.uniform(logRatio[0], logRatio[1]));
    const cw = Math.round(Math.sqrt(target * ratio));
    const ch = Math.round(Math.sqrt(target / ratio));
    if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
      const top = rng.int(h - ch + 1);
      const left = rng.int(w - cw + 1);
      return boxOf(top, left, ch, cw, h, w);
    }
  }
  // fallback: centre crop at the ratio limit
  const inRatio = w / h;
  let cw = w;
  let ch = h;
  if (inRatio < RATIO[0]) ch = Math.round(w / RATIO[0]);
  else if (inRatio > RATIO[1]) cw = Math.round(h * RATIO[1]);
  return boxOf(Math.floor((h - ch) / 2), Math.floor((w - cw) / 2), ch, cw, h, w);
}

/** Pixel rectangle → cropAndResize box: corners at pixel centres (tf's convention: y·(h−1)). */
function boxOf(top: number, left: number, ch: number, cw: number, h: number, w: number): [number, number, number, number] {
  const ny = (v: number) => (h > 1 ? v / (h - 1) : 0);
  const nx = (v: number) => (w > 1 ? v / (w - 1) : 0);
  return [ny(top), nx(left), ny(top + ch - 1), nx(left + cw - 1)];
}

export function sampleCropParams(h: number, w: number, kind: CropKind, rng: Rng): CropParams {
  const box = randomResizedCrop(h, w, [kind.minScale, kind.maxScale], rng);
  if (rng.next() < 0.5) [box[1], box[3]] = [box[3], box[1]];
  let brightness = 1;
  let contrast = 1;
  const j = kind.jitterStrength ?? SWAV_JITTER_STRENGTH;
  if (rng.next() < JITTER_P) {
    brightness = rng.uniform(1 - j, 1 + j);
    contrast = rng.uniform(1 - j, 1 + j);
  }
  const sigma = rng.next() < (kind.blurProbability ?? SWAV_BLUR_PROBABILITY) ? rng.uniform(BLUR_SIGMA[0], BLUR_SIGMA[1]) : 0;
  return { box, brightness, contrast, sigma };
}

/**
 * Per-crop Gaussian matrices [n, S, S] from σ [n]: G[i][j] ∝ exp(−(j−i)²/(2σ²)) for |j−i| ≤ max(3σ, 0.5),
 * rows summing to 1. Built in JS (float64, then float32) and uploaded: on the device it took ~20
 * small kernels per crop size, two of them broadcasts over [n, S, S] that tfjs-wasm runs slowly.
 */
export function blurMatrices(sigmas: number[], size: number): tf.Tensor3D {
  const g = new Float32Array(sigmas.length * size * size);
  const row = new Float64Array(size);
  sigmas.forEach((v, c) => {
    const s = v > 0 ? v : NO_BLUR_SIGMA;
    const reach = Math.max(3 * s, 0.5);
    for (let i = 0; i < size; i++) {
      let total = 0;
      for (let j = 0; j < size; j++) {
        const d = j - i;
        row[j] = Math.abs(d) <= reach ? Math.exp(-(d * d) / (2 * s * s)) : 0;
        total += row[j];
      }
      for (let j = 0; j < size; j++) g[(c * size + i) * size + j] = row[j] / total;
    }
  });
  return tf.tensor3d(g, [sigmas.length, size, size]);
}

/** Crops of one kind for all images: [count·B, S, S, 1], crop-major (row c·B + b), normalised. */
export function cropGroup(images: tf.Tensor4D, params: CropParams[], size: number, mean: number, std: number): tf.Tensor4D {
  return tf.tidy(() => {
    const n = params.length;
    const b = images.shape[0];
    const boxes = tf.tensor2d(params.flatMap((p) => p.box), [n, 4]);
    const boxInd = tf.tensor1d(Array.from({ length: n }, (_, i) => i % b), 'int32');
    let x: tf.Tensor = tf.image.cropAndResize(images, boxes, boxInd, [size, size], 'bilinear').reshape([n, size, size]);
    const brightness = tf.tensor1d(params.map((p) => p.brightness)).reshape([n, 1, 1]);
    const contrast = tf.tensor1d(params.map((p) => p.contrast)).reshape([n, 1, 1]);
    x = tf.clipByValue(x.mul(brightness), 0, 1);
    const m = x.mean([1, 2], true);
    x = tf.clipByValue(x.sub(m).mul(contrast).add(m), 0, 1);
    if (params.some((p) => p.sigma > 0)) {
      const g = blurMatrices(params.map((p) => p.sigma), size);
      x = tf.matMul(tf.matMul(g, x as tf.Tensor3D), g, false, true);
    }
    return x.sub(mean).div(std).reshape([n, size, size, 1]) as tf.Tensor4D;
  });
}

/** Draws every crop's parameters for a batch of B images of h × w, in the fixed order. */
export function sampleMultiCrop(b: number, h: number, w: number, kinds: CropKind[], rng: Rng): CropParams[][] {
  return kinds.map((kind) => {
    const out: CropParams[] = [];
    for (let c = 0; c < kind.count; c++) for (let i = 0; i < b; i++) out.push(sampleCropParams(h, w, kind, rng));
    return out;
  });
}
