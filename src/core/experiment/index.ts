/**
 * Experiments (DESIGN.md "Experiments that can answer…"): a SPEC → reduce each volume per arm →
 * paired-seed pre-training → evaluation of every encoder and of random init → a report with
 * paired-t intervals and verdicts. Shared by the CLI's `experiment` and the app's Experiments panel.
 */
export * from './types';
export { parseSpec, checkSpec, armParams, pretrainConfigFor, budgetLabel, SpecError, BUDGET_KINDS, EXPERIMENT_ARCHS, DEFAULT_SEEDS, DEFAULT_RUNS, DEFAULT_EVAL_EPOCHS, PROXY_TASK, RANDOM_INIT, SECONDS_BUDGET_STEP_CAP, type ExperimentSpec, type SpecArm, type BudgetKind, type ExperimentArch } from './spec';
export { buildReport, unitKey, allArmName, comparisonSentence } from './report';
export { runExperiment, emptyState, resumeProblem, type ExperimentDeps, type PretrainRequest, type EvaluateTarget } from './run';
export { reportToCsv } from './csv';
export { reportFigureSvg } from './figure';
export { measureArmConfusability, ARM_CONFUSABILITY_ANCHORS, ARM_CONFUSABILITY_SEED, ARM_CONFUSABILITY_EMBEDDING, type ArmConfusabilityVolume, type ArmConfusabilityOptions } from './armConfusability';
