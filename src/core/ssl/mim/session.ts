/** A dense masked-image-modelling run's live state for the training loop (../common/loop.ts). */
import * as tf from '@tensorflow/tfjs';
import { backboneStart } from '../common/backbone';
import type { MethodSession } from '../common/loop';
import { createParamOptimizer } from '../common/optimizers';
import { cropGroup, sampleMultiCrop } from '../multiCrop';
import type { PretrainCheckpoint, PretrainConfig, TrainingSlices } from '../types';
import { drawMasks } from './loss';
import { addMimDecoder, mimNet, outputStride, type MimNetSpec } from './network';
import { mimTrainStep } from './trainStep';

export async function mimSession(config: PretrainConfig, data: TrainingSlices, resume?: PretrainCheckpoint): Promise<MethodSession> {
  const m = config.mim!;
  const { graph, values } = await backboneStart(config);
  const spec: MimNetSpec = { graph, inputSize: config.inputSize };
  outputStride(graph, config.inputSize); // an input the decoder cannot tile is an error before any work
  const start = resume ? new Map(resume.tensors.map((t) => [t.name, { shape: t.shape, data: t.data }])) : addMimDecoder(values, spec, config.seed);
  const net = mimNet(spec, start);
  const optimizer = createParamOptimizer(config.optimizer, net, resume?.optimizer);
  const kind = { count: 1, size: config.inputSize, minScale: config.minScale[0], maxScale: config.maxScale[0] };
  const grid = config.inputSize / m.patchSize;
  return {
    graph,
    collapseCheck: false,
    get: (name) => net.get(name),
    batchesTracked: () => Object.fromEntries(net.batchesTracked),
    async step(images, rng, lr) {
      // crop and flip only (SparK's augmentation): no intensity jitter or blur on what is reconstructed
      const params = sampleMultiCrop(config.batch, data.rows, data.cols, [kind], rng)[0].map((p) => ({ ...p, brightness: 1, contrast: 1, sigma: 0 }));
      const mask = tf.tensor3d(drawMasks(config.batch, grid, m.maskRatio, rng), [config.batch, grid, grid]);
      const x = cropGroup(images, params, kind.size, config.mean, config.std);
      try {
        const r = mimTrainStep(graph, net, optimizer, x, mask, m.patchSize, { lr });
        const d = await r.diagnostics.data();
        r.diagnostics.dispose();
        // no softmax in MIM: the entropies are undefined (NaN); lnK carries the zero-prediction level
        return { loss: d[0], lnK: d[1], zeroPredictionLoss: d[1], sampleEntropy: NaN, meanEntropy: NaN, prototypesUsed: 0 };
      } finally {
        tf.dispose([x, mask]);
      }
    },
    async checkpointParts() {
      return { tensors: await net.toTensors(), optimizer: await optimizer.state() };
    },
    dispose() {
      net.dispose();
      optimizer.dispose();
    },
  };
}
