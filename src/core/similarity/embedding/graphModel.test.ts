/**
 * Graph models (converted SavedModels): a hand-written two-op GraphDef (Conv2D → Relu) in the
 * tfjs graph-model JSON format, loaded through loadTfjsEmbedder like a user's model.json.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { isGraphModel, loadTfjsEmbedder } from './loadTfjsEmbedder';

const b64 = (s: string) => btoa(s);
/** 3×3 kernel, 1 → 2 channels: channel 0 sums the window, channel 1 is minus the centre pixel. */
const KERNEL = Float32Array.from({ length: 18 }, (_, k) => (k % 2 === 0 ? 1 : k === 9 ? -1 : 0));

function graphArtifacts(): tf.io.ModelArtifacts {
  const dims = (...d: number[]) => ({ dim: d.map((size) => ({ size: String(size) })) });
  return {
    format: 'graph-model',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dims(-1, 8, 8, 1) } } },
        { name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(3, 3, 1, 2) } } } },
        {
          name: 'conv',
          op: 'Conv2D',
          input: ['x', 'w'],
          attr: { T: { type: 'DT_FLOAT' }, strides: { list: { i: ['1', '1', '1', '1'] } }, padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') }, dilations: { list: { i: ['1', '1', '1', '1'] } } },
        },
        { name: 'relu', op: 'Relu', input: ['conv'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
      versions: { producer: 1 },
    },
    weightSpecs: [{ name: 'w', shape: [3, 3, 1, 2], dtype: 'float32' }],
    weightData: KERNEL.buffer,
  };
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('loadTfjsEmbedder (graph model)', () => {
  it('recognises the format and reads the chosen node, pooled to one vector per image', async () => {
    expect(isGraphModel(graphArtifacts())).toBe(true);
    const embedder = await loadTfjsEmbedder(tf.io.fromMemory(graphArtifacts()), { name: 'graph.json', layer: 'relu', normalisation: { channels: 1 } });
    expect(embedder.inputSize).toEqual([8, 8]);
    expect(embedder.dim).toBe(2);
    const out = await embedder.embed(tf.fill([1, 8, 8, 1], 0.5) as tf.Tensor4D);
    // Sum of a 3×3 window of 0.5 = 4.5; ReLU(−0.5) = 0.
    expect(Array.from(await out.data())).toEqual([4.5, 0]);
    out.dispose();
    embedder.dispose();
  });

  it('names the model when the chosen node does not exist', async () => {
    await expect(loadTfjsEmbedder(tf.io.fromMemory(graphArtifacts()), { name: 'graph.json', layer: 'nope', normalisation: { channels: 1 } })).rejects.toThrow(/graph\.json/);
  });
});
