/** Dispatches argv to one command module. Each command lives in src/cli/commands/<name>.ts. */

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
  evaluate: () => import('./commands/evaluate'),
};

export const USAGE = `usage:
  ctsieve info <input> [--json]
  ctsieve similarity <input> --method hash|ssim|nmi|deepnet [--backend auto|webgpu|cpu] [--out F.json]
  ctsieve reduce <input> --method all|everyn|hash|ssim|nmi|deepnet [--algorithm greedy|leader]
                 (--threshold T | --keep-fraction F | --every N) [--drop later]
                 [--backend auto|webgpu|cpu] [--out manifest.json]
  ctsieve evaluate <labelled> (--encoder DIR/encoder | --scratch) [--arch tiny|resnet18|mobilenetv2] [--protocol linear|finetune]
                 [--runs 5 | --folds 5] [--epochs E] [--seed S] [--backend auto|webgpu|wasm|cpu] [--out report.json] [--proxy]
  ctsieve evaluate --compare a.json b.json ... [--out table.json]
<labelled>: a folder of class sub-folders (optionally under train/ val/ test/) or a CSV path,label[,group][,split].
<input>: a DICOM folder (--series UID to choose one), a .nii/.nii.gz file, or a folder of 8-bit PNG slices.`;

export async function runCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 1;
  }
  const load = COMMANDS[name];
  if (!load) throw new CliError(`unknown command '${name}' (expected info, similarity, reduce or evaluate)`);
  const command = (await load()).default;
  return command(rest);
}
