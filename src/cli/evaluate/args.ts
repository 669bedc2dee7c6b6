/** `evaluate` argv → arguments; a CliError names any bad or conflicting option. */
import type { Protocol } from '../../core/eval';
import { ENCODER_ARCHS, type EncoderArch } from '../../core/ssl/encoders/types';
import type { BackendRequest } from '../../core/backend/types';
import { oneOf, parseOptions } from '../args';
import { CliError } from '../errors';

const C = 'evaluate';
const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;
const PROTOCOLS = ['linear', 'finetune'] as const;
const OPTIONS = ['--encoder', '--scratch', '--arch', '--input-size', '--width', '--protocol', '--runs', '--folds', '--epochs', '--seed', '--batch', '--backend', '--out', '--proxy'] as const;
const SWITCHES = ['--scratch', '--proxy'] as const;

export const EVALUATE_DEFAULTS = { protocol: 'linear' as Protocol, runs: 5, epochs: 30, seed: 0, arch: 'resnet18' as EncoderArch, inputSize: 64 };

export interface EvaluateArgs {
  input: string;
  encoder: { kind: 'dir'; dir: string } | { kind: 'scratch'; arch: EncoderArch; inputSize: number; width?: number };
  protocol: Protocol;
  runs: number;
  epochs: number;
  seed: number;
  batch?: number;
  backend: BackendRequest;
  out?: string;
  /** The input is volumes for the built-in proxy task (labels from slice position). */
  proxy: boolean;
}

function int(option: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isInteger(x) || x < min) throw new CliError(`${C}: ${option} '${value}' must be an integer ≥ ${min}`);
  return x;
}

export function parseEvaluateArgs(args: string[]): EvaluateArgs {
  const { input, opts } = parseOptions(C, args, OPTIONS, SWITCHES);
  const dir = opts['--encoder'];
  const scratch = opts['--scratch'] === 'true';
  if (!dir === !scratch) throw new CliError(`${C}: give exactly one of --encoder DIR/encoder or --scratch`);
  const scratchOnly = (['--arch', '--input-size', '--width'] as const).filter((o) => opts[o] !== undefined);
  if (dir && scratchOnly.length) throw new CliError(`${C}: ${scratchOnly.join(', ')} apply to --scratch only (an encoder's ctsieve-encoder.json gives them)`);
  const runs = int('--runs', opts['--runs'], 1);
  const folds = int('--folds', opts['--folds'], 2);
  if (runs !== undefined && folds !== undefined && runs !== folds) throw new CliError(`${C}: --runs ${runs} and --folds ${folds} disagree (they say the same thing)`);
  const width = int('--width', opts['--width'], 1);
  if (scratch && opts['--arch'] === 'mobilenetv2') throw new CliError(`${C}: --scratch --arch mobilenetv2 is not available: MobileNetV2 comes as the bundled pre-trained trunk, not as a from-scratch graph; use tiny or resnet18`);
  return {
    input,
    encoder: dir
      ? { kind: 'dir', dir }
      : { kind: 'scratch', arch: oneOf(C, '--arch', opts['--arch'] ?? EVALUATE_DEFAULTS.arch, ENCODER_ARCHS), inputSize: int('--input-size', opts['--input-size'], 8) ?? EVALUATE_DEFAULTS.inputSize, ...(width ? { width } : {}) },
    protocol: oneOf(C, '--protocol', opts['--protocol'] ?? EVALUATE_DEFAULTS.protocol, PROTOCOLS),
    runs: runs ?? folds ?? EVALUATE_DEFAULTS.runs,
    epochs: int('--epochs', opts['--epochs'], 1) ?? EVALUATE_DEFAULTS.epochs,
    seed: int('--seed', opts['--seed'], 0) ?? EVALUATE_DEFAULTS.seed,
    batch: int('--batch', opts['--batch'], 1),
    backend: oneOf(C, '--backend', opts['--backend'] ?? 'auto', BACKENDS),
    out: opts['--out'],
    proxy: opts['--proxy'] === 'true',
  };
}
