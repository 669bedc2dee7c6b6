/**
 * The paper's analyses (DESIGN.md "The paper's analyses"): linear CKA per block, t-SNE of the features
 * with the PCC per axis, Grad-CAM at the last conv block. Pure core (tfjs, no DOM, no Node).
 */
export type * from './types';
export { analyzeEncoders, gradCamPicks } from './analyze';
export { linearCka, centredGram, ckaFromGrams, ckaMatrix, type Gram } from './cka';
export { blockLayers, lastConvLayer } from './blocks';
export { blockGrams, type ActivationSource } from './grams';
export { gradCam, gradCamTrunk, scaleCam, type LinearHead, type GradCam } from './gradcam';
export { fitProbeHead, probeAsHead, headLogits } from './head';
export { tsne2d, pearson, axisClassPcc, type TsneOptions } from './tsne';
export { sampleIndices, MAX_ANALYSIS_IMAGES } from './sample';
export { camOverlayRgba, camRgba } from './overlay';
export { ckaSvg, tsneSvg } from './svg';
export { viridis, jet, classColour } from './colour';
