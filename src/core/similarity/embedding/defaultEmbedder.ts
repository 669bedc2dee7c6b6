/**
 * The bundled default embedder: the frozen trunk of nsfwjs's MobileNetV2, global-average-pooled.
 *
 * Provenance. nsfwjs 4.4.0 (MIT, npm) ships a Keras MobileNetV2 (width 1.0, 224×224, weights
 * uint8-quantised) fine-tuned for NSFW classification. Its first 98 layers, through
 * `block_10_project_BN`, are marked non-trainable: they were not trained by that package and
 * should be the ImageNet MobileNetV2 weights. We load only those layers (pruned from the topology
 * and the weight buffer before anything becomes a tensor) and average-pool the 14×14×96 output
 * into a 96-d vector. Everything after that layer — the NSFW-trained blocks and classifier — is
 * never loaded.
 *
 * Normalisation: gray/255 replicated to RGB, no mean/std — what nsfwjs itself feeds this network.
 * The stored batch-norm statistics confirm it: they match activations of [0, 1] images far better
 * than of [-1, 1] images (Keras's ImageNet preprocessing); see docs/deepnet.md.
 *
 * The weights come from nsfwjs's public export `nsfwjs/models/mobilenet_v2` (base64 inside
 * CommonJS modules), imported lazily, so the same code works in Node (CLI, tests) and in
 * the browser (Vite code-splits it into its own chunk, fetched on first use).
 */
import * as tf from '@tensorflow/tfjs';
import { embedderFromLayersModel } from './modelEmbedder';
import { pruneToLayer } from './pruneLayersModel';
import type { Embedder } from './types';
import { DEFAULT_EMBEDDER_DESCRIPTION, DEFAULT_EMBEDDER_ID, DEFAULT_EMBEDDER_LAYER } from './defaultEmbedderInfo';

export { DEFAULT_EMBEDDER_DESCRIPTION, DEFAULT_EMBEDDER_ID, DEFAULT_EMBEDDER_LAYER };


/** Decode base64 with atob (available in browsers, Workers and Node ≥ 16). */
function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The package's own modules: model.json as a CommonJS export and one base64 weight shard. */
async function readNsfwjsMobileNet(): Promise<tf.io.ModelArtifacts> {
  const { MobileNetV2Model } = await import('nsfwjs/models/mobilenet_v2');
  const modelJson = (await MobileNetV2Model.modelJson()).default;
  const manifest = modelJson.weightsManifest ?? [];
  const shards = await Promise.all(MobileNetV2Model.weightBundles.map(async (load) => (await load()).default));
  if (manifest.length !== 1 || shards.length !== 1) {
    throw new Error(`nsfwjs mobilenet_v2: expected one weight group and one shard, found ${manifest.length} and ${shards.length}`);
  }
  const bytes = base64ToBytes(shards[0]);
  return {
    modelTopology: modelJson.modelTopology,
    weightSpecs: manifest[0].weights,
    weightData: bytes.buffer as ArrayBuffer,
  };
}

let prunedArtifacts: Promise<tf.io.ModelArtifacts> | null = null;

/** Pruned artifacts (~0.3 MB of the package's 2.6 MB), read once per process. */
export function defaultEmbedderArtifacts(): Promise<tf.io.ModelArtifacts> {
  prunedArtifacts ??= readNsfwjsMobileNet()
    .then((full) => pruneToLayer(full, DEFAULT_EMBEDDER_LAYER, 'nsfwjs mobilenet_v2'))
    .catch((e: unknown) => {
      prunedArtifacts = null;
      throw e;
    });
  return prunedArtifacts;
}

/** A fresh default embedder on the active tfjs backend; the caller disposes it. */
export async function loadDefaultEmbedder(): Promise<Embedder> {
  const model = await tf.loadLayersModel(tf.io.fromMemory(await defaultEmbedderArtifacts()));
  return embedderFromLayersModel(model, {
    ownsModel: true,
    source: 'nsfwjs mobilenet_v2',
    id: DEFAULT_EMBEDDER_ID,
    description: DEFAULT_EMBEDDER_DESCRIPTION,
    normalisation: { channels: 3, mean: 0, std: 1 },
    pooling: 'avg',
  });
}
