#!/usr/bin/env node
/**
 * ctsieve command line. Contract (DESIGN.md, stable):
 *   ctsieve info <input> [--json]
 *   ctsieve similarity <input> --method hash|ssim|nmi|deepnet [--backend auto|webgpu|cpu] [--out F.json]
 *   ctsieve reduce <input> --method ... (--threshold T | --keep-fraction F | --every N) [--out manifest.json]
 * User errors print one line to stderr and exit 1; no stack traces.
 */
import { CliError, runCommand } from './run';

runCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof CliError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`ctsieve: ${message}\n`);
    if (process.env.CTSIEVE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(err instanceof CliError ? err.exitCode : 1);
  },
);
