import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../compute/cache';
import { createAppStore } from '../../store';
import { resultKey } from '../../store/analysisSlice';
import { deepnetCacheParams, deepnetResultVariant, describeModelFiles, layerNamesOf, parseNumberList, userEmbedderId } from './modelFiles';

const bytes = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;

const modelJson = JSON.stringify({
  modelTopology: { class_name: 'Sequential', config: { name: 'tiny', layers: [{ class_name: 'Conv2D', config: { name: 'conv_a' } }, { class_name: 'Conv2D', config: { name: 'conv_b' } }] } },
  weightsManifest: [{ paths: ['./tiny.bin'], weights: [] }],
});

describe('describeModelFiles', () => {
  it('accepts model.json with its shard and lists the layer names', async () => {
    const m = await describeModelFiles([{ name: 'tiny.json', bytes: bytes(modelJson) }, { name: 'tiny.bin', bytes: new ArrayBuffer(8) }]);
    expect(m).toMatchObject({ kind: 'tfjs', name: 'tiny.json', layerNames: ['conv_a', 'conv_b'] });
    expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(userEmbedderId(m)).toBe(`tiny.json@sha256:${m.sha256.slice(0, 16)}`);
  });

  it('names the file and the problem for a wrong pick', async () => {
    await expect(describeModelFiles([{ name: 'broken.json', bytes: bytes('{not json') }])).rejects.toThrow(/^broken\.json: not a TensorFlow\.js model\.json/);
    await expect(describeModelFiles([{ name: 'other.json', bytes: bytes('{"a":1}') }])).rejects.toThrow(/other\.json: .*no modelTopology/);
    await expect(describeModelFiles([{ name: 'tiny.json', bytes: bytes(modelJson) }])).rejects.toThrow(/tiny\.json: weight file tiny\.bin not picked/);
    await expect(describeModelFiles([{ name: 'notes.txt', bytes: bytes('x') }])).rejects.toThrow(/notes\.txt: not a model file/);
    await expect(describeModelFiles([{ name: 'm.onnx', bytes: bytes('x') }, { name: 'x.bin', bytes: bytes('x') }])).rejects.toThrow(/m\.onnx: pick one \.onnx file/);
  });

  it('takes one .onnx file', async () => {
    const m = await describeModelFiles([{ name: 'enc.onnx', bytes: bytes('onnx bytes') }]);
    expect(m).toMatchObject({ kind: 'onnx', name: 'enc.onnx' });
    expect(m.layerNames).toBeUndefined();
  });

  it('reads layer names from a functional model and none from a graph model', () => {
    expect(layerNamesOf({ modelTopology: { model_config: { config: { layers: [{ name: 'input_1' }, { name: 'dense' }] } } } })).toEqual(['input_1', 'dense']);
    expect(layerNamesOf({ modelTopology: { node: [] } })).toBeUndefined();
  });
});

describe('model identity in keys', () => {
  it('gives different models and options different cache keys, and the default a stable one', async () => {
    const a = await describeModelFiles([{ name: 'a.onnx', bytes: bytes('model a') }]);
    const b = await describeModelFiles([{ name: 'a.onnx', bytes: bytes('model b') }]);
    const key = (m: typeof a | null) => cacheKey('vox', 'deepnet', deepnetCacheParams(m));
    expect(key(null)).toBe(cacheKey('vox', 'deepnet'));
    expect(new Set([key(null), key(a), key(b), key({ ...a, options: { layer: 'x' } })]).size).toBe(4);
  });

  it('keeps each model’s DeepNet results under its own key when the model or its options change', async () => {
    const store = createAppStore();
    const summary = (key: string, method: 'deepnet' | 'hash') => ({ key, volumeId: 'v', method, n: 2, backend: 'cpu', elapsedMs: 1, fromCache: false });
    store.getState().computeFinished(summary('v|deepnet', 'deepnet'));
    store.getState().computeFinished(summary('v|hash', 'hash'));
    const a = await describeModelFiles([{ name: 'a.onnx', bytes: bytes('a') }]);
    store.getState().setDeepnetModel(a);
    expect(Object.keys(store.getState().results)).toEqual(['v|deepnet', 'v|hash']);
    const keyA = resultKey('v', 'deepnet', deepnetResultVariant(a));
    expect(keyA).not.toBe('v|deepnet');
    expect(resultKey('v', 'deepnet', deepnetResultVariant({ ...a, options: { pooling: 'max' } }))).not.toBe(keyA);
    store.getState().setDeepnetOptions({ pooling: 'max' });
    expect(store.getState().deepnetModel?.options).toEqual({ pooling: 'max' });
    expect(Object.keys(store.getState().results)).toEqual(['v|deepnet', 'v|hash']);
  });
});

describe('parseNumberList', () => {
  it('reads one or three numbers and rejects the rest', () => {
    expect(parseNumberList('0.5', 'mean')).toEqual([0.5]);
    expect(parseNumberList('0.485, 0.456,0.406', 'mean')).toEqual([0.485, 0.456, 0.406]);
    expect(parseNumberList(' ', 'mean')).toBeUndefined();
    expect(() => parseNumberList('1,2', 'std')).toThrow(/std: expected one number or three/);
  });
});
