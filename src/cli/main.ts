#!/usr/bin/env node
/**
 * ctsieve command line (contract: DESIGN.md; commands: ./commandTable.ts, `ctsieve help`).
 * Runs as `npm run cli -- …` (tsx, from source) or as the built `ctsieve` bin (dist-cli/, npm run build:cli).
 * User errors print one line to stderr and exit 1; no stack traces (CTSIEVE_DEBUG=1 adds them).
 */
import { CliError } from './errors';
import { runCommand } from './run';

runCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof CliError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`ctsieve: ${message}\n`);
    if (process.env.CTSIEVE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(err instanceof CliError ? err.exitCode : 1);
  },
);
