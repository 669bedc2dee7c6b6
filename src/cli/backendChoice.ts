/**
 * `--backend` and `--threads` for the commands that score slices (similarity, reduce): the
 * choices, what each one means (printed by --help and in docs/backends.md), and the CPU pool of
 * worker threads this process uses.
 */
import type { BackendRequest } from '../core/backend';
import { CliError } from './errors';
import { defaultThreads, installNodePool } from './poolNode';

export { BACKEND_HELP } from './backendHelp';

export const BACKEND_CHOICES = ['auto', 'webgpu', 'wasm', 'cpu'] as const satisfies readonly BackendRequest[];

/** --threads: a positive integer, default every core. */
export function parseThreads(command: string, value: string | undefined): number {
  if (value === undefined) return defaultThreads();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${command}: --threads '${value}' is not a positive whole number`);
  return n;
}

/** Makes HASH/SSIM/NMI in this process run on `threads` worker threads. */
export function useThreads(threads: number): void {
  installNodePool(threads);
}
