import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { Validator, type Schema } from '@cfworker/json-schema';
import { unzipSync } from 'fflate';
import type { Manifest } from '../src/core/manifest/types';
import { greedyWalk, keptAtThreshold } from '../src/core/reduction';
import { buildMatrix, HARNESS_VOLUME, HEATMAP_N, syntheticDistance } from './harness/syntheticData';

const HARNESS = '/e2e/harness/features.html';
// The harness exports a HASH greedy reduction of the synthetic matrix at T = 6.
const walk = greedyWalk({ n: HEATMAP_N, kind: 'distance', matrix: buildMatrix(HEATMAP_N, syntheticDistance) });
const keptAt6 = keptAtThreshold(walk, 6);

// Playwright's Node loader cannot import JSON modules (core/manifest does), so the downloaded
// manifest is checked here against the published JSON Schema file directly.
const schema = JSON.parse(readFileSync(new URL('../src/core/manifest/ctsieve-manifest-1.schema.json', import.meta.url), 'utf8')) as Schema;
const schemaValidator = new Validator(schema, '7', false);

function parseAndValidate(text: string): Manifest {
  const data: unknown = JSON.parse(text);
  const { valid, errors } = schemaValidator.validate(data);
  expect(valid, JSON.stringify(errors)).toBe(true);
  return data as Manifest;
}

/** Clicks an export button and returns the download's suggested name and bytes. */
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: dl.suggestedFilename(), bytes: readFileSync((await dl.path())!) };
}

test.beforeEach(async ({ page }) => {
  await page.goto(HARNESS);
  await page.getByTestId('export-menu').scrollIntoViewIfNeeded();
});

test('exports a manifest that parses, validates and holds the kept slices', async ({ page }) => {
  const { name, bytes } = await download(page, 'export-manifest');
  expect(name).toBe('synthetic-600-hash.ctsieve.json');
  const manifest = parseAndValidate(bytes.toString('utf8'));
  expect(manifest.method).toBe('hash');
  expect(manifest.params.threshold).toBe(6);
  expect(manifest.volumes[0].voxelSha256).toBe(HARNESS_VOLUME.voxelSha256);
  expect(manifest.volumes[0].kept).toEqual(keptAt6);
  expect(manifest.volumes[0].slices.filter((sl) => sl.kept).map((sl) => sl.index)).toEqual(keptAt6);
  await expect(page.getByTestId('export-status')).toHaveText(`saved ${name}`);
});

test('exports CSV, MONAI datalist and a ZIP of the kept slices', async ({ page }) => {
  const csv = await download(page, 'export-csv');
  expect(csv.name).toBe('synthetic-600-hash.ctsieve.csv');
  expect(csv.bytes.toString('utf8').trim().split(/\r?\n/)).toHaveLength(1 + HEATMAP_N);

  const monai = await download(page, 'export-monai');
  expect(monai.name).toBe('synthetic-600-hash.monai.json');
  expect((JSON.parse(monai.bytes.toString('utf8')) as { training: unknown[] }).training).toHaveLength(keptAt6.length);

  const zip = await download(page, 'export-zip');
  expect(zip.name).toBe('synthetic-600-hash-kept.zip');
  const files = Object.keys(unzipSync(new Uint8Array(zip.bytes)));
  expect(files).toHaveLength(keptAt6.length);
  expect(files.every((f) => f.endsWith('.png'))).toBe(true);
});

test('imports a valid manifest and matches it to the loaded volume', async ({ page }) => {
  const { name, bytes } = await download(page, 'export-manifest');
  await page.getByTestId('import-manifest-input').setInputFiles({ name, mimeType: 'application/json', buffer: bytes });
  await expect(page.getByTestId('export-status')).toContainText(`imported ${name}: 1 volume, ${keptAt6.length} of ${HEATMAP_N} slices kept; matched 1 loaded volume`);
  const last = await page.evaluate(() => window.__harnessEvents.filter((e) => e.type === 'import').at(-1)?.args);
  expect(last).toEqual(['hash', keptAt6.length, 1]);
  await expect(page.getByTestId('import-errors')).toHaveCount(0);
});

test('shows validation errors naming the file and the JSON path', async ({ page }) => {
  const { bytes } = await download(page, 'export-manifest');
  const broken = JSON.parse(bytes.toString('utf8')) as { volumes: { kept: number[] }[]; backend?: unknown };
  broken.volumes[0].kept = [0, 1, 2];
  delete broken.backend;
  await page.getByTestId('import-manifest-input').setInputFiles({ name: 'edited.ctsieve.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('edited.ctsieve.json is not a valid ctsieve manifest');
  await expect(errors.getByTestId('import-problem').first()).toBeVisible();
  await expect(errors).toContainText('backend');
  expect(await page.evaluate(() => window.__harnessEvents.some((e) => e.type === 'import'))).toBe(false);

  await page.getByTestId('import-manifest-input').setInputFiles({ name: 'edited.ctsieve.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...broken, backend: 'cpu' })) });
  await expect(errors.locator('[data-path="/volumes/0/kept"]')).toContainText('does not match the slices marked kept');

  await page.getByTestId('import-manifest-input').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"oops": ') });
  await expect(errors).toContainText('notes.json');
  await expect(errors).toContainText('not valid JSON');
});
