/**
 * The safetensors export loads into torchvision's resnet18() and gives the same features: checked
 * against tests/fixtures/torchvision/resnet18_features.json, made by real PyTorch from these exact
 * bytes (scripts/torchvision/roundtrip.py; CI has no PyTorch). The bytes depend on the seeded
 * initialisation only (V8's Math.log/cos are fdlibm ports, the same on every platform). Likewise
 * tiny's export loads strictly into golden_swav.py's Tiny backbone (tiny_features.json, made by
 * scripts/torchvision/tiny_roundtrip.py, which also shows a wrong key or kernel layout refused).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { repoRoot } from '../../testing/referenceFixture';
import { sha256Hex } from '../../volume/hash';
import { relativeError } from '../testing/golden';
import { TINY_CASE, tinyTorchCase, torchvisionCase } from '../testing/torchvisionCase';
import { encoderToSafetensors } from './encoderSafetensors';
import { readSafetensors } from './safetensors';

interface Fixture {
  safetensorsSha256: string;
  shape: number[];
  features: number[];
  keys: number;
}
interface TinyFixture {
  safetensorsSha256: string;
  metadata: Record<string, string>;
  /** PyTorch's own state_dict of the Tiny backbone: every name with its dtype and shape. */
  stateDict: Record<string, { dtype: string; shape: number[] }>;
  shape: number[];
  features: number[];
}
const readFixture = (name: string): unknown => JSON.parse(readFileSync(join(repoRoot, 'tests/fixtures/torchvision', name), 'utf8'));
const fixture = readFixture('resnet18_features.json') as Fixture;
const tinyFixture = readFixture('tiny_features.json') as TinyFixture;

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

it("tiny export: PyTorch's Tiny backbone names, dtypes and OIHW shapes, the bytes it loaded strictly, and the same features", async () => {
  const c = tinyTorchCase();
  try {
    const bytes = await encoderToSafetensors(c.encoder, c.info, c.batchesTracked);
    const { entries, metadata } = readSafetensors(bytes);
    // names and layouts first (a clearer failure than the hash): exactly PyTorch's state_dict
    const layout = Object.fromEntries([...entries.values()].map((e) => [e.name, { dtype: e.dtype, shape: e.shape }]));
    expect(layout).toEqual(tinyFixture.stateDict);
    expect(entries.get('bn2.num_batches_tracked')?.data).toEqual(BigInt64Array.of(BigInt(TINY_CASE.batchesTracked)));
    expect(metadata).toEqual(tinyFixture.metadata);
    expect(metadata).toMatchObject({ arch: 'tiny', inputSize: '32', mean: '0.5', std: '0.25' });
    expect(await sha256Hex(bytes)).toBe(tinyFixture.safetensorsSha256);
    const y = c.encoder.predict(tf.tensor4d(c.input, c.inputShape)) as tf.Tensor;
    expect(y.shape).toEqual(tinyFixture.shape);
    expect(relativeError(await y.data(), tinyFixture.features)).toBeLessThan(1e-4);
    y.dispose();
  } finally {
    c.encoder.dispose();
  }
});
