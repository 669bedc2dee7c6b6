/** Validation of MoCo and MIM configs (SwAV's: configProblems in ./presets.ts, which defers here for them). */
import type { PretrainConfig, SslMethod } from './types';

/** The method a config trains with. */
export function methodOf(config: PretrainConfig): SslMethod {
  return config.method ?? 'swav';
}

/** Problems with a MoCo or MIM config, each a sentence naming the field (SwAV: see configProblems). */
/** The view augmentation's fields (every method's views go through multiCrop.ts). */
export function augmentationProblems(c: PretrainConfig): string[] {
  const problems: string[] = [];
  const j = c.jitterStrength;
  if (j !== undefined && !(j >= 0 && j < 1)) problems.push(`jitterStrength must be in [0, 1), got ${j}`);
  const bp = c.blurProbability;
  if (bp !== undefined && !(bp >= 0 && bp <= 1)) problems.push(`blurProbability must be in [0, 1], got ${bp}`);
  return problems;
}

export function methodProblems(c: PretrainConfig): string[] {
  const problems: string[] = augmentationProblems(c);
  const positiveInt = (name: string, v: number | undefined) => {
    if (v === undefined || !Number.isInteger(v) || v < 1) problems.push(`${name} must be a positive integer, got ${v}`);
  };
  positiveInt('inputSize', c.inputSize);
  positiveInt('batch', c.batch);
  if (c.epochs === undefined) positiveInt('steps', c.steps);
  else positiveInt('epochs', c.epochs);
  if (!(c.minScale[0] > 0 && c.minScale[0] <= c.maxScale[0] && c.maxScale[0] <= 1)) problems.push(`scale range 0 must satisfy 0 < minScale ≤ maxScale ≤ 1, got ${c.minScale[0]}..${c.maxScale[0]}`);
  if (!(c.std > 0)) problems.push(`std must be > 0, got ${c.std}`);
  if (c.arch === 'tiny' && c.width !== undefined) problems.push('width applies to resnet18 only');
  if (c.optimizer.name === 'lars') problems.push(`optimizer lars is SwAV's; ${methodOf(c)} takes sgd or adam`);
  if (c.method === 'moco') {
    const m = c.moco;
    if (!m) return [...problems, 'moco settings are missing'];
    positiveInt('moco.queueLength', m.queueLength);
    positiveInt('moco.hiddenDim', m.hiddenDim);
    positiveInt('moco.outputDim', m.outputDim);
    if (m.queueLength % c.batch !== 0) problems.push(`moco.queueLength must be a multiple of batch (${c.batch}), got ${m.queueLength}`);
    if (!(m.temperature > 0)) problems.push(`moco.temperature must be > 0, got ${m.temperature}`);
    if (!(m.keyMomentum >= 0 && m.keyMomentum < 1)) problems.push(`moco.keyMomentum must be in [0, 1), got ${m.keyMomentum}`);
    if (c.batch < 2) problems.push('batch must be at least 2 (BatchNorm needs more than one image)');
  }
  if (c.method === 'mim') {
    const m = c.mim;
    if (!m) return [...problems, 'mim settings are missing'];
    positiveInt('mim.patchSize', m.patchSize);
    if (m.patchSize < 2) problems.push(`mim.patchSize must be at least 2 (targets are normalised per patch), got ${m.patchSize}`);
    else if (c.inputSize % m.patchSize !== 0) problems.push(`mim.patchSize (${m.patchSize}) must divide inputSize (${c.inputSize})`);
    if (!(m.maskRatio > 0 && m.maskRatio < 1)) problems.push(`mim.maskRatio must be in (0, 1), got ${m.maskRatio}`);
  }
  return problems;
}
