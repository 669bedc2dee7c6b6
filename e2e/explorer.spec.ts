import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { keptCount, openApp, stripMarks, watchPage } from './helpers';

async function setThreshold(page: Page, value: number): Promise<void> {
  await page.getByTestId('threshold-input').fill(String(value));
}

test('compute HASH, move the threshold, see kept count and strip follow, export a matching manifest', async ({ page }) => {
  const seen = watchPage(page);
  await openApp(page, '?sample=head-ct');
  await page.getByTestId('method-select').selectOption('hash');
  await page.getByTestId('compute-button').click();
  const [kept6, n] = await keptCount(page);
  expect(n).toBe(108);
  expect(kept6).toBeGreaterThan(0);
  expect(kept6).toBeLessThan(n);
  await expect(page.getByTestId('backend-badge')).toContainText('webgpu');

  const marks6 = await stripMarks(page);
  expect(marks6).toHaveLength(n);
  expect(marks6.filter((m) => m === 'kept')).toHaveLength(kept6);

  await setThreshold(page, 12);
  await expect.poll(async () => (await keptCount(page))[0]).toBeLessThan(kept6);
  const [kept12] = await keptCount(page);
  expect((await stripMarks(page)).filter((m) => m === 'kept')).toHaveLength(kept12);
  await setThreshold(page, 0);
  await expect.poll(async () => (await keptCount(page))[0]).toBeGreaterThan(kept6);
  await setThreshold(page, 6);
  await expect.poll(async () => (await keptCount(page))[0]).toBe(kept6);
  await expect(page).toHaveURL(/method=hash.*t=6/);

  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('export-manifest').click();
  const download = await downloadPromise;
  const manifest = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(manifest.schema).toBe('ctsieve-manifest/1');
  expect(manifest.method).toBe('hash');
  expect(manifest.params).toMatchObject({ threshold: 6, thresholdMeaning: 'maxDistance' });
  expect(manifest.volumes).toHaveLength(1);
  const volume = manifest.volumes[0];
  expect(volume.n).toBe(n);
  expect(volume.kept).toHaveLength(kept6);
  expect(volume.voxelSha256).toMatch(/^[0-9a-f]{64}$/);
  const stripKept = (await stripMarks(page)).flatMap((m, i) => (m === 'kept' ? [i] : []));
  expect(volume.kept).toEqual(stripKept);
  expect(JSON.stringify(manifest)).not.toMatch(/patientName|patientId|birthDate|accessionNumber/);

  // a reviewer override is exported flagged, and importing the manifest restores settings and overrides
  await page.locator('body').click({ position: { x: 5, y: 880 } });
  await page.keyboard.press('Home');
  await page.keyboard.press('d');
  await expect(page.getByTestId('kept-count')).toHaveText(`${kept6 - 1} / ${n}`);
  const withOverride = page.waitForEvent('download');
  await page.getByTestId('export-manifest').click();
  const overridden = JSON.parse(await readFile((await (await withOverride).path())!, 'utf8'));
  expect(overridden.volumes[0].slices[0]).toMatchObject({ index: 0, kept: false, override: 'drop' });
  await page.keyboard.press('c');
  await setThreshold(page, 12);
  await page.getByTestId('import-manifest-input').setInputFiles({ name: 'reviewed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(overridden)) });
  await expect(page.getByTestId('threshold-input')).toHaveValue('6');
  await expect(page.getByTestId('kept-count')).toHaveText(`${kept6 - 1} / ${n}`);
  expect(seen.foreignRequests).toEqual([]);
  expect(seen.errors).toEqual([]);
});

test('keyboard: navigation, kept/dropped stepping, overrides and help', async ({ page }) => {
  await openApp(page, '?sample=head-ct&slice=10');
  const slice = page.getByTestId('slice-index');
  await expect(slice).toHaveText('10');
  await page.locator('body').click({ position: { x: 5, y: 880 } });
  await page.keyboard.press('ArrowDown');
  await expect(slice).toHaveText('11');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(slice).toHaveText('9');
  await page.keyboard.press('PageDown');
  await expect(slice).toHaveText('19');
  await page.keyboard.press('End');
  await expect(slice).toHaveText('107');
  await page.keyboard.press('Home');
  await expect(slice).toHaveText('0');
  await page.getByTestId('viewer').hover();
  await page.mouse.wheel(0, 100);
  await expect(slice).toHaveText('1');

  await page.getByTestId('method-select').selectOption('everyn');
  await setThreshold(page, 10);
  await expect(page.getByTestId('kept-count')).toHaveText('11 / 108');
  await page.locator('body').click({ position: { x: 5, y: 880 } });
  await page.keyboard.press('n');
  await expect(slice).toHaveText('10');
  await page.keyboard.press('Shift+N');
  await expect(slice).toHaveText('11');
  await page.keyboard.press('p');
  await expect(slice).toHaveText('10');

  await page.keyboard.press('d');
  await expect(page.getByTestId('kept-count')).toHaveText('10 / 108');
  await expect(page.getByTestId('slice-strip')).toHaveAttribute('data-overrides', '10:drop');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('k');
  await expect(page.getByTestId('kept-count')).toHaveText('11 / 108');
  await page.keyboard.press('c');
  await expect(page.getByTestId('kept-count')).toHaveText('10 / 108');

  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await expect(page.getByTestId('help-overlay')).toContainText('force-keep');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toBeHidden();
});
