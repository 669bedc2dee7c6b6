/** A MoCo v2 run's live state for the training loop (../common/loop.ts). */
import * as tf from '@tensorflow/tfjs';
import { backboneStart } from '../common/backbone';
import type { MethodSession } from '../common/loop';
import { createParamOptimizer } from '../common/optimizers';
import { valuesWithPrefix } from '../common/paramSet';
import { cropGroup, sampleMultiCrop } from '../multiCrop';
import type { PretrainCheckpoint, PretrainConfig, TrainingSlices } from '../types';
import { addMocoHead, mocoNet, type MocoNetSpec } from './network';
import { KeyQueue } from './queue';
import { mocoTrainStep } from './trainStep';

export async function mocoSession(config: PretrainConfig, data: TrainingSlices, resume?: PretrainCheckpoint): Promise<MethodSession> {
  const m = config.moco!;
  const { graph, values } = await backboneStart(config);
  const spec: MocoNetSpec = { graph, hiddenDim: m.hiddenDim, outputDim: m.outputDim };
  const start = addMocoHead(values, spec, config.seed);
  const query = mocoNet('mocoQ', spec, resume ? valuesWithPrefix(resume.tensors, 'query/') : start, true);
  // MoCo: the key encoder starts as a copy of the query encoder.
  const key = mocoNet('mocoK', spec, resume ? valuesWithPrefix(resume.tensors, 'key/') : start, false);
  const optimizer = createParamOptimizer(config.optimizer, query, resume?.optimizer);
  const queue = resume?.queue ? KeyQueue.fromCheckpoint(resume.queue) : KeyQueue.random(m.queueLength, m.outputDim, config.seed);
  const kind = { count: 2, size: config.inputSize, minScale: config.minScale[0], maxScale: config.maxScale[0], jitterStrength: config.jitterStrength, blurProbability: config.blurProbability };
  const lnK = Math.log(1 + m.queueLength);
  return {
    graph,
    collapseCheck: true,
    get: (name) => query.get(name),
    batchesTracked: () => Object.fromEntries(query.batchesTracked),
    async step(images, rng, lr) {
      const params = sampleMultiCrop(config.batch, data.rows, data.cols, [kind], rng)[0];
      const both = cropGroup(images, params, kind.size, config.mean, config.std);
      const b = config.batch;
      const views: [tf.Tensor4D, tf.Tensor4D] = [both.slice([0, 0, 0, 0], [b, -1, -1, -1]), both.slice([b, 0, 0, 0], [b, -1, -1, -1])];
      try {
        const r = mocoTrainStep(graph, query, key, optimizer, queue, views, { temperature: m.temperature, keyMomentum: m.keyMomentum }, { lr });
        const d = await r.diagnostics.data();
        r.diagnostics.dispose();
        return { loss: d[0], lnK, sampleEntropy: d[1], meanEntropy: d[2], prototypesUsed: Math.round(d[3]), positiveSimilarity: d[4], negativeSimilarity: d[5], top1: d[6] };
      } finally {
        tf.dispose([both, ...views]);
      }
    },
    async checkpointParts() {
      return { tensors: [...(await query.toTensors('query/')), ...(await key.toTensors('key/'))], optimizer: await optimizer.state(), queue: await queue.toTensor() };
    },
    dispose() {
      query.dispose();
      key.dispose();
      optimizer.dispose();
      queue.dispose();
    },
  };
}
