/**
 * The exported encoder as safetensors with PyTorch state_dict names and layouts. For resnet18 the
 * names are torchvision's (`conv1.weight`, `layer1.0.bn1.running_var`, …, no `fc`), so
 * `torchvision.models.resnet18().load_state_dict(sd, strict=False)` finds every backbone key and
 * reports only `fc.*` as missing (scripts/torchvision/roundtrip.py checks this). conv1 is stored
 * over 3 input channels, each the 1-channel kernel / 3: gray replicated to RGB then gives the same
 * features. For tiny the layer names already are golden_swav.py's `Tiny` attribute names (conv1,
 * bn1, conv2, bn2; 1 input channel kept), so its backbone loads them strictly
 * (scripts/torchvision/tiny_roundtrip.py). Conv kernels HWIO → OIHW (depthwise [kh,kw,c,1] → [c,1,kh,kw]); BN gamma/beta/moving
 * stats → weight/bias/running_mean/running_var plus `num_batches_tracked` (I64).
 */
import type * as tf from '@tensorflow/tfjs';
import type { EncoderInfo } from '../encoders/types';
import { writeSafetensors, type SafetensorEntry } from './safetensors';

/** [kh, kw, in, out] → [out, in, kh, kw]. */
export function hwioToOihw(data: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = data[((y * kw + x) * cin + i) * cout + o];
  return out;
}

/** One input channel's OIHW kernel repeated over 3 channels, each divided by 3. */
export function repeatGrayToRgb(oihw: Float32Array, [cout, , kh, kw]: number[]): Float32Array {
  const plane = kh * kw;
  const out = new Float32Array(cout * 3 * plane);
  for (let o = 0; o < cout; o++)
    for (let c = 0; c < 3; c++)
      for (let k = 0; k < plane; k++) out[(o * 3 + c) * plane + k] = oihw[o * plane + k] / 3;
  return out;
}

async function values(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}

async function convEntries(layer: tf.layers.Layer, info: EncoderInfo, depthwise: boolean): Promise<SafetensorEntry[]> {
  const [kernel, bias] = layer.getWeights();
  const s = kernel.shape as number[];
  const entries: SafetensorEntry[] = [];
  if (depthwise) {
    // [kh, kw, c, 1] → [c, 1, kh, kw]
    const oihw = hwioToOihw(await values(kernel), [s[0], s[1], 1, s[2]]);
    entries.push({ name: `${layer.name}.weight`, dtype: 'F32', shape: [s[2], 1, s[0], s[1]], data: oihw });
  } else {
    let data = hwioToOihw(await values(kernel), s);
    let shape = [s[3], s[2], s[0], s[1]];
    const firstConv = s[2] === 1 && info.channels === 1 && info.arch === 'resnet18';
    if (firstConv) {
      data = repeatGrayToRgb(data, shape);
      shape = [s[3], 3, s[0], s[1]];
    }
    entries.push({ name: `${layer.name}.weight`, dtype: 'F32', shape, data });
  }
  if (bias) entries.push({ name: `${layer.name}.bias`, dtype: 'F32', shape: bias.shape as number[], data: await values(bias) });
  return entries;
}

async function bnEntries(layer: tf.layers.Layer, batches: number): Promise<SafetensorEntry[]> {
  const [gamma, beta, mean, variance] = layer.getWeights();
  const n = gamma.shape as number[];
  return [
    { name: `${layer.name}.weight`, dtype: 'F32', shape: n, data: await values(gamma) },
    { name: `${layer.name}.bias`, dtype: 'F32', shape: n, data: await values(beta) },
    { name: `${layer.name}.running_mean`, dtype: 'F32', shape: n, data: await values(mean) },
    { name: `${layer.name}.running_var`, dtype: 'F32', shape: n, data: await values(variance) },
    { name: `${layer.name}.num_batches_tracked`, dtype: 'I64', shape: [], data: BigInt64Array.of(BigInt(batches)) },
  ];
}

/**
 * safetensors bytes of an export-form encoder. `numBatchesTracked` gives each BN's PyTorch counter
 * (forward passes in training mode); absent names count 0.
 */
export async function encoderToSafetensors(encoder: tf.LayersModel, info: EncoderInfo, numBatchesTracked: Record<string, number> = {}): Promise<Uint8Array> {
  const entries: SafetensorEntry[] = [];
  for (const layer of encoder.layers) {
    const kind = layer.getClassName();
    if (kind === 'Conv2D') entries.push(...(await convEntries(layer, info, false)));
    else if (kind === 'DepthwiseConv2D') entries.push(...(await convEntries(layer, info, true)));
    else if (kind === 'BatchNormalization') entries.push(...(await bnEntries(layer, numBatchesTracked[layer.name] ?? 0)));
  }
  const metadata = { arch: info.arch, inputSize: String(info.inputSize), mean: String(info.mean), std: String(info.std), featureDim: String(info.featureDim), format: 'pt' };
  if (info.width !== undefined) Object.assign(metadata, { width: String(info.width) });
  return writeSafetensors(entries, metadata);
}
