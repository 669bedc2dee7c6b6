import { CliError } from '../run';

/** `ctsieve reduce`: not implemented yet. */
export default async function reduce(_args: string[]): Promise<number> {
  throw new CliError('reduce: not implemented yet');
}
