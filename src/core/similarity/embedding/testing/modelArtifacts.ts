/** Test helper: a tfjs layers model saved to memory (topology, weight specs, weight bytes). */
import * as tf from '@tensorflow/tfjs';

export async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!saved) throw new Error('model was not saved');
  return saved;
}

/** The weight bytes of saved artifacts as one buffer (tfjs may hand them over in pieces). */
export function weightBytes(a: tf.io.ModelArtifacts): Uint8Array {
  const parts = Array.isArray(a.weightData) ? a.weightData : a.weightData ? [a.weightData] : [];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}
