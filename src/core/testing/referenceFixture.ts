/**
 * Test-only access to the shared golden fixture (../shared/fixtures/reference/, see its README).
 * Node only: tests read the files at run time; numbers are never pasted into tests.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Folder of the shared reference fixtures ($CTSIEVE_REFERENCE_DIR overrides). */
export function referenceDir(): string {
  const dir = process.env.CTSIEVE_REFERENCE_DIR ?? resolve(repoRoot, '../shared/fixtures/reference');
  if (!existsSync(dir)) throw new Error(`reference fixtures not found at ${dir} (expected ../shared beside the repo)`);
  return dir;
}

export const REFERENCE_VOLUME = 'chest_64x128x128_seed1';

export interface GreedyGolden {
  kept: number[];
  removal_order: number[];
  stop_reason: string;
  target_count?: number;
  fraction?: number;
}

export interface ReferenceGolden {
  input: { sha256_raw: string; hu_min_max: [number, number][]; n_slices: number; height: number; width: number };
  slices: { index: number; name: string; u8_sha256: string; u8_min: number; u8_max: number; dhash: string }[];
  hamming: number[][];
  ssim: number[][];
  nmi: number[][];
  reference_loop: Record<string, number[]>;
  pairwise_greedy: { hash: Record<string, GreedyGolden>; ssim: Record<string, GreedyGolden>; nmi: Record<string, GreedyGolden> };
}

let cached: ReferenceGolden | undefined;

export function loadGolden(): ReferenceGolden {
  cached ??= JSON.parse(readFileSync(join(referenceDir(), `${REFERENCE_VOLUME}.json`), 'utf8')) as ReferenceGolden;
  return cached;
}

export function referenceNpyPath(): string {
  return join(referenceDir(), `${REFERENCE_VOLUME}.npy`);
}

export function referencePngDir(): string {
  return join(referenceDir(), `${REFERENCE_VOLUME}_png`);
}

export { repoRoot };

/** One case of metrics/metrics.json (scikit-learn 1.2.1; see metrics/golden_metrics.py). */
export interface MetricsGoldenCase {
  classes: number;
  labels: number[];
  probabilities: number[][];
  predicted: number[];
  auc: number;
  f1: number;
  accuracy: number;
}

export interface MetricsGolden {
  versions: { sklearn: string };
  cases: MetricsGoldenCase[];
  stratifiedKFold: { labels: number[]; nSplits: number; testFoldOfSample: number[] };
  meanStd: { values: number[]; mean: number; stdPopulation: number; stdSample: number };
}

let cachedMetrics: MetricsGolden | undefined;

/** metrics/metrics.json: downstream metric goldens (AUC, F1, accuracy, StratifiedKFold, mean/std). */
export function loadMetricsGolden(): MetricsGolden {
  cachedMetrics ??= JSON.parse(readFileSync(join(referenceDir(), 'metrics', 'metrics.json'), 'utf8')) as MetricsGolden;
  return cachedMetrics;
}

/** swav/tiny_step.json (see the fixture README and swav/golden_swav.py). Nested number arrays, PyTorch layouts. */
export type NestedNumbers = number | NestedNumbers[];

export interface SwavGoldenStep {
  iteration: number;
  prototypesFrozen: boolean;
  loss: number;
  embedding: number[][];
  scores: number[][];
  q: number[][][];
  params: Record<string, NestedNumbers>;
  grads: Record<string, NestedNumbers | null>;
  bnRunning: Record<string, number[]>;
}

export interface SwavGolden {
  versions: Record<string, string>;
  config: {
    epsilon: number;
    sinkhornIterations: number;
    temperature: number;
    batch: number;
    prototypes: number;
    outputDim: number;
    nmbCrops: number[];
    cropSizes: number[];
    cropsForAssign: number[];
    freezePrototypesIters: number;
    optimizer: { name: string; lr: number; weightDecay: number; momentum: number; trustCoefficient: number; eps: number };
    bn: { eps: number; momentum: number };
  };
  /** Crops in order, each B×1×H×W. */
  crops: number[][][][][];
  initialParams: Record<string, NestedNumbers>;
  steps: SwavGoldenStep[];
  sinkhorn: { scores: number[][]; q: number[][] };
}

let swavCached: SwavGolden | undefined;

export function loadSwavGolden(): SwavGolden {
  swavCached ??= JSON.parse(readFileSync(join(referenceDir(), 'swav', 'tiny_step.json'), 'utf8')) as SwavGolden;
  return swavCached;
}

/** One case of tests/fixtures/eval/pillow_grey.json: an encoded image and Pillow's convert('L') of it. */
export interface PillowGreyCase {
  name: string;
  /** Pillow's mode of the opened file (RGB, RGBA, P, LA, L). */
  mode: string;
  rows: number;
  cols: number;
  /** The encoded file (PNG or JPEG). */
  file: Uint8Array;
  /** rows × cols uint8, row-major. */
  grey: Uint8Array;
}

/**
 * The repository's colour→grey golden (made by scripts/eval/golden_pillow_grey.py with Debian's
 * python3-pil); $CTSIEVE_EVAL_FIXTURE_DIR overrides its folder.
 */
export function loadPillowGreyGolden(): { pillow: string; cases: PillowGreyCase[] } {
  const dir = process.env.CTSIEVE_EVAL_FIXTURE_DIR ?? join(repoRoot, 'tests', 'fixtures', 'eval');
  const raw = JSON.parse(readFileSync(join(dir, 'pillow_grey.json'), 'utf8')) as { pillow: string; cases: (Omit<PillowGreyCase, 'file' | 'grey'> & { file: string; grey: string })[] };
  const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
  return { pillow: raw.pillow, cases: raw.cases.map((c) => ({ ...c, file: bytes(c.file), grey: bytes(c.grey) })) };
}

/** tests/fixtures/eval/medmnist_rgb.{npz,json}: a numpy-written MedMNIST-style .npz and Pillow's grey of its images. */
export interface MedmnistNpzGolden {
  npz: Uint8Array;
  rows: number;
  cols: number;
  parts: Record<'train' | 'val' | 'test', { labels: number[]; grey: Uint8Array }>;
}

/** Made by scripts/eval/golden_medmnist_npz.py (Debian python3-numpy, python3-pil); $CTSIEVE_EVAL_FIXTURE_DIR overrides its folder. */
export function loadMedmnistNpzGolden(): MedmnistNpzGolden {
  const dir = process.env.CTSIEVE_EVAL_FIXTURE_DIR ?? join(repoRoot, 'tests', 'fixtures', 'eval');
  const raw = JSON.parse(readFileSync(join(dir, 'medmnist_rgb.json'), 'utf8')) as { rows: number; cols: number; parts: Record<'train' | 'val' | 'test', { labels: number[]; grey: string }> };
  const parts = Object.fromEntries(Object.entries(raw.parts).map(([k, v]) => [k, { labels: v.labels, grey: new Uint8Array(Buffer.from(v.grey, 'base64')) }])) as MedmnistNpzGolden['parts'];
  return { npz: new Uint8Array(readFileSync(join(dir, 'medmnist_rgb.npz'))), rows: raw.rows, cols: raw.cols, parts };
}

/** One case of tests/fixtures/eval/stratified_group_kfold.json (scikit-learn StratifiedGroupKFold). */
export interface GroupKFoldGoldenCase {
  nSplits: number;
  labels: number[];
  groups: string[];
  testFoldOfSample: number[];
}

export interface GroupKFoldGolden {
  generator: string;
  sklearn: string;
  cases: GroupKFoldGoldenCase[];
}

/**
 * The repository's grouped-fold golden (made by scripts/eval/golden_stratified_group_kfold.py with
 * Debian's python3-sklearn); $CTSIEVE_EVAL_FIXTURE_DIR overrides its folder.
 */
export function loadGroupKFoldGolden(): GroupKFoldGolden {
  const dir = process.env.CTSIEVE_EVAL_FIXTURE_DIR ?? join(repoRoot, 'tests', 'fixtures', 'eval');
  return JSON.parse(readFileSync(join(dir, 'stratified_group_kfold.json'), 'utf8')) as GroupKFoldGolden;
}

/** tests/fixtures/eval/student_t.json (scripts/eval/golden_student_t.py: SciPy's t.ppf / t.cdf / t.interval, mpmath roots). */
export interface StudentTGolden {
  generator: string;
  scipy: string;
  /** t: SciPy's t.ppf (accurate to ~5e-9); exact: the CDF's root in 40-digit mpmath arithmetic. */
  quantiles: { p: number; df: number; t: number; exact: number }[];
  cdf: { t: number; df: number; p: number }[];
  paired: { a: number[]; b: number[]; meanDiff: number; sd: number; ci95: [number, number]; pValue: number }[];
}

/** The repository's Student-t golden; $CTSIEVE_EVAL_FIXTURE_DIR overrides its folder. */
export function loadStudentTGolden(): StudentTGolden {
  const dir = process.env.CTSIEVE_EVAL_FIXTURE_DIR ?? join(repoRoot, 'tests', 'fixtures', 'eval');
  return JSON.parse(readFileSync(join(dir, 'student_t.json'), 'utf8')) as StudentTGolden;
}

/** A tensor of moco/moco_step.json: PyTorch layout, row-major data. */
export interface TorchTensor {
  shape: number[];
  data: number[];
}

export interface MocoGoldenStep {
  view1: TorchTensor;
  view2: TorchTensor;
  q: TorchTensor;
  k: TorchTensor;
  logits: TorchTensor;
  loss: number;
  grads: Record<string, TorchTensor>;
  paramsAfter: Record<string, TorchTensor>;
  keyEncoderAfter: Record<string, TorchTensor>;
  queueAfter: TorchTensor;
  ptrAfter: number;
}

export interface MocoGolden {
  versions: Record<string, string>;
  seed: number;
  settings: { batch: number; queue: number; dim: number; temperature: number; momentum: number; lr: number; sgdMomentum: number; weightDecay: number };
  init: { q: Record<string, TorchTensor>; queue: TorchTensor };
  steps: MocoGoldenStep[];
}

/** moco/moco_step.json (made by moco/golden_moco.py beside it): three MoCo v2 steps of the tiny net. */
export function loadMocoGolden(): MocoGolden {
  return JSON.parse(readFileSync(join(referenceDir(), 'moco', 'moco_step.json'), 'utf8')) as MocoGolden;
}

export interface MimGolden {
  versions: Record<string, string>;
  seed: number;
  settings: { batch: number; inputSize: number; patchSize: number; maskRatio: number; stride: number; lr: number; weightDecay: number; normEps: number; optimizer: string };
  init: Record<string, TorchTensor>;
  x: TorchTensor;
  /** [B, H/P, W/P], 1 = masked. */
  mask: TorchTensor;
  maskedInput: TorchTensor;
  pred: TorchTensor;
  /** Per-patch normalised targets [B, H/P, W/P, P²]. */
  target: TorchTensor;
  loss: number;
  zeroPredictionLoss: number;
  grads: Record<string, TorchTensor>;
  paramsAfter: Record<string, TorchTensor>;
}

/** The names of the repository's MIM goldens (tests/fixtures/mim/, made by golden_mim.py there). */
export const MIM_GOLDENS = ['mim_step.json', 'mim_step_seed1.json'] as const;

/** tests/fixtures/mim/<file>; $CTSIEVE_MIM_FIXTURE_DIR overrides the folder. */
export function loadMimGolden(file: (typeof MIM_GOLDENS)[number]): MimGolden {
  const dir = process.env.CTSIEVE_MIM_FIXTURE_DIR ?? join(repoRoot, 'tests', 'fixtures', 'mim');
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as MimGolden;
}

/** One case of probe/logreg.json (scikit-learn 1.2.1 LogisticRegression; see probe/golden_probe.py). */
export interface ProbeGoldenCase {
  name: string;
  classes: number;
  train: { x: number[][]; y: number[] };
  val: { x: number[][]; y: number[] };
  test: { x: number[][]; y: number[] };
  scalerMean: number[];
  scalerStd: number[];
  /** Per C: coef is K' × F (K' = 1 for two classes), intercept K'. */
  perC: { C: number; valAuc: number; coef: number[][]; intercept: number[]; testProba: number[][]; testAuc: number }[];
  chosenC: number;
}

export interface ProbeGolden {
  versions: { sklearn: string; numpy: string };
  seed: number;
  cs: number[];
  cases: ProbeGoldenCase[];
}

/** probe/logreg.json: the linear probe's golden (standardise, lbfgs logistic regression per C, C by validation AUC). */
export function loadProbeGolden(): ProbeGolden {
  return JSON.parse(readFileSync(join(referenceDir(), 'probe', 'logreg.json'), 'utf8')) as ProbeGolden;
}
