import { expect, test, type Page } from '@playwright/test';
import { greedyWalk, reductionCurve } from '../src/core/reduction';
import { formatPercent, keptFractionAt, PAPER_HASH_THRESHOLDS, sortPoints } from '../src/app/features/curve/curveGeometry';
import { buildMatrix, HEATMAP_N, syntheticDistance } from './harness/syntheticData';

const HARNESS = '/e2e/harness/features.html';
// The harness draws core's reductionCurve of the synthetic HASH matrix; recompute it here.
const points = sortPoints(reductionCurve(greedyWalk({ n: HEATMAP_N, kind: 'distance', matrix: buildMatrix(HEATMAP_N, syntheticDistance) })));

const lastThreshold = (page: Page) => page.evaluate(() => window.__harnessEvents.filter((e) => e.type === 'threshold').at(-1)?.args[0]);

test.beforeEach(async ({ page }) => {
  await page.goto(HARNESS);
  await expect(page.locator('#curve-hash [data-testid=curve-path]')).toBeVisible();
});

test('renders one dot per curve point and marks the current threshold', async ({ page }) => {
  const curve = page.locator('#curve-hash');
  await expect(curve.getByTestId('curve-point')).toHaveCount(points.length);
  const current = curve.getByTestId('curve-current');
  await expect(current).toHaveAttribute('data-threshold', '6');
  await expect(current).toHaveAttribute('data-kept', String(keptFractionAt(points, 6, 'distance')));
  await expect(current).toContainText(`T 6 · ${formatPercent(keptFractionAt(points, 6, 'distance'))} kept`);
});

test('marks the paper HASH settings 3, 6 and 12 with their kept %', async ({ page }) => {
  for (const t of PAPER_HASH_THRESHOLDS) {
    const marker = page.locator('#curve-hash').getByTestId(`curve-paper-${t}`);
    await expect(marker).toBeVisible();
    await expect(marker).toContainText(`T${t} ${formatPercent(keptFractionAt(points, t, 'distance'))}`);
  }
  // Similarity methods have no paper HASH markers.
  await expect(page.locator('#curve-ssim [data-testid^=curve-paper-]')).toHaveCount(0);
  await expect(page.locator('#curve-ssim [data-testid=curve-current]')).toBeVisible();
});

test('clicking a paper marker or the plot sets the threshold', async ({ page }) => {
  await page.locator('#curve-hash').getByTestId('curve-paper-12').click();
  expect(await lastThreshold(page)).toBe(12);
  await expect(page.locator('#curve-hash').getByTestId('curve-current')).toHaveAttribute('data-threshold', '12');

  // Click the plot where the x axis reads 20 (the tick label's centre).
  const tick = page.locator('#curve-hash svg text', { hasText: /^20$/ });
  const box = (await tick.boundingBox())!;
  const plot = (await page.locator('#curve-hash svg').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, plot.y + plot.height / 2);
  expect(await lastThreshold(page)).toBe(20);
});

test('arrow keys step the threshold by one bit', async ({ page }) => {
  await page.locator('#curve-hash svg').focus();
  await page.keyboard.press('ArrowRight');
  expect(await lastThreshold(page)).toBe(7);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect(await lastThreshold(page)).toBe(5);
  await page.keyboard.press('Enter'); // nothing to pick with Enter on the plot itself
  await page.locator('#curve-hash').getByTestId('curve-paper-3').focus();
  await page.keyboard.press('Enter');
  expect(await lastThreshold(page)).toBe(3);
});
