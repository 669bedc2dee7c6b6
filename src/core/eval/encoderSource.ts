/** Facts about an EncoderSource: its input normalisation and its summary in a report. */
import type { InputNorm } from './features';
import type { EncoderSource, EncoderSummary } from './types';

/** Contract A's defaults for the 8-bit → encoder input mapping. */
export const DEFAULT_MEAN = 0.5;
export const DEFAULT_STD = 0.25;

export function inputNorm(e: Exclude<EncoderSource, { kind: 'pixels' }>): InputNorm {
  if (e.kind === 'model') return { size: e.info.inputSize, mean: e.info.mean, std: e.info.std };
  return { size: e.spec.inputSize, mean: e.mean ?? DEFAULT_MEAN, std: e.std ?? DEFAULT_STD };
}

export function encoderSummary(e: EncoderSource): EncoderSummary {
  if (e.kind === 'pixels') return { name: `raw pixels ${e.size}×${e.size}`, kind: 'pixels', arch: 'pixels', inputSize: e.size, featureDim: e.size * e.size };
  if (e.kind === 'scratch') {
    const width = e.spec.width ? ` width ${e.spec.width}` : '';
    return { name: `scratch ${e.spec.arch}${width}`, kind: 'scratch', arch: e.spec.arch, inputSize: e.spec.inputSize };
  }
  const { info } = e;
  return {
    name: e.name,
    kind: 'model',
    arch: info.arch,
    inputSize: info.inputSize,
    featureDim: info.featureDim,
    ...(info.provenance ? { provenance: info.provenance } : {}),
  };
}
