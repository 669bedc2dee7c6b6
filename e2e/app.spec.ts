import { expect, test } from '@playwright/test';
import { openApp, shotPath, viewerPixelStats, watchPage } from './helpers';

test('starts on the bundled head CT, renders it in Cornerstone and reports the compute backend', async ({ page }) => {
  const seen = watchPage(page);
  await openApp(page);
  await expect(page.getByTestId('volume-list')).toContainText('head-ct');
  await expect(page.getByTestId('slice-index')).toHaveText('54');
  await expect.poll(async () => (await viewerPixelStats(page)).std, { timeout: 30_000 }).toBeGreaterThan(20);
  await expect(page.getByTestId('backend-badge')).toContainText('webgpu', { timeout: 60_000 });
  await page.screenshot({ path: shotPath('app-start.png') });
  expect(seen.foreignRequests).toEqual([]);
  expect(seen.errors).toEqual([]);
});
