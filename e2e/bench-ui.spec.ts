/**
 * UI benchmark (not part of `npm test`): slider-to-repaint latency and heatmap render time at
 * n = 600 slices, in headless Chromium (SwiftShader). Run:
 *   CTSIEVE_BENCH=1 npx playwright test --project=bench
 * Writes bench/results/ui.json in the bench harness format (bench/lib.ts BenchRow).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { expect, test, type Page } from '@playwright/test';
import { keptCount, openApp } from './helpers';
import { syntheticNifti } from './syntheticNifti';

const N = 600;
const ROWS = 64;

interface Row { name: string; impl: string; input: string; ms: number; metrics: Record<string, number | string>; note?: string }

function summary(times: number[]): { median: number; p95: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.floor(sorted.length * 0.95)], max: sorted[sorted.length - 1] };
}

/**
 * Sets the threshold input like a user typing, and times it (a) until the kept count shows the new
 * value (our script and React's commit: the part ctsieve controls) and (b) until two frames have
 * painted after that (adds the browser's paint and compositing; SwiftShader here).
 */
async function sliderLatencies(page: Page, thresholds: number[]): Promise<{ painted: number[]; committed: number[] }> {
  return page.evaluate(async (values) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid=threshold-input]')!;
    const counter = document.querySelector('[data-testid=kept-count]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    const painted: number[] = [];
    const committed: number[] = [];
    for (const v of values) {
      const before = counter.textContent;
      const changed = new Promise<void>((resolve) => {
        const obs = new MutationObserver(() => { if (counter.textContent !== before) { obs.disconnect(); resolve(); } });
        obs.observe(counter, { childList: true, characterData: true, subtree: true });
      });
      const t0 = performance.now();
      setValue.call(input, String(v));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await Promise.race([changed, new Promise((r) => setTimeout(r, 2000))]);
      committed.push(performance.now() - t0);
      await frame();
      await frame();
      painted.push(performance.now() - t0);
    }
    return { painted, committed };
  }, thresholds);
}

/** The floor under every repaint measurement: two animation frames with no change at all. */
async function idleFrames(page: Page, repeats: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await frame();
      await frame();
      out.push(performance.now() - t0);
    }
    return out;
  }, repeats);
}

/** Remounts the heatmap (method away and back) and times until its canvas is painted at n × n. */
async function heatmapRenders(page: Page, repeats: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    await page.getByTestId('method-select').selectOption('everyn');
    await expect(page.getByTestId('heatmap-panel')).toHaveCount(0);
    times.push(await page.evaluate(async (n) => {
      const select = document.querySelector<HTMLSelectElement>('[data-testid=method-select]')!;
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      const t0 = performance.now();
      select.value = 'hash';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      for (;;) {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=heatmap-panel] canvas');
        if (canvas && canvas.width === n) break;
        await frame();
      }
      await frame();
      await frame();
      return performance.now() - t0;
    }, N));
  }
  return times;
}

test('UI latency at n = 600', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page, '?sample=head-ct');
  await page.getByTestId('file-input').setInputFiles({ name: `synthetic-${N}.nii`, mimeType: 'application/octet-stream', buffer: syntheticNifti(N, ROWS, ROWS) });
  await expect(page.getByText(new RegExp(`${ROWS}×${ROWS}×${N}`))).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('method-select').selectOption('hash');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  const source = (await page.getByTestId('result-source').textContent()) ?? '';
  const backend = (await page.getByTestId('backend-badge').textContent()) ?? 'unknown';
  const input = `synthetic ${N}×${ROWS}×${ROWS} (HASH matrix ${N}×${N})`;

  const thresholds = Array.from({ length: 40 }, (_, i) => [2, 12, 4, 20, 6, 30, 8, 16][i % 8]);
  await sliderLatencies(page, thresholds.slice(0, 4)); // warm-up
  const latencies = await sliderLatencies(page, thresholds);
  const slider = summary(latencies.painted);
  const commit = summary(latencies.committed);
  const heatmap = summary(await heatmapRenders(page, 5));
  const idle = summary(await idleFrames(page, 40));

  const rows: Row[] = [
    { name: 'slider → kept count and strip updated (script + React commit)', impl: `app (React + core reduction), ${backend}`, input, ms: commit.median, metrics: { 'p95 ms': commit.p95, 'max ms': commit.max, moves: thresholds.length } },
    { name: 'slider → kept count + strip repaint', impl: `app (React + core reduction), ${backend}`, input, ms: slider.median, metrics: { 'p95 ms': slider.p95, 'max ms': slider.max, moves: thresholds.length } },
    { name: 'two idle frames (floor of the repaint numbers)', impl: 'requestAnimationFrame ×2, no change', input, ms: idle.median, metrics: { 'p95 ms': idle.p95, 'max ms': idle.max, repeats: 40 } },
    { name: 'heatmap mount + render', impl: 'features/heatmap canvas', input, ms: heatmap.median, metrics: { 'p95 ms': heatmap.p95, 'max ms': heatmap.max, repeats: 5 } },
  ];
  const matched = /in ([\d.]+) s/.exec(source);
  // The backend that ran (the result line), which can differ from the badge: auto passes over SwiftShader.
  const ranOn = /on (\w+)/.exec(source)?.[1] ?? backend;
  if (matched) rows.push({ name: 'HASH matrix (worker, incl. 8-bit conversion)', impl: ranOn, input, ms: Number(matched[1]) * 1000, metrics: {}, note: source });
  mkdirSync('bench/results', { recursive: true });
  const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, browser: 'headless Chromium (SwiftShader WebGPU/WebGL)' };
  writeFileSync('bench/results/ui.json', `${JSON.stringify({ area: 'ui', date: new Date().toISOString(), machine, quick: false, rows }, null, 2)}\n`);
  console.table(rows.map((r) => ({ name: r.name, ms: r.ms.toFixed(1), ...r.metrics })));
});
