/**
 * What the bundled default embedder is, without loading it: a tfjs-free module, so the app can
 * show the provenance where DeepNet is chosen without downloading TensorFlow.js for the text.
 * The loader itself is ./defaultEmbedder.ts (its doc comment has the full provenance argument).
 */
export const DEFAULT_EMBEDDER_LAYER = 'block_10_project_BN';
export const DEFAULT_EMBEDDER_ID = 'nsfwjs-4.4.0-mobilenetv2-block_10_project_BN-gap';
export const DEFAULT_EMBEDDER_DESCRIPTION =
  'MobileNetV2 (224×224) layers up to block_10_project_BN, global-average-pooled to 96-d. ' +
  'Weights: the frozen (non-trainable) layers of nsfwjs 4.4.0\'s MobileNetV2 (MIT), which should be ' +
  'its ImageNet initialisation; the NSFW-trained rest of that network is left out. Weights are uint8-quantised.';
