/** Dataset scale (DESIGN.md "Dataset scale"): shards, per-volume results, merge, summary. Pure: the CLI does the file system. */
export { parseShard, shardFromEnv, shardItems, describeShard, WHOLE, type Shard } from './shard';
export { RESULT_SCHEMA, paramsKey, stableJson, resultFileName, parseVolumeResult, type RunParams, type VolumeResult } from './results';
export { mergeResults, mergedHeader, mergedVolume, findProblems, hasProblems, refOf, describeProblems, MergeError, type MergeProblems, type MergeInput, type ResultFile, type ResultRef } from './merge';
export { datasetSummary, summaryOfCounts, datasetDatalist, keptHistogram, keptPercent, quantile, type DatasetSummary } from './summary';
