/**
 * The embedder contract of the DeepNet method. Anything that turns a batch of grayscale slices
 * into one vector per slice can plug in here: the bundled MobileNetV2 trunk, a user's
 * TensorFlow.js model, and later the encoder trained by the in-browser SwAV pre-training
 * (wrap its `tf.LayersModel` with `embedderFromLayersModel`).
 */
import type * as tf from '@tensorflow/tfjs';

export interface Embedder {
  /** Stable id that names the weights and the settings (goes into cache keys and manifests). */
  id: string;
  /** One sentence for the UI and docs, including where the weights come from. */
  description: string;
  /** [height, width] that `embed` expects; deepnetMatrix resizes slices to it. */
  inputSize: [number, number];
  /** Length of one embedding vector. */
  dim: number;
  /**
   * Embed a batch. Input: [b, inputSize[0], inputSize[1], 1] float32 grayscale in [0, 1].
   * Output: [b, dim]. The embedder applies its own channel replication and normalisation, so
   * callers never need to know what the network was trained on. Must not dispose `batch` (the
   * caller does) and must not leak intermediate tensors (run tf ops inside tf.tidy).
   * TensorFlow.js embedders answer synchronously; runtimes outside tfjs (ONNX) return a Promise.
   */
  embed(batch: tf.Tensor4D): tf.Tensor2D | Promise<tf.Tensor2D>;
  /** Free the weights. The embedder must not be used afterwards. */
  dispose(): void;
  /**
   * tfjs backend that was active when the weights were created. Weights move between backends
   * on first use, except off webgpu where no synchronous read exists (Node), so deepnetMatrix
   * refuses a webgpu-made embedder on another backend.
   */
  backend?: string;
  /** Values that change the embeddings (layer, normalisation...), for cache keys and manifests. */
  params?: Record<string, unknown>;
}

/**
 * How a [0, 1] grayscale slice becomes the network's input:
 * `x_c = (g - mean[c]) / std[c]` for each of `channels` copies of the gray value g.
 */
export interface InputNormalisation {
  /** 3 replicates gray into RGB (ImageNet networks); 1 keeps a single channel. */
  channels: 1 | 3;
  /** Per-channel mean on the [0, 1] scale (one value is used for every channel). */
  mean: number | number[];
  /** Per-channel standard deviation on the [0, 1] scale (one value is used for every channel). */
  std: number | number[];
}

/** How a layer's output becomes one vector per image. */
export type Pooling = 'avg' | 'max' | 'flatten';

/** Options for wrapping or loading a model as an embedder. */
export interface ModelEmbedderOptions {
  /**
   * Output layer (layers model) or node name (graph model). Default: the model's own output.
   * Layers models are cut at this layer, so nothing after it runs.
   */
  layer?: string;
  /** [height, width]; default: the model's input shape when fixed, else 224×224. */
  inputSize?: [number, number];
  /** Default: channels from the model's input shape, mean 0, std 1 (i.e. gray/255 as is). */
  normalisation?: Partial<InputNormalisation>;
  /** Reduction of a 4-D [b, h, w, c] output to [b, c]; default 'avg' (global average pooling). */
  pooling?: Pooling;
  /** Overrides the generated id / description. */
  id?: string;
  description?: string;
}
