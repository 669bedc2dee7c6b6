/**
 * What a new user hit (issue 24): the viewer counts slices from 1 and shows orientation markers and
 * a scale bar; the dataset view names series by description (UID on hover), sorts from the whole
 * header cell, and has a totals row. Screenshots go to test-results/ for people to look at.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, shotPath, watchPage } from './helpers';

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
