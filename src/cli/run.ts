/** Dispatches argv to one command module. Each command lives in src/cli/commands/<name>.ts. */
import { BACKEND_HELP } from './backendHelp';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export type CommandFn = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<{ default: CommandFn }>> = {
  info: () => import('./commands/info'),
  similarity: () => import('./commands/similarity'),
  reduce: () => import('./commands/reduce'),
};

export const USAGE = `usage:
  ctsieve info <input> [--json]
  ctsieve similarity <input> --method hash|ssim|nmi|deepnet [--backend auto|webgpu|wasm|cpu] [--threads N] [--out F.json]
  ctsieve reduce <input> --method all|everyn|hash|ssim|nmi|deepnet [--algorithm greedy|leader]
                 (--threshold T | --keep-fraction F | --every N) [--drop later]
                 [--backend auto|webgpu|wasm|cpu] [--threads N] [--out manifest.json]
<input>: a DICOM folder (--series UID to choose one), a .nii/.nii.gz file, or a folder of 8-bit PNG slices.
${BACKEND_HELP}`;

export async function runCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 1;
  }
  const load = COMMANDS[name];
  if (!load) throw new CliError(`unknown command '${name}' (expected info, similarity or reduce)`);
  const command = (await load()).default;
  return command(rest);
}
