/**
 * What a new user hit (issue 24): the viewer counts slices from 1 and shows orientation markers and
 * a scale bar; the dataset view names series by description (UID on hover), sorts from the whole
 * header cell, and has a totals row. Screenshots go to test-results/ for people to look at.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { keptCount, openApp, shotPath, watchPage } from './helpers';

/** The texts the viewer's SVG overlays draw. */
const overlayTexts = (page: Page, testId = 'viewer') => page.getByTestId(testId).locator('svg text').allTextContents();

test.describe('viewer', () => {
  test('slices count from 1 ("slice 55 / 108"), the index stays beside it', async ({ page }) => {
    await openApp(page, '?sample=head-ct&slice=54');
    await expect(page.getByTestId('slice-position')).toContainText('slice 55 / 108');
    await expect(page.getByTestId('slice-index')).toHaveText('54');
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('Home');
    await expect(page.getByTestId('slice-position')).toContainText('slice 1 / 108');
  });

  test('a DICOM series shows orientation markers (R L A P for axial) and a scale bar that follows zoom', async ({ page }) => {
    const seen = watchPage(page);
    await openApp(page, '?sample=head-ct-dicom');
    await expect.poll(async () => (await overlayTexts(page)).filter((t) => /^[RLAPSI]$/.test(t.trim())).sort()).toEqual(['A', 'L', 'P', 'R']);
    const scale = async () => (await overlayTexts(page)).find((t) => /^\d+(\.\d+)? (mm|cm)$/.test(t.trim()));
    await expect.poll(scale).toBeTruthy();
    const before = await scale();
    await page.screenshot({ path: shotPath('newuser-viewer-markers.png') });
    // Zoom in (right drag up): the bar's length in mm must shrink or stay within the quarter width.
    const box = (await page.getByTestId('viewer').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 200, { steps: 8 });
    await page.mouse.up({ button: 'right' });
    await expect.poll(scale).not.toBe(before);
    expect(seen.errors).toEqual([]);
  });

  test('a NIfTI volume (orientation not applied) shows the scale bar but no orientation letters', async ({ page }) => {
    await openApp(page, '?sample=head-ct');
    await expect.poll(async () => (await overlayTexts(page)).some((t) => /^\d+(\.\d+)? (mm|cm)$/.test(t.trim()))).toBe(true);
    expect((await overlayTexts(page)).filter((t) => /^[RLAPSI]$/.test(t.trim()))).toEqual([]);
  });
});

test.describe('dataset view', () => {
  let base: string;
  test.beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'ctsieve-e2e-newuser-'));
    mkdirSync(join(base, 'tree/nifti'), { recursive: true });
    cpSync('tests/fixtures/nifti/n1_int16.nii', join(base, 'tree/nifti/a.nii'));
    cpSync('tests/fixtures/metaimage_nrrd/n1_int16.mha', join(base, 'tree/b.mha'));
    cpSync('tests/fixtures/dicom/series_shuffled', join(base, 'tree/dicom/series'), { recursive: true });
  });
  test.afterAll(() => rmSync(base, { recursive: true, force: true }));

  test('series by description with the UID on hover, whole header cells sort, a totals row', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, '?sample=head-ct&method=hash&t=6');
    await page.getByTestId('dataset-folder-input').setInputFiles(join(base, 'tree'));
    const rows = page.getByTestId('dataset-row');
    await expect(rows).toHaveCount(3);
    await expect(page.getByTestId('dataset-status')).toContainText(/reduced with hash ≤ 6/, { timeout: 60_000 });
    const dicom = page.locator('[data-testid="dataset-row"][data-key^="dicom:"] td').first();
    await expect(dicom).toHaveText('SmartScore - Gated 0.5 sec — dicom/series');
    await expect(dicom).not.toContainText('1.3.6');
    await expect(dicom).toHaveAttribute('title', /^dicom:1\.3\.6/);
    // Totals: 3 volumes, 4 + 4 + 5 slices, kept and kept % over all of them.
    await expect(page.getByTestId('dataset-totals')).toContainText('3 volumes');
    await expect(page.getByTestId('dataset-total-slices')).toHaveText('13');
    await expect(page.getByTestId('dataset-total-kept')).toHaveText(/^\d+ kept · \d+\.\d %$/);
    // The header cell's far right (away from its text) sorts too: it is all the button.
    const header = page.getByTestId('dataset-sort-slices').locator('..');
    const hb = (await header.boundingBox())!;
    await page.mouse.click(hb.x + hb.width - 4, hb.y + hb.height / 2);
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await expect(rows.last()).toHaveAttribute('data-key', /^dicom:/);
    await page.screenshot({ path: shotPath('newuser-dataset.png') });
  });
});

test.describe('layout', () => {
  /** The element lies wholly inside the window and inside `clip` (a scrolling row). */
  async function whollyVisible(page: Page, testIdOrLocator: ReturnType<Page['locator']>, clip?: ReturnType<Page['locator']>): Promise<boolean> {
    const b = await testIdOrLocator.boundingBox();
    const size = page.viewportSize()!;
    if (!b || b.x < 0 || b.y < 0 || b.x + b.width > size.width + 0.5 || b.y + b.height > size.height + 0.5) return false;
    if (!clip) return true;
    const c = (await clip.boundingBox())!;
    return b.x >= c.x - 0.5 && b.x + b.width <= c.x + c.width + 0.5;
  }

  test('two DICOM tabs at 1280–1920 px: both tabs and their × in view; down to 1200 px the backend badge and "?" in view', async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 900 });
    await openApp(page, '?sample=head-ct-dicom');
    await page.getByTestId('folder-input').setInputFiles('tests/fixtures/dicom/series_shuffled');
    const tabs = page.getByTestId('volume-list');
    await expect(tabs.getByRole('tab')).toHaveCount(2, { timeout: 60_000 });
    await expect(page.getByTestId('backend-badge')).not.toHaveText('backend…', { timeout: 60_000 });
    for (const width of [1920, 1600, 1440, 1280, 1200]) {
      await page.setViewportSize({ width, height: 900 });
      // From 1280 px both tabs fit whole; narrower, the row may scroll.
      for (let i = 0; i < (width >= 1280 ? 2 : 0); i++) {
        expect(await whollyVisible(page, tabs.getByRole('tab').nth(i), tabs), `tab ${i} at ${width} px`).toBe(true);
        expect(await whollyVisible(page, tabs.locator('.tab-close').nth(i), tabs), `× of tab ${i} at ${width} px`).toBe(true);
      }
      expect(await whollyVisible(page, page.getByTestId('backend-badge')), `backend badge at ${width} px`).toBe(true);
      expect(await whollyVisible(page, page.getByTestId('help-button')), `"?" at ${width} px`).toBe(true);
      if ([1280, 1440, 1920].includes(width)) await page.screenshot({ path: shotPath(`newuser-layout-${width}.png`) });
    }
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('title', /compute backend \(TensorFlow\.js\): \S+/);
  });
});

test.describe('after a reload', () => {
  test('the method comparison shows every cached result (SSIM and NMI beside HASH), not only the method on screen', async ({ page }) => {
    test.setTimeout(300_000);
    await openApp(page, '?sample=head-ct&method=nmi&t=1.5');
    await page.getByTestId('compute-button').click();
    await keptCount(page);
    await page.getByTestId('method-select').selectOption('ssim');
    await page.getByTestId('compute-button').click();
    await keptCount(page);
    await page.getByTestId('method-select').selectOption('hash');
    await page.getByTestId('compute-button').click();
    await keptCount(page);
    const compare = page.getByTestId('compare-panel');
    await expect(compare).toContainText('SSIM');
    await page.goto('/?sample=head-ct&method=hash&t=6');
    await keptCount(page); // HASH from the cache
    for (const name of ['HASH', 'SSIM', 'NMI', 'EveryN']) await expect(compare).toContainText(name, { timeout: 60_000 });
    await page.locator('.panel.features').screenshot({ path: shotPath('newuser-compare-after-reload.png') });
  });
});
