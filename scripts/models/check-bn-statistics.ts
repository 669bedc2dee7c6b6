/**
 * Which input range were the default embedder's batch-norm statistics computed on?
 *
 *   npx tsx scripts/models/check-bn-statistics.ts [image.png ...]
 *
 * For every BatchNormalization layer of the pruned nsfwjs MobileNetV2 trunk, feeds RGB images
 * scaled to [0, 1] (nsfwjs's own preprocessing) and to [-1, 1] (Keras's ImageNet MobileNetV2
 * preprocessing) and prints the mean over channels of |batch mean − moving_mean| / √moving_variance.
 * The range whose activations fit the stored statistics is the one the layers expect.
 * Default images: scikit-image's astronaut, coffee and chelsea (Debian python3-skimage), any
 * 8-bit RGB/RGBA/gray PNG works.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { decode } from 'fast-png';
import { defaultEmbedderArtifacts } from '../../src/core/similarity/embedding/defaultEmbedder';

const SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data';
const images = process.argv.slice(2).length ? process.argv.slice(2) : ['astronaut', 'coffee', 'chelsea'].map((n) => `${SKIMAGE}/${n}.png`);

/** A PNG as a [224, 224, 3] float tensor in [0, 1]. */
function readRgb(path: string): tf.Tensor3D {
  const png = decode(readFileSync(path));
  if (png.depth !== 8) throw new Error(`${path}: expected an 8-bit PNG, got ${png.depth}-bit`);
  const px = Float32Array.from(png.data as Uint8Array);
  return tf.tidy(() => {
    let img = tf.tensor3d(px, [png.height, png.width, png.channels]);
    if (png.channels === 1) img = tf.tile(img, [1, 1, 3]);
    if (png.channels >= 3) img = img.slice([0, 0, 0], [-1, -1, 3]);
    return tf.image.resizeBilinear(img, [224, 224], false, true).div(255) as tf.Tensor3D;
  });
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const model = await tf.loadLayersModel(tf.io.fromMemory(await defaultEmbedderArtifacts()));
  const bns = model.layers.filter((l) => l.getClassName() === 'BatchNormalization');
  const probe = tf.model({ inputs: model.inputs, outputs: bns.map((l) => l.input as tf.SymbolicTensor) });
  const x01 = tf.stack(images.map(readRgb)) as tf.Tensor4D;
  for (const [label, x] of [['[0, 1]  (nsfwjs: x/255)', x01], ['[-1, 1] (Keras ImageNet: x/127.5 - 1)', tf.tidy(() => x01.mul(2).sub(1))]] as const) {
    const zs = tf.tidy(() => {
      const outs = probe.predict(x) as tf.Tensor[];
      return bns.map((bn, i) => {
        const w = bn.getWeights();
        const [movingMean, movingVar] = [w[w.length - 2], w[w.length - 1]];
        return tf.mean(tf.abs(tf.sub(tf.mean(outs[i], [0, 1, 2]), movingMean)).div(tf.sqrt(movingVar.add(1e-3)))).dataSync()[0];
      });
    });
    const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
    console.log(`${label}: mean |z| over ${zs.length} BN layers ${mean.toFixed(3)}; first 4 layers ${zs.slice(0, 4).map((z) => z.toFixed(2)).join(' ')}`);
  }
  model.dispose();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
