/**
 * `ctsieve dataset reduce|merge …`: many volumes, sharded over processes or cluster tasks
 * (docs/scale.md). The subcommands live in datasetReduce.ts and datasetMerge.ts.
 */
import { CliError } from '../run';

export const DATASET_USAGE = `ctsieve dataset reduce <root> <reduce flags> [--shard k/N] [--jobs N] --out-dir DIR
  ctsieve dataset merge DIR --out dataset-manifest.json`;

export default async function dataset(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'reduce') return (await import('./datasetReduce')).default(rest);
  if (sub === 'merge') return (await import('./datasetMerge')).default(rest);
  throw new CliError(`dataset: expected 'reduce' or 'merge'${sub ? `, got '${sub}'` : ''}; usage:\n  ${DATASET_USAGE}`);
}
