/** Confusability: a training-free measure of the paper's mechanism (DESIGN.md, docs/experiments.md). */
export type { SliceEmbedder, ConfusabilityVolume, ConfusabilityOptions, VolumeConfusability, ConfusabilityResult } from './types';
export { measureConfusability, sliceSet, viewCount } from './measure';
export { pixelsEmbedder, deepnetEmbedder, encoderEmbedder, PIXELS_SIZE, type EncoderInput } from './embedders';
export { sampleAnchors } from './seeds';
export { largeCrop } from './views';
