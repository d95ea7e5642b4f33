import { describe, expect, it } from 'vitest';
import { createCoprod } from '../../src/index.js';
import { meanCI } from './helpers.js';

/*
 * The paper's dispatch figures (seed 000): 100–150 workers a day on ordinary days, over 1,000 a day at the
 * peak season. The rule's `memory.dispatched` is the mean number dispatched per working day of a week; it
 * comes from posted requests × residents' sign-up decisions × the station's and team leaders' capacity,
 * none of which is set to the target. "Ordinary" weeks are those far from the peak (seasonal intensity
 * below 0.1); the peak is the largest weekly figure of the first year (the season peaks at week 44).
 */
const SEEDS = Array.from({ length: 20 }, (_, k) => 100 + k);

interface Year {
  ordinary: number;
  peak: number;
  signups: number;
}

function firstYear(seed: number, set: Record<string, number> = {}): Year {
  const sim = createCoprod('zhendong', { seed, ticks: 52, set, keepRows: false });
  const mem = sim.rules.find((r) => r.rule.name === 'employment-dispatch')!.memory;
  const ordinary: number[] = [];
  const signups: number[] = [];
  let peak = 0;
  for (let t = 1; t <= 52; t++) {
    sim.tickOnce();
    if (mem.season < 0.1) {
      ordinary.push(mem.dispatched);
      signups.push(mem.signups);
    }
    peak = Math.max(peak, mem.dispatched);
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return { ordinary: mean(ordinary), peak, signups: mean(signups) };
}

describe('zhendong employment dispatch against the paper (20 seeds)', () => {
  const years = SEEDS.map((s) => firstYear(s));

  it('dispatches 100–150 workers a day on ordinary days (mean and 95 % CI inside the range)', () => {
    const ci = meanCI(years.map((y) => y.ordinary));
    console.log(`ordinary days: ${ci.mean.toFixed(1)} workers/day [${ci.lo.toFixed(1)}, ${ci.hi.toFixed(1)}]`);
    expect(ci.lo).toBeGreaterThan(100);
    expect(ci.hi).toBeLessThan(150);
  });

  it('dispatches over 1,000 workers a day at the peak season in every seed', () => {
    const ci = meanCI(years.map((y) => y.peak));
    console.log(`peak: ${ci.mean.toFixed(0)} workers/day [${ci.lo.toFixed(0)}, ${ci.hi.toFixed(0)}], lowest seed ${Math.min(...years.map((y) => y.peak)).toFixed(0)}`);
    for (const y of years) expect(y.peak).toBeGreaterThan(1000);
  });
});

describe('zhendong dispatch comes from the mechanism, not a target', () => {
  const seeds = SEEDS.slice(0, 5);

  it('without government-paid transport fewer residents sign up and fewer are dispatched', () => {
    const paid = seeds.map((s) => firstYear(s));
    const unpaid = seeds.map((s) => firstYear(s, { 'employment-dispatch.transport': 0 }));
    for (const [k, y] of unpaid.entries()) {
      expect(y.signups).toBeLessThan(0.7 * paid[k].signups);
      expect(y.ordinary).toBeLessThan(paid[k].ordinary);
    }
  });

  it('without elected team leaders the peak is capped by the service team’s own capacity', () => {
    for (const s of seeds) {
      const y = firstYear(s, { 'employment-dispatch.leader_capacity': 0 });
      expect(y.peak).toBeLessThanOrEqual(400);
    }
  });

  it('with fewer farms posting requests fewer workers go out', () => {
    for (const s of seeds) expect(firstYear(s, { 'employment-dispatch.farm_bases': 400 }).ordinary).toBeLessThan(100);
  });
});
