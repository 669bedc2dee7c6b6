/**
 * `ctsieve experiment SPEC.json --out-dir DIR [--resume] [--backend auto|webgpu|wasm|cpu]`
 *
 * The whole protocol from one spec (docs/experiments.md, DESIGN.md "Experiments that can answer…"):
 * reduce each volume per arm, pre-train every arm from each seed's shared initial weights, evaluate
 * every encoder and random init on the task, compare paired by seed. Writes DIR/report.json,
 * DIR/report.csv and DIR/figure.svg; DIR/state.json after every finished unit, so Ctrl-C stops
 * cleanly (the running pre-training leaves a checkpoint) and `--resume` skips what was finished.
 * Relative paths in the spec resolve from the spec's folder. Progress lines go to stderr.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { LabelledSet } from '../../core/eval';
import { proxyTask } from '../../core/eval/proxy';
import { budgetLabel, parseSpec, pretrainConfigFor, PROXY_TASK, reportFigureSvg, reportToCsv, resumeProblem, runExperiment, SpecError, type ExperimentProgress, type ExperimentReport, type ExperimentSpec, type ExperimentState } from '../../core/experiment';
import { toUint8Stack } from '../../core/preprocess/toUint8';
import { settleBackend, settledLabel } from '../../core/runtime/settleBackend';
import { isAbortError } from '../../core/runtime';
import { writeAtomic } from '../../core/ssl/node';
import type { BackendRequest } from '../../core/backend/types';
import { oneOf, parseOptions } from '../args';
import { readOneVolume, reportReadProblems } from '../input';
import { readLabelledInput } from '../labelledInput';
import { CliError } from '../errors';
import { prepareWebgpu } from '../scores';
import { nodeDeps, STATE_FILE, type LoadedVolume } from '../experiment/nodeDeps';

const C = 'experiment';
const OPTIONS = ['--out-dir', '--resume', '--backend'] as const;
const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;

const log = (line: string) => process.stderr.write(`ctsieve: ${line}\n`);

async function readSpec(file: string): Promise<ExperimentSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError(`${C}: ${file}: no such file`);
  }
  try {
    return parseSpec(text, file);
  } catch (e) {
    if (e instanceof SpecError) throw new CliError(`${C}: ${e.message}`);
    throw e;
  }
}

/** Relative paths resolve from the spec's folder. */
const fromSpec = (specFile: string, p: string) => (isAbsolute(p) ? p : resolve(dirname(specFile), p));

/** The training backend: 'auto' takes a hardware GPU, else wasm (passing over SwiftShader, as `pretrain`). */
async function selectBackend(backend: BackendRequest): Promise<string> {
  await prepareWebgpu(C, backend === 'wasm' ? 'cpu' : backend);
  await import('@tensorflow/tfjs-backend-wasm');
  try {
    return settledLabel(await settleBackend(backend));
  } catch (e) {
    throw new CliError(`${C}: --backend ${backend}: ${(e as Error).message}`);
  }
}

async function loadVolumes(spec: ExperimentSpec, specFile: string): Promise<LoadedVolume[]> {
  const out: LoadedVolume[] = [];
  for (const [i, id] of spec.volumes.entries()) {
    const path = fromSpec(specFile, id);
    if (!existsSync(path)) throw new CliError(`${C}: ${specFile}: volumes[${i}]: ${path} does not exist`);
    const { volume, result } = await readOneVolume(path);
    reportReadProblems(volume, result, path);
    out.push({ id, path, volume, stack: toUint8Stack(volume) });
  }
  return out;
}

/** The task, every labelled file read and checked before any training. */
async function loadTask(spec: ExperimentSpec, specFile: string, volumes: LoadedVolume[]): Promise<LabelledSet> {
  const inputSize = pretrainConfigFor(spec, 0).inputSize;
  if (spec.task === PROXY_TASK) {
    return proxyTask(volumes.map((v) => {
      const s = v.stack;
      const len = s.rows * s.cols;
      return { id: v.id, slices: { count: s.n, rows: s.rows, cols: s.cols, slice: (i: number) => s.pixels.subarray(i * len, (i + 1) * len) } };
    }));
  }
  const path = fromSpec(specFile, spec.task);
  if (!existsSync(path)) throw new CliError(`${C}: ${specFile}: task: ${path} does not exist`);
  return readLabelledInput(path, { resizeTo: inputSize });
}

async function readState(file: string): Promise<ExperimentState> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ExperimentState;
  } catch (e) {
    throw new CliError(`${C}: --resume: ${file}: ${(e as Error).message}`);
  }
}

function progressLine(p: ExperimentProgress): string | undefined {
  const what = `${p.kind} ${p.arm}${p.seed !== undefined ? ` seed ${p.seed}` : ''}`;
  if (p.status === 'start') return `[${p.unit}/${p.units}] ${what} …`;
  if (p.status === 'skipped') return `[${p.unit}/${p.units}] ${what}: done in an earlier session, skipped`;
  return `[${p.unit}/${p.units}] ${what}: ${p.message ?? 'done'}`;
}

async function writeReport(outDir: string, report: ExperimentReport): Promise<void> {
  await writeAtomic(join(outDir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
  await writeAtomic(join(outDir, 'report.csv'), reportToCsv(report));
  await writeAtomic(join(outDir, 'figure.svg'), reportFigureSvg(report));
}

function summarise(r: ExperimentReport): void {
  const f = (m: number, ci: [number, number] | null) => `${m.toFixed(3)}${ci ? ` [${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]` : ''}`;
  log(`random init: AUC ${f(r.randomInit.mean.auc, r.randomInit.ci95.auc)}`);
  for (const a of r.arms) log(`${a.name}: AUC ${f(a.mean.auc, a.ci95.auc)}, ${a.slices} slices, ${a.steps} steps, ${a.pretrainSeconds.toFixed(1)} s pre-training${a.collapsed ? ', collapsed' : ''}`);
  for (const c of r.comparisons.filter((x) => x.metric === 'auc')) log(c.sentence);
  for (const w of r.warnings) log(`warning: ${w}`);
  const need = r.seedsNeeded.map((s) => `${s.difference} AUC: ${s.seeds ?? `more than 10000 or unknown`} seeds`).join('; ');
  log(`seeds needed at the observed spread (${r.seedsNeeded[0]?.from ?? ''}): ${need}`);
}

export default function experimentCommand(args: string[]): Promise<number> {
  return runExperimentCommand(args);
}

/** The command; `opts.signal` stops it as Ctrl-C does (tests interrupt a run with it). */
export async function runExperimentCommand(args: string[], opts: { signal?: AbortSignal } = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(C, args, OPTIONS, ['--resume']);
  } catch (e) {
    if (/missing <input>/.test((e as Error).message)) throw new CliError(`${C}: missing SPEC.json (the experiment spec; see docs/experiments.md)`);
    throw e;
  }
  const { input: specFile, opts: flags } = parsed;
  const outDir = flags['--out-dir'];
  if (!outDir) throw new CliError(`${C}: --out-dir DIR is required`);
  const resume = flags['--resume'] === 'true';
  const backend = oneOf(C, '--backend', flags['--backend'] ?? 'auto', BACKENDS);
  const spec = await readSpec(specFile);
  const stateFile = join(outDir, STATE_FILE);
  let state: ExperimentState | undefined;
  if (resume && existsSync(stateFile)) {
    state = await readState(stateFile);
    const problem = resumeProblem(state, spec);
    if (problem) throw new CliError(`${C}: --resume: ${stateFile}: ${problem}`);
  } else if (!resume && existsSync(stateFile)) {
    throw new CliError(`${C}: ${outDir} already holds an experiment (${STATE_FILE}); add --resume to continue it, or choose another --out-dir`);
  }
  const settled = await selectBackend(backend);
  const volumes = await loadVolumes(spec, specFile);
  const task = await loadTask(spec, specFile, volumes);
  log(`${C}: ${spec.arms.length} arm(s) on ${volumes.length} volume(s), ${spec.seeds.length} seed(s), ${budgetLabel(spec)}; task ${task.isProxy ? 'PROXY ' : ''}${task.task}: ${task.samples.length} labelled slices (${task.classes.join(', ')}), ${spec.protocol}; backend ${settled}`);
  await mkdir(outDir, { recursive: true });
  const controller = new AbortController();
  const onSigint = () => {
    log(`${C}: stopping after the current step (the finished units are saved; resume with --resume)`);
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  opts.signal?.addEventListener('abort', onSigint, { once: true });
  let report: ExperimentReport;
  try {
    const deps = { ...nodeDeps({ spec, outDir, volumes, task, backend, resume, log }), onProgress: (p: ExperimentProgress) => { const l = progressLine(p); if (l) log(l); } };
    report = await runExperiment(spec, deps, { state, signal: controller.signal });
  } catch (e) {
    if (isAbortError(e) || controller.signal.aborted) {
      log(`${C}: stopped; continue with: ctsieve experiment ${specFile} --out-dir ${outDir} --resume`);
      return 130;
    }
    if (e instanceof CliError) throw e;
    throw new CliError(`${C}: ${(e as Error).message}`);
  } finally {
    process.removeListener('SIGINT', onSigint);
    opts.signal?.removeEventListener('abort', onSigint);
  }
  await writeReport(outDir, report);
  summarise(report);
  log(`${C}: report → ${join(outDir, 'report.json')}, report.csv, figure.svg`);
  return 0;
}
