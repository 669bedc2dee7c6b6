/** `dataset reduce` + `dataset merge` end to end on a small tree of mixed volumes (CPU backend). */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mergeResults } from '../../core/dataset';
import { parseManifest, serializeManifest, type Manifest } from '../../core/manifest';
import { readResultFile, resultFiles } from '../dataset/store';
import { FIXTURES } from '../../core/volume/testing/fixtures';
import { CliError } from '../errors';
import datasetMerge from './datasetMerge';
import datasetReduce, { parseDatasetReduceArgs } from './datasetReduce';
import reduceCommand from './reduce';
import { stdoutOf } from '../testing/stdout';

let base: string;
let tree: string;
const HASH = ['--method', 'hash', '--threshold', '6', '--backend', 'cpu'];

/** NIfTI files, PNG groups with the pipeline naming, and a DICOM series, at different depths. */
function buildTree(root: string): void {
  mkdirSync(join(root, 'nifti/deep'), { recursive: true });
  cpSync(join(FIXTURES, 'nifti/n1_int16.nii'), join(root, 'nifti/a.nii'));
  cpSync(join(FIXTURES, 'nifti/n1_int16_scaled.nii.gz'), join(root, 'nifti/deep/b.nii.gz'));
  cpSync(join(FIXTURES, 'png_groups'), join(root, 'png'), { recursive: true });
  cpSync(join(FIXTURES, 'dicom/series_shuffled'), join(root, 'patients/p1/study/series'), { recursive: true });
}

async function run(fn: (args: string[]) => Promise<number>, args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await fn(args), stderr };
  } catch (err) {
    if (err instanceof CliError) return { code: err.exitCode, stderr: stderr + err.message };
    throw err;
  } finally {
    spy.mockRestore();
  }
}

async function reduceToStdout(args: string[]): Promise<Manifest> {
  return JSON.parse(await stdoutOf(async () => (await run(reduceCommand, args)).code)) as Manifest;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const volumesOf = (m: Manifest) => m.volumes.map(({ id, n, kept, voxelSha256, slices }) => ({ id, n, kept, voxelSha256, slices }));
const shardLog = (dir: string, k = 0, n = 1) => readJson<{ reduced: number; skipped: number; failed: unknown[] }>(join(dir, 'logs', `shard-${k}-of-${n}.json`));

async function reduceAndMerge(dir: string, jobs = '1'): Promise<Manifest> {
  expect((await run(datasetReduce, [tree, ...HASH, '--jobs', jobs, '--out-dir', dir])).code).toBe(0);
  const out = join(dir, 'm.json');
  expect((await run(datasetMerge, [dir, '--out', out])).code).toBe(0);
  return readJson<Manifest>(out);
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ctsieve-dataset-'));
  tree = join(base, 'tree');
  buildTree(tree);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => vi.restoreAllMocks());

describe('dataset reduce + merge', () => {
  let single: Manifest;

  it('finds every volume once and equals per-volume `reduce`', async () => {
    single = await reduceAndMerge(join(base, 'single'));
    const ids = single.volumes.map((v) => v.id);
    expect(ids.slice(1)).toEqual(['nifti/a.nii', 'nifti/deep/b.nii.gz', 'png/p7_1', 'png/p7_2']);
    expect(ids[0]).toMatch(/^dicom:1\.3\.6/); // keys sort naturally: 'dicom:…' first
    for (const [id, input] of [[ids[0], 'patients/p1/study/series'], ['nifti/a.nii', 'nifti/a.nii'], ['nifti/deep/b.nii.gz', 'nifti/deep/b.nii.gz']]) {
      const alone = await reduceToStdout([join(tree, input), ...HASH]);
      const v = single.volumes.find((x) => x.id === id)!;
      expect({ n: v.n, kept: v.kept, sha: v.voxelSha256 }).toEqual({ n: alone.volumes[0].n, kept: alone.volumes[0].kept, sha: alone.volumes[0].voxelSha256 });
    }
    // The streamed manifest is the one core's mergeResults builds, as serializeManifest writes it (and valid).
    const dir = join(base, 'single');
    const text = readFileSync(join(dir, 'm.json'), 'utf8');
    const results = await Promise.all((await resultFiles(dir)).map(readResultFile));
    const inMemory = mergeResults({ keys: single.volumes.map((v) => v.id), results, createdAt: single.createdAt });
    expect(text).toBe(serializeManifest(inMemory));
    expect(parseManifest(text).volumes).toHaveLength(5);
    expect(single.volumes.find((v) => v.id === 'png/p7_1')?.conversion).toEqual({ kind: 'as-is' });
    expect(single.params.conversion).toEqual({ kind: 'minmax' });
    const datalist = readJson<{ training: { image: string; slice: number }[] }>(join(base, 'single', 'm.datalist.json'));
    expect(datalist.training).toHaveLength(single.volumes.reduce((s, v) => s + v.kept.length, 0));
    const summary = readJson<{ volumes: number; histogram: number[] }>(join(base, 'single', 'm.summary.json'));
    expect(summary.volumes).toBe(5);
    expect(summary.histogram.reduce((a, b) => a + b, 0)).toBe(5);
    expect(readFileSync(join(base, 'single', 'm.csv'), 'utf8').split('\r\n')[0]).toMatch(/^volume_id,/);
  });

  it('sharded (two shards, and worker threads) gives the single-process manifest', async () => {
    const dir = join(base, 'sharded');
    for (const k of [0, 1]) expect((await run(datasetReduce, [tree, ...HASH, '--shard', `${k}/2`, '--out-dir', dir, '--jobs', '1'])).stderr).toMatch(new RegExp(`shard ${k}/2 \\(--shard\\)`));
    expect((await run(datasetMerge, [dir, '--out', join(dir, 'm.json')])).code).toBe(0);
    expect(volumesOf(readJson<Manifest>(join(dir, 'm.json')))).toEqual(volumesOf(single));
    const threads = await reduceAndMerge(join(base, 'threads'), '2');
    expect(volumesOf(threads)).toEqual(volumesOf(single));
  });

  it('takes the shard from Slurm or Kubernetes when no --shard is given', () => {
    const args = [tree, ...HASH, '--out-dir', 'x'];
    expect(parseDatasetReduceArgs(args, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' }).shard).toEqual({ index: 2, count: 4, from: 'slurm' });
    expect(parseDatasetReduceArgs(args, { JOB_COMPLETION_INDEX: '1', CTSIEVE_SHARD_COUNT: '3' }).shard).toEqual({ index: 1, count: 3, from: 'kubernetes' });
    expect(parseDatasetReduceArgs(args, {}).shard).toEqual({ index: 0, count: 1, from: 'none' });
    expect(() => parseDatasetReduceArgs([...args, '--shard', '2/2'], {})).toThrow(/shard 2 is outside 0..1/);
    expect(() => parseDatasetReduceArgs([tree, ...HASH, '--out', 'm.json', '--out-dir', 'x'], {})).toThrow(/--out is for one volume/);
  });

  it('resume recomputes only what is missing', async () => {
    const dir = join(base, 'single');
    const results = join(dir, 'results');
    const [victim] = readdirSync(results).filter((n) => n.startsWith('nifti_a.nii'));
    rmSync(join(results, victim));
    expect((await run(datasetReduce, [tree, ...HASH, '--jobs', '1', '--out-dir', dir])).code).toBe(0);
    expect(shardLog(dir)).toMatchObject({ reduced: 1, skipped: 4, failed: [] });
    expect(readdirSync(results)).toContain(victim);
  });

  it('a finished run resumes even where the backend asked for is unavailable: stored volumes are skipped before any backend starts', async () => {
    const dir = join(base, 'single');
    vi.stubEnv('CTSIEVE_NO_WEBGPU', '1');
    try {
      const args = [tree, '--method', 'hash', '--threshold', '6', '--backend', 'webgpu', '--jobs', '1', '--out-dir', dir];
      expect((await run(datasetReduce, args)).code).toBe(0);
      expect(shardLog(dir)).toMatchObject({ reduced: 0, skipped: 5, failed: [] });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('merge refuses a set computed with two parameter sets, naming them', async () => {
    const dir = join(base, 'mixed');
    await run(datasetReduce, [tree, ...HASH, '--shard', '0/2', '--out-dir', dir, '--jobs', '1']);
    await run(datasetReduce, [tree, '--method', 'hash', '--threshold', '3', '--backend', 'cpu', '--shard', '1/2', '--out-dir', dir, '--jobs', '1']);
    const { code, stderr } = await run(datasetMerge, [dir, '--out', join(dir, 'm.json')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/refused: results were computed with 2 different parameter sets/);
    expect(stderr).toMatch(/"maxDistance":3.*"maxDistance":6|"maxDistance":6.*"maxDistance":3/);
  });

  it('a corrupt volume is reported by name, the rest go on, and merge refuses the incomplete set', async () => {
    const broken = join(base, 'broken-tree');
    buildTree(broken);
    writeFileSync(join(broken, 'nifti/corrupt.nii.gz'), Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2]));
    const dir = join(base, 'broken');
    const r = await run(datasetReduce, [broken, ...HASH, '--jobs', '1', '--out-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FAILED nifti\/corrupt\.nii\.gz: .*corrupt/);
    expect(shardLog(dir)).toMatchObject({ reduced: 5, skipped: 0 });
    const m = await run(datasetMerge, [dir, '--out', join(dir, 'm.json')]);
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(/1 volume\(s\) have no result: nifti\/corrupt\.nii\.gz \(failed: .*corrupt/);
  });
});
