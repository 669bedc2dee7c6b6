/**
 * Writes a PyTorch round-trip case (src/core/ssl/testing/torchvisionCase.ts) for roundtrip.py
 * (resnet18) or tiny_roundtrip.py (tiny): OUT/encoder.safetensors (ctsieve's export),
 * OUT/input.json (the NHWC input, 1 channel) and OUT/ctsieve-features.json (ctsieve's features of it).
 *   npx tsx scripts/torchvision/export-case.ts OUT [--arch resnet18|tiny]
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encoderToSafetensors } from '../../src/core/ssl';
import { pytorchCase } from '../../src/core/ssl/testing/torchvisionCase';

const usage = 'usage: npx tsx scripts/torchvision/export-case.ts OUT_DIR [--arch resnet18|tiny]';
const [out, flag, arch = 'resnet18'] = process.argv.slice(2);
if (!out || (flag !== undefined && flag !== '--arch') || (arch !== 'resnet18' && arch !== 'tiny')) throw new Error(usage);
await tf.setBackend('cpu');
mkdirSync(out, { recursive: true });
const c = pytorchCase(arch);
writeFileSync(join(out, 'encoder.safetensors'), await encoderToSafetensors(c.encoder, c.info, c.batchesTracked));
writeFileSync(join(out, 'input.json'), JSON.stringify({ shape: c.inputShape, data: Array.from(c.input) }));
const features = c.encoder.predict(tf.tensor4d(c.input, c.inputShape)) as tf.Tensor;
writeFileSync(join(out, 'ctsieve-features.json'), JSON.stringify({ shape: features.shape, data: Array.from(await features.data()) }));
console.log(`wrote ${arch} case: ${out}/encoder.safetensors, input.json, ctsieve-features.json`);
