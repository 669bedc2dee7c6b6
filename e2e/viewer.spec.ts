import { expect, test } from '@playwright/test';
import { clickStrip, keptCount, openApp, shotPath, stripMarks, viewerPixelStats, watchPage } from './helpers';

/** Mean colour of a region of the viewer (from a screenshot), to check overlay frame colours. */
async function frameColour(page: import('@playwright/test').Page): Promise<[number, number, number]> {
  const png = await page.getByTestId('viewer').screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = new OffscreenCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    // the frame runs along the edges; sample the left edge, a few px in, over the middle half
    const { data } = ctx.getImageData(2, Math.floor(img.height / 4), 3, Math.floor(img.height / 2));
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += data[i + c];
    const count = data.length / 4;
    return [sum[0] / count, sum[1] / count, sum[2] / count] as [number, number, number];
  }, png.toString('base64'));
}

test('overlay marks the slice kept or dropped; side by side shows the representative at the same window', async ({ page }) => {
  const seen = watchPage(page);
  await openApp(page, '?sample=head-ct&method=hash&t=6&slice=54');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  const marks = await stripMarks(page);
  const kept = marks.indexOf('kept');
  const dropped = marks.indexOf('dropped');
  expect(kept).toBeGreaterThanOrEqual(0);
  expect(dropped).toBeGreaterThanOrEqual(0);

  await clickStrip(page, kept);
  await expect(page.getByTestId('slice-index')).toHaveText(String(kept));
  await expect(page.getByTestId('viewer')).toContainText('KEPT');
  await expect.poll(async () => { const [r, g] = await frameColour(page); return g - r; }).toBeGreaterThan(60);
  await page.screenshot({ path: shotPath('overlay-kept.png') });

  await clickStrip(page, dropped);
  await expect(page.getByTestId('slice-index')).toHaveText(String(dropped));
  await expect(page.getByTestId('viewer')).toContainText('DROPPED');
  await expect.poll(async () => { const [r, g] = await frameColour(page); return r - g; }).toBeGreaterThan(60);
  await page.screenshot({ path: shotPath('overlay-dropped.png') });

  await page.getByTestId('viewer').getByText('DROPPED').waitFor();
  await page.locator('body').click({ position: { x: 5, y: 880 } });
  await page.keyboard.press('2'); // lung window
  await expect(page.getByTestId('window-level')).toHaveText('W 1500 L -600');
  await page.keyboard.press('s');
  await expect(page.getByTestId('side-by-side')).toContainText(/dropped #\d+ ≈ kept #\d+, score \d+/);
  await expect.poll(async () => (await viewerPixelStats(page, 'compare-viewport')).std).toBeGreaterThan(10);
  const main = await viewerPixelStats(page, 'viewer');
  const compare = await viewerPixelStats(page, 'compare-viewport');
  // same window on both panes: a near-identical slice renders with similar brightness
  expect(Math.abs(main.mean - compare.mean)).toBeLessThan(25);
  await page.screenshot({ path: shotPath('side-by-side.png') });
  expect(seen.errors).toEqual([]);
});

test('window/level by drag and presets; zoom by right drag changes the picture', async ({ page }) => {
  await openApp(page, '?sample=head-ct');
  const viewer = page.getByTestId('viewer');
  const box = (await viewer.boundingBox())!;
  const before = await viewerPixelStats(page);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId('window-level')).not.toHaveText('W/L default');
  await page.getByRole('button', { name: 'bone' }).click();
  await expect(page.getByTestId('window-level')).toHaveText('W 2500 L 480');
  await expect(page).toHaveURL(/wl=480%2C2500/);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 150, { steps: 6 });
  await page.mouse.up({ button: 'right' });
  await expect.poll(async () => Math.abs((await viewerPixelStats(page)).nonBlack - before.nonBlack)).toBeGreaterThan(0.02);
  const zoomed = (await viewerPixelStats(page)).nonBlack;
  await page.keyboard.press('r');
  await expect.poll(async () => Math.abs((await viewerPixelStats(page)).nonBlack - zoomed)).toBeGreaterThan(0.02);
});

test('?sample= loads another bundled sample; loaded volumes can be switched', async ({ page }) => {
  await openApp(page, '?sample=stent-cta');
  await expect(page.getByTestId('volume-list')).toContainText('stent-cta');
  await expect(page.getByTestId('slice-index')).toHaveText('128');
  await expect(page.getByText(/128×128×256/)).toBeVisible();
  await page.getByTestId('sample-select').selectOption('head-ct-dicom');
  await expect(page.getByTestId('volume-list').getByRole('tab')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByText(/256×256×108/)).toBeVisible();
  await page.getByTestId('volume-list').getByRole('tab').first().click();
  await expect(page.getByText(/128×128×256/)).toBeVisible();
  await expect.poll(async () => (await viewerPixelStats(page)).std).toBeGreaterThan(10);
});

test('a bad file shows an error naming it, and the app keeps working', async ({ page }) => {
  await openApp(page, '?sample=head-ct');
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])], 'broken-scan.nii', { type: 'application/octet-stream' }));
    return dt;
  });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByTestId('load-error')).toContainText('broken-scan.nii');
  await page.getByTestId('file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('load-error')).toHaveCount(2);
  await expect(page.getByTestId('load-error').nth(1)).toContainText('notes.txt');
  // still usable
  await page.locator('body').click({ position: { x: 5, y: 880 } });
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('slice-index')).toHaveText('55');
  await page.getByTestId('load-error').first().getByRole('button', { name: 'dismiss' }).click();
  await expect(page.getByTestId('load-error')).toHaveCount(1);
});

test('the window in the URL survives loading the volume', async ({ page }) => {
  await openApp(page, '?sample=head-ct&wl=40,120');
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('window-level')).toHaveText('W 120 L 40');
  await expect(page).toHaveURL(/wl=40%2C120/);
});

test('opening a DICOM folder with the folder picker adds its series', async ({ page }) => {
  await openApp(page, '?sample=stent-cta');
  await page.getByTestId('folder-input').setInputFiles('public/samples/head-ct-dicom');
  await expect(page.getByTestId('volume-list').getByRole('tab')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByText(/256×256×108/)).toBeVisible();
  await expect.poll(async () => (await viewerPixelStats(page)).std).toBeGreaterThan(10);
});
