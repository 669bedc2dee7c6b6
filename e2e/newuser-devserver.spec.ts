/**
 * A first `npm start` (issue 24 item 8): the dev server with an empty dependency cache must not
 * re-bundle a dependency after the first view and reload the page (it did for
 * @tensorflow/tfjs-backend-wasm, imported when the compute backend settles: vite.config.ts
 * optimizeDeps.include lists it). Its own Vite on an OS-chosen port, with a fresh cache folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

test('a fresh dev server shows the app without re-optimising dependencies or reloading', async ({ page }) => {
  test.setTimeout(540_000);
  const cache = mkdtempSync(join(tmpdir(), 'ctsieve-vite-fresh-'));
  let log = '';
  const vite: ChildProcess = spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', '0', '--host', '127.0.0.1'], { env: { ...process.env, CTSIEVE_VITE_CACHE: cache, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  vite.stdout!.on('data', (d) => (log += String(d)));
  vite.stderr!.on('data', (d) => (log += String(d)));
  // The address Vite prints (NO_COLOR keeps escape codes out of the log).
  const address = () => /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1];
  try {
    await expect.poll(address, { timeout: 60_000 }).toBeTruthy();
    const url = address()!;
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(`${url}/?sample=head-ct`, { timeout: 400_000 });
    await expect(page.getByTestId('slice-index')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('backend-badge')).not.toHaveText('backend…', { timeout: 120_000 });
    await page.waitForTimeout(10_000); // the reload came ~5 s after the first view
    expect(log).not.toMatch(/optimized dependencies changed|new dependencies optimized|dependency optimized/);
    expect(loads).toBe(1);
  } finally {
    vite.kill();
    rmSync(cache, { recursive: true, force: true });
  }
});
