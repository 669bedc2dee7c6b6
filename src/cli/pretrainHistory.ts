/**
 * history.json of one pre-training run, written by `pretrain` and by every unit of `experiment`
 * (one writer, so both carry the same diagnosis: codeState, collapseReason, kernelsPerStep).
 */
import type { PretrainHistory, StepMetrics } from '../core/ssl';

/**
 * One step of history.json (DESIGN.md). SwAV: {step, loss, lr, lnK, sampleEntropy, meanEntropy, prototypesUsed, seconds};
 * MoCo adds positiveSimilarity, negativeSimilarity and top1 (lnK = ln(1 + K), entropies over the 1 + K candidate keys);
 * MIM: {step, loss, lr, zeroPredictionLoss, seconds} (no softmax, so no entropies). SwAV adds codeEntropy after seconds.
 */
function stepJson(m: StepMetrics, method: string): Record<string, number | undefined> {
  const common = { step: m.step, loss: m.loss, lr: m.lr };
  if (method === 'mim') return { ...common, zeroPredictionLoss: m.zeroPredictionLoss, seconds: m.seconds };
  const swav = { ...common, lnK: m.lnK, sampleEntropy: m.sampleEntropy, meanEntropy: m.meanEntropy, prototypesUsed: m.prototypesUsed };
  if (method === 'moco') return { ...swav, positiveSimilarity: m.positiveSimilarity, negativeSimilarity: m.negativeSimilarity, top1: m.top1, seconds: m.seconds };
  // the contract's keys first, then ours: the Sinkhorn codes' entropy
  return { ...swav, seconds: m.seconds, codeEntropy: m.codeEntropy };
}

export function historyJson(h: PretrainHistory): string {
  const method = h.method ?? h.config.method ?? 'swav';
  const steps = h.steps.map((m) => stepJson(m, method));
  const body = { config: h.config, backend: h.backend, slicesUsed: h.slicesUsed, seconds: h.seconds, imagesPerSecond: h.imagesPerSecond, steps, method, collapsed: h.collapsed ?? false, nearUniform: h.nearUniform ?? false, codeState: h.codeState, ...(h.collapseReason ? { collapseReason: h.collapseReason } : {}), stopReason: h.stopReason, ...(h.kernelsPerStep !== undefined ? { kernelsPerStep: h.kernelsPerStep } : {}) };
  return `${JSON.stringify(body, null, 1)}\n`;
}
