/**
 * The one table of CLI commands: the dispatcher (./run.ts) and the usage text both come from it.
 * A command's module lives in ./commands/<name>.ts (a `dataset` subcommand in
 * ./commands/dataset/<sub>.ts) and default-exports a CommandFn. An entry without `load` is
 * listed in the usage but not in this build: running it says so and exits 1.
 */
import { BACKEND_HELP } from './backendHelp';
import type { CommandFn } from './errors';

export interface CommandEntry {
  /** What is typed after `ctsieve`: one word, or a group and a subcommand ('dataset reduce'). */
  name: string;
  /** The argument synopsis, one string per usage line (continuation lines are indented under the first). */
  synopsis: string[];
  summary: string;
  load?: () => Promise<{ default: CommandFn }>;
  /** For an entry without `load`: what brings it (shown in the usage and the error). */
  unavailable?: string;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'info',
    synopsis: ['<input> [--json] [--series UID]'],
    summary: 'size, spacing, value range and voxelSha256 of one volume',
    load: () => import('./commands/info'),
  },
  {
    name: 'similarity',
    synopsis: ['<input> --method hash|ssim|nmi|deepnet [--backend auto|webgpu|wasm|cpu] [--threads N] [--out F.json]', '[--model PATH …] [--series UID] [--memory-budget-mib M]'],
    summary: 'the n×n score matrix of one volume (JSON)',
    load: () => import('./commands/similarity'),
  },
  {
    name: 'reduce',
    synopsis: [
      '<input> --method all|everyn|hash|ssim|nmi|deepnet [--algorithm greedy|leader]',
      '(--threshold T | --keep-fraction F | --every N) [--drop later]',
      '[--backend auto|webgpu|wasm|cpu] [--threads N] [--out manifest.json]',
    ],
    summary: 'reduce one volume and write its slice manifest',
    load: () => import('./commands/reduce'),
  },
  {
    name: 'pretrain',
    synopsis: [
      '<input>... [--manifest M.json] [--method swav|moco|mim] [--config tiny|short|paper] [--arch tiny|resnet18|mobilenetv2]',
      '[--input-size S] [--steps N] [--batch B] [--seed S] [--backend …] [--time-budget SECONDS] --out-dir DIR [--resume]',
    ],
    summary: 'SwAV, MoCo v2 or dense masked-image-modelling pre-training on all or a manifest’s kept slices (docs/pretraining.md)',
    load: () => import('./commands/pretrain'),
  },
  {
    name: 'evaluate',
    synopsis: [
      '<labelled> (--encoder DIR/encoder | --scratch) [--arch …] [--protocol linear|finetune]',
      '[--runs 5 | --folds 5] [--epochs E] [--seed S] [--backend …] [--out report.json]',
      '[--input-size S] [--width W] [--batch B] [--proxy]   |   --compare a.json b.json … [--out table.json]',
    ],
    summary: 'downstream evaluation of an encoder, or a comparison table of reports; <labelled>: class folders, CSV, MedMNIST .npz or a COVID-CT folder (docs/evaluation.md)',
    load: () => import('./commands/evaluate'),
  },
  {
    name: 'experiment',
    synopsis: ['SPEC.json --out-dir DIR [--resume] [--backend auto|webgpu|wasm|cpu]'],
    summary: 'the whole protocol from one spec: reduce, paired-seed pre-training, evaluation vs random init, verdicts (docs/experiments.md)',
    load: () => import('./commands/experiment'),
  },
  {
    name: 'dataset reduce',
    synopsis: ['<root> <reduce flags> [--shard k/N] [--jobs N] --out-dir DIR'],
    summary: 'reduce every volume under a folder, one result per volume (resumable, sharded)',
    load: () => import('./commands/datasetReduce'),
  },
  {
    name: 'dataset merge',
    synopsis: ['DIR --out dataset-manifest.json'],
    summary: 'merge per-volume results into one dataset manifest',
    load: () => import('./commands/datasetMerge'),
  },
  {
    name: 'analyze',
    synopsis: ['<labelled> --encoder A/encoder [--encoder B/encoder] [--finetuned F/encoder]', '[--tsne] [--gradcam N] [--seed S] [--max-images 512] [--backend …] --out-dir DIR'],
    summary: "the paper's analyses: CKA per block, t-SNE with PCC, Grad-CAM (docs/analysis.md)",
    load: () => import('./commands/analyze'),
  },
  {
    name: 'confusability',
    synopsis: [
      '<input>... [--manifest M.json] [--embedding deepnet|pixels|encoder:DIR]',
      '[--preset tiny|short|paper] [--anchors N] [--seed S] [--backend …] [--out F.json]',
    ],
    summary: 'how often another slice is as alike as a second view of the same slice (docs/experiments.md)',
    load: () => import('./commands/confusability'),
  },
];

const INPUT_NOTE = '<input>: a DICOM folder (--series UID to choose one), a .nii/.nii.gz file, or a folder of 8-bit PNG slices.';

/** The usage text, generated from COMMANDS. */
export function usageText(commands: readonly CommandEntry[] = COMMANDS): string {
  const lines = ['usage:'];
  for (const c of commands) {
    const head = `  ctsieve ${c.name} `;
    c.synopsis.forEach((s, i) => lines.push(`${i === 0 ? head : ' '.repeat(head.length)}${s}`));
    lines.push(`${' '.repeat(head.length)}— ${c.summary}${c.load ? '' : ` [not available in this build: ${c.unavailable ?? 'not connected'}]`}`);
  }
  lines.push(INPUT_NOTE, BACKEND_HELP);
  return lines.join('\n');
}

/** The entry argv names (a subcommand's two words first) and the arguments after it. */
export function findCommand(argv: readonly string[], commands: readonly CommandEntry[] = COMMANDS): { entry: CommandEntry; rest: string[] } | undefined {
  const [first, second, ...more] = argv;
  const two = commands.find((c) => c.name === `${first} ${second}`);
  if (two) return { entry: two, rest: more };
  const one = commands.find((c) => c.name === first);
  return one ? { entry: one, rest: argv.slice(1) } : undefined;
}

/** The top-level words: commands and groups ('dataset'). */
export function commandWords(commands: readonly CommandEntry[] = COMMANDS): string[] {
  return [...new Set(commands.map((c) => c.name.split(' ')[0]))];
}
