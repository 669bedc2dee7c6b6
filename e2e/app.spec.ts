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

test('a Content-Security-Policy keeps every request on the page’s own origin', async ({ page }) => {
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  const violations = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    await fetch('https://example.org/leak').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    return seen;
  });
  expect(violations).toContain('connect-src');
});
