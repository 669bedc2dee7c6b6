/**
 * `pretrain --resume`: which config the resumed run uses. The checkpoint's config, with --steps and
 * --time-budget taken from the command; any other option the command gives must mean the same as
 * what the checkpoint was trained with (so re-running the first command with --resume added is
 * accepted), and a real change is refused naming each field that differs.
 */
import { methodPreset, type PresetName, type PretrainConfig, type SslMethod } from '../core/ssl';
import { configDifferences } from '../core/ssl/configDiff';
import { CliError } from './errors';

export interface ResumeRequest {
  /** The preset --config named, when it was given. */
  preset?: PresetName;
  /** The method --method named, when it was given. */
  method?: SslMethod;
  /** What the command's options set (steps, arch, batch, seed, …). */
  overrides: Partial<PretrainConfig>;
  /** Option names the command gave. */
  given: Set<string>;
}

/**
 * What the command asks for, read against the checkpoint: from --config's preset when given,
 * else from the checkpoint's own config, with the command's overrides on top.
 */
function intended(req: ResumeRequest, saved: PretrainConfig): PretrainConfig {
  const method = req.method ?? methodOf(saved);
  if (req.preset) return methodPreset(method, req.preset, req.overrides);
  if (method !== methodOf(saved)) return methodPreset(method, saved.preset === 'custom' ? 'short' : saved.preset, req.overrides);
  return { ...saved, ...structuredClone(req.overrides) };
}

/** A config without `method` is SwAV's (checkpoints made before MoCo and MIM). */
const methodOf = (c: PretrainConfig): SslMethod => c.method ?? 'swav';

/** The config to resume with; throws a CliError naming the fields a real change touches. */
export function resumeConfig(req: ResumeRequest, saved: PretrainConfig): PretrainConfig {
  const wanted = intended(req, saved);
  // Fields newer than the checkpoint compare by their defaults (core/ssl/configDiff.ts).
  const changed = configDifferences(saved, wanted);
  if (changed.length) {
    const what = changed.join(', ');
    throw new CliError(`pretrain: --resume: the checkpoint was trained with another config (${what}); give the same options, or drop them to continue with the checkpoint's (only --steps and --time-budget may change), or start a new --out-dir`);
  }
  return {
    ...saved,
    ...(req.given.has('--steps') ? { steps: wanted.steps, epochs: undefined } : {}),
    ...(req.given.has('--time-budget') ? { timeBudgetSeconds: wanted.timeBudgetSeconds } : {}),
  };
}
