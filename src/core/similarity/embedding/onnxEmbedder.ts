/**
 * Bring your own ONNX model: runs it with onnxruntime-web (WebGPU execution provider in
 * browsers, WebAssembly elsewhere), loaded lazily so nobody pays for it until an .onnx file is
 * chosen. Preprocessing and pooling are the same tfjs code as for TensorFlow.js models.
 *
 * ONNX only exposes the graph's declared outputs: the embedding "layer" is an output name
 * (export the model with the tensor you want as an output).
 */
import * as tf from '@tensorflow/tfjs';
import type * as Ort from 'onnxruntime-web';
import { resolveInput } from './modelEmbedder';
import { normaliseInput, poolToVectors } from './preprocess';
import type { Embedder, ModelEmbedderOptions } from './types';

export interface OnnxEmbedderOptions extends ModelEmbedderOptions {
  /** Name for errors and the embedder id, e.g. the file name. */
  name?: string;
  /** Memory layout of the image input (and of a 4-D output): 'NCHW' (PyTorch exports, default) or 'NHWC'. */
  layout?: 'NCHW' | 'NHWC';
  /** onnxruntime execution providers in order of preference; default ['webgpu', 'wasm'] where WebGPU exists, else ['wasm']. */
  executionProviders?: string[];
  /** The onnxruntime-web module; default: `import('onnxruntime-web')` (Node gets its wasm build). */
  runtime?: typeof Ort;
}

function defaultProviders(): string[] {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  return nav?.gpu ? ['webgpu', 'wasm'] : ['wasm'];
}

/** [channels, h, w] of the input as the model declares it (null where symbolic or absent). */
function declaredInput(meta: Ort.InferenceSession.ValueMetadata | undefined, layout: 'NCHW' | 'NHWC'): Array<number | null> {
  const shape = meta && meta.isTensor ? meta.shape : [];
  if (shape.length !== 4) return [null, null, null];
  const d = shape.map((v) => (typeof v === 'number' && v > 0 ? v : null));
  return layout === 'NCHW' ? [d[1], d[2], d[3]] : [d[3], d[1], d[2]];
}

/** Bytes of a .onnx model → an Embedder (the caller disposes it, which releases the session). */
export async function loadOnnxEmbedder(model: Uint8Array, opts: OnnxEmbedderOptions = {}): Promise<Embedder> {
  const name = opts.name ?? 'model.onnx';
  const ort = opts.runtime ?? (await import('onnxruntime-web'));
  const providers = opts.executionProviders ?? defaultProviders();
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model, { executionProviders: providers });
  } catch (e) {
    throw new Error(`${name}: onnxruntime could not load the model (${(e as Error).message})`);
  }
  try {
    return await wrapSession(ort, session, name, providers, opts);
  } catch (e) {
    await session.release();
    throw e;
  }
}

async function wrapSession(ort: typeof Ort, session: Ort.InferenceSession, name: string, providers: string[], opts: OnnxEmbedderOptions): Promise<Embedder> {
  const layout = opts.layout ?? 'NCHW';
  const inputName = session.inputNames[0];
  const output = opts.layer ?? session.outputNames[0];
  if (!session.outputNames.includes(output)) {
    throw new Error(`${name}: no output named '${output}'; outputs: ${session.outputNames.join(', ')} (ONNX exposes only declared outputs)`);
  }
  const [c, h, w] = declaredInput(session.inputMetadata[session.inputNames.indexOf(inputName)], layout);
  // The tfjs rules (fixed sizes must match, channel count) on an NHWC view of the declared shape.
  const { inputSize, normalisation } = resolveInput([null, h, w, c], opts, name);
  const pooling = opts.pooling ?? 'avg';

  const embed = async (batch: tf.Tensor4D): Promise<tf.Tensor2D> => {
    const x = tf.tidy(() => {
      const nhwc = normaliseInput(batch, normalisation);
      return layout === 'NCHW' ? tf.transpose(nhwc, [0, 3, 1, 2]) : nhwc;
    });
    const feed = new ort.Tensor('float32', (await x.data()) as Float32Array, x.shape);
    x.dispose();
    let result: Ort.InferenceSession.ReturnType;
    try {
      result = await session.run({ [inputName]: feed }, [output]);
    } catch (e) {
      throw new Error(`${name}: inference failed (${(e as Error).message})`);
    } finally {
      feed.dispose();
    }
    const out = result[output];
    const values = (await out.getData(true)) as Float32Array;
    const dims = out.dims.slice();
    return tf.tidy(() => {
      let t = tf.tensor(values, dims);
      if (t.rank === 4 && layout === 'NCHW') t = tf.transpose(t, [0, 2, 3, 1]);
      return poolToVectors(t, pooling);
    });
  };

  const blank = tf.zeros([1, inputSize[0], inputSize[1], 1]) as tf.Tensor4D;
  const probe = await embed(blank);
  const dim = probe.shape[1];
  tf.dispose([blank, probe]);
  return {
    id: opts.id ?? `onnx:${name}#${output}`,
    description: opts.description ?? `ONNX model ${name}, output '${output}', ${pooling}-pooled (onnxruntime-web, ${providers.join(' → ')})`,
    inputSize,
    dim,
    embed,
    dispose: () => void session.release(),
    params: { model: name, layer: output, pooling, inputSize, normalisation, layout, runtime: `onnxruntime-web ${ort.env.versions?.web ?? ''}`.trim(), executionProviders: providers },
  };
}
