/**
 * The one table of method facts. Everything the CLI, the reduction engine, manifests and the app
 * need to know about a method — which way its scores point, their unit and range, its label, the
 * threshold slider, which reduction algorithms apply — is read from METHODS here; the method's
 * definition (formula, reference library) is in docs/similarity.md and its kernels under
 * core/similarity/<method>/. Plain data, no imports: safe for every bundle.
 */

/** Similarity methods: each gives an n×n score matrix. */
export type MethodName = 'hash' | 'ssim' | 'nmi' | 'deepnet';
/** Baselines: no scores needed. */
export type BaselineName = 'all' | 'everyn';
/** Every method a reduction can use. */
export type ReductionMethod = BaselineName | MethodName;

/** Which way a method's scores point: distance = lower is more alike (HASH), similarity = higher. */
export type ScoreKind = 'distance' | 'similarity';

/** 'greedy' = the paper's pairwise walk; 'leader' = the paper's released HASH loop. */
export type Algorithm = 'greedy' | 'leader';

export interface ThresholdSlider {
  step: number;
  /** The default threshold (HASH 6 = the paper's setting). */
  initial: number;
  /** Shown before the value: "Hamming ≤", "SSIM ≥", "every N". */
  prefix: string;
}

interface CommonFacts {
  label: string;
  /** One line on what the method is and what it matches. */
  summary: string;
  slider: ThresholdSlider;
  /** Where its definition, fast forms and tolerances are written down (repository-relative). */
  docs: string;
  /** Where its code is: the kernels' folder (CPU reference *.cpu.ts, WebGPU *.webgpu.ts) or the baseline. */
  code: string;
}

export interface SimilarityMethodFacts extends CommonFacts {
  needsScores: true;
  kind: ScoreKind;
  /** The scores' unit, e.g. "Hamming distance (bits)". */
  unit: string;
  /** Every value a score (and so a threshold) can take. */
  range: { min: number; max: number };
  /** When two slices count as alike: maxDistance (score <= T) or minSimilarity (score >= T). */
  threshold: 'maxDistance' | 'minSimilarity';
  algorithms: readonly Algorithm[];
}

export interface BaselineFacts extends CommonFacts {
  needsScores: false;
  /** EveryN's "threshold" is N (an integer range); ALL has none. */
  range: { min: number; max: number };
}

export type MethodFacts = SimilarityMethodFacts | BaselineFacts;

export const METHODS = {
  hash: {
    label: 'HASH', needsScores: true, kind: 'distance', unit: 'Hamming distance (bits)', range: { min: 0, max: 64 }, threshold: 'maxDistance',
    algorithms: ['greedy', 'leader'], slider: { step: 1, initial: 6, prefix: 'Hamming ≤' },
    summary: 'difference hash (9×8 Pillow LANCZOS, 64 bits), bit-identical to imagehash.dhash; Hamming distance',
    docs: 'docs/similarity.md#hash-difference-hash--hamming-dhash', code: 'src/core/similarity/dhash/',
  },
  ssim: {
    label: 'SSIM', needsScores: true, kind: 'similarity', unit: 'SSIM', range: { min: -1, max: 1 }, threshold: 'minSimilarity',
    algorithms: ['greedy'], slider: { step: 0.001, initial: 0.9, prefix: 'SSIM ≥' },
    summary: 'structural similarity, Gaussian σ 1.5, as skimage.metrics.structural_similarity (data_range 255)',
    docs: 'docs/similarity.md#ssim-ssim', code: 'src/core/similarity/ssim/',
  },
  nmi: {
    label: 'NMI', needsScores: true, kind: 'similarity', unit: 'NMI', range: { min: 1, max: 2 }, threshold: 'minSimilarity',
    algorithms: ['greedy'], slider: { step: 0.001, initial: 1.3, prefix: 'NMI ≥' },
    summary: 'normalised mutual information (H(X)+H(Y))/H(X,Y), 100 bins, as skimage.metrics.normalized_mutual_information',
    docs: 'docs/similarity.md#nmi-nmi', code: 'src/core/similarity/nmi/',
  },
  deepnet: {
    label: 'DeepNet', needsScores: true, kind: 'similarity', unit: 'cosine similarity', range: { min: -1, max: 1 }, threshold: 'minSimilarity',
    algorithms: ['greedy'], slider: { step: 0.001, initial: 0.95, prefix: 'cosine ≥' },
    summary: 'cosine similarity of CNN embeddings (bundled MobileNetV2 trunk, or a user/SwAV model)',
    docs: 'docs/deepnet.md', code: 'src/core/similarity/embedding/',
  },
  everyn: {
    label: 'EveryN', needsScores: false, range: { min: 1, max: 100 }, slider: { step: 1, initial: 10, prefix: 'every N' },
    summary: 'baseline: keep slices i with i % N == 0',
    docs: 'docs/reduction.md#baselines', code: 'src/core/reduction/baselines.ts',
  },
  all: {
    label: 'ALL', needsScores: false, range: { min: 0, max: 0 }, slider: { step: 1, initial: 0, prefix: '' },
    summary: 'baseline: keep every slice',
    docs: 'docs/reduction.md#baselines', code: 'src/core/reduction/baselines.ts',
  },
} as const satisfies Record<ReductionMethod, MethodFacts>;

/** In the order the CLI usage and the app's method menu show them. */
export const SIMILARITY_METHODS: readonly MethodName[] = ['hash', 'ssim', 'nmi', 'deepnet'];
export const REDUCTION_METHODS: readonly ReductionMethod[] = ['all', 'everyn', ...SIMILARITY_METHODS];
export const ALGORITHMS: readonly Algorithm[] = ['greedy', 'leader'];

export function isSimilarityMethod(value: string): value is MethodName {
  return (SIMILARITY_METHODS as readonly string[]).includes(value);
}

export function isReductionMethod(value: string): value is ReductionMethod {
  return (REDUCTION_METHODS as readonly string[]).includes(value);
}

/** The facts of a method that needs scores. */
export function similarityFacts(method: MethodName): SimilarityMethodFacts {
  return METHODS[method];
}

export function scoreKind(method: MethodName): ScoreKind {
  return METHODS[method].kind;
}

/** The reduction algorithms that apply to a method (none for the baselines). */
export function algorithmsFor(method: ReductionMethod): readonly Algorithm[] {
  const facts: MethodFacts = METHODS[method];
  return facts.needsScores ? facts.algorithms : [];
}
