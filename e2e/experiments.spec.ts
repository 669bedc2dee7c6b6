/**
 * Experiments in the app (production build): from the default page, compute HASH 6, run a tiny
 * experiment (ALL vs HASH ≤ 6, equal epochs, 2 paired seeds, SwAV in the experiment worker,
 * evaluated with random init on the proxy task), read the report (intervals, verdicts, warnings,
 * seeds needed), export the SPEC, the report and the encoder, reload and find it again; reload in the
 * middle of training and resume from the stored checkpoint; cancel; a full disk (a tiny storage
 * quota set through the DevTools protocol) gives a clear message.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

/** The tiny preset with 2 seeds (the default is 3; 2 is the fewest that give intervals, and keeps this test short). */
async function startTiny(page: Page): Promise<void> {
  await page.getByTestId('experiment-preset').selectOption('tiny');
  await expect(page.locator('[data-testid=experiment-arm]:checked')).toHaveCount(2);
  await page.getByTestId('experiment-seeds').fill('2');
  await page.getByTestId('experiment-start').click();
}

/** The setup's "Measure each arm's confusability" (tiny preset): each offered arm's rate by its label. */
async function measurePreview(page: Page): Promise<Record<string, number>> {
  await page.getByTestId('experiment-preset').selectOption('tiny');
  const arms = await page.getByTestId('experiment-arm').count();
  // Cancel goes back to the button, with no rates.
  await page.getByTestId('arm-confusability-measure').click();
  await expect(page.getByTestId('arm-confusability-progress')).toBeVisible();
  await page.getByTestId('arm-confusability-cancel').click();
  await expect(page.getByTestId('arm-confusability-measure')).toBeVisible();
  await expect(page.getByTestId('arm-confusability')).toHaveCount(0);
  await page.getByTestId('arm-confusability-measure').click();
  await expect(page.getByTestId('arm-confusability-progress')).toBeVisible();
  await expect(page.getByTestId('arm-confusability')).toHaveCount(arms, { timeout: 120_000 });
  await expect(page.getByTestId('arm-confusability-how')).toContainText('pixels, 32 anchors per volume, seed 0, tiny’s views');
  return Object.fromEntries(await page.getByTestId('experiment-arms').locator('li').evaluateAll((lis) => lis.map((li) => [
    li.querySelector('[data-testid=experiment-arm]')!.getAttribute('data-arm')!,
    Number(li.querySelector('[data-testid=arm-confusability]')!.getAttribute('data-rate')),
  ])));
}

/** A mean with its 95% interval over seeds: "0.812 [0.702, 0.921]". */
const MEAN_CI = /[01]\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]/;

test.describe.configure({ timeout: EXPERIMENT_MS * 2 + 120_000 });

test('a tiny experiment runs from the default page, compares ALL with HASH 6, exports, and is found again after a reload', async ({ page }) => {
  const seen = watchPage(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await computeHash(page);
  await openPanel(page);
  // Defaults: equal epochs (the paper's), 3 seeds.
  await expect(page.getByTestId('experiment-budget-mode')).toHaveAttribute('data-budget', 'epochs');
  await expect(page.getByTestId('experiment-seeds')).toHaveValue('3');
  await page.screenshot({ path: shotPath('experiments-setup.png') });
  // The setup's per-arm confusability: the run's own measure (same job, volume names, preset, backend).
  const preview = await measurePreview(page);
  expect(Object.keys(preview)).toEqual(expect.arrayContaining(['ALL', 'HASH ≤ 6']));
  await page.getByTestId('experiment-setup').screenshot({ path: shotPath('experiments-setup-confusability.png') });
  // Another preset draws other views: the rates are said to be tiny's, not the run's, until measured again.
  await page.getByTestId('experiment-preset').selectOption('short');
  await expect(page.getByTestId('arm-confusability')).toHaveCount(0);
  await expect(page.getByTestId('arm-confusability-stale').first()).toContainText('tiny’s views (the run: short’s): not the run’s number');
  await page.getByTestId('experiment-setup').screenshot({ path: shotPath('experiments-setup-confusability-stale.png') });
  await page.getByTestId('experiment-preset').selectOption('tiny');
  await expect(page.getByTestId('arm-confusability')).toHaveCount(Object.keys(preview).length);
  // The setup as the CLI's SPEC.
  const specDownload = page.waitForEvent('download');
  await page.getByTestId('experiment-spec-export').click();
  const spec = JSON.parse(await readFile((await (await specDownload).path())!, 'utf8'));
  expect(spec).toMatchObject({ budget: 'epochs', seeds: [0, 1, 2], task: 'proxy', protocol: 'linear', arms: [{ name: 'ALL', method: 'all' }, { method: 'hash', threshold: 6 }] });
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
  expect(texts.length).toBe(3); // random init, ALL, HASH ≤ 6
  for (const t of texts) expect(t).toMatch(MEAN_CI);
  expect(texts.join('\n')).toMatch(/random init[\s\S]*ALL[\s\S]*HASH ≤ 6/);
  // Every arm vs ALL and vs random init, paired over the 2 seeds, with a verdict; no "best" marks.
  const comparisons = page.getByTestId('experiment-comparison');
  await expect(comparisons).toHaveCount(3);
  for (const c of await comparisons.allTextContents()) expect(c).toMatch(/^HASH ≤ 6ALL|^HASH ≤ 6random init|^ALLrandom init/);
  for (const v of await comparisons.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')))) expect(['b better', 'a better', 'no difference shown']).toContain(v);
  await expect(page.getByTestId('experiment-seeds-needed')).toContainText(/0\.02 AUC: .*0\.05 AUC: /);
  await expect(page.getByTestId('experiment-results')).not.toContainText('★');
  await expect(page.getByTestId('experiment-figure')).toBeVisible();
  // The no-arm-beats-random-init warning is shown exactly when the report says so.
  const report = JSON.parse(await (async () => {
    const d = page.waitForEvent('download');
    await page.getByTestId('experiment-export-report').click();
    return readFile((await (await d).path())!, 'utf8');
  })());
  expect(Object.keys(report).slice(0, 6)).toEqual(['spec', 'task', 'protocol', 'randomInit', 'arms', 'comparisons']);
  // The stored experiment's SPEC names the preset the setup's SPEC named (tiny), so the CLI runs the same thing.
  expect(report.spec).toMatchObject({ budget: 'epochs', seeds: [0, 1], preset: spec.preset });
  await expect(page.getByTestId('experiment-no-arm-warning')).toHaveCount(report.noArmBeatsRandomInit ? 1 : 0);
  // Each arm's confusability, measured by the run in the experiment worker (the CLI's settings: pixels, 32
  // anchors, seed 0), in report.json and in the table's last column.
  expect(report.arms.map((a: { name: string; confusableRate: unknown }) => [a.name, typeof a.confusableRate])).toEqual([['ALL', 'number'], ['HASH ≤ 6', 'number']]);
  // The same numbers as the CLI's `experiment` for this SPEC (its reader, reduce and measure in Node).
  const specFile = join(await mkdtemp(join(tmpdir(), 'ctsieve-spec-')), 'spec.json');
  await writeFile(specFile, JSON.stringify(report.spec));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'e2e/cliArmRates.ts', specFile], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const cli = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
  for (const a of report.arms as { name: string; confusableRate: number }[]) {
    expect(a.confusableRate).toBe(cli[a.name]);
    expect(a.confusableRate, `the setup's preview of ${a.name}`).toBe(preview[a.name]);
    await expect(page.locator(`[data-testid=experiment-result-row][data-arm="${a.name}"] td`).last()).toHaveText(a.confusableRate.toFixed(3));
  }
  await page.getByTestId('experiment-results').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('experiments-results.png') });
  await page.getByTestId('experiment-figure').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath('experiments-results-figure.png') });
  // Every encoder is named whole in the figure (issue 24.4: the bar chart cut labels to "from sc…").
  const figureSrc = await page.getByTestId('experiment-figure').getAttribute('src');
  const figureSvg = await page.evaluate(async (src) => (await fetch(src!)).text(), figureSrc);
  for (const name of ['random init', 'ALL', 'HASH ≤ 6']) expect(figureSvg).toContain(`>${name}</text>`);

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
  await expect(page.getByTestId('deepnet-model-name')).toContainText(/hash-6-seed-1\.model\.json@sha256:/);
  await page.getByTestId('compute-button').click();
  await keptCount(page);
  await page.getByTestId('method-select').selectOption('hash');

  await page.reload();
  await expect(page.getByTestId('slice-index')).toBeVisible();
  await openPanel(page);
  const items = page.getByTestId('experiment-history-item');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-status', 'done');
  // The entry says which task and when (issue 24.6: every entry used to read the same).
  await expect(items.first().getByTestId('experiment-history-meta')).toContainText(/proxy task · \S*\d{4}\S*.*\d{1,2}:\d{2}/);
  await items.first().locator('.exp-history-open').click();
  await expect(page.getByTestId('experiment-result-row')).toHaveCount(3);
  await expect(page.getByTestId('experiment-loss-chart')).toHaveAttribute('data-points', /^[1-9]\d*(,[1-9]\d*){3}$/); // 2 arms × 2 seeds
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
  await expect(page.getByTestId('experiment-progress')).toContainText(`resuming ALL · seed 0 from step ${stored}`);
  await expect(page.getByTestId('experiment-open-record')).toHaveAttribute('data-status', 'done', { timeout: EXPERIMENT_MS });
  await expect(page.getByTestId('experiment-result-row')).toHaveCount(3);
});

test('pause holds training, resume goes on, cancel stops it; it is stored as cancelled and can be deleted', async ({ page }) => {
  await computeHash(page);
  await openPanel(page);
  await startTiny(page);
  const progress = page.getByTestId('experiment-progress');
  await expect(progress).toContainText(/ALL · seed 0 [1-9]/);
  await page.getByTestId('experiment-pause').click();
  await expect(progress).toContainText('paused');
  // Paused is said as such: in the history entry and instead of a live ETA (issue 24.6).
  await expect(page.getByTestId('experiment-history-item').first().getByTestId('experiment-history-status')).toHaveText('paused');
  await expect(page.getByTestId('experiment-eta').first()).toHaveText('paused');
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
