/** The reduce pipeline: volume → 8-bit → scores → reduction → manifest entry (app, CLI, dataset). */
export { convertVolume, recordedConversion, conversionForStorage, DEFAULT_CONVERSION, type ConvertedVolume } from './conversion';
export { decideSlices, needsScores, type DecideOptions } from './decide';
export { reduceVolume, reduceScored, volumeEntry, manifestOf, type ReduceVolumeOptions, type ReducedVolume, type ScoredVolume, type ScoreFn } from './reduceVolume';
export { StreamingConverter } from './streamConvert';
export { StreamingHasher, allOnSlice, type StreamedVoxels } from './streamHash';
export { StreamingDhash } from './streamDhash';
