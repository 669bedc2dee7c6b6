/**
 * The experiment report from the finished units (CLI report.json and the app's results view alike):
 * per seed the mean over its evaluation runs; per arm mean, sample sd and 95% t interval over
 * seeds; every arm vs ALL and vs random init, paired by seed (../eval/paired); the warning when no
 * pre-trained arm beats random init; collapse messages that agree with the numbers; seeds needed.
 */
import { METRICS, PAPER_DIFFERENCES, pairedComparison, seedMetrics, seedSummary, type MetricName, type SeedMetrics } from '../eval/paired';
import type { RunMetrics } from '../eval/types';
import { RANDOM_INIT, type ExperimentSpec } from './spec';
import type { ExperimentReport, ExperimentState, ReportArm, ReportComparison, SeedRow } from './types';

export const unitKey = (arm: string, seed: number): string => `${arm}#${seed}`;

/** The arm ALL is the one whose method is 'all' (first such arm). */
export function allArmName(spec: ExperimentSpec): string | undefined {
  return spec.arms.find((a) => a.method === 'all')?.name;
}

const signed = (x: number, digits = 3) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
const num = (x: number, digits = 3) => (x < 0 ? `−${Math.abs(x).toFixed(digits)}` : x.toFixed(digits));
const METRIC_LABEL: Record<MetricName, string> = { auc: 'AUC', f1: 'F1', accuracy: 'accuracy' };

export function comparisonSentence(c: Omit<ReportComparison, 'sentence'>): string {
  const ci = c.ci95 ? ` [${num(c.ci95[0])}, ${num(c.ci95[1])}]` : ' (no interval: fewer than 2 seeds)';
  return `${c.b} vs ${c.a}: ${signed(c.meanDiff)} ${METRIC_LABEL[c.metric]}${ci} over ${c.pairs} seed${c.pairs === 1 ? '' : 's'}, ${c.verdict}`;
}

function summary(seeds: readonly SeedMetrics[]): Pick<ReportArm, 'mean' | 'std' | 'ci95'> {
  const by = (k: MetricName) => seedSummary(seeds.map((s) => s[k]));
  const s = { auc: by('auc'), f1: by('f1'), accuracy: by('accuracy') };
  return {
    mean: { auc: s.auc.mean, f1: s.f1.mean, accuracy: s.accuracy.mean },
    std: { auc: s.auc.std, f1: s.f1.std, accuracy: s.accuracy.std },
    ci95: { auc: s.auc.ci95, f1: s.f1.ci95, accuracy: s.accuracy.ci95 },
  };
}

const meanOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function armRows(state: ExperimentState, missing: string[]): ReportArm[] {
  const { spec } = state;
  return spec.arms.map((arm) => {
    const seeds: SeedRow[] = [];
    const trained = spec.seeds.map((s) => state.pretrained[unitKey(arm.name, s)]).filter((p) => p !== undefined);
    for (const s of spec.seeds) {
      const p = state.pretrained[unitKey(arm.name, s)];
      const e = state.evaluations[unitKey(arm.name, s)];
      if (!p) missing.push(`${arm.name} seed ${s} pretrain`);
      if (!e) missing.push(`${arm.name} seed ${s} evaluation`);
      if (p && e) seeds.push({ ...seedMetrics(s, e.runs), steps: p.steps, pretrainSeconds: p.seconds, collapsed: p.collapsed });
    }
    const reduced = state.reductions[arm.name];
    const slices = reduced ? reduced.volumes.reduce((n, v) => n + v.kept.length, 0) : (trained[0]?.slices ?? 0);
    const conf = state.confusability[arm.name];
    return {
      name: arm.name,
      slices,
      steps: meanOf(trained.map((p) => p.steps)),
      epochs: meanOf(trained.map((p) => p.epochs)),
      pretrainSeconds: meanOf(trained.map((p) => p.seconds)),
      collapsed: trained.some((p) => p.collapsed),
      confusableRate: conf ? conf.confusableRate : null,
      seeds,
      ...(seeds.length ? summary(seeds) : { mean: { auc: NaN, f1: NaN, accuracy: NaN }, std: { auc: null, f1: null, accuracy: null }, ci95: { auc: null, f1: null, accuracy: null } }),
      collapsedSeeds: trained.filter((p) => p.collapsed).length,
    };
  });
}

function comparisons(arms: ReportArm[], random: SeedMetrics[], all: string | undefined): ReportComparison[] {
  const out: ReportComparison[] = [];
  const allArm = arms.find((a) => a.name === all);
  for (const metric of METRICS) {
    for (const arm of arms) {
      if (!arm.seeds.length) continue;
      const against = [...(allArm && arm !== allArm && allArm.seeds.length ? [{ name: allArm.name, seeds: allArm.seeds }] : []), ...(random.length ? [{ name: RANDOM_INIT, seeds: random }] : [])];
      for (const a of against) {
        if (!a.seeds.some((s) => arm.seeds.some((b) => b.seed === s.seed))) continue;
        const c = pairedComparison(a, { name: arm.name, seeds: arm.seeds }, metric, PAPER_DIFFERENCES);
        out.push({ ...c, sentence: comparisonSentence(c) });
      }
    }
  }
  return out;
}

/** Collapse messages that agree with the numbers (a flagged arm may still beat random init). */
function collapseWarnings(arms: ReportArm[], comps: ReportComparison[], ssl: ExperimentSpec['ssl']): string[] {
  // SwAV's flag is about its prototype codes; MoCo's and MIM's are their own loop's check (ssl/common/loop.ts).
  const swav = (ssl ?? 'swav') === 'swav';
  const what = swav ? "SwAV's codes collapsed (loss and entropies at ln K)" : `${ssl === 'moco' ? 'MoCo v2' : 'the MIM control'}'s pre-training was flagged as collapsed`;
  const flag = swav ? 'the collapse flag is about the prototype assignments' : 'the collapse flag is about the training loss';
  return arms.filter((a) => a.collapsed).map((a) => {
    const vsRandom = comps.find((c) => c.b === a.name && c.a === RANDOM_INIT && c.metric === 'auc');
    const of = `${a.collapsedSeeds} of ${a.seeds.length || a.collapsedSeeds} seed(s)`;
    if (vsRandom?.verdict === 'b better') {
      return `${a.name}: ${what} in ${of}, yet its encoder beats random init (${vsRandom.sentence}); ${flag}, and the backbone still changed usefully early in the run`;
    }
    const tail = vsRandom ? ` and its encoder does not beat random init (${vsRandom.sentence})` : '';
    return `${a.name}: ${what} in ${of}${tail}; this arm's numbers say little about reduction`;
  });
}

function seedsNeededSummary(comps: ReportComparison[], all: string | undefined): ExperimentReport['seedsNeeded'] {
  const auc = comps.filter((c) => c.metric === 'auc' && c.sdDiff !== null);
  const pool = auc.filter((c) => c.a === all).length ? auc.filter((c) => c.a === all) : auc;
  if (!pool.length) return PAPER_DIFFERENCES.map((difference) => ({ difference, seeds: null, sdDiff: null, from: 'no comparison with 2 or more seeds yet' }));
  const widest = pool.reduce((w, c) => ((c.sdDiff ?? 0) > (w.sdDiff ?? 0) ? c : w));
  return widest.seedsNeeded.map((s) => ({ difference: s.difference, seeds: s.seeds, sdDiff: widest.sdDiff, from: `${widest.b} vs ${widest.a}` }));
}

function noArmWarning(arms: ReportArm[], comps: ReportComparison[], random: SeedMetrics[]): string | undefined {
  const vs = comps.filter((c) => c.a === RANDOM_INIT && c.metric === 'auc');
  if (!vs.length || vs.some((c) => c.verdict === 'b better')) return undefined;
  const best = arms.filter((a) => a.seeds.length).reduce((b, a) => (a.mean.auc > b.mean.auc ? a : b));
  const r = summary(random).mean.auc;
  return `No pre-trained arm beats random init on AUC: random init ${r.toFixed(3)}, best arm ${best.name} ${best.mean.auc.toFixed(3)}; every interval of arm − random init includes 0 or lies below it. ` +
    'Pre-training this short cannot show whether reduction pays off (measured with PyTorch: after ≤ 1,000 steps no arm beat random init on COVID-CT either); compare confusability, which needs no training, or train far longer.';
}

/** The report from whatever units are finished (missing ones are listed; stats use what exists). */
export function buildReport(state: ExperimentState): ExperimentReport {
  const { spec } = state;
  const missing: string[] = [];
  const all = allArmName(spec);
  const random: SeedMetrics[] = [];
  for (const s of spec.seeds) {
    const e = state.evaluations[unitKey(RANDOM_INIT, s)];
    if (e) random.push(seedMetrics(s, e.runs));
    else missing.push(`${RANDOM_INIT} seed ${s} evaluation`);
  }
  const arms = armRows(state, missing);
  const comps = comparisons(arms, random, all);
  const firstEval = Object.values(state.evaluations)[0];
  const warnings: string[] = [];
  const noArm = noArmWarning(arms, comps, random);
  if (noArm) warnings.push(noArm);
  warnings.push(...collapseWarnings(arms, comps, spec.ssl));
  if (spec.seeds.length < 2) warnings.push('one seed: no interval can be computed, so no difference can be shown; use 3 or more seeds');
  const notes: string[] = [];
  if (!all) notes.push('no ALL arm ({method: "all"}) in the spec: arms are compared with random init only');
  notes.push('seed s of every arm and of random init starts from the same initial weights; each seed\'s metric is the mean over its evaluation runs; intervals are paired-t 95% over seeds');
  for (const n of new Set(Object.values(state.evaluations).flatMap((e) => e.notes ?? []))) notes.push(n);
  // DESIGN.md's keys first, in its order; the rest after.
  return {
    spec,
    task: firstEval?.task ?? spec.task,
    protocol: spec.protocol,
    randomInit: { seeds: random, ...(random.length ? summary(random) : { mean: { auc: NaN, f1: NaN, accuracy: NaN }, std: { auc: null, f1: null, accuracy: null }, ci95: { auc: null, f1: null, accuracy: null } }) },
    arms,
    comparisons: comps,
    schema: 'ctsieve-experiment/1',
    isProxy: firstEval?.isProxy ?? spec.task === 'proxy',
    noArmBeatsRandomInit: noArm !== undefined,
    warnings,
    seedsNeeded: seedsNeededSummary(comps, all),
    notes,
    missing,
  };
}

export type { RunMetrics };
