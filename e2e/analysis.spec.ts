/**
 * The Analysis view (production build, 1440 px wide): finish a tiny experiment (ALL vs HASH ≤ 6 on
 * the bundled head CT, proxy task, as e2e/experiments.spec.ts does), run the analysis in its worker,
 * and check that all three pictures render — the CKA heatmap of ALL vs HASH ≤ 6, the t-SNE scatters,
 * the Grad-CAM gallery — and that a map shows over its slice in the Cornerstone viewer with an
 * opacity slider; cancel stops a run. Screenshots for people to look at.
 */
import { expect, test, type Page } from '@playwright/test';
import { keptCount, openApp, shotPath, watchPage } from './helpers';

const EXPERIMENT_MS = 240_000;
const ANALYSIS_MS = 120_000;

test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ timeout: EXPERIMENT_MS + ANALYSIS_MS + 120_000 });

async function finishTinyExperiment(page: Page): Promise<void> {
  await openApp(page, '?sample=head-ct&method=hash&t=6');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  await page.getByTestId('experiment-open').click();
  await expect(page.getByTestId('experiment-panel')).toBeVisible();
  await page.getByTestId('experiment-preset').selectOption('tiny');
  await expect(page.locator('[data-testid=experiment-arm]:checked')).toHaveCount(2);
  await page.getByTestId('experiment-start').click();
  await expect(page.getByTestId('experiment-open-record')).toHaveAttribute('data-status', 'done', { timeout: EXPERIMENT_MS });
}

/** Non-blank: an <img> that decoded to a real size, a canvas with more than one colour. */
async function imgRendered(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 50).length);
}

test('a finished experiment shows CKA, t-SNE and Grad-CAM, and a map over its slice in the viewer', async ({ page }) => {
  const seen = watchPage(page);
  await finishTinyExperiment(page);
  const section = page.getByTestId('analysis-section');
  await section.scrollIntoViewIfNeeded();
  // a run can be cancelled, and run again
  await page.getByTestId('analysis-run').click();
  await expect(page.getByTestId('analysis-progress')).toBeVisible();
  await page.getByTestId('analysis-cancel').click();
  await expect(page.getByTestId('analysis-cancelled')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('analysis-run').click();
  await expect(page.getByTestId('analysis-progress')).toBeVisible();
  await expect(page.getByTestId('analysis-results')).toBeVisible({ timeout: ANALYSIS_MS });

  // CKA: ALL against HASH ≤ 6 (the only other arm); t-SNE: one figure with a panel per arm
  expect(await imgRendered(page, 'analysis-cka')).toBe(1);
  await expect(page.getByTestId('analysis-cka').locator('img')).toHaveAttribute('alt', /CKA ALL vs HASH ≤ 6/);
  expect(await imgRendered(page, 'analysis-tsne')).toBe(1);
  // Grad-CAM: 6 images per arm, each tile a drawn canvas
  const tiles = page.getByTestId('analysis-gradcam-tile');
  await expect(tiles).toHaveCount(12);
  const colours = await tiles.first().locator('canvas').evaluate((c) => {
    const cv = c as HTMLCanvasElement;
    const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
    const set = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 7) set.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return set.size;
  });
  expect(colours).toBeGreaterThan(10);
  await section.screenshot({ path: shotPath('analysis-results.png') });
  // the drawer scrolls: the gallery has its own picture
  await page.getByTestId('analysis-gradcam').scrollIntoViewIfNeeded();
  await page.getByTestId('analysis-gradcam').screenshot({ path: shotPath('analysis-gradcam.png') });

  // the first tile's map over its slice in Cornerstone; the opacity slider changes what is drawn
  await expect(page.getByTestId('analysis-cam-viewer')).toBeVisible();
  const overlayAlpha = () => page.getByTestId('analysis-cam-overlay').evaluate((c) => {
    const cv = c as HTMLCanvasElement;
    const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
    let max = 0;
    for (let i = 3; i < d.length; i += 4) max = Math.max(max, d[i]);
    return max;
  });
  await expect.poll(overlayAlpha, { timeout: 20_000 }).toBeGreaterThan(100);
  await page.getByTestId('analysis-cam-opacity').fill('0.2');
  await expect.poll(overlayAlpha).toBeLessThan(60);
  await page.getByTestId('analysis-cam-opacity').fill('0.6');
  await tiles.nth(7).locator('button').click();
  await page.getByTestId('analysis-cam-viewer').scrollIntoViewIfNeeded();
  await page.getByTestId('analysis-cam-viewer').screenshot({ path: shotPath('analysis-viewer.png') });
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
