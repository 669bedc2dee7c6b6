import { CliError } from '../run';

/** `ctsieve info`: not implemented yet. */
export default async function info(_args: string[]): Promise<number> {
  throw new CliError('info: not implemented yet');
}
