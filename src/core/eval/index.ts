/**
 * Downstream evaluation (contract C): labelled slices → linear probe or fine-tune of an encoder
 * over 5 runs → AUC / F1 / accuracy per run, mean and sample std, as a report. Pure core; the
 * Node readers of labelled folders and CSV files live in ./node (never imported by the browser).
 */
export type * from './types';
export type { EncoderArch, EncoderSpec, EncoderInfo, EncoderProvenance } from './encoderContract';
export { evaluateEncoder } from './evaluate';
export { EVAL_DEFAULTS } from './runner';
export { makeLabelledSet, classCounts, LabelledDataError, type MakeSetOptions } from './labelled';
export { planRuns, validationHoldout, SplitError, type RunPlan, type SplitPlan, type SplitMode } from './splits';
export { stratifiedKFold, stratifiedGroupKFold } from './folds';
export { rocAuc, rocAucBinary, f1Score, accuracy, argmaxRows, runMetrics, mean, std, summariseRuns } from './metrics';
export { resizeBilinear } from './resize';
export { DEFAULT_MEAN, DEFAULT_STD, encoderSummary } from './encoderSource';
export { compareReports, comparisonToCsv, comparisonToMarkdown, reportToCsv } from './report';
export { proxyTask, blocksWithGaps, PROXY_CLASSES, PROXY_PIXEL_BASELINE, type ProxyOptions, type SliceStack as ProxySliceStack } from './proxy';
export { imageFolderEntries, readLabelledEntries, type EntryList, type LabelledEntry } from './labelledFiles';
export { parseLabelCsv, csvRows, type LabelRow } from './labelCsv';
export { pairedComparison, seedMetrics, seedSummary, seedsNeeded, halfWidth95, verdictOf, PAPER_DIFFERENCES, MAX_SEEDS, METRICS, type PairedComparison, type SeedMetrics, type SeedsNeeded, type Verdict, type MetricName } from './paired';
export { studentTQuantile, studentTCdf } from './studentT';
