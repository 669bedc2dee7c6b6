/** Test helper for CLI commands: what a command writes to stdout, asserting it exits 0. */
import { expect, vi } from 'vitest';

export async function stdoutOf(run: () => Promise<number>): Promise<string> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    expect(await run()).toBe(0);
  } finally {
    write.mockRestore();
  }
  return out;
}
