import { expect, test, type Page } from '@playwright/test';
import { keptCount, openApp, watchPage } from './helpers';

/** done/total of the progress bar, or undefined once it is gone. */
async function progressFraction(page: Page): Promise<number | undefined> {
  return page.evaluate(() => {
    const bar = document.querySelector<HTMLProgressElement>('[data-testid="compute-progress"] progress');
    return bar ? bar.value / bar.max : undefined;
  });
}

/**
 * Issue 16 item 1: on the CPU path (auto passes over SwiftShader for the CPU kernels) Cancel used
 * to be ignored: the kernels are synchronous loops, the bar ran on and ended in "Computed ✓".
 */
for (const method of ['ssim', 'nmi', 'deepnet'] as const) {
  test(`${method} on auto (CPU path): Cancel at about a quarter stops within ~0.5 s and shows no result`, async ({ page }) => {
    const seen = watchPage(page);
    await openApp(page, `?sample=head-ct&method=${method}`);
    await page.getByTestId('compute-button').click();
    await expect(page.getByTestId('compute-progress')).toBeVisible();
    await expect.poll(() => progressFraction(page), { intervals: [20], timeout: 60_000 }).toBeGreaterThan(0.2);
    const before = await progressFraction(page);
    expect(before).toBeLessThan(0.9);
    const clicked = Date.now();
    await page.getByTestId('cancel-button').click();
    await expect(page.getByText('Cancelled.')).toBeVisible({ timeout: 1000 });
    await expect(page.getByTestId('compute-progress')).toBeHidden({ timeout: 1000 });
    expect(Date.now() - clicked).toBeLessThan(1000);
    // Long enough for the abandoned run to have finished had it kept going.
    await page.waitForTimeout(4000);
    await expect(page.getByTestId('compute-button')).not.toHaveText('Computed ✓');
    await expect(page.getByTestId('kept-count')).toHaveText('– / 108');
    await expect(page.getByTestId('result-source')).toHaveCount(0);
    // The app stays usable: the same method computes to the end afterwards.
    await page.getByTestId('compute-button').click();
    await keptCount(page);
    await expect(page.getByTestId('compute-button')).toHaveText('Computed ✓');
    // SSIM and NMI ran on the pool of WebAssembly SIMD workers (one per core); every result shows its time split.
    if (method !== 'deepnet') await expect(page.getByTestId('result-source')).toContainText(/on wasm( \(\d+ threads\))? in/);
    await expect(page.getByTestId('result-timings')).toHaveText(/^read [\d.]+ s · 8-bit [\d.]+ s · scores [\d.]+ s$/);
    expect(seen.errors).toEqual([]);
  });
}
