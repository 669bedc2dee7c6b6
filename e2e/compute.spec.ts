import { expect, test } from '@playwright/test';
import { keptCount, openApp, watchPage } from './helpers';

test('long work shows progress with ETA and can be cancelled; the app stays usable', async ({ page }) => {
  const seen = watchPage(page);
  // SSIM's WGSL kernels on SwiftShader take tens of seconds: time to see progress and cancel.
  await openApp(page, '?sample=head-ct&backend=webgpu');
  await page.getByTestId('method-select').selectOption('ssim');
  await page.getByTestId('compute-button').click();
  const progress = page.getByTestId('compute-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/\d+\/\d+/);
  await page.getByTestId('cancel-button').click();
  await expect(page.getByText('Cancelled.')).toBeVisible();
  await expect(page.getByTestId('kept-count')).toHaveText('– / 108');
  await page.getByTestId('method-select').selectOption('hash');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  expect(seen.errors).toEqual([]);
});

test('backend=webgpu runs the WGSL kernels; results are cached in IndexedDB: reopening the volume does not recompute', async ({ page }) => {
  await openApp(page, '?sample=head-ct&method=hash&backend=webgpu');
  await page.getByTestId('compute-button').click();
  const [kept] = await keptCount(page);
  await expect(page.getByTestId('result-source')).toContainText(/on webgpu/);
  await page.reload();
  await expect(page.getByTestId('slice-index')).toBeVisible();
  await page.getByTestId('compute-button').click();
  await expect(page.getByTestId('result-source')).toContainText('from cache');
  expect((await keptCount(page))[0]).toBe(kept);
});

test('auto passes over a software GPU (SwiftShader) for the faster CPU reference and says so', async ({ page }) => {
  await openApp(page, '?sample=stent-cta&method=hash');
  await expect(page.getByTestId('backend-badge')).toContainText('webgpu');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  await expect(page.getByTestId('result-source')).toContainText(/on cpu/);
  await expect(page.getByTestId('result-source')).toContainText(/passed over webgpu/);
});

test('cine plays through slices and stops', async ({ page }) => {
  await openApp(page, '?sample=head-ct&slice=5');
  await page.locator('body').click({ position: { x: 5, y: 880 } });
  await page.keyboard.press(' ');
  await expect.poll(async () => Number(await page.getByTestId('slice-index').textContent())).toBeGreaterThan(8);
  await page.keyboard.press(' ');
  const stopped = await page.getByTestId('slice-index').textContent();
  await page.waitForTimeout(400);
  await expect(page.getByTestId('slice-index')).toHaveText(stopped!);
});

test('keep-% mode keeps that share of the slices, from the URL or the toggle', async ({ page }) => {
  await openApp(page, '?sample=head-ct&method=hash&keep=10');
  await page.getByTestId('compute-button').click();
  expect(await keptCount(page)).toEqual([11, 108]); // max(1, floor(0.1 × 108 + 0.5))
  await page.getByTestId('threshold-input').fill('50');
  expect(await keptCount(page)).toEqual([54, 108]);
  await page.getByRole('radio', { name: 'threshold' }).click();
  await expect(page.getByTestId('threshold-input')).toHaveValue('6');
  await expect(page).toHaveURL(/t=6/);
});
