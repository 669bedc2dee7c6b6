/**
 * DeepNet in the app (production build): the default embedder's provenance is shown, a user's
 * TensorFlow.js model (a tiny conv net built here) runs in the compute worker and is named in the
 * exported manifest, and broken models are reported with their file name. The default MobileNetV2
 * is not run here: 108 slices take ~156 s on SwiftShader (checked by hand).
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { expect, test, type Page } from '@playwright/test';
import { modelArtifacts, weightBytes } from '../src/core/similarity/embedding/testing/modelArtifacts';
import { convReluOnnx } from '../src/core/similarity/embedding/testing/onnxModel';
import { keptCount, openApp, shotPath, watchPage } from './helpers';
import { syntheticNifti } from './syntheticNifti';

const SLICES = 12;
const MODEL = 'tiny-embedder';

interface PickedFile { name: string; mimeType: string; buffer: Buffer }

/** A 2-layer conv net on 16×16×1 input, saved to memory as model.json + one weight shard. */
async function tinyModelFiles(): Promise<PickedFile[]> {
  await tf.setBackend('cpu');
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [16, 16, 1], filters: 4, kernelSize: 3, strides: 2, activation: 'relu', name: 'conv_a' }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', name: 'conv_b' }),
    ],
  });
  const artifacts = await modelArtifacts(model);
  const json = { modelTopology: artifacts.modelTopology, format: artifacts.format, weightsManifest: [{ paths: [`./${MODEL}.bin`], weights: artifacts.weightSpecs }] };
  const files: PickedFile[] = [
    { name: `${MODEL}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
    { name: `${MODEL}.bin`, mimeType: 'application/octet-stream', buffer: Buffer.from(weightBytes(artifacts)) },
  ];
  model.dispose();
  return files;
}

async function openSyntheticDeepnet(page: Page): Promise<void> {
  await openApp(page, '?sample=head-ct');
  await page.getByTestId('file-input').setInputFiles({ name: 'tiny.nii', mimeType: 'application/octet-stream', buffer: syntheticNifti(SLICES, 32, 32) });
  await expect(page.getByText(new RegExp(`32×32×${SLICES}`))).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('method-select').selectOption('deepnet');
}

test('DeepNet shows the default embedder\'s provenance, runs a user model and records it in the manifest', async ({ page }) => {
  const seen = watchPage(page);
  await openSyntheticDeepnet(page);
  const provenance = page.getByTestId('deepnet-provenance');
  await expect(provenance).toContainText('MobileNetV2');
  await expect(provenance).toContainText('nsfwjs 4.4.0');
  await provenance.getByText('details').click();
  await expect(provenance).toContainText('frozen (non-trainable) layers');
  await page.locator('.controls').screenshot({ path: shotPath('deepnet-default.png') });

  await page.getByTestId('deepnet-model-input').setInputFiles(await tinyModelFiles());
  await expect(page.getByTestId('deepnet-model-name')).toContainText(`${MODEL}.json@sha256:`);
  await expect(page.getByTestId('deepnet-layer').locator('option')).toHaveText(['(model output)', 'conv_a', 'conv_b']);
  await page.getByTestId('deepnet-layer').selectOption('conv_a');
  await page.getByTestId('compute-button').click();
  const [kept, n] = await keptCount(page);
  await page.locator('.controls').screenshot({ path: shotPath('deepnet-user-model.png') });
  expect(n).toBe(SLICES);
  expect(kept).toBeGreaterThan(0);
  // The only WebGPU adapter here is SwiftShader: auto runs DeepNet on tfjs's WebAssembly backend,
  // whose .wasm files the worker loads from the app's own origin (CSP).
  await expect(page.getByTestId('result-source')).toContainText(/on wasm/);
  await expect(page.getByTestId('result-source')).toContainText(/passed over webgpu/);
  // The preview server sends COOP/COEP: the page is cross-origin isolated, so tfjs-wasm chose its
  // threaded build (pthread workers started from blobs the CSP allows) and DeepNet ran on it above.
  // Without vite.config's self-contained factory every pthread worker died and this test hung.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-manifest').click();
  const manifest = JSON.parse(await readFile((await (await download).path())!, 'utf8'));
  expect(manifest.method).toBe('deepnet');
  expect(manifest.params.similarity).toMatchObject({ model: `${MODEL}.json`, layer: 'conv_a', inputSize: [16, 16] });
  expect(manifest.params.similarity.embedder).toMatch(new RegExp(`^${MODEL}\\.json@sha256:[0-9a-f]{16}$`));

  await page.getByTestId('deepnet-use-default').click();
  await expect(page.getByTestId('deepnet-provenance')).toBeVisible();
  await expect(page.getByTestId('kept-count')).toHaveText(`– / ${SLICES}`);
  expect(seen.errors).toEqual([]);
});

test('a broken model is reported with its file name and the app stays usable', async ({ page }) => {
  await openSyntheticDeepnet(page);
  const input = page.getByTestId('deepnet-model-input');
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
  await expect(page.getByTestId('deepnet-model-error')).toContainText('broken.json: not a TensorFlow.js model.json');

  const [json] = await tinyModelFiles();
  await input.setInputFiles([json]);
  await expect(page.getByTestId('deepnet-model-error')).toContainText(`${MODEL}.json: weight file ${MODEL}.bin not picked`);

  // Passes the checks made on pick, fails in the worker: the compute error names the file.
  const bad = JSON.stringify({ modelTopology: { class_name: 'NoSuchModel', config: {} }, weightsManifest: [] });
  await input.setInputFiles({ name: 'bad-topology.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await expect(page.getByTestId('deepnet-model-name')).toContainText('bad-topology.json');
  await page.getByTestId('compute-button').click();
  await expect(page.getByTestId('compute-error')).toContainText('bad-topology.json');

  await page.getByTestId('method-select').selectOption('hash');
  await page.getByTestId('compute-button').click();
  const [kept] = await keptCount(page);
  expect(kept).toBeGreaterThan(0);
});

test('an ONNX model runs through onnxruntime in the worker; an unknown output is named', async ({ page }) => {
  await openSyntheticDeepnet(page);
  // Conv 3×3 → ReLU on 16×16×1; out channel 0 sums the window, channel 1 is minus the centre pixel.
  const kernel = Float32Array.from({ length: 18 }, (_, i) => (i < 9 ? 1 : i === 13 ? -1 : 0));
  const onnx = Buffer.from(convReluOnnx(1, 16, 16, kernel, 2, 3));
  await page.getByTestId('deepnet-model-input').setInputFiles({ name: 'tiny.onnx', mimeType: 'application/octet-stream', buffer: onnx });
  await expect(page.getByTestId('deepnet-model-name')).toContainText('tiny.onnx@sha256:');

  const output = page.getByTestId('deepnet-layer');
  await output.fill('fc');
  await output.blur();
  await page.getByTestId('compute-button').click();
  await expect(page.getByTestId('compute-error')).toContainText("tiny.onnx: no output named 'fc'");

  await output.fill('conv_out');
  await output.blur();
  await page.getByTestId('compute-button').click();
  const [kept] = await keptCount(page);
  expect(kept).toBeGreaterThan(0);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-manifest').click();
  const manifest = JSON.parse(await readFile((await (await download).path())!, 'utf8'));
  expect(manifest.params.similarity).toMatchObject({ model: 'tiny.onnx', layer: 'conv_out', inputSize: [16, 16] });
});
