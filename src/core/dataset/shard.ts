/**
 * Which part of a dataset one process handles. Volume i of the sorted list belongs to shard k of
 * N when i mod N = k (DESIGN.md "Dataset scale"). The shard comes from `--shard k/N`, else from the
 * scheduler's environment:
 *   Slurm job arrays: SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN (0 when unset) of SLURM_ARRAY_TASK_COUNT;
 *   Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX of CTSIEVE_SHARD_COUNT (the Job's `completions`,
 *   which Kubernetes does not put in the environment itself);
 * else the whole dataset (0/1).
 */
export interface Shard {
  index: number;
  count: number;
  /** Where the shard came from, for the log line. */
  from: 'flag' | 'slurm' | 'kubernetes' | 'none';
}

export const WHOLE: Shard = { index: 0, count: 1, from: 'none' };

function integer(text: string | undefined, what: string): number {
  const x = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(x)) throw new RangeError(`${what} '${text ?? ''}' is not a whole number`);
  return x;
}

function checked(index: number, count: number, from: Shard['from'], what: string): Shard {
  if (count < 1) throw new RangeError(`${what}: the shard count must be at least 1, got ${count}`);
  if (index < 0 || index >= count) throw new RangeError(`${what}: shard ${index} is outside 0..${count - 1}`);
  return { index, count, from };
}

/** `k/N` (0-based k). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new RangeError(`--shard '${text}' is not k/N (e.g. 0/4 for the first of four shards)`);
  return checked(Number(m[1]), Number(m[2]), 'flag', `--shard ${text}`);
}

/** The shard the scheduler's environment names, or WHOLE. */
export function shardFromEnv(env: Record<string, string | undefined>): Shard {
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    if (env.SLURM_ARRAY_TASK_COUNT === undefined) throw new RangeError('SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not');
    const id = integer(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID');
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : integer(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN');
    const count = integer(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT');
    return checked(id - min, count, 'slurm', `SLURM_ARRAY_TASK_ID ${id} (min ${min}, count ${count}); use --array=0-${count - 1} or 1-${count}`);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (env.CTSIEVE_SHARD_COUNT === undefined) throw new RangeError('JOB_COMPLETION_INDEX is set but CTSIEVE_SHARD_COUNT (the Job\'s completions) is not');
    const index = integer(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX');
    return checked(index, integer(env.CTSIEVE_SHARD_COUNT, 'CTSIEVE_SHARD_COUNT'), 'kubernetes', `JOB_COMPLETION_INDEX ${index}`);
  }
  return WHOLE;
}

/** The items of this shard, in order. */
export function shardItems<T>(items: readonly T[], shard: Shard): T[] {
  return items.filter((_, i) => i % shard.count === shard.index);
}

export function describeShard(s: Shard): string {
  const source = { flag: '--shard', slurm: 'Slurm array task', kubernetes: 'Kubernetes job index', none: 'no shard given: the whole dataset' }[s.from];
  return `shard ${s.index}/${s.count} (${source})`;
}
