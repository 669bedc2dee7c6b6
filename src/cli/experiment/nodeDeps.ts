/**
 * The experiment's dependencies in Node (core/experiment's ExperimentDeps): volumes read once, arms
 * reduced through core's reduce pipeline, SwAV per arm × seed under DIR/arms/<i>-<arm>/seed-<s>/
 * (checkpoint, history.json, encoder/), evaluation through core's evaluateEncoder, state.json
 * written atomically after each finished unit.
 *
 * Random init of seed s is built by buildEncoderLayersModel(spec, s): the backbone weights SwAV's
 * seed-s run starts from (SwavModel.initialValues draws the backbone with initialWeights(graph,
 * arch, s) first), so arm and random init of one seed share their initial weights.
 */
import { historyJson } from '../pretrainHistory';
import { configDifferences } from '../../core/ssl/configDiff';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluateEncoder, type EncoderSource, type EvalProgress, type LabelledSet } from '../../core/eval';
import type { ArmSlices, ConfusabilityOutcome, EvaluationOutcome, ExperimentDeps, ExperimentSpec, PretrainOutcome, PretrainRequest, EvaluateTarget, ExperimentState } from '../../core/experiment';
import { DEFAULT_EVAL_EPOCHS, DEFAULT_RUNS, measureArmConfusability } from '../../core/experiment';
import { buildEncoderLayersModel, pretrain, totalSteps, type StepMetrics } from '../../core/ssl';
import { loadCheckpointDir, saveCheckpointDir, saveEncoderDir, writeAtomic } from '../../core/ssl/node';
import { trainingSlices } from '../../core/ssl/data';
import type { SliceStack } from '../../core/volume/types';
import type { Volume } from '../../core/volume';
import type { BackendRequest } from '../../core/backend/types';
import type { ReductionParams } from '../../core/reduction/types';
import { loadEncoderDir } from '../encoderDir';
import { reduceOne } from '../reduceOne';
import { CliError } from '../errors';

export interface LoadedVolume {
  /** The path as the spec gives it (ids in state.json and the report). */
  id: string;
  path: string;
  volume: Volume;
  stack: SliceStack;
}

export interface NodeDepsOptions {
  spec: ExperimentSpec;
  outDir: string;
  volumes: LoadedVolume[];
  task: LabelledSet;
  backend: BackendRequest;
  resume: boolean;
  log(line: string): void;
}

export const STATE_FILE = 'state.json';

const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_');

/** DIR/arms/<i>-<arm>/seed-<s>: the arm's index keeps names that sanitise alike apart. */
export function unitDir(o: Pick<NodeDepsOptions, 'spec' | 'outDir'>, arm: string, seed: number): string {
  const i = o.spec.arms.findIndex((a) => a.name === arm);
  return join(o.outDir, 'arms', `${i}-${safe(arm)}`, `seed-${seed}`);
}

function stepReporter(o: NodeDepsOptions, req: PretrainRequest, total: number): (m: StepMetrics) => void {
  let last = 0;
  return (m) => {
    if (Date.now() - last < 2000 && m.step + 1 !== total) return;
    last = Date.now();
    o.log(`  ${req.arm.name} seed ${req.seed}: step ${m.step + 1}/${total} loss ${m.loss.toFixed(4)} (ln K ${m.lnK.toFixed(3)}) ${m.imagesPerSecond.toFixed(1)} img/s`);
  };
}

async function pretrainUnit(o: NodeDepsOptions, req: PretrainRequest): Promise<PretrainOutcome> {
  const dir = unitDir(o, req.arm.name, req.seed);
  const checkpointDir = join(dir, 'checkpoint');
  await mkdir(dir, { recursive: true });
  const kept = new Map(req.slices.volumes.map((v) => [v.id, v.kept]));
  const data = trainingSlices(o.volumes.map((v) => ({ id: v.id, stack: v.stack, kept: kept.get(v.id) ?? [] })).filter((v) => v.kept.length > 0));
  // A unit cut short by Ctrl-C left its checkpoint: continue from it (exact resume).
  const resumeFrom = o.resume && existsSync(checkpointDir) ? await loadCheckpointDir(checkpointDir).catch(() => undefined) : undefined;
  if (resumeFrom) {
    // a checkpoint of another recipe (e.g. a `short` unit cut before the preset changed) is named, not mixed in
    const changed = configDifferences(resumeFrom.config, req.config);
    if (changed.length) throw new CliError(`experiment: ${checkpointDir} was trained with another config (${changed.join(', ')}) than this version gives for the spec; start a new --out-dir`);
    o.log(`  ${req.arm.name} seed ${req.seed}: resuming pre-training at step ${resumeFrom.step}`);
  }
  const total = totalSteps(req.config, data.count);
  const r = await pretrain(data, req.config, {
    signal: req.signal,
    checkpointEvery: Math.max(1, Math.round(total / 10)),
    onCheckpoint: (c) => saveCheckpointDir(checkpointDir, c),
    onStep: stepReporter(o, req, total),
  }, resumeFrom);
  try {
    await saveEncoderDir(join(dir, 'encoder'), r.encoder, r.info);
  } finally {
    r.encoder.dispose();
  }
  const h = r.history;
  await writeAtomic(join(dir, 'history.json'), historyJson(h));
  const steps = h.steps.length;
  return {
    encoder: join(dir, 'encoder'),
    slices: data.count,
    steps,
    epochs: steps / Math.ceil(data.count / req.config.batch),
    seconds: h.seconds,
    collapsed: h.collapsed ?? false,
    ...(h.collapseReason ? { collapseReason: h.collapseReason } : {}),
    ...(h.stopReason ? { stopReason: h.stopReason } : {}),
  };
}

function evalProgress(o: NodeDepsOptions, name: string): (p: EvalProgress) => void {
  let last = 0;
  return (p) => {
    if (Date.now() - last < 2000) return;
    last = Date.now();
    o.log(`  ${name}: evaluation run ${p.run + 1}/${p.runs} epoch ${p.epoch}/${p.epochs} (${p.phase})`);
  };
}

async function evaluateUnit(o: NodeDepsOptions, target: EvaluateTarget, seed: number, signal?: AbortSignal): Promise<EvaluationOutcome> {
  let encoder: EncoderSource;
  let name: string;
  if (target.kind === 'random') {
    const c = target.config;
    const spec = { arch: c.arch, inputSize: c.inputSize, ...(c.width ? { width: c.width } : {}) };
    // Every evaluation run rebuilds the same seed-s weights (not the run's own seed): random init = SwAV's start.
    encoder = { kind: 'scratch', spec, mean: c.mean, std: c.std, build: (sp) => buildEncoderLayersModel(sp, target.seed) };
    name = `random init seed ${seed}`;
  } else {
    encoder = await loadEncoderDir(target.pretrained.encoder);
    name = `${target.arm.name} seed ${seed}`;
  }
  try {
    const r = await evaluateEncoder(o.task, encoder, { protocol: o.spec.protocol, runs: o.spec.runs ?? DEFAULT_RUNS, epochs: o.spec.evalEpochs ?? DEFAULT_EVAL_EPOCHS, seed, signal, onProgress: evalProgress(o, name) });
    return { runs: r.runs.map(({ auc, f1, accuracy }) => ({ auc, f1, accuracy })), notes: r.notes, task: r.task, ...(r.isProxy ? { isProxy: true } : {}) };
  } finally {
    if (encoder.kind === 'model') encoder.model.dispose();
  }
}

async function reduceArm(o: NodeDepsOptions, name: string, params: ReductionParams): Promise<ArmSlices> {
  const volumes: ArmSlices['volumes'] = [];
  for (const v of o.volumes) {
    const r = await reduceOne(v.volume, v.path, { params, backend: o.backend, quiet: true }, { command: `experiment: arm ${name}` });
    volumes.push({ id: v.id, n: v.stack.n, kept: [...r.result.kept] });
  }
  if (volumes.every((v) => v.kept.length === 0)) throw new CliError(`experiment: arm ${name} keeps no slice`);
  return { volumes };
}

/** The arm's confusability as the app's worker measures it (core measureArmConfusability: pixels, 32 anchors, seed 0). */
export function armConfusability(o: Pick<NodeDepsOptions, 'spec' | 'volumes'>, slices: ArmSlices, signal?: AbortSignal): Promise<ConfusabilityOutcome> {
  return measureArmConfusability(o.volumes, slices, o.spec.preset, { signal });
}

export function nodeDeps(o: NodeDepsOptions): ExperimentDeps {
  return {
    reduceArm: (arm, params) => reduceArm(o, arm.name, params),
    measureArmConfusability: (_arm, slices, signal) => armConfusability(o, slices, signal),
    pretrain: (req) => pretrainUnit(o, req),
    evaluate: (target, seed, signal) => evaluateUnit(o, target, seed, signal),
    saveState: (state: ExperimentState) => writeAtomic(join(o.outDir, STATE_FILE), `${JSON.stringify(state)}\n`),
  };
}
