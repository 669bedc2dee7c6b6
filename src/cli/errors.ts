/** A user-caused CLI failure: printed as one `ctsieve: <message>` line on stderr, exit code 1 (no stack). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Every command module's default export: argv after the command name → exit code. */
export type CommandFn = (args: string[]) => Promise<number>;
