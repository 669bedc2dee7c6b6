import { CliError } from '../run';

/** `ctsieve similarity`: not implemented yet. */
export default async function similarity(_args: string[]): Promise<number> {
  throw new CliError('similarity: not implemented yet');
}
