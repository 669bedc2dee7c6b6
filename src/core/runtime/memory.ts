/**
 * Default memory budgets, one home for all. Callers may pass their own (`memoryBudgetBytes`
 * options, the CLI's --memory-budget-mib and $CTSIEVE_MEMORY_BUDGET_MB).
 */

/** The largest voxel buffer one volume may allocate: 1 GiB, a safe size in a browser tab (Chrome caps a tab near 4 GiB). */
export const DEFAULT_VOLUME_BUDGET_BYTES = 1024 ** 3;

/** GPU memory for one tile of pairwise work (WebGPU similarity kernels, DeepNet's cosine matrix): 256 MiB. */
export const DEFAULT_GPU_TILE_BUDGET_BYTES = 256 * 2 ** 20;
