/**
 * Experiments benchmark (not part of `npm test`): SwAV pre-training steps/s in the browser's
 * experiment worker, per tfjs backend and preset, on the bundled head CT (ALL slices), in headless
 * Chromium — WebGPU and WebGL there are SwiftShader (CPU-emulated), not a GPU. Run:
 *   CTSIEVE_BENCH=1 npx playwright test e2e/bench-experiments.spec.ts --project=bench
 * Writes bench/results/experiments.json in the bench harness format (bench/lib.ts BenchRow).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

interface Row { name: string; impl: string; input: string; ms: number; metrics: Record<string, number | string>; note?: string }

const CASES: { preset: 'tiny' | 'short'; backend: string; steps: number }[] = [
  { preset: 'tiny', backend: 'wasm', steps: 40 },
  { preset: 'tiny', backend: 'cpu', steps: 10 },
  { preset: 'tiny', backend: 'webgpu', steps: 6 },
  { preset: 'tiny', backend: 'webgl', steps: 6 },
  { preset: 'short', backend: 'wasm', steps: 3 },
  { preset: 'short', backend: 'webgpu', steps: 2 },
];

/** Per case: longer than this and the case is recorded as too slow to measure here. */
const CASE_MS = 240_000;

/** Runs one arm (ALL) for `steps` steps and returns the worker's own images/s and the wall time. */
async function measure(page: Page, c: (typeof CASES)[number]): Promise<Row> {
  await openApp(page, '?sample=head-ct');
  await page.getByTestId('experiment-open').click();
  await page.getByTestId('experiment-preset').selectOption(c.preset);
  await page.getByTestId('experiment-backend').selectOption(c.backend);
  await page.getByTestId('experiment-budget').fill(String(c.steps));
  for (const arm of await page.locator('[data-testid=experiment-arm]:checked').all()) {
    if ((await arm.getAttribute('data-arm')) !== 'ALL') await arm.uncheck();
  }
  const started = Date.now();
  await page.getByTestId('experiment-start').click();
  const progress = page.getByTestId('experiment-progress');
  const input = `head CT, ALL 108 slices of 256², ${c.preset} preset, ${c.steps} steps`;
  let finished = true;
  try {
    await expect(progress).toContainText(/evaluating|failed/, { timeout: CASE_MS });
  } catch {
    finished = false;
  } finally {
    if (await page.getByTestId('experiment-cancel').count()) await page.getByTestId('experiment-cancel').click();
  }
  const wall = (Date.now() - started) / 1000;
  // textContent() waits for the element: ask only when there is one.
  const errorBox = page.getByTestId('experiment-error');
  const failed = (await errorBox.count()) > 0 ? await errorBox.textContent() : null;
  const diag = (await page.getByTestId('experiment-diagnostics').locator('tbody tr').first().locator('td').allTextContents());
  const imagesPerSecond = Number(diag[6]);
  const batch = c.preset === 'tiny' ? 8 : 32;
  const backend = (await page.getByTestId('experiment-backend-in-use').textContent())?.replace(/^backend /, '').split(' · ')[0] ?? c.backend;
  if (failed || !finished || !Number.isFinite(imagesPerSecond)) {
    const why = failed ? `failed: ${failed}` : `not done in ${CASE_MS / 1000} s (${await progress.textContent()})`;
    return { name: `SwAV pre-training, ${c.preset}`, impl: c.backend, input, ms: Number.NaN, metrics: Number.isFinite(imagesPerSecond) ? { 'images/s so far': imagesPerSecond } : {}, note: why };
  }
  const stepsPerSecond = imagesPerSecond / batch;
  return {
    name: `SwAV pre-training, ${c.preset}`, impl: backend, input, ms: 1000 / stepsPerSecond,
    metrics: { 'steps/s': Number(stepsPerSecond.toFixed(3)), 'images/s': imagesPerSecond, 'wall s (incl. worker start)': Number(wall.toFixed(1)) },
  };
}

test('SwAV steps/s per backend in the browser', async ({ page }) => {
  test.setTimeout(CASES.length * (CASE_MS + 60_000));
  const rows: Row[] = [];
  const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, browser: 'headless Chromium (SwiftShader WebGPU/WebGL: CPU-emulated, not a GPU)' };
  mkdirSync('bench/results', { recursive: true });
  for (const c of CASES) {
    rows.push(await measure(page, c));
    console.log(JSON.stringify(rows[rows.length - 1]));
    // Written after every case, so a slow one at the end does not lose the others.
    writeFileSync('bench/results/experiments.json', `${JSON.stringify({ area: 'experiments', date: new Date().toISOString(), machine, quick: false, rows }, null, 2)}\n`);
  }
  console.table(rows.map((r) => ({ name: r.name, backend: r.impl, 'ms/step': r.ms.toFixed(0), ...r.metrics, note: r.note ?? '' })));
});
