/**
 * Experiments in the app (production build): from the default page, compute HASH 6, run a tiny
 * experiment (ALL vs HASH ≤ 6, SwAV in the experiment worker on WebGPU/SwiftShader, evaluated on the
 * proxy task), read the comparison, export the encoder, reload and find it again; reload in the
 * middle of training and resume from the stored checkpoint; cancel; a full disk (a tiny storage
 * quota set through the DevTools protocol) gives a clear message.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { chromium, expect, test, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { keptCount, openApp, shotPath, watchPage } from './helpers';

/** A whole tiny experiment on this 2-core machine with software WebGPU (the target is ~3 minutes). */
const EXPERIMENT_MS = 240_000;

async function computeHash(page: Page): Promise<void> {
  await openApp(page, '?sample=head-ct&method=hash&t=6');
  await page.getByTestId('compute-button').click();
  await keptCount(page);
}

async function openPanel(page: Page): Promise<void> {
  await page.getByTestId('experiment-open').click();
  await expect(page.getByTestId('experiment-panel')).toBeVisible();
}

async function startTiny(page: Page): Promise<void> {
  await page.getByTestId('experiment-preset').selectOption('tiny');
  await expect(page.locator('[data-testid=experiment-arm]:checked')).toHaveCount(2);
  await page.getByTestId('experiment-start').click();
}

/** "0.83 ± 0.04" as the issue asks (a perfect score prints as 1.00). */
const METRIC = /[01]\.\d\d ± 0\.\d\d/g;

test.describe.configure({ timeout: EXPERIMENT_MS * 2 + 120_000 });

test('a tiny experiment runs from the default page, compares ALL with HASH 6, exports, and is found again after a reload', async ({ page }) => {
  const seen = watchPage(page);
  await computeHash(page);
  await openPanel(page);
  await page.screenshot({ path: shotPath('experiments-setup.png') });
  await startTiny(page);
  const progress = page.getByTestId('experiment-progress');
  await expect(progress).toBeVisible();
  const first = await progress.textContent();
  await expect.poll(async () => progress.textContent(), { timeout: 60_000 }).not.toBe(first);
  await expect(page.getByTestId('experiment-loss-chart')).toBeVisible();
  // The page stays responsive while training runs: the slider still moves the kept count.
  await page.getByTestId('threshold-input').fill('12');
  await expect(page.getByTestId('kept-count')).not.toHaveText(/^– /);
  await page.getByTestId('threshold-input').fill('6');
  await page.screenshot({ path: shotPath('experiments-live.png') });

  const rows = page.getByTestId('experiment-result-row');
  await expect(rows.last()).toBeVisible({ timeout: EXPERIMENT_MS });
  await expect(page.getByTestId('experiment-open-record')).toHaveAttribute('data-status', 'done', { timeout: EXPERIMENT_MS });
  const texts = await rows.allTextContents();
  expect(texts.length).toBe(3); // from scratch, ALL, HASH ≤ 6 (the raw-pixel reference row has its own test id)
  for (const t of texts) expect(t.match(METRIC)?.length).toBe(3);
  expect(texts.join('\n')).toMatch(/ALL/);
  expect(texts.join('\n')).toMatch(/HASH ≤ 6/);
  await expect(page.getByTestId('experiment-bar-chart')).toBeVisible();
  await page.getByTestId('experiment-results').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('experiments-results.png') });

  const download = page.waitForEvent('download');
  await page.getByTestId('experiment-export-encoder').click();
  const zip = unzipSync(new Uint8Array(await readFile((await (await download).path())!)));
  expect(Object.keys(zip)).toEqual(expect.arrayContaining(['encoder/model.json', 'encoder/weights.bin', 'encoder/ctsieve-encoder.json']));
  const info = JSON.parse(new TextDecoder().decode(zip['encoder/ctsieve-encoder.json']));
  expect(info).toMatchObject({ channels: 1, inputSize: expect.any(Number), featureDim: expect.any(Number) });
  // tiny has PyTorch names (golden_swav.py's Tiny backbone): the zip carries encoder.safetensors
  const st = zip['encoder.safetensors'];
  expect(st).toBeDefined();
  const headerLength = Number(new DataView(st.buffer, st.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(st.subarray(8, 8 + headerLength)));
  expect(header['conv1.weight']).toMatchObject({ dtype: 'F32', shape: [4, 1, 3, 3] });
  expect(header['bn2.num_batches_tracked']).toMatchObject({ dtype: 'I64', shape: [] });
  expect(header.__metadata__).toMatchObject({ arch: 'tiny' });
  await expect(page.getByTestId('experiment-export-safetensors').last()).toBeEnabled();

  // The trained encoder as the explorer's DeepNet model.
  await page.getByTestId('experiment-use-deepnet').last().click();
  await expect(page.getByTestId('method-select')).toHaveValue('deepnet');
  await expect(page.getByTestId('deepnet-model-name')).toContainText(/hash-6\.model\.json@sha256:/);
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  await page.getByTestId('method-select').selectOption('hash');

  await page.reload();
  await expect(page.getByTestId('slice-index')).toBeVisible();
  await openPanel(page);
  const items = page.getByTestId('experiment-history-item');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-status', 'done');
  await items.first().locator('.exp-history-open').click();
  await expect(page.getByTestId('experiment-result-row')).toHaveCount(3);
  await expect(page.getByTestId('experiment-loss-chart')).toHaveAttribute('data-points', /^[1-9]\d*,[1-9]\d*$/);
  expect(seen.errors).toEqual([]);
});

test('a reload in the middle of training resumes from the last stored checkpoint', async ({ page }) => {
  await computeHash(page);
  await openPanel(page);
  await startTiny(page);
  // Wait for a stored checkpoint (every 10 steps): the history item says how far it got.
  const item = page.getByTestId('experiment-history-item').first();
  await expect(item).toHaveAttribute('data-checkpoint', /^[1-9]\d*$/, { timeout: EXPERIMENT_MS });
  const seen = Number(await item.getAttribute('data-checkpoint'));
  await page.reload();
  await expect(page.getByTestId('slice-index')).toBeVisible();
  await openPanel(page);
  await expect(item).toHaveAttribute('data-status', 'interrupted');
  // Training went on until the reload: the stored checkpoint is the one seen or a later one.
  const stored = Number(await item.getAttribute('data-checkpoint'));
  expect(stored).toBeGreaterThanOrEqual(seen);
  await item.getByTestId('experiment-history-resume').click();
  await expect(page.getByTestId('experiment-progress')).toContainText(`resuming ALL from step ${stored}`);
  await expect(page.getByTestId('experiment-open-record')).toHaveAttribute('data-status', 'done', { timeout: EXPERIMENT_MS });
  await expect(page.getByTestId('experiment-result-row')).toHaveCount(3);
});

test('pause holds training, resume goes on, cancel stops it; it is stored as cancelled and can be deleted', async ({ page }) => {
  await computeHash(page);
  await openPanel(page);
  await startTiny(page);
  const progress = page.getByTestId('experiment-progress');
  await expect(progress).toContainText(/ALL [1-9]/);
  await page.getByTestId('experiment-pause').click();
  await expect(progress).toContainText('paused');
  const held = await progress.textContent();
  await page.waitForTimeout(1500);
  await expect(progress).toHaveText(held!);
  await page.getByTestId('experiment-resume').click();
  await expect(progress).not.toContainText('paused');
  await expect.poll(async () => progress.textContent()).not.toBe(held!.replace('paused: ', ''));
  await expect(page.getByTestId('experiment-cancel')).toBeVisible();
  await page.getByTestId('experiment-cancel').click();
  const item = page.getByTestId('experiment-history-item').first();
  await expect(item).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  await expect(page.getByTestId('experiment-cancel')).toHaveCount(0);
  await item.getByTestId('experiment-history-delete').click();
  await expect(page.getByTestId('experiment-history-item')).toHaveCount(0);
  await expect(page.getByTestId('experiment-storage')).toContainText('0 stored');
});

test('storage full: a clear message, nothing half-written, and the app keeps working', async ({ baseURL }) => {
  // Chromium enforces a DevTools quota override only for a profile on disk, not for Playwright's
  // default in-memory contexts: this test runs in a persistent context of its own.
  const profile = await mkdtemp(join(tmpdir(), 'ctsieve-quota-'));
  const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), baseURL, viewport: { width: 1400, height: 900 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // Set before the origin first opens its storage (Chromium reads the quota then). The result
    // cache's own write fails quietly (it only costs persistence); the experiment's must not.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL ?? '').origin, quotaSize: 64 * 1024 });
    await computeHash(page);
    await openPanel(page);
    await startTiny(page);
    await expect(page.getByTestId('experiment-error')).toContainText(/storage is full: .* was not saved \(nothing was half-written\)/i, { timeout: EXPERIMENT_MS });
    await expect(page.getByTestId('experiment-cancel')).toHaveCount(0);
    await expect(page.getByTestId('experiment-open-record')).toHaveAttribute('data-status', 'failed');
    await page.screenshot({ path: shotPath('experiments-storage-full.png') });
    await page.getByTestId('threshold-input').fill('3');
    await expect(page.getByTestId('kept-count')).toHaveText(/^\d+ \/ 108$/);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});
