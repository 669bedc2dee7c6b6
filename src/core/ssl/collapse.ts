/**
 * What the codes say about a run, from the per-step diagnostics (all natural logs, K prototypes):
 * - sampleEntropy = mean over samples of H(softmax(S_b/τ)): ln K when every sample's prediction is
 *   flat, lower when samples are told apart;
 * - meanEntropy = H(batch-mean softmax): ln K when the prototypes are used evenly;
 * - codeEntropy = mean row entropy of the Sinkhorn codes (the targets): ln K when the codes are flat,
 *   so the swapped prediction has nothing to learn from and the loss cannot fall below ln K;
 * - prototypesUsed = distinct argmax prototypes. With flat predictions the argmax is noise, so a high
 *   count then says nothing; it is only read when the mean entropy is near 0 (one prototype for all).
 * Diagnoses over the last WINDOW steps (r = entropy / ln K):
 * - `collapsed`: r ≥ 1 − AT_LNK for sampleEntropy (predictions flat; the loss then sits at ln K too)
 *   after the run had been lower (it learnt, then lost it), or every sample on one prototype;
 * - `near-uniform`: codeEntropy r ≥ 1 − NEAR_LNK (flat targets, as the `tiny` preset's on real CT: its
 *   loss then sits above ln K) or sampleEntropy r ≥ 1 − NEAR_LNK (flat predictions). Either they never
 *   left uniform (too few steps or too small a model) or they are drifting to collapse; an encoder
 *   from such a run has not learnt to tell slices apart.
 * - `not-learning`: loss ≥ (1 − AT_LNK)·ln K with codes and predictions both peaked: the swapped
 *   prediction does no better than a flat guess would (ln K), the predictions disagree with the codes.
 *   The `tiny` preset on the bundled head CT ends here (6 steps: loss 3.65 vs ln K 2.30).
 * A learning run keeps meanEntropy near ln K (Sinkhorn's equipartition) while sampleEntropy and the
 * loss fall below ln K.
 */
import type { StepMetrics } from './types';

/** Fraction of ln K within which an entropy counts as "at ln K". */
const AT_LNK = 0.03;
/** Fraction of ln K within which predictions count as near uniform. */
const NEAR_LNK = 0.1;
/** Steps at the end of the run that are judged. */
const WINDOW = 5;

export type CodeState = 'learning' | 'not-learning' | 'near-uniform' | 'collapsed';

export interface CollapseDiagnosis {
  /** True for a collapsed run (flat predictions after having been lower, or one prototype for every sample). */
  collapsed: boolean;
  /** True when the codes or the predictions are near uniform (collapsed runs included). */
  nearUniform: boolean;
  /** collapsed, near-uniform, not-learning (loss not below ln K) or learning. */
  state: CodeState;
  /** A sentence with the numbers behind the diagnosis (absent while learning). */
  reason?: string;
}

const ratio = (v: number, lnK: number) => v / lnK;
const pct = (r: number) => `${(100 * r).toFixed(1)}%`;

export function detectCollapse(steps: StepMetrics[]): CollapseDiagnosis {
  const learning: CollapseDiagnosis = { collapsed: false, nearUniform: false, state: 'learning' };
  if (steps.length < WINDOW) return learning;
  const last = steps.slice(-WINDOW);
  const m = last[last.length - 1];
  const code = m.codeEntropy === undefined ? '' : `, codeEntropy ${m.codeEntropy.toFixed(3)} (${pct(ratio(m.codeEntropy, m.lnK))})`;
  const numbers = `sampleEntropy ${m.sampleEntropy.toFixed(3)} (${pct(ratio(m.sampleEntropy, m.lnK))} of ln K = ${m.lnK.toFixed(3)})${code}, meanEntropy ${m.meanEntropy.toFixed(3)}, loss ${m.loss.toFixed(3)}`;
  if (last.every((s) => s.prototypesUsed <= 1 && s.meanEntropy < 0.1 * s.lnK)) {
    return { collapsed: true, nearUniform: false, state: 'collapsed', reason: `collapsed: for the last ${WINDOW} steps every sample went to one prototype (meanEntropy ${m.meanEntropy.toFixed(3)} ≈ 0, prototypesUsed ${m.prototypesUsed})` };
  }
  const flat = last.every((s) => ratio(s.sampleEntropy, s.lnK) >= 1 - AT_LNK);
  const wasLower = steps.slice(0, -WINDOW).some((s) => ratio(s.sampleEntropy, s.lnK) < 1 - NEAR_LNK);
  if (flat && wasLower) {
    return {
      collapsed: true, nearUniform: true, state: 'collapsed',
      reason: `collapsed: for the last ${WINDOW} steps every sample's prototype softmax is flat — ${numbers}; earlier it was lower, so the run lost what it had. ` +
        `prototypesUsed (${m.prototypesUsed}) counts argmaxes of flat softmaxes and means nothing here. The encoder is not learning ` +
        '(try a lower learning rate, more prototype-freeze steps, a larger batch or a queue)',
    };
  }
  const near = (v: number | undefined, lnK: number) => v !== undefined && ratio(v, lnK) >= 1 - NEAR_LNK;
  const flatCodes = last.every((s) => near(s.codeEntropy, s.lnK));
  const flatPredictions = last.every((s) => near(s.sampleEntropy, s.lnK));
  if (flatCodes || flatPredictions) {
    const what = flatCodes
      ? `the codes (targets) are near uniform, so they tell no slice from another${m.loss >= m.lnK ? ` and the loss (${m.loss.toFixed(3)}) cannot fall below ln K` : ''}`
      : `the predictions are near uniform (prototypesUsed ${m.prototypesUsed} counts argmaxes of nearly flat softmaxes)`;
    return {
      collapsed: false, nearUniform: true, state: 'near-uniform',
      reason: `codes near uniform: for the last ${WINDOW} steps ${numbers}; ${what}. This encoder has not learnt to tell slices apart (too few steps, too small a model, or on its way to collapse)`,
    };
  }
  if (last.every((s) => s.loss >= (1 - AT_LNK) * s.lnK)) {
    return {
      collapsed: false, nearUniform: false, state: 'not-learning',
      reason: `not learning: for the last ${WINDOW} steps the loss (${m.loss.toFixed(3)}) is not below ln K = ${m.lnK.toFixed(3)}, what a flat guess scores, ` +
        `although codes and predictions are peaked (${numbers}): the predictions disagree with the codes. Train longer or with a larger model before reading anything into this encoder`,
    };
  }
  return learning;
}
