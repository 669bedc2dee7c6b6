/** Results of the paper's analyses (DESIGN.md "The paper's analyses"): plain data, JSON-ready except the cams. */
import type * as tf from '@tensorflow/tfjs';
import type { InputNorm } from '../eval/features';
import type { LinearHead } from './gradcam';

/** One encoder to analyse: a contract-A LayersModel, its input normalisation and architecture. */
export interface AnalysisEncoder {
  name: string;
  model: tf.LayersModel;
  norm: InputNorm;
  arch: string;
  /** A fine-tuned classifier head on the pooled features; without one a linear probe is fitted. */
  head?: LinearHead;
}

export interface CkaResult {
  /** The two encoders compared (the same name twice for one encoder against itself). */
  a: string;
  b: string;
  /** Block names of A (rows); of B (columns) as `layersB` when they differ. */
  layers: string[];
  layersB?: string[];
  /** matrix[i][j] = CKA(A block i, B block j). */
  matrix: number[][];
  /** CKA(A block i, B block i). */
  diagonal: number[];
}

export interface TsnePoint {
  x: number;
  y: number;
  label: string;
}

export interface TsneResult {
  encoder: string;
  points: TsnePoint[];
  /** Pearson's r of the x and y axis with the class index. */
  pcc: [number, number];
}

export interface GradCamItem {
  encoder: string;
  /** The sample's id (its file and slice). */
  image: string;
  label: string;
  /** The class whose logit is explained (the true label). */
  class: string;
  /** The head's predicted class. */
  predicted: string;
  /** The sample's index in the set (to draw it). */
  sample: number;
  /** Scaled cam at the encoder's input size, size×size. */
  cam: Float32Array;
  size: number;
}

export type AnalysisPhase = 'features' | 'cka' | 'tsne' | 'gradcam';

export interface AnalyzeOptions {
  seed: number;
  tsne: boolean;
  /** Grad-CAM maps per encoder (0: none). */
  gradcam: number;
  /** Which encoders' CKA to compute (indices into the list); default the first with the second, or with itself. */
  pairs?: [number, number][];
  /** Compare the first encoder with this one too (pre-trained vs fine-tuned). */
  finetuned?: AnalysisEncoder;
  /** At most this many images for CKA and t-SNE (default 512, seeded sample). */
  maxImages?: number;
  tsneIterations?: number;
  budgetBytes?: number;
  signal?: AbortSignal;
  onProgress?(phase: AnalysisPhase, done: number, total: number): void;
}

export interface AnalysisResult {
  encoders: string[];
  /** Images analysed and where they came from. */
  images: { count: number; part: 'test' | 'all'; sampled: boolean };
  classes: string[];
  /** The first pair's CKA. */
  cka: CkaResult;
  /** Every pair's, when pairs were given. */
  ckaPairs?: CkaResult[];
  ckaFinetuned?: CkaResult;
  tsne?: TsneResult[];
  gradcam?: GradCamItem[];
  notes: string[];
}
