/**
 * `pretrain --resume`: which config the resumed run uses. The checkpoint's config, with --steps and
 * --time-budget taken from the command; any other option the command gives must mean the same as
 * what the checkpoint was trained with (so re-running the first command with --resume added is
 * accepted), and a real change is refused naming each field that differs.
 */
import { methodPreset, type PresetName, type PretrainConfig, type SslMethod } from '../core/ssl';
import { CliError } from './errors';

/** Fields that may change on resume (the run's length), and the preset label ('custom' is derived). */
const FREE = new Set<keyof PretrainConfig>(['steps', 'epochs', 'timeBudgetSeconds', 'preset']);

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

/** `a` and `b` as JSON values are equal (configs are plain data). */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

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
/** Field values as compared: `method` absent and 'swav' are the same. */
const valueOf = (c: PretrainConfig, k: keyof PretrainConfig): unknown => (k === 'method' ? methodOf(c) : c[k]);

/** The config to resume with; throws a CliError naming the fields a real change touches. */
export function resumeConfig(req: ResumeRequest, saved: PretrainConfig): PretrainConfig {
  const wanted = intended(req, saved);
  const keys = new Set([...Object.keys(saved), ...Object.keys(wanted)] as (keyof PretrainConfig)[]);
  const changed = [...keys].filter((k) => !FREE.has(k) && !same(valueOf(saved, k), valueOf(wanted, k)));
  if (changed.length) {
    const what = changed.map((k) => `${k} ${JSON.stringify(valueOf(saved, k))} → ${JSON.stringify(valueOf(wanted, k))}`).join(', ');
    throw new CliError(`pretrain: --resume: the checkpoint was trained with another config (${what}); give the same options, or drop them to continue with the checkpoint's (only --steps and --time-budget may change), or start a new --out-dir`);
  }
  return {
    ...saved,
    ...(req.given.has('--steps') ? { steps: wanted.steps, epochs: undefined } : {}),
    ...(req.given.has('--time-budget') ? { timeBudgetSeconds: wanted.timeBudgetSeconds } : {}),
  };
}
