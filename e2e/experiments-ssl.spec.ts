/**
 * The experiment setup offers SwAV, MoCo v2 and dense masked-image modelling: a short MoCo and a
 * short MIM experiment (ALL vs HASH ≤ 6 on the bundled head CT, 10 steps per arm, 2 seeds, proxy task) run to
 * their results in the app's worker, and the exported encoder says which method trained it.
 */
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { keptCount, openApp, shotPath, watchPage } from './helpers';

const EXPERIMENT_MS = 240_000;
/** A mean with its paired-seed 95% interval: "0.812 [0.702, 0.921]". */
const MEAN_CI = /[01]\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]/;

test.describe.configure({ timeout: EXPERIMENT_MS + 120_000 });

async function setUp(page: Page, method: 'moco' | 'mim'): Promise<void> {
  await openApp(page, '?sample=head-ct&method=hash&t=6');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  await page.getByTestId('experiment-open').click();
  await expect(page.getByTestId('experiment-panel')).toBeVisible();
  await expect(page.getByTestId('experiment-ssl').locator('option')).toHaveText(['SwAV', 'MoCo v2', 'masked-image modelling (dense, control)']);
  await page.getByTestId('experiment-ssl').selectOption(method);
  // 10 steps per arm and 2 paired seeds keep it short (the default budget is equal epochs, 3 seeds)
  await page.getByTestId('experiment-budget-steps').check();
  await page.getByTestId('experiment-budget').fill('10');
  await page.getByTestId('experiment-seeds').fill('2');
  await expect(page.locator('[data-testid=experiment-arm]:checked')).toHaveCount(2);
}

for (const method of ['moco', 'mim'] as const) {
  test(`a short ${method} experiment runs to its results and exports an encoder that names its method`, async ({ page }) => {
    const seen = watchPage(page);
    await setUp(page, method);
    await expect(page.locator('.exp-preset-note')).toContainText(method === 'moco' ? /queue 32, τ 0\.2/ : /4-px patches, 60% masked/);
    await page.screenshot({ path: shotPath(`experiments-${method}-setup.png`) });
    await page.getByTestId('experiment-start').click();
    const rows = page.getByTestId('experiment-result-row');
    await expect(page.getByTestId('experiment-open-record')).toHaveAttribute('data-status', 'done', { timeout: EXPERIMENT_MS });
    const texts = await rows.allTextContents();
    expect(texts.length).toBe(3);
    for (const t of texts) expect(t).toMatch(MEAN_CI);
    await expect(page.getByTestId('experiment-comparison')).toHaveCount(3);
    await page.getByTestId('experiment-results').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shotPath(`experiments-${method}-results.png`) });
    const download = page.waitForEvent('download');
    await page.getByTestId('experiment-export-encoder').click();
    const zip = unzipSync(new Uint8Array(await readFile((await (await download).path())!)));
    const info = JSON.parse(new TextDecoder().decode(zip['encoder/ctsieve-encoder.json']));
    expect(info).toMatchObject({ arch: 'tiny', channels: 1, featureDim: 8, provenance: { config: { method } } });
    expect(zip['encoder.safetensors']).toBeDefined();
    expect(seen.errors).toEqual([]);
  });
}
