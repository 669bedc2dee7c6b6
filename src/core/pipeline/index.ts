/** The reduce pipeline: volume → 8-bit → scores → reduction → manifest entry (app, CLI, dataset). */
export { convertVolume, recordedConversion, DEFAULT_CONVERSION, type ConvertedVolume } from './conversion';
export { decideSlices, needsScores, type DecideOptions } from './decide';
export { reduceVolume, volumeEntry, manifestOf, type ReduceVolumeOptions, type ReducedVolume, type ScoreFn } from './reduceVolume';
export { StreamingConverter } from './streamConvert';
export { StreamingHasher, allOnSlice } from './streamHash';
