/**
 * What a new user hit first (issue 16, items 2–6): overrides kept across reloads and imports,
 * a threshold field that lets you type, sliders that keep their keys, leader without keep %,
 * many volumes, errors that do not pile up, and the smaller items. Screenshots: shotPath('ux-*').
 */
import { readFile } from 'node:fs/promises';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { keptCount, openApp, shotPath, watchPage } from './helpers';
import { syntheticNifti } from './syntheticNifti';

const bodyClick = (page: Page) => page.locator('body').click({ position: { x: 5, y: 880 } });

async function exportManifest(page: Page): Promise<Record<string, unknown> & { volumes: { slices: { override?: string }[] }[] }> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-manifest').click();
  return JSON.parse(await readFile((await (await download).path())!, 'utf8'));
}

test.describe('overrides', () => {
  test('survive a reload, can be undone (button and Ctrl+Z), and an import asks before replacing them', async ({ page }) => {
    const seen = watchPage(page);
    await openApp(page, '?sample=head-ct&method=everyn&t=10&slice=21');
    await expect(page.getByTestId('kept-count')).toHaveText('11 / 108');
    await bodyClick(page);
    await page.keyboard.press('k'); // slice 21: keep
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('k'); // 22: keep
    await expect(page.getByTestId('kept-count')).toHaveText('13 / 108');
    await expect(page.getByTestId('undo-override')).toContainText('keep slice 22');
    await page.getByTestId('undo-override').click();
    await expect(page.getByTestId('kept-count')).toHaveText('12 / 108');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('d'); // 23: drop (EveryN drops it anyway, but it is an override)
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('k'); // 24: keep
    await expect(page.getByTestId('kept-count')).toHaveText('13 / 108');
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('kept-count')).toHaveText('12 / 108');
    await expect(page.getByTestId('slice-strip')).toHaveAttribute('data-overrides', '21:keep,23:drop');

    // a reload keeps them (IndexedDB by voxelSha256) and says so
    await page.waitForTimeout(500);
    await page.reload();
    await expect(page.getByTestId('kept-count')).toHaveText('12 / 108', { timeout: 60_000 });
    await expect(page.getByTestId('slice-strip')).toHaveAttribute('data-overrides', '21:keep,23:drop');
    await expect(page.getByTestId('load-notice')).toContainText('restored 2 reviewer override');
    await page.screenshot({ path: shotPath('ux-overrides-restored.png') });

    // an exported manifest, then a different set of own overrides, then the import: asked first
    const manifest = await exportManifest(page);
    await bodyClick(page);
    await page.keyboard.press('Home');
    await page.keyboard.press('k'); // 0 is kept by EveryN anyway: an override only in mine
    await page.keyboard.press('End');
    await page.keyboard.press('k'); // 107: keep (only mine)
    await expect(page.getByTestId('kept-count')).toHaveText('13 / 108');
    await page.getByTestId('import-manifest-input').setInputFiles({ name: 'colleague.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(manifest)) });
    const dialog = page.getByTestId('override-import-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('colleague.json');
    await expect(page.getByTestId('override-import-plan')).toContainText('2 only yours');
    await page.screenshot({ path: shotPath('ux-override-import-question.png') });
    await page.getByTestId('override-import-merge').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('override-import-status')).toContainText('merged');
    await expect(page.getByTestId('slice-strip')).toHaveAttribute('data-overrides', '0:keep,21:keep,23:drop,107:keep');
    // replace, then take it back
    await page.getByTestId('import-manifest-input').setInputFiles({ name: 'colleague.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(manifest)) });
    await page.getByTestId('override-import-replace').click();
    await expect(page.getByTestId('slice-strip')).toHaveAttribute('data-overrides', '21:keep,23:drop');
    await page.getByTestId('undo-override').click();
    await expect(page.getByTestId('slice-strip')).toHaveAttribute('data-overrides', '0:keep,21:keep,23:drop,107:keep');
    expect(seen.errors).toEqual([]);
  });
});

test.describe('threshold field and slider', () => {
  test('holds text while typing: select all + Backspace, 12, and a minus sign for cosine', async ({ page }) => {
    await openApp(page, '?sample=head-ct&method=hash&t=6');
    await page.getByTestId('compute-button').click();
    await keptCount(page);
    const field = page.getByTestId('threshold-input');
    await field.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    await expect(field).toHaveValue('');
    await page.keyboard.type('12');
    await expect(field).toHaveValue('12');
    await expect(page).toHaveURL(/t=12/);
    await page.keyboard.press('Enter');
    await expect(field).toHaveValue('12');
    // a value out of range is held until Enter, then clamped
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('70');
    await expect(field).toHaveValue('70');
    await page.keyboard.press('Tab');
    await expect(field).toHaveValue('64');

    await page.getByTestId('method-select').selectOption('deepnet');
    await field.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('-0.5');
    await expect(field).toHaveValue('-0.5');
    await expect(page).toHaveURL(/t=-0\.5/);
    await page.screenshot({ path: shotPath('ux-threshold-minus.png') });
  });

  test('the focused slider takes the arrow keys; the slice stays where it is', async ({ page }) => {
    await openApp(page, '?sample=head-ct&method=hash&t=6&slice=40');
    const slider = page.getByTestId('threshold-slider');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    await expect(page.getByTestId('threshold-input')).toHaveValue('8');
    await expect(page.getByTestId('slice-index')).toHaveText('40');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('threshold-input')).toHaveValue('7');
    await expect(page.getByTestId('slice-index')).toHaveText('40');
  });
});

test('leader has no keep %: the toggle is off with the reason, and the URL combination is refused', async ({ page }) => {
  await openApp(page, '?sample=head-ct&method=hash&algo=leader&keep=10');
  await expect(page.getByTestId('load-error')).toContainText('leader has no keep-% mode');
  await expect(page.getByRole('radio', { name: 'keep %' })).toBeDisabled();
  await expect(page.getByRole('radio', { name: 'threshold' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('leader-note')).toContainText('CLI refuses');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  const manifest = await exportManifest(page);
  expect(manifest.algorithm).toBe('leader');
  await page.getByTestId('algorithm-select').selectOption('greedy');
  await page.getByRole('radio', { name: 'keep %' }).click();
  await page.getByTestId('algorithm-select').selectOption('leader');
  await expect(page.getByRole('radio', { name: 'threshold' })).toHaveAttribute('aria-checked', 'true');
  await page.screenshot({ path: shotPath('ux-leader-no-keep.png') });
});

test.describe('many volumes', () => {
  test('tabs scroll with the active one in view, close, do not duplicate, and DICOM tabs read the series description', async ({ page }) => {
    await openApp(page, '?sample=head-ct');
    const files = Array.from({ length: 8 }, (_, k) => ({
      name: `patient-study-${k}-with-a-really-long-descriptive-file-name-series-${k}.nii`,
      mimeType: 'application/octet-stream',
      buffer: syntheticNifti(12, 16, 16, 100 + k),
    }));
    await page.getByTestId('file-input').setInputFiles(files);
    const tabs = page.getByTestId('volume-list').getByRole('tab');
    await expect(tabs).toHaveCount(9, { timeout: 60_000 });
    // the page is not wider than the window, and the active tab is visible
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1400);
    const active = page.getByTestId('volume-list').getByRole('tab', { selected: true });
    await expect(active).toBeInViewport();
    await page.screenshot({ path: shotPath('ux-many-tabs.png') });

    // the same files again: no duplicates
    await page.getByTestId('file-input').setInputFiles(files.slice(0, 1));
    await expect(page.getByTestId('load-notice').last()).toContainText('already open');
    await expect(tabs).toHaveCount(9);
    // close one
    await page.getByRole('button', { name: /^close patient-study-3-/ }).click();
    await expect(tabs).toHaveCount(8);
    await expect(page.getByTestId('volume-list')).not.toContainText('patient-study-3-');

    await page.getByTestId('folder-input').setInputFiles('public/samples/head-ct-dicom');
    await expect(tabs).toHaveCount(9, { timeout: 60_000 });
    await expect(active).toContainText("Head CT (InVesalius example 'Cranium') #1");
    await expect(page.getByTestId('volume-list')).not.toContainText('1.2.826.0.1.3680043');
    await expect(active).toBeInViewport();
  });

  test('a pile of errors: capped list, dismiss all, each file named once', async ({ page }) => {
    await openApp(page, '?sample=head-ct');
    const viewerBefore = (await page.getByTestId('viewer').boundingBox())!.height;
    // a folder of 14 broken DICOM files beside one good series: each broken file is skipped with its reason
    const bad = Array.from({ length: 14 }, (_, k) => ({ name: `broken-${k}.dcm`, mimeType: 'application/dicom', buffer: Buffer.from(`junk ${k}`) }));
    const dir = 'tests/fixtures/dicom/series_shuffled';
    const good = await Promise.all(readdirSync(dir).map(async (f) => ({ name: f, mimeType: 'application/dicom', buffer: await readFile(join(dir, f)) })));
    await page.getByTestId('file-input').setInputFiles([...bad, ...good]);
    await expect(page.getByTestId('load-error')).toHaveCount(14);
    const viewerAfter = (await page.getByTestId('viewer').boundingBox())!.height;
    expect(viewerAfter).toBeGreaterThan(viewerBefore - 140);
    for (const row of await page.getByTestId('load-error').all()) {
      const text = (await row.textContent()) ?? '';
      const name = text.match(/broken-\d+\.dcm/)?.[0];
      if (name) expect(text.split(name).length - 1).toBe(1);
    }
    await page.screenshot({ path: shotPath('ux-error-pile.png') });
    await page.getByTestId('dismiss-all-errors').click();
    await expect(page.getByTestId('error-list')).toBeHidden();
  });
});

test.describe('smaller items', () => {
  test('?sample=nope is an error and Compute is not "Computed ✓"; a path is an unknown sample, and nothing else opens', async ({ page }) => {
    await page.goto('/?sample=nope');
    await expect(page.getByTestId('load-error')).toContainText('no bundled sample named "nope"');
    await expect(page.getByTestId('compute-button')).toBeDisabled();
    await expect(page.getByTestId('compute-button')).not.toContainText('Computed');
    await page.goto('/?sample=../../etc/passwd');
    await expect(page.getByTestId('load-error')).toContainText('unknown sample');
    await page.waitForTimeout(1500);
    await expect(page.getByTestId('volume-list')).toHaveCount(0);
    await page.screenshot({ path: shotPath('ux-unknown-sample.png') });
  });

  test('an empty folder says so; two series in one pick are announced', async ({ page }) => {
    await openApp(page, '?sample=head-ct');
    const empty = mkdtempSync(join(tmpdir(), 'ctsieve-empty-'));
    await page.getByTestId('folder-input').setInputFiles(empty);
    await expect(page.getByTestId('load-error')).toContainText('the folder is empty');
    const dir = 'tests/fixtures/dicom/series_shuffled';
    await page.getByTestId('file-input').setInputFiles([...readdirSync(dir).map((f) => join(dir, f)), 'tests/fixtures/dicom/MR_small.dcm']);
    await expect(page.getByTestId('load-notice')).toContainText('holds 2 DICOM series, opened as 2 tabs');
    await expect(page.getByTestId('volume-list').getByRole('tab')).toHaveCount(3);
  });

  test('an import for another volume is not reported as imported', async ({ page }) => {
    await openApp(page, '?sample=head-ct&method=everyn&t=10');
    const manifest = await exportManifest(page);
    const other = { ...manifest, volumes: manifest.volumes.map((v) => ({ ...v, voxelSha256: '0'.repeat(64) })) };
    await page.getByTestId('import-manifest-input').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) });
    await expect(page.getByTestId('load-error')).toContainText('no loaded volume has these voxels');
    const status = page.getByTestId('export-status');
    await expect(status).toContainText('matches no loaded volume');
    await expect(status).not.toHaveClass(/ct-done/);
  });

  test('a heatmap click opens the pair side by side; the comparison honours overrides and fits; a reload shows the cached result', async ({ page }) => {
    await openApp(page, '?sample=head-ct&method=hash&t=6&slice=30');
    await page.getByTestId('compute-button').click();
    const [kept] = await keptCount(page);
    await bodyClick(page);
    await page.keyboard.press('Shift+N'); // the next dropped slice
    await page.keyboard.press('k');
    await expect(page.getByTestId('kept-count')).toHaveText(new RegExp(`^${kept + 1} / 108$`));
    // the HASH row of the comparison counts the override like the kept count
    const compare = page.getByTestId('compare-panel');
    await expect(compare.getByTestId('compare-strip-0')).toHaveAttribute('data-kept-count', String(kept + 1));
    const panel = (await page.locator('.panel.features').boundingBox())!;
    const table = (await compare.getByTestId('compare-table').boundingBox())!;
    expect(table.x + table.width).toBeLessThanOrEqual(panel.x + panel.width - 4);
    await page.locator('.panel.features').screenshot({ path: shotPath('ux-compare-panel.png') });

    const canvas = page.getByTestId('heatmap-canvas');
    const box = (await canvas.boundingBox())!;
    // cell (i = 80, j = 20): row 80, column 20 of the 108 × 108 matrix
    await canvas.click({ position: { x: ((20 + 0.5) / 108) * box.width, y: ((80 + 0.5) / 108) * box.height } });
    await expect(page.getByTestId('side-by-side-caption')).toContainText(/pair #80 ↔ #20/);
    await expect(page.getByTestId('slice-index')).toHaveText('80');
    await page.screenshot({ path: shotPath('ux-heatmap-pair.png') });

    await page.reload();
    await expect(page.getByTestId('kept-count')).toHaveText(new RegExp(`^${kept + 1} / 108$`), { timeout: 60_000 });
    await expect(page.getByTestId('result-source')).toContainText('from cache');
  });
});

test('exports default to paths relative to the opened folder, and can pseudonymise folder names', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'ctsieve-paths-'));
  const series = join(root, 'Smith_John', 'CT_HEAD');
  mkdirSync(series, { recursive: true });
  const dir = 'tests/fixtures/dicom/series_shuffled';
  for (const f of readdirSync(dir)) copyFileSync(join(dir, f), join(series, f));
  await openApp(page, '?sample=head-ct&method=everyn&t=2');
  await page.getByTestId('folder-input').setInputFiles(join(root, 'Smith_John'));
  await expect(page.getByText(/16×16×5/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('export-paths')).toHaveValue('relative');
  await expect(page.getByTestId('export-manifest')).toBeEnabled();
  const relative = await exportManifest(page);
  const files = (m: typeof relative) => m.volumes[0].slices.map((s) => (s as { file?: string }).file);
  expect(files(relative).every((f) => f?.startsWith('CT_HEAD/IM_'))).toBe(true);
  expect(JSON.stringify(relative)).not.toContain('Smith_John');

  await page.getByTestId('export-paths').selectOption('pseudonymised');
  await expect(page.getByTestId('export-manifest')).toBeEnabled();
  const pseudonymised = await exportManifest(page);
  expect(files(pseudonymised).every((f) => /^folder-[0-9a-f]{10}\/IM_[a-e]\.dcm$/.test(f ?? ''))).toBe(true);
  expect(JSON.stringify(pseudonymised)).not.toMatch(/Smith_John|CT_HEAD/);
  await page.locator('.panel.controls').screenshot({ path: shotPath('ux-export-paths.png') });
  // the same folder gets the same pseudonym again (stable per browser profile)
  expect(files(await exportManifest(page))).toEqual(files(pseudonymised));

  await page.getByTestId('export-paths').selectOption('as-opened');
  expect(files(await exportManifest(page)).every((f) => f?.startsWith('Smith_John/CT_HEAD/'))).toBe(true);
});

test('2,000 slices: the strip aggregates slices per pixel row, kept slices stay visible', async ({ page }) => {
  await openApp(page, '?sample=head-ct&method=hash&t=6');
  await page.getByTestId('file-input').setInputFiles({ name: 'long-2000.nii', mimeType: 'application/octet-stream', buffer: syntheticNifti(2000, 16, 16, 11) });
  await expect(page.getByText(/16×16×2000/)).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('compute-button').click();
  const [kept, n] = await keptCount(page);
  expect(n).toBe(2000);
  const strip = page.getByTestId('slice-strip');
  // every pixel row of the canvas is one flat colour (no sub-pixel smear), and green rows are there
  const rows = await strip.evaluate((el: HTMLCanvasElement) => {
    const ctx = el.getContext('2d')!;
    const { data, width, height } = ctx.getImageData(0, 0, el.width, el.height);
    let green = 0;
    for (let y = 0; y < height; y++) {
      const i = (y * width + Math.floor(width / 2)) * 4;
      if (data[i + 1] > data[i] + 40) green++;
    }
    return { height, green };
  });
  expect(rows.height).toBeLessThan(n);
  expect(rows.green).toBeGreaterThan(Math.min(kept, rows.height) / 4);
  await page.getByTestId('viewer').locator('..').locator('..').screenshot({ path: shotPath('ux-strip-2000.png') });
});

test('the kept-vs-threshold curve is the leader loop’s own when leader is chosen, the greedy walk’s otherwise', async ({ page }) => {
  await openApp(page, '?sample=head-ct&method=hash&algo=leader&t=6');
  await page.getByTestId('compute-button').click();
  const curveKept = async () => Math.round(Number(await page.getByTestId('curve-current').getAttribute('data-kept')) * 108);
  const panel = page.getByTestId('curve-panel');
  await expect(panel.getByRole('heading')).toHaveText('Kept vs threshold (leader loop)');
  const [leaderKept] = await keptCount(page);
  expect(await curveKept()).toBe(leaderKept);
  await panel.screenshot({ path: shotPath('ux-leader-curve.png') });
  await page.getByTestId('algorithm-select').selectOption('greedy');
  await expect(panel.getByRole('heading')).toHaveText('Kept vs threshold');
  const [greedyKept] = await keptCount(page);
  expect(await curveKept()).toBe(greedyKept);
});
