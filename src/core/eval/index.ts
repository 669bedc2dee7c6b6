/**
 * Downstream evaluation (contract C): labelled slices → linear probe or fine-tune of an encoder
 * over 5 runs → AUC / F1 / accuracy per run, mean and sample std, as a report. Pure core; the
 * Node readers of labelled folders and CSV files live in ./node (never imported by the browser).
 */
export type * from './types';
export type { EncoderArch, EncoderSpec, EncoderInfo, EncoderProvenance } from './encoderContract';
