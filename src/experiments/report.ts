import { COLUMN_UNITS } from '../model/reporters.js';
import type { Comparison, Sensitivity } from './run.js';
import { svgCurves, svgEffects } from './svg.js';

/** A number for tables: 4 significant digits, `inf` for infinities, `-` for none. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e4) return String(x);
  if (Math.abs(x) >= 1e4) return x.toFixed(0);
  return x.toPrecision(4);
}

/** A plain text table: first column left-aligned, the others right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (xs: readonly string[]) => xs.map((x, k) => (k === 0 ? x.padEnd(widths[k]) : x.padStart(widths[k]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** A comparison as a text table, with a header saying what was compared and how. */
export function comparisonTable(c: Comparison, outputs?: readonly string[]): string {
  const pct = Math.round(c.level * 100);
  const head = [
    `compare ${c.scenario}: ${c.reps} paired replicates (common random numbers: replicate k of A and B share a seed), base seed ${c.seed}, ${c.ticks} ticks`,
    `A: ${c.a.label}`,
    `B: ${c.b.label}`,
    `per run: mean over ticks ${c.window.from}-${c.window.to}; mean_a, mean_b: over runs; diff = mean(B - A); ${pct}% BCa bootstrap CI (${c.resamples} resamples, expanded for small samples); d_z = mean(B - A) / sd(B - A)`,
    '',
  ];
  const cols = outputs ? c.columns.filter((x) => outputs.includes(x.output)) : c.columns;
  const rows = cols.map((x) => [x.output, formatNumber(x.meanA), formatNumber(x.meanB), formatNumber(x.diff), formatNumber(x.ci[0]), formatNumber(x.ci[1]), formatNumber(x.dz)]);
  return head.join('\n') + '\n' + textTable(['output', 'mean_a', 'mean_b', 'diff', `ci${pct}_low`, `ci${pct}_high`, 'd_z'], rows);
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** A comparison as plain JSON data (infinite or missing d_z as null). */
export function comparisonJson(c: Comparison): unknown {
  return {
    scenario: c.scenario,
    seed: c.seed,
    ticks: c.ticks,
    reps: c.reps,
    window: c.window,
    level: c.level,
    resamples: c.resamples,
    a: c.a,
    b: c.b,
    seeds: c.seeds,
    columns: c.columns.map((x) => ({ output: x.output, mean_a: x.meanA, mean_b: x.meanB, diff: x.diff, ci: x.ci, sd_diff: finiteOrNull(x.sdDiff), d_z: finiteOrNull(x.dz) })),
    curves: c.curves,
  };
}

/** Both mean curves of the chosen output over ticks with their bands, the window shaded. */
export function comparisonSvg(c: Comparison): string {
  const out = c.curves.output;
  const pct = Math.round(c.level * 100);
  const whole = c.window.from === 1 && c.window.to === c.ticks;
  return svgCurves({
    title: `${c.scenario}: ${out} (mean of ${c.reps} paired runs, ${pct}% band)`,
    xLabel: 'tick (week)',
    yLabel: `${out}${COLUMN_UNITS[out] ? ` (${COLUMN_UNITS[out]})` : ''}`,
    shade: whole ? undefined : { from: c.window.from, to: c.window.to, label: `window ${c.window.from}-${c.window.to}` },
    series: [
      { label: `A ${c.a.label}`, x: c.curves.tick, y: c.curves.a.mean, lo: c.curves.a.lo, hi: c.curves.a.hi },
      { label: `B ${c.b.label}`, x: c.curves.tick, y: c.curves.b.mean, lo: c.curves.b.lo, hi: c.curves.b.hi },
    ],
  });
}

/** Elementary effects as a text table, most influential first. */
export function sensitivityTable(s: Sensitivity): string {
  const head = [
    `sensitivity ${s.scenario}: ${s.method === 'morris' ? `Morris, ${s.trajectories} trajectories, ${s.levels} levels` : `one at a time, ${s.trajectories} repetitions`}, ${s.runs} runs, base seed ${s.seed}, ${s.ticks} ticks`,
    `output: mean ${s.output} over ticks ${s.window.from}-${s.window.to}; effects per whole range of each parameter (mu: signed, mu_star: mean |effect|, sigma: sd)`,
    '',
  ];
  const rows = s.effects.map((e) => {
    const f = s.factors.find((x) => x.path === e.path)!;
    return [e.path, `${f.lo}:${f.hi}`, formatNumber(e.mu), formatNumber(e.muStar), formatNumber(e.sigma), String(e.n)];
  });
  return head.join('\n') + '\n' + textTable(['parameter', 'range', 'mu', 'mu_star', 'sigma', 'n'], rows);
}

/** Elementary effects as a μ*–σ scatter. */
export function sensitivitySvg(s: Sensitivity): string {
  return svgEffects(s.effects, { title: `${s.scenario}: elementary effects on mean ${s.output} (${s.method})` });
}
