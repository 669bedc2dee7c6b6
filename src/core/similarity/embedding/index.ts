/** DeepNet similarity: CNN embeddings (bundled default or the user's model) and their cosine matrix. */
export { deepnetMatrix, embedStack, embedderParams, DEFAULT_BATCH_SIZE } from './deepnet';
export type { DeepnetOptions, DeepnetResult } from './deepnet';
export { cosineMatrix, rowsPerTile } from './cosine';
export type { CosineOptions } from './cosine';
export {
  loadDefaultEmbedder,
  defaultEmbedderArtifacts,
  DEFAULT_EMBEDDER_ID,
  DEFAULT_EMBEDDER_LAYER,
  DEFAULT_EMBEDDER_DESCRIPTION,
} from './defaultEmbedder';
export { loadTfjsEmbedder, isGraphModel } from './loadTfjsEmbedder';
export type { TfjsModelSource, LoadTfjsEmbedderOptions } from './loadTfjsEmbedder';
export { loadOnnxEmbedder } from './onnxEmbedder';
export type { OnnxEmbedderOptions } from './onnxEmbedder';
export { embedderFromLayersModel, embedderFromGraphModel } from './modelEmbedder';
export type { WrapOptions } from './modelEmbedder';
export { pruneToLayer } from './pruneLayersModel';
export { sliceBatch, normaliseInput, poolToVectors } from './preprocess';
export type { Embedder, InputNormalisation, ModelEmbedderOptions, Pooling } from './types';
