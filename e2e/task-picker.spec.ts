/**
 * Picking a real downstream task in the Experiments setup (production build): a COVID-CT repository
 * folder (lists + PNG and JPEG images, plus code the app must not need) with one broken image is
 * refused at pick time with the file's path and problem, before any training; the repaired folder
 * is accepted with its classes and one colour note; a MedMNIST .npz is accepted with its classes.
 * The trees are built here (nothing bundled).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { covidCtTree, medmnistNpz, separableImages, type TreeFile } from '../src/core/eval/testing/labelledLayouts';
import { loadPillowGreyGolden } from '../src/core/testing/referenceFixture';
import { keptCount, openApp, shotPath, watchPage } from './helpers';

async function writeTree(root: string, files: TreeFile[]): Promise<void> {
  for (const f of files) {
    await mkdir(dirname(join(root, f.path)), { recursive: true });
    await writeFile(join(root, f.path), f.bytes);
  }
}

async function openSetup(page: Page): Promise<void> {
  await openApp(page, '?sample=head-ct&method=hash&t=6');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  await page.getByTestId('experiment-open').click();
  await expect(page.getByTestId('experiment-task')).toBeVisible();
}

let tmp: string;
test.beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ctsieve-task-pick-'));
});
test.afterAll(async () => rm(tmp, { recursive: true, force: true }));

test('a COVID-CT folder with a broken image is refused on pick, naming the file; repaired, it is accepted; a MedMNIST .npz too', async ({ page }) => {
  const seen = watchPage(page);
  const jpegs = loadPillowGreyGolden().cases.filter((c) => c.name.endsWith('.jpg')).map((c) => c.file);
  const good = [...covidCtTree({ jpegs }), { path: 'baseline methods/DenseNet169/DenseNet_predict.py', bytes: new TextEncoder().encode('print(1)\n') }];
  const broken = good.map((f) => (f.path === 'Images-processed/CT_NonCOVID/noncovid_4.png' ? { ...f, bytes: f.bytes.subarray(0, 40) } : f));
  await writeTree(join(tmp, 'broken', 'COVID-CT'), broken);
  await writeTree(join(tmp, 'good', 'COVID-CT'), good);

  await openSetup(page);
  await page.getByTestId('experiment-task-folder').setInputFiles(join(tmp, 'broken', 'COVID-CT'));
  const error = page.getByTestId('experiment-task-error');
  await expect(error).toContainText('Images-processed/CT_NonCOVID/noncovid_4.png: corrupt PNG');
  await expect(page.locator('input[name=exp-task]').nth(1)).toBeDisabled();
  await error.scrollIntoViewIfNeeded();
  await page.getByTestId('experiment-task').screenshot({ path: shotPath('task-picker-broken.png') });

  await page.getByTestId('experiment-task-folder').setInputFiles(join(tmp, 'good', 'COVID-CT'));
  await expect(error).toHaveCount(0);
  const task = page.getByTestId('experiment-task');
  await expect(task).toContainText('COVID-CT, ');
  await expect(task).toContainText('classes CT_COVID, CT_NonCOVID');
  await expect(page.locator('input[name=exp-task]').nth(1)).toBeChecked();
  const notes = page.getByTestId('experiment-task-notes');
  await expect(notes.locator('li', { hasText: 'colour image(s) converted to grey' })).toHaveCount(1);
  await expect(notes).toContainText("repository's train/val/test lists");
  await task.screenshot({ path: shotPath('task-picker-covid-ct.png') });

  const labels = Array.from({ length: 12 }, (_, i) => i % 2);
  const npz = medmnistNpz({ train: { images: separableImages(labels, 8, 8, 1), labels }, test: { images: separableImages(labels, 8, 8, 2), labels } }, 8, 8);
  await page.getByTestId('experiment-task-files').setInputFiles({ name: 'organsmnist.npz', mimeType: 'application/octet-stream', buffer: Buffer.from(npz) });
  await expect(task).toContainText('organsmnist.npz, 1 files, classes 0, 1');
  expect(seen.errors).toEqual([]);
});
