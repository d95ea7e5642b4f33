import { describe, expect, it } from 'vitest';
import { createCoprod, type CoprodSimulation, type CoprodModel } from '../../src/index.js';
import { season } from '../../sims/zhendong.js';
import { memoryProblems, rowProblems } from './helpers.js';

/*
 * The five cases run ten simulated years (520 weekly ticks) at their full sizes — the K community too
 * (40,000 residents, about 8 s) — with no share or trust outside [0, 1], no negative count and no NaN in
 * any row or rule memory, and each shows its own mechanism at work on the same run.
 */
const TEN_YEARS = 520;

interface Run {
  sim: CoprodSimulation;
  problems: string[];
  /** Rule memories after every tick (copies), by rule name. */
  memory: Record<string, Record<string, number>[]>;
}

function runTenYears(name: string, watch: readonly string[] = []): Run {
  const sim = createCoprod(name, { seed: 1, ticks: TEN_YEARS });
  const problems: string[] = [];
  const memory: Record<string, Record<string, number>[]> = Object.fromEntries(watch.map((w) => [w, []]));
  for (let t = 1; t <= TEN_YEARS; t++) {
    const row = sim.tickOnce();
    problems.push(...rowProblems(row), ...memoryProblems(sim.rules, t));
    for (const w of watch) memory[w].push({ ...sim.rules.find((r) => r.rule.name === w)!.memory });
  }
  problems.push(...residentProblems(sim.model));
  return { sim, problems, memory };
}

/** Resident columns that are levels in [0, 1], checked at the end of the run. */
function residentProblems(m: CoprodModel): string[] {
  const c = m.residents.columns;
  const out: string[] = [];
  for (const f of ['trust_officials', 'trust_party', 'trust_enterprises', 'trust_social', 'belonging', 'identity', 'efficacy', 'spirit', 'need0', 'need1', 'need2', 'need3', 'need4'] as const) {
    const col = c[f];
    for (let i = 0; i < m.residents.count; i++) {
      if (!(col[i] >= 0 && col[i] <= 1)) {
        out.push(`resident row ${i} ${f} = ${col[i]}`);
        break;
      }
    }
  }
  return out;
}

const eventTicks = (sim: CoprodSimulation, type: string, source?: string) => sim.events.filter((e) => e.type === type && (source === undefined || e.source === source)).map((e) => e.tick);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('the five cases over ten years', () => {
  it('zhendong: dispatch runs every week, teams with elected leaders form, and `dispatch` is emitted only in peak-season weeks', () => {
    const { sim, problems, memory } = runTenYears('zhendong', ['employment-dispatch']);
    expect(problems).toEqual([]);
    const mem = memory['employment-dispatch'];
    expect(sim.model.residents.count).toBe(10_800);
    expect(Math.max(...mem.map((m) => m.teams))).toBeGreaterThan(0);
    for (const m of mem) {
      expect(m.employment_rate).toBeGreaterThan(0);
      expect(m.employment_rate).toBeLessThanOrEqual(1);
      expect(m.dispatched).toBeLessThanOrEqual(Math.min(m.signups, m.demand, m.capacity) + 1e-9);
    }
    const q = sim.params;
    const peakWeeks = eventTicks(sim, 'dispatch');
    expect(peakWeeks.length).toBeGreaterThan(0);
    for (const t of peakWeeks) expect(season(t, q['employment-dispatch.peak_week'], q['employment-dispatch.peak_width'])).toBeGreaterThanOrEqual(0.5);
    const expected = Array.from({ length: TEN_YEARS }, (_, k) => k + 1).filter((t) => season(t, q['employment-dispatch.peak_week'], q['employment-dispatch.peak_width']) >= 0.5);
    expect(peakWeeks).toEqual(expected);
  });

  it('k-community: 40,000 residents with about 775 party members, the community partners’ hours, party coordination in force', () => {
    const { sim, problems, memory } = runTenYears('k-community', ['community-partners']);
    expect(problems).toEqual([]);
    const m = sim.model;
    expect(m.buildings).toBe(286);
    expect(m.grids).toBe(15);
    let members = 0;
    for (let i = 0; i < m.residents.count; i++) members += m.residents.columns.member[i];
    expect(members).toBeGreaterThan(700);
    expect(members).toBeLessThan(850);
    expect(memory['community-partners'].at(-1)!.hours).toBe(88 * 3);
    expect(sim.ruleUses.map((r) => r.name)).toContain('party-coordination');
    expect(sim.rows.every((r) => (r.hours_party as number) > 0)).toBe(true);
  });

  it('getang: NGOs are a kind of their own, a funding round each year, and the three-year plan switches on in stages', () => {
    const { sim, problems, memory } = runTenYears('getang', ['venture-philanthropy']);
    expect(problems).toEqual([]);
    expect(sim.model.kinds['social-organisation'].store.count).toBe(41);
    const rounds = sim.events.filter((e) => e.type === 'funding_round');
    expect(rounds.map((e) => e.tick)).toEqual([30, 82, 134, 186, 238, 290, 342, 394, 446, 498]);
    const first = rounds[0].detail!;
    expect(first.proposals).toBeGreaterThanOrEqual(30);
    expect(first.proposals).toBeLessThanOrEqual(41);
    expect(first.funded).toBeGreaterThanOrEqual(13);
    expect(first.funded).toBeLessThanOrEqual(21);
    expect(memory['venture-philanthropy'][40].money).toBeGreaterThan(0);
    for (const [rule, on, off] of [['ngo-introduction', 1, 53], ['ngo-capacity', 53, 105], ['ngo-branding', 105, 157]] as const) {
      expect(eventTicks(sim, 'rule_on', rule), rule).toEqual([on]);
      expect(eventTicks(sim, 'rule_off', rule), rule).toEqual([off]);
    }
  });

  it('jinsong: property service is free during the trial, then paid; the investor keeps near its micro-profit', () => {
    const { sim, problems, memory } = runTenYears('jinsong', ['micro-renewal', 'consultation-group']);
    expect(problems).toEqual([]);
    const mr = memory['micro-renewal'];
    const trial = sim.params['micro-renewal.trial_weeks'];
    expect(mr.slice(0, trial).every((m) => m.paying === 0)).toBe(true);
    expect(mean(mr.slice(trial).map((m) => m.paying))).toBeGreaterThan(0.3);
    for (const m of mr) {
      expect(m.investment).toBeGreaterThanOrEqual(sim.params['micro-renewal.floor']);
      expect(m.investment).toBeLessThanOrEqual(sim.params['micro-renewal.ceiling']);
    }
    const lastYearMargin = mean(mr.slice(-52).map((m) => m.margin));
    expect(Math.abs(lastYearMargin - sim.params['enterprises.profit_target'])).toBeLessThan(0.1);
    // 40 members × 30 households each over 3,605 households.
    expect(memory['consultation-group'][0].coverage).toBeCloseTo(1200 / 3605, 6);
  });

  it('whistle: blocks blow the whistle, line departments report, and response times come from their queues', () => {
    const { sim, problems, memory } = runTenYears('whistle', ['whistle-blowing']);
    expect(problems).toEqual([]);
    expect(sim.model.officials.length).toBe(6);
    const blown = sim.events.filter((e) => e.type === 'whistle_blown').length;
    const reported = sim.events.filter((e) => e.type === 'reported');
    expect(blown).toBeGreaterThan(100);
    expect(reported.length).toBeGreaterThan(0.9 * blown);
    const last = memory['whistle-blowing'].at(-1)!;
    expect(last.response_days_mean).toBeGreaterThan(1);
    expect(last.response_days_mean).toBeLessThan(14);
    for (const e of reported) expect(e.detail!.days as number).toBeGreaterThan(0);
  });
});
