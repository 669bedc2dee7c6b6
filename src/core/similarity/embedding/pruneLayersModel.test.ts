import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { ancestorLayers, functionalConfig, pruneToLayer } from './pruneLayersModel';
import { modelArtifacts } from './testing/modelArtifacts';

/** A small functional model with a branch: in → a → b → out, and a → c (a dead end for 'b'). */
function branchyModel(): tf.LayersModel {
  const input = tf.input({ shape: [4], name: 'in' });
  const a = tf.layers.dense({ units: 3, name: 'a' }).apply(input) as tf.SymbolicTensor;
  const b = tf.layers.dense({ units: 2, name: 'b' }).apply(a) as tf.SymbolicTensor;
  const c = tf.layers.dense({ units: 5, name: 'c' }).apply(a) as tf.SymbolicTensor;
  const out = tf.layers.concatenate({ name: 'out' }).apply([b, c]) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('pruneToLayer', () => {
  it('keeps the layer, its ancestors and only their weights, which still compute the same values', async () => {
    const model = branchyModel();
    const pruned = pruneToLayer(await modelArtifacts(model), 'b');
    const config = functionalConfig(pruned.modelTopology, 'test');
    expect(config.layers.map((l) => l.name)).toEqual(['in', 'a', 'b']);
    expect(pruned.weightSpecs?.map((w) => w.name)).toEqual(['a/kernel', 'a/bias', 'b/kernel', 'b/bias']);
    const cut = await tf.loadLayersModel(tf.io.fromMemory(pruned));
    const x = tf.tensor2d([[1, -2, 0.5, 3]]);
    const direct = tf.model({ inputs: model.inputs, outputs: model.getLayer('b').output as tf.SymbolicTensor });
    expect(Array.from((cut.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((direct.predict(x) as tf.Tensor).dataSync()));
    model.dispose();
    cut.dispose();
  });

  it('names a missing layer', async () => {
    const model = branchyModel();
    await expect(modelArtifacts(model).then((a) => pruneToLayer(a, 'nope', 'my.json'))).rejects.toThrow(/layer 'nope' not found/);
    model.dispose();
  });

  it('rejects a Sequential topology with a message naming the source', async () => {
    const seq = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    await expect(modelArtifacts(seq).then((a) => pruneToLayer(a, 'x', 'seq.json'))).rejects.toThrow(/seq\.json: expected a Keras functional model/);
    seq.dispose();
  });
});

describe('ancestorLayers', () => {
  it('follows every inbound node transitively', () => {
    const config = {
      name: 'm',
      input_layers: [['in', 0, 0]] as Array<[string, number, number]>,
      output_layers: [['d', 0, 0]] as Array<[string, number, number]>,
      layers: [
        { name: 'in', class_name: 'InputLayer', config: {}, inbound_nodes: [] },
        { name: 'x', class_name: 'Dense', config: {}, inbound_nodes: [[['in', 0, 0, {}]]] },
        { name: 'y', class_name: 'Dense', config: {}, inbound_nodes: [[['in', 0, 0, {}]]] },
        { name: 'd', class_name: 'Add', config: {}, inbound_nodes: [[['x', 0, 0, {}], ['y', 0, 0, {}]]] },
        { name: 'z', class_name: 'Dense', config: {}, inbound_nodes: [[['d', 0, 0, {}]]] },
      ] as never,
    };
    expect([...ancestorLayers(config, 'd')].sort()).toEqual(['d', 'in', 'x', 'y']);
  });
});
