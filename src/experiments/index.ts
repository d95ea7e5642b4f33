/**
 * Experiments for researchers: sweeps, paired comparisons and sensitivity analysis. Pure and
 * browser-safe (no Node built-ins, no clocks, no ambient randomness); the Node API in
 * `coprod/node` adds worker threads, files, resumption and progress bars.
 */
export { axisValues, canonicalPoint, checkAxes, checkPoints, expandDesign, formatAxis, latinHypercube, linspace, parseAxis, permutation, planRuns, planSweep, resolveBase, runSeed } from './design.js';
export type { Axis, DesignKind, DesignOptions, ExperimentBase, PlannedRun, Point, SweepDesign, SweepPlan } from './design.js';
export { formatSideFlags, parseSideFlags, splitWords } from './flags.js';
export type { SideFlags } from './flags.js';
export { elementaryEffects, morris, morrisDesign, oatDesign } from './morris.js';
export type { Effect, EffectStep, Factor, MorrisOptions, Trajectory } from './morris.js';
export { comparisonJson, comparisonSvg, comparisonTable, formatNumber, sensitivitySvg, sensitivityTable, textTable } from './report.js';
export { OUTPUT_COLUMNS, compare, forEachLimited, inThreadRunner, parseWindow, sensitivity, sweep, sweepTask } from './run.js';
export type { Band, CompareOptions, Comparison, ExperimentHooks, Progress, Runner, Sensitivity, SensitivityOptions, Side, SweepOptions, TickWindow } from './run.js';
export { bootstrapCI, incompleteBeta, mean, meanInterval, normalCdf, normalQuantile, numericColumns, pairedComparison, quantileSorted, sd, summarise, tCdf, tQuantile, windowMeans } from './stats.js';
export type { BootstrapOptions, PairedComparison } from './stats.js';
export { escapeXml, niceTicks, svgCurves, svgEffects } from './svg.js';
export type { CurveSeries, CurvesOptions, EffectsChartOptions } from './svg.js';
export { executeTask, toJsonLines } from './task.js';
export type { RunResult, RunTask } from './task.js';
