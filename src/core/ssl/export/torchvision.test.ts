/**
 * The safetensors export loads into torchvision's resnet18() and gives the same features: checked
 * against tests/fixtures/torchvision/resnet18_features.json, made by real PyTorch from these exact
 * bytes (scripts/torchvision/roundtrip.py; CI has no PyTorch). The bytes depend on the seeded
 * initialisation only (V8's Math.log/cos are fdlibm ports, the same on every platform).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { repoRoot } from '../../testing/referenceFixture';
import { sha256Hex } from '../../volume/hash';
import { relativeError } from '../testing/golden';
import { torchvisionCase } from '../testing/torchvisionCase';
import { encoderToSafetensors } from './encoderSafetensors';
import { readSafetensors } from './safetensors';

interface Fixture {
  safetensorsSha256: string;
  shape: number[];
  features: number[];
  keys: number;
}
const fixture = JSON.parse(readFileSync(join(repoRoot, 'tests/fixtures/torchvision/resnet18_features.json'), 'utf8')) as Fixture;

beforeAll(async () => {
  expect(await tryBackend('cpu')).toBe(true);
});

it('resnet18 export: the bytes torchvision loaded strictly, with torchvision keys, and the same features', async () => {
  const c = torchvisionCase();
  try {
    const bytes = await encoderToSafetensors(c.encoder, c.info, c.batchesTracked);
    expect(await sha256Hex(bytes)).toBe(fixture.safetensorsSha256);
    const { entries, metadata } = readSafetensors(bytes);
    expect(entries.size).toBe(fixture.keys);
    expect(entries.get('conv1.weight')?.shape).toEqual([64, 3, 7, 7]);
    expect(entries.get('layer2.0.downsample.0.weight')?.shape).toEqual([128, 64, 1, 1]);
    const nbt = entries.get('layer4.1.bn2.num_batches_tracked');
    expect(nbt?.dtype).toBe('I64');
    expect(nbt?.shape).toEqual([]);
    expect([...entries.keys()].some((k) => k.startsWith('fc.'))).toBe(false);
    expect(metadata).toMatchObject({ arch: 'resnet18', inputSize: '64', mean: '0.5', std: '0.25' });
    const y = c.encoder.predict(tf.tensor4d(c.input, c.inputShape)) as tf.Tensor;
    expect(y.shape).toEqual(fixture.shape);
    expect(relativeError(await y.data(), fixture.features)).toBeLessThan(1e-4);
    y.dispose();
  } finally {
    c.encoder.dispose();
  }
});
