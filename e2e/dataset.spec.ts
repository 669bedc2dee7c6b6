/**
 * The dataset view: open a folder of many volumes (reduced one by one in the app), a merged dataset
 * manifest from `ctsieve dataset merge`, or a folder holding one; sort, histogram, and a row opens
 * that volume in the explorer with its kept set — the same kept sets as the CLI.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp, shotPath, watchPage } from './helpers';

interface MergedManifest { volumes: { id: string; n: number; kept: number[] }[] }

let base: string;
let tree: string;
let manifestPath: string;
let merged: MergedManifest;

test.beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ctsieve-e2e-dataset-'));
  tree = join(base, 'tree');
  mkdirSync(join(tree, 'nifti'), { recursive: true });
  cpSync('public/samples/stent-cta.nii.gz', join(tree, 'nifti/stent.nii.gz'));
  cpSync('tests/fixtures/png_groups', join(tree, 'png'), { recursive: true });
  cpSync('tests/fixtures/dicom/series_shuffled', join(tree, 'dicom/series'), { recursive: true });
  // The CLI's result for the same tree and settings (HASH greedy, T = 6: the app's defaults below).
  const out = join(base, 'out');
  manifestPath = join(base, 'dataset-manifest.json');
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ctsieve ${args.join(' ')}: ${r.stderr}`);
  };
  cli(['dataset', 'reduce', tree, '--method', 'hash', '--threshold', '6', '--backend', 'cpu', '--jobs', '1', '--out-dir', out]);
  cli(['dataset', 'merge', out, '--out', manifestPath]);
  merged = JSON.parse(readFileSync(manifestPath, 'utf8')) as MergedManifest;
});
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

const rows = (page: Page) => page.getByTestId('dataset-row');
const keptPercentOf = (v: { n: number; kept: number[] }) => `${((100 * v.kept.length) / v.n).toFixed(1)} %`;

async function expectRowsLikeCli(page: Page): Promise<void> {
  await expect(rows(page)).toHaveCount(merged.volumes.length);
  for (const v of merged.volumes) {
    const row = page.locator(`[data-testid="dataset-row"][data-key="${v.id}"]`);
    await expect(row.locator('td').nth(1)).toHaveText(String(v.n));
    await expect(row.locator('td').nth(2)).toHaveText(keptPercentOf(v));
  }
}

test('a folder of volumes: reduced one by one like the CLI, sortable, histogram, a row opens in the explorer', async ({ page }) => {
  const seen = watchPage(page);
  await openApp(page, '?sample=stent-cta&method=hash&t=6');
  await page.getByTestId('dataset-folder-input').setInputFiles(tree);
  await expect(page.getByTestId('dataset-view')).toBeVisible();
  await expectRowsLikeCli(page);
  await expect(page.getByTestId('dataset-status')).toContainText(/reduced with hash ≤ 6/);
  // A DICOM series is named by its description (else modality) and folder; its key (UID) shows on hover.
  const dicomRow = page.locator('[data-testid="dataset-row"][data-key^="dicom:"]');
  await expect(dicomRow.locator('td').first()).toHaveText('SmartScore - Gated 0.5 sec — dicom/series');
  await expect(dicomRow.locator('td').first()).toHaveAttribute('title', /^dicom:1\./);
  const bars = await page.getByTestId('dataset-histogram').locator('rect').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  expect(bars.reduce((a, b) => a + b, 0)).toBe(merged.volumes.length);

  const byKept = [...merged.volumes].sort((a, b) => a.kept.length / a.n - b.kept.length / b.n);
  const [least, most] = [byKept[0], byKept[byKept.length - 1]];
  await page.getByTestId('dataset-sort-keptPercent').click(); // kept %: most first
  await expect(rows(page).first().locator('td').nth(2)).toHaveText(keptPercentOf(most));
  await expect(rows(page).last()).toHaveAttribute('data-key', least.id);
  await page.getByTestId('dataset-sort-keptPercent').click();
  await expect(rows(page).first()).toHaveAttribute('data-key', least.id);
  await page.screenshot({ path: shotPath('dataset-view.png') });

  const stent = merged.volumes.find((v) => v.id === 'nifti/stent.nii.gz')!;
  await page.locator('[data-testid="dataset-row"][data-key="nifti/stent.nii.gz"]').click();
  await expect(page.getByTestId('dataset-view')).toBeHidden();
  await expect(page.getByTestId('kept-count')).toHaveText(`${stent.kept.length} / ${stent.n}`);
  await expect(page.getByTestId('dataset-show')).toBeVisible();
  expect(seen.errors).toEqual([]);
});

test('a merged dataset manifest alone lists its volumes; a row asks for the folder', async ({ page }) => {
  await openApp(page, '?sample=stent-cta');
  await page.getByTestId('dataset-manifest-input').setInputFiles(manifestPath);
  await expectRowsLikeCli(page);
  await expect(rows(page).first().locator('td').nth(3)).toHaveText('hash ≤ 6');
  await rows(page).first().click();
  await expect(page.getByTestId('dataset-status')).toContainText(/its files are not open; open the dataset folder/);
});

test('a folder holding its merged manifest: kept sets from the manifest, a row opens with the manifest’s settings', async ({ page }) => {
  const withManifest = join(base, 'tree-with-manifest');
  cpSync(tree, withManifest, { recursive: true });
  cpSync(manifestPath, join(withManifest, 'dataset-manifest.json'));
  // The explorer starts on other settings: opening a row must restore HASH T = 6 from the manifest.
  await openApp(page, '?sample=stent-cta&method=everyn&t=3');
  await page.getByTestId('dataset-folder-input').setInputFiles(withManifest);
  await expect(page.getByTestId('dataset-status')).toContainText('kept sets from the manifest');
  await expectRowsLikeCli(page);
  const png = merged.volumes.find((v) => v.id === 'png/p7_1')!;
  await page.locator('[data-testid="dataset-row"][data-key="png/p7_1"]').click();
  await expect(page.getByTestId('method-select')).toHaveValue('hash');
  await expect(page.getByTestId('kept-count')).toHaveText(`${png.kept.length} / ${png.n}`);
});
