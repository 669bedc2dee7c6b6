/**
 * The linear probe of the paper-style evaluation (DESIGN.md "Linear probe"), equal to scikit-learn
 * 1.2: standardise the frozen features with the training part's mean and population std
 * (StandardScaler), fit an L2 logistic regression by lbfgs (binary formulation for two classes,
 * multinomial for more) for every C in PROBE_CS, and keep the C with the best validation AUC
 * (ties: the smaller C). Pure TypeScript in float64, deterministic: no seed, no epochs.
 * Conformance: linearProbe.probe.test.ts against fixtures/reference/probe/logreg.json.
 */
import { throwIfAborted } from '../runtime';
import { rocAuc } from './metrics';
import { fitLogistic, predictProba, type LogisticModel, type Rows } from './probe/logistic';
import { fitStandardiser, standardise, type Standardiser } from './probe/standardScaler';

/** The regularisation grid (inverse strength C). */
export const PROBE_CS: readonly number[] = [1e-3, 1e-2, 1e-1, 1, 10];
/** lbfgs settings: scikit-learn's max_iter / tol as the golden generator sets them (converged well past the default 100 / 1e-4). */
export const PROBE_SOLVER = { maxIterations: 10000, tol: 1e-10 } as const;

export interface ProbeOptions {
  classes: number;
  /** The grid to search (default PROBE_CS). */
  cs?: readonly number[];
  signal?: AbortSignal;
  /** After each C is fitted: its index, the grid size and its validation AUC. */
  onC?(index: number, count: number, C: number, valAuc: number): void;
}

export interface ProbeCandidate {
  C: number;
  /** Validation AUC; NaN when the validation part lacks a class (AUC undefined). */
  valAuc: number;
  /** Validation mean cross-entropy (the fallback criterion when an AUC is undefined). */
  valLoss: number;
  model: LogisticModel;
  iterations: number;
}

export interface LinearProbe {
  scaler: Standardiser;
  candidates: ProbeCandidate[];
  /** The chosen candidate (best validation AUC, ties: smaller C). */
  chosen: ProbeCandidate;
}

/**
 * Index of the best candidate: highest validation AUC, on a tie the earlier (smaller C, the grid
 * being ascending). When the AUC is undefined (a class missing from the validation part), the
 * lowest validation cross-entropy instead, ties again to the smaller C.
 */
export function chooseC(candidates: readonly Pick<ProbeCandidate, 'valAuc' | 'valLoss'>[]): number {
  const byAuc = candidates.every((c) => Number.isFinite(c.valAuc));
  const score = (c: Pick<ProbeCandidate, 'valAuc' | 'valLoss'>) => (byAuc ? c.valAuc : -c.valLoss);
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if (score(candidates[i]) > score(candidates[best])) best = i;
  return best;
}

/** Mean cross-entropy −log p[y] (probabilities clamped at 1e-12). */
export function crossEntropy(probabilities: number[][], labels: readonly number[]): number {
  let s = 0;
  probabilities.forEach((p, i) => (s -= Math.log(Math.max(p[labels[i]], 1e-12))));
  return s / probabilities.length;
}

/** AUC, or NaN where it is undefined (only one class present). */
function aucOrNaN(labels: readonly number[], probabilities: number[][]): number {
  const present = new Set(labels);
  return present.size === probabilities[0].length ? rocAuc(labels, probabilities) : Number.NaN;
}

export function trainLinearProbe(trainX: Rows, trainY: readonly number[], valX: Rows, valY: readonly number[], o: ProbeOptions): LinearProbe {
  if (trainX.length === 0) throw new Error('linear probe: no training samples');
  if (valX.length === 0) throw new Error('linear probe: no validation samples to choose C on');
  const cs = [...(o.cs ?? PROBE_CS)].sort((a, b) => a - b);
  const scaler = fitStandardiser(trainX);
  const train = standardise(scaler, trainX);
  const val = standardise(scaler, valX);
  const candidates = cs.map((C, i) => {
    throwIfAborted(o.signal, 'evaluate');
    const fit = fitLogistic(train, trainY, o.classes, { C, ...PROBE_SOLVER, onIteration: () => throwIfAborted(o.signal, 'evaluate') });
    const proba = predictProba(fit, val);
    const valAuc = aucOrNaN(valY, proba);
    o.onC?.(i, cs.length, C, valAuc);
    return { C, valAuc, valLoss: crossEntropy(proba, valY), model: fit, iterations: fit.iterations };
  });
  return { scaler, candidates, chosen: candidates[chooseC(candidates)] };
}

/** Class probabilities of raw (unstandardised) feature rows under one candidate (default: the chosen one). */
export function probeProbabilities(p: LinearProbe, x: Rows, candidate: ProbeCandidate = p.chosen): number[][] {
  return predictProba(candidate.model, standardise(p.scaler, x));
}
