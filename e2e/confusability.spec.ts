import { expect, test } from '@playwright/test';
import { keptCount, openApp, shotPath, watchPage } from './helpers';

test.describe.configure({ timeout: 240_000 });

test('confusability vs threshold: measured in the worker with progress, ALL and T = 3/6/12 with numbers; cancel returns to idle', async ({ page }) => {
  const seen = watchPage(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '?sample=head-ct&method=hash');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  const panel = page.getByTestId('confusability-panel');
  await expect(panel).toBeVisible();

  // Cancel a run in flight: the panel goes back to its Measure button, no chart.
  await page.getByTestId('confusability-measure').click();
  await expect(page.getByTestId('confusability-progress')).toBeVisible();
  await page.getByTestId('confusability-cancel').click();
  await expect(page.getByTestId('confusability-measure')).toBeVisible();
  await expect(page.getByTestId('confusability-chart')).toHaveCount(0);

  // The tiny preset's small views keep this run short.
  await page.getByTestId('confusability-preset').selectOption('tiny');
  await page.getByTestId('confusability-measure').click();
  const chart = page.getByTestId('confusability-chart');
  await expect(chart).toBeVisible({ timeout: 180_000 });
  const points = chart.getByTestId('confusability-point');
  expect(await points.count()).toBeGreaterThan(5);
  for (const t of [3, 6, 12]) {
    const marker = chart.getByTestId(`confusability-paper-${t}`);
    await expect(marker).toBeAttached();
    const rate = Number(await marker.getAttribute('data-rate'));
    expect(rate).toBeGreaterThanOrEqual(0);
    expect(rate).toBeLessThanOrEqual(1);
  }
  const rows = page.getByTestId('confusability-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText(/ALL\s*108\s*\d+(\.\d)?%/);
  await expect(page.locator('[data-testid=confusability-row][data-set=T6]')).toContainText(/T 6\s*\d+ \(\d+(\.\d)?%\)\s*\d+(\.\d)?%/);
  // kept counts on the chart match the kept-vs-threshold curve at the same thresholds
  const kept6 = Number(await chart.getByTestId('confusability-paper-6').getAttribute('data-kept'));
  const curveKept6 = Number(await page.getByTestId('curve-paper-6').getAttribute('data-kept'));
  expect(kept6).toBe(Math.round(curveKept6 * 108));
  await page.getByTestId('confusability-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('confusability-1440.png'), fullPage: true });
  await page.getByTestId('confusability-panel').screenshot({ path: shotPath('confusability-panel.png') });
  expect(seen.errors).toEqual([]);
});

test('each experiment arm gets its confusable rate on demand', async ({ page }) => {
  const seen = watchPage(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page, '?sample=head-ct&method=hash&t=6');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  await page.getByTestId('experiment-open').click();
  await expect(page.getByTestId('experiment-panel')).toBeVisible();
  const arms = page.getByTestId('experiment-arm');
  const armCount = await arms.count();
  expect(armCount).toBeGreaterThanOrEqual(2);
  await page.getByTestId('arm-confusability-measure').click();
  await expect(page.getByTestId('arm-confusability-progress')).toBeVisible();
  const rates = page.getByTestId('arm-confusability');
  await expect(rates).toHaveCount(armCount, { timeout: 180_000 });
  const values = await rates.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-rate'))));
  for (const v of values) expect(v >= 0 && v <= 1).toBe(true);
  // As the report's "confusable" column shows it (the run's own measure: see e2e/experiments.spec.ts).
  await expect(page.getByTestId('experiment-arms')).toContainText(/ALL · 108 slices · confusable [01]\.\d{3}/);
  await expect(page.getByTestId('experiment-arms')).toContainText(/HASH ≤ 6 · \d+ slices · confusable [01]\.\d{3}/);
  await page.getByTestId('experiment-setup').screenshot({ path: shotPath('confusability-arms.png') });
  await page.screenshot({ path: shotPath('confusability-arms-1440.png') });
  expect(seen.errors).toEqual([]);
});
