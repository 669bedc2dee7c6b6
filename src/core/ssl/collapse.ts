/**
 * Collapse: the known failure of small SwAV runs. Every sample's softmax is (near) uniform, so the
 * loss, the per-sample entropy and the entropy of the batch mean all sit at ln K. A learning run
 * keeps meanEntropy high (prototypes shared out, Sinkhorn's equipartition) while sampleEntropy falls.
 */
import type { StepMetrics } from './types';

/** Fraction of ln K within which a quantity counts as "at ln K". */
const AT_LNK = 0.03;
/** Steps at the end of the run that must all sit at ln K. */
const WINDOW = 5;

export function detectCollapse(steps: StepMetrics[]): { collapsed: boolean; reason?: string } {
  if (steps.length < WINDOW) return { collapsed: false };
  const last = steps.slice(-WINDOW);
  const near = (v: number, lnK: number) => Math.abs(v - lnK) <= AT_LNK * lnK;
  const stuck = last.every((m) => near(m.loss, m.lnK) && near(m.sampleEntropy, m.lnK) && near(m.meanEntropy, m.lnK));
  if (stuck) {
    const m = last[last.length - 1];
    return {
      collapsed: true,
      reason:
        `collapsed: for the last ${WINDOW} steps loss (${m.loss.toFixed(3)}), sampleEntropy (${m.sampleEntropy.toFixed(3)}) ` +
        `and meanEntropy (${m.meanEntropy.toFixed(3)}) all sit at ln K = ${m.lnK.toFixed(3)}; the encoder is not learning ` +
        '(try a lower learning rate, more prototype-freeze steps, a larger batch or a queue)',
    };
  }
  const single = last.every((m) => m.prototypesUsed <= 1 && m.meanEntropy < 0.1 * m.lnK);
  if (single) {
    return { collapsed: true, reason: `collapsed: for the last ${WINDOW} steps every sample went to one prototype (meanEntropy ≈ 0)` };
  }
  return { collapsed: false };
}
