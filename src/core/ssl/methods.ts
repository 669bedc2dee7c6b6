/**
 * The self-supervised methods and their settings per preset. SwAV's are the presets themselves
 * (./presets.ts); MoCo v2 and the dense masked-image-modelling control take the preset's encoder,
 * input size, batch, budget, normalisation and seed and replace the method's own parts:
 * - moco: two views per image from the global crop (MoCo v2's RandomResizedCrop scale 0.2–1, the
 *   same flip/jitter/blur as SwAV's), queue, τ 0.2, key momentum, MLP head, SGD (momentum 0.9, wd 1e-4).
 * - mim: one view per image (crop scale 0.67–1 and flip only, as SparK's pre-training), mask patches,
 *   mask ratio 0.6, Adam.
 * Values not from a paper are chosen for short sessions and say so in docs/pretraining.md.
 */
import { pretrainPreset } from './presets';
import type { MimSettings, MocoSettings, OptimizerConfig, PresetName, PretrainConfig, SslMethod } from './types';

export const SSL_METHODS: readonly SslMethod[] = ['swav', 'moco', 'mim'];

const MOCO: Record<PresetName, { moco: MocoSettings; optimizer: OptimizerConfig }> = {
  tiny: {
    moco: { queueLength: 32, temperature: 0.2, keyMomentum: 0.99, hiddenDim: 32, outputDim: 16 },
    optimizer: { name: 'sgd', lr: 0.03, weightDecay: 1e-4, momentum: 0.9, schedule: 'constant', warmupSteps: 0 },
  },
  short: {
    moco: { queueLength: 1024, temperature: 0.2, keyMomentum: 0.99, hiddenDim: 512, outputDim: 128 },
    optimizer: { name: 'sgd', lr: 0.06, weightDecay: 1e-4, momentum: 0.9, schedule: 'cosine', warmupSteps: 10 },
  },
  // MoCo v2 (main_moco.py --mlp --moco-t 0.2 --aug-plus --cos): K 65536, m 0.999, lr 0.03 per 256 images.
  paper: {
    moco: { queueLength: 65536, temperature: 0.2, keyMomentum: 0.999, hiddenDim: 512, outputDim: 128 },
    optimizer: { name: 'sgd', lr: 0.015, weightDecay: 1e-4, momentum: 0.9, schedule: 'cosine', warmupSteps: 0 },
  },
};

const MIM: Record<PresetName, { mim: MimSettings; optimizer: OptimizerConfig }> = {
  tiny: { mim: { patchSize: 4, maskRatio: 0.6 }, optimizer: { name: 'adam', lr: 1e-3, weightDecay: 1e-5, momentum: 0.9, schedule: 'constant', warmupSteps: 0 } },
  short: { mim: { patchSize: 16, maskRatio: 0.6 }, optimizer: { name: 'adam', lr: 1e-3, weightDecay: 1e-5, momentum: 0.9, schedule: 'cosine', warmupSteps: 10 } },
  // SparK's ResNet setting masks 32-pixel patches at ratio 0.6.
  paper: { mim: { patchSize: 32, maskRatio: 0.6 }, optimizer: { name: 'adam', lr: 2e-4, weightDecay: 1e-5, momentum: 0.9, schedule: 'cosine', warmupSteps: 0 } },
};

/** The method's defaults for a preset (what `methodPreset` lays over the SwAV preset). */
export function methodDefaults(method: SslMethod, preset: PresetName, width?: number): Partial<PretrainConfig> {
  if (method === 'swav') return {};
  const base = pretrainPreset(preset);
  if (method === 'moco') {
    const m = structuredClone(MOCO[preset]);
    // MoCo's MLP hidden width is the backbone's feature width (dim_mlp = fc.in_features).
    if (preset === 'paper' && base.arch === 'resnet18') m.moco.hiddenDim = 8 * (width ?? base.width ?? 64);
    // --aug-plus: ColorJitter(0.4, 0.4, 0.4, 0.1) with p 0.8 (brightness and contrast on gray), blur p 0.5.
    return { method, moco: m.moco, optimizer: m.optimizer, nmbCrops: [2, 0], minScale: [0.2, base.minScale[1]], maxScale: [1, base.maxScale[1]], jitterStrength: 0.4, blurProbability: 0.5 };
  }
  const m = structuredClone(MIM[preset]);
  // The view is a crop and a flip only (mim/session.ts): the config says so.
  return { method, mim: m.mim, optimizer: m.optimizer, nmbCrops: [1, 0], minScale: [0.67, base.minScale[1]], maxScale: [1, base.maxScale[1]], jitterStrength: 0, blurProbability: 0 };
}

/** A preset for `method` with overrides applied last (`preset` becomes 'custom' when anything else changes). */
export function methodPreset(method: SslMethod, name: PresetName, overrides: Partial<PretrainConfig> = {}): PretrainConfig {
  const defaults = methodDefaults(method, name, overrides.width);
  const config = pretrainPreset(name, { ...defaults, ...overrides, preset: name });
  if (Object.keys(overrides).some((k) => k !== 'seed' && k !== 'preset' && k !== 'method')) config.preset = 'custom';
  if (overrides.moco && defaults.moco) config.moco = { ...defaults.moco, ...overrides.moco };
  if (overrides.mim && defaults.mim) config.mim = { ...defaults.mim, ...overrides.mim };
  if (overrides.optimizer && defaults.optimizer) config.optimizer = { ...defaults.optimizer, ...overrides.optimizer };
  return config;
}

export { methodOf, methodProblems } from './methodProblems';

/**
 * The pre-training config of an experiment SPEC (DESIGN.md: `preset`, `arch?`, `ssl?` for all its
 * arms). An unknown `ssl` or `preset` is an error naming the field and the choices.
 */
export function specPretrainConfig(spec: { preset: string; arch?: PretrainConfig['arch']; ssl?: string }, overrides: Partial<PretrainConfig> = {}): PretrainConfig {
  const ssl = spec.ssl ?? 'swav';
  if (!(SSL_METHODS as readonly string[]).includes(ssl)) throw new Error(`SPEC: ssl '${ssl}' is not one of ${SSL_METHODS.join(', ')}`);
  if (!(['tiny', 'short', 'paper'] as string[]).includes(spec.preset)) throw new Error(`SPEC: preset '${spec.preset}' is not one of tiny, short, paper`);
  const arch = spec.arch ? { arch: spec.arch, ...(spec.arch === 'resnet18' ? {} : { width: undefined }) } : {};
  return methodPreset(ssl as SslMethod, spec.preset as PresetName, { ...arch, ...overrides });
}
