import type { Phase, ProcessContext } from '../simulation.js';
import { belowSigmoid, pow, SIGMOID_TABLE } from '../math.js';
import type { RandomStream } from '../random.js';
import type { Column } from '../store.js';
import { FAR_BLOCK, farHint } from './hint.js';
import { DOMAIN_COUNT, PART, type CoprodModel } from './state.js';

// GROUP and PART of state.ts as plain constants for hot loops.
const YOUNG = 0;
const OLDER = 1;
const ELDERLY = 2;
const NONE = 0;
// The kernels index small tables by the participation code and read "substantive" as part >> 1, so the
// codes must stay none 0, formal 1, substantive 2: checked here when the types are.
PART satisfies { readonly none: 0; readonly formal: 1; readonly substantive: 2 };

/*
 * The eleven phases of a tick (MODEL.md section 3), in their fixed order. In each phase the rules in
 * force act first (moving levers and columns), then the process below. Every process draws a fixed
 * number of numbers per resident from its own stream, so a rule switched on or off never shifts them.
 *
 * The passes over residents go through `m.kernels`: the JavaScript kernels below (the reference) or their
 * WebAssembly twins in src/wasm/kernels.ts, which must give the same bits. A change to a kernel here
 * needs the same change there (then `npm run build:wasm`); test/wasm/kernels.test.ts fails otherwise.
 */

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
/** Opportunity cost of an hour by labour group (young work long hours; the elderly have time). */
const OPPORTUNITY_YOUNG = 2;
const OPPORTUNITY_OLDER = 1.2;
const OPPORTUNITY_ELDERLY = 0.6;

/** Phase 1: needs arrive and are served; residents move out and in (turnover). */
function needs(ctx: ProcessContext<CoprodModel>): void {
  const m = ctx.model;
  const P = m.params;
  const c = m.residents.columns;
  const n = m.residents.count;
  m.gridNeed.fill(0);
  m.gridSize.fill(0);
  if (leaverScratch.length < n) leaverScratch = new Int32Array(Math.max(n, 1024));
  const out = kernelOut;
  m.kernels.needs(n, ctx.random, P['needs.arrival'], P['needs.shock'], P['needs.elderly_care'], P['turnover.renter'], P['turnover.owner'], c.group, c.tenure, c.renter, c.grid, c.need0, c.need1, c.need2, c.need3, c.need4, m.gridNeed, m.gridSize, leaverScratch, out);
  for (let d = 0; d < DOMAIN_COUNT; d++) m.needSum[d] = out[d];
  // Movers leave and newcomers take their dwellings, after everyone's week (their draws follow).
  const leavers = out[5];
  const u = ctx.random.next;
  const D = demographyOf(P);
  let staged = newcomersOf.get(m);
  if (!staged) newcomersOf.set(m, (staged = new Newcomers()));
  // Last tick's newcomers were written at its commit.
  staged.count = 0;
  staged.D = D;
  for (let k = 0; k < leavers; k++) spawnNewcomer(m, leaverScratch[k], u, D, staged);
}

/**
 * The needs phase's pass over residents: needs arrive, one shock per resident, sums by domain and grid,
 * tenure, and the turnover draw. Writes the domain sums to out[0..4] and the number of leavers to out[5].
 * Hot loops live in kernels like this one, which take only typed arrays and numbers: the engine
 * optimises them on the first tick and keeps them optimised.
 */
export function needsKernel(n: number, random: RandomStream, arrival: number, shock: number, elder: number, pRenter: number, pOwner: number, group: Column, tenure: Column, renter: Column, grid: Column, n0: Column, n1: Column, n2: Column, n3: Column, n4: Column, gridNeed: Float64Array, gridSize: Int32Array, leavers: Int32Array, out: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let left = 0;
  const u = random.next;
  const a3 = arrival * 0.7;
  const a4 = arrival * 0.8;
  const shock2 = shock * 2;
  const T = needTableOf(needTable, arrival, elder, pRenter, pOwner);
  for (let i = 0; i < n; i++) {
    const g = group[i];
    // One draw: its integer part picks the domain of the week's shock, its fraction sizes it.
    const s = u() * DOMAIN_COUNT;
    const d = s | 0;
    const bump = shock2 * (s - d);
    // Without a branch: ((d ^ k) - 1) >>> 31 is 1 for the shocked domain k and 0 for the others, which
    // add an exact +0 (x + 0 === x, and min(1, x) === x for x ≤ 1). Stored at f32, as the columns are.
    const y0 = Math.fround(Math.min(1, Math.min(1, n0[i] + T[g]) + bump * ((d - 1) >>> 31)));
    const y1 = Math.fround(Math.min(1, Math.min(1, n1[i] + T[3 + g]) + bump * (((d ^ 1) - 1) >>> 31)));
    const y2 = Math.fround(Math.min(1, Math.min(1, n2[i] + arrival) + bump * (((d ^ 2) - 1) >>> 31)));
    const y3 = Math.fround(Math.min(1, Math.min(1, n3[i] + a3) + bump * (((d ^ 3) - 1) >>> 31)));
    const y4 = Math.fround(Math.min(1, Math.min(1, n4[i] + a4) + bump * (((d ^ 4) - 1) >>> 31)));
    n0[i] = y0;
    n1[i] = y1;
    n2[i] = y2;
    n3[i] = y3;
    n4[i] = y4;
    s0 += y0;
    s1 += y1;
    s2 += y2;
    s3 += y3;
    s4 += y4;
    const gi = grid[i];
    gridNeed[gi] += y0 + y1 + y2 + y3 + y4;
    gridSize[gi]++;
    if (tenure[i] < 65535) tenure[i]++;
    // Turnover: one draw per resident, whether or not anyone moves.
    if (u() < T[6 + renter[i]]) leavers[left++] = i;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
  out[4] = s4;
  out[5] = left;
}
/**
 * The needs kernel's table: per labour group the arrivals of domains 0 and 1, per tenure the chance to
 * move. Looked up, not branched on: the group and tenure of the next row are random, and mispredicted
 * branches cost more than the arithmetic of the loop.
 */
export function needTableOf(T: Float64Array, arrival: number, elder: number, pRenter: number, pOwner: number): Float64Array {
  T[0] = arrival * 1.5;
  T[1] = arrival * 1.2;
  T[2] = arrival * 0.2;
  T[3] = arrival * 0.3;
  T[4] = arrival * 0.3;
  T[5] = arrival * elder;
  T[6] = pOwner;
  T[7] = pRenter;
  return T;
}

/** Per contributor type (conditional, free rider, hump, unconditional): which term of `give` applies. */
export const GIVE_CC = new Float64Array([1, 0, 0, 0]);
export const GIVE_HUMP = new Float64Array([0, 0, 1, 0]);
export const GIVE_UNC = new Float64Array([0, 0, 0, 1]);
/** Scratch shared by models in one thread, never read across phases: leaver rows, kernel results. */
let leaverScratch = new Int32Array(0);
const kernelOut = new Float64Array(16);
const needTable = new Float64Array(8);
const commitTable = new Float64Array(5);
const trustTable = new Float64Array(4);
const distributionTable = new Float64Array(20);
/** Three candidate values, one of which a kernel picks by index (exact, and no branch). */
const selectScratch = new Float64Array(3);
const weightTable = new Float64Array(2);

/** Values staged per newcomer: those drawn or taken from the leaver's row (see spawnNewcomer). */
const NEWCOMER_FIELDS = 16;

/**
 * A model's newcomers of this tick: the leavers' rows and the values drawn for them, written to the columns
 * at the commit (the end of the tick) by one writer per model, not a function made per newcomer (some
 * hundred a week on the K community, each holding its two dozen values until the commit).
 */
class Newcomers {
  count = 0;
  /** The staged rows, in the order staged (the order the store's commit writes them in). */
  rows = new Int32Array(64);
  values = new Float64Array(64 * NEWCOMER_FIELDS);
  /** The entry the next write is expected for. */
  next = 0;
  /** This tick's demography: the values every newcomer starts with (set before staging). */
  D: Demography | null = null;
  /** The store's writer for a replaced row: its staged values. */
  readonly write = (col: CoprodModel['residents']['columns'], r: number): void => {
    const k = this.entryOf(r);
    const v = this.values;
    const D = this.D!;
    const at = k * NEWCOMER_FIELDS;
    col.group[r] = v[at];
    col.renter[r] = v[at + 1];
    col.household[r] = v[at + 2];
    col.building[r] = v[at + 3];
    col.grid[r] = v[at + 4];
    col.member[r] = v[at + 5];
    col.ctype[r] = v[at + 6];
    col.tenure[r] = 0;
    col.time[r] = v[at + 7];
    col.skill[r] = v[at + 8];
    col.money[r] = v[at + 9];
    col.need0[r] = v[at + 10];
    col.need1[r] = v[at + 11];
    col.need2[r] = v[at + 12];
    col.need3[r] = v[at + 13];
    col.need4[r] = v[at + 14];
    col.trust_officials[r] = D.initTrustOfficials;
    col.trust_party[r] = D.initTrustParty;
    col.trust_enterprises[r] = D.initTrustEnterprises;
    col.trust_social[r] = D.initTrustSocial * 0.5;
    col.belonging[r] = 0.1;
    col.identity[r] = 0.2;
    col.efficacy[r] = 0.3;
    col.spirit[r] = v[at + 15];
    col.belief[r] = D.initBelief;
    // What a newcomer expects before meeting anyone: modest norms, own trust as the word around.
    col.norm[r] = 0.2;
    col.seen[r] = D.initBelief * 0.5;
    col.wom[r] = (D.initTrustOfficials + D.initTrustParty + D.initTrustEnterprises) / 3;
  };

  /** Stage a newcomer in row r (a row is replaced once per commit): where its values go in `values`. */
  add(r: number): number {
    const k = this.count++;
    if (k === this.rows.length) {
      const rows = new Int32Array(2 * k);
      rows.set(this.rows);
      this.rows = rows;
      const values = new Float64Array(2 * k * NEWCOMER_FIELDS);
      values.set(this.values);
      this.values = values;
    }
    this.rows[k] = r;
    if (k === 0) this.next = 0;
    return k * NEWCOMER_FIELDS;
  }

  /** Row r's entry: the next one, as the store writes replaced rows in the order queued; else found. */
  private entryOf(r: number): number {
    let k = this.next;
    if (k >= this.count || this.rows[k] !== r) k = this.rows.subarray(0, this.count).indexOf(r);
    if (k < 0) throw new Error(`coprod: row ${r} was written as a newcomer at a commit it was not staged for`);
    this.next = k + 1;
    return k;
  }
}

/** Each model's newcomers (made at its first needs phase). */
const newcomersOf = new WeakMap<CoprodModel, Newcomers>();

/**
 * A newcomer takes the leaver's dwelling (same household, building, grid and tenure type) and the
 * leaver's row: the leaver's ties go, and the newcomer's first ties are to building mates. Applied at the
 * end of the tick, like every structural change.
 */
function spawnNewcomer(m: CoprodModel, leaver: number, u: () => number, D: Demography, staged: Newcomers): void {
  const c = m.residents.columns;
  const renter = c.renter[leaver];
  const g = renter ? (u() < 0.8 ? YOUNG : OLDER) : drawGroup(D, u());
  const t = u();
  // The draws in the order the fields were always drawn in (member, skill, money, needs, spirit).
  const member = u() < D.partyMembers ? 1 : 0;
  const skill = u();
  const money = u();
  const n0 = 0.3 * u();
  const n1 = 0.3 * u();
  const n2 = 0.3 * u();
  const n3 = 0.3 * u();
  const n4 = 0.3 * u();
  const spirit = clamp01(D.initSpirit + 0.3 * (u() - 0.5));
  const ctype = drawType(D, t);
  const time = timeOf(D, g);
  // Written at commit, after the defaults (0), by staged.write: the dwelling (household, building, grid,
  // tenure type) stays the leaver's.
  const at = staged.add(leaver);
  const v = staged.values;
  v[at] = g;
  v[at + 1] = renter;
  v[at + 2] = c.household[leaver];
  v[at + 3] = c.building[leaver];
  v[at + 4] = c.grid[leaver];
  v[at + 5] = member;
  v[at + 6] = ctype;
  v[at + 7] = time;
  v[at + 8] = skill;
  v[at + 9] = money;
  v[at + 10] = n0;
  v[at + 11] = n1;
  v[at + 12] = n2;
  v[at + 13] = n3;
  v[at + 14] = n4;
  v[at + 15] = spirit;
  m.residents.replace(leaver, staged.write);
  m.network.isolate(leaver);
  // Few ties: newcomers meet a handful of building mates.
  const b = c.building[leaver];
  const start = m.buildingStart[b];
  const size = m.buildingStart[b + 1] - start;
  // A fractional count gives the extra tie with that probability.
  const k = D.newcomerTies;
  const whole = Math.floor(k);
  const extra = u() < k - whole ? 1 : 0;
  for (let j = 0; j < whole + extra; j++) {
    const x = u();
    if (size > 0) m.network.addTie(leaver, m.buildingRows[start + Math.floor(x * size)]);
  }
}

/**
 * The parameters a new resident is drawn from, as plain fields: the model's parameters are an object of
 * some 140 keys, which the engine keeps as a dictionary, so reading them per resident is a lookup each.
 */
export interface Demography {
  young: number;
  elderly: number;
  freeRiders: number;
  hump: number;
  unconditional: number;
  timeYoung: number;
  timeOlder: number;
  timeElderly: number;
  partyMembers: number;
  /** What a resident starts with (the model's build, and turnover's newcomers). */
  initSpirit: number;
  initTrustOfficials: number;
  initTrustParty: number;
  initTrustEnterprises: number;
  initTrustSocial: number;
  initBelief: number;
  newcomerTies: number;
}
export function demographyOf(P: CoprodModel['params']): Demography {
  return {
    young: P['population.young'],
    elderly: P['population.elderly'],
    freeRiders: P['population.free_riders'],
    hump: P['population.hump'],
    unconditional: P['population.unconditional'],
    timeYoung: P['population.time_young'],
    timeOlder: P['population.time_older'],
    timeElderly: P['population.time_elderly'],
    partyMembers: P['population.party_members'],
    initSpirit: P['init.spirit'],
    initTrustOfficials: P['init.trust_officials'],
    initTrustParty: P['init.trust_party'],
    initTrustEnterprises: P['init.trust_enterprises'],
    initTrustSocial: P['init.trust_social'],
    initBelief: P['init.belief'],
    newcomerTies: P['turnover.newcomer_ties'],
  };
}
export function drawGroup(D: Demography, x: number): number {
  return x < D.elderly ? ELDERLY : x < D.elderly + D.young ? YOUNG : OLDER;
}
export function drawType(D: Demography, x: number): number {
  const fr = D.freeRiders;
  const hump = D.hump;
  return x < fr ? 1 : x < fr + hump ? 2 : x < fr + hump + D.unconditional ? 3 : 0;
}
export function timeOf(D: Demography, g: number): number {
  return g === YOUNG ? D.timeYoung : g === OLDER ? D.timeOlder : D.timeElderly;
}

/** Sums of five columns into out[0..4]. */
export function sum5(n: number, c0: Column, c1: Column, c2: Column, c3: Column, c4: Column, out: Float64Array): void {
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let t4 = 0;
  for (let i = 0; i < n; i++) {
    t0 += c0[i];
    t1 += c1[i];
    t2 += c2[i];
    t3 += c3[i];
    t4 += c4[i];
  }
  out[0] = t0;
  out[1] = t1;
  out[2] = t2;
  out[3] = t3;
  out[4] = t4;
}

/** Phase 2: needs reach designers; projects are (re)designed at the start of a cycle; the match is measured. */
function design(ctx: ProcessContext<CoprodModel>): void {
  const m = ctx.model;
  const P = m.params;
  // Needs as they stand now (rules may have changed them since the needs phase), in one pass.
  const c = m.residents.columns;
  const n = m.residents.count;
  const out = kernelOut;
  m.kernels.sum5(n, c.need0, c.need1, c.need2, c.need3, c.need4, out);
  const t0 = out[0];
  const t1 = out[1];
  const t2 = out[2];
  const t3 = out[3];
  const t4 = out[4];
  m.needShare[0] = t0;
  m.needShare[1] = t1;
  m.needShare[2] = t2;
  m.needShare[3] = t3;
  m.needShare[4] = t4;
  const total = t0 + t1 + t2 + t3 + t4;
  for (let d = 0; d < DOMAIN_COUNT; d++) m.needShare[d] = total > 0 ? m.needShare[d] / total : 1 / DOMAIN_COUNT;
  // Perceived need: noisy where channels are poor. Draws every tick (fixed count), used at a redesign.
  const channel = clamp01(P['design.channel'] + m.levers.channel);
  const noise = P['design.noise'] * (1 - channel) * (1 - 0.5 * m.institution);
  const perceived = new Float64Array(DOMAIN_COUNT);
  let ptotal = 0;
  for (let d = 0; d < DOMAIN_COUNT; d++) {
    perceived[d] = Math.max(0, m.needShare[d] * (1 + noise * ctx.random.normal()));
    ptotal += perceived[d];
  }
  if (m.cycleTick === 0) {
    const targets = [P['design.target_employment'], P['design.target_eldercare'], P['design.target_renewal'], P['design.target_safety'], P['design.target_culture']];
    const tsum = targets.reduce((a, b) => a + b, 0) || 1;
    const bureaucratism = m.officials.reduce((a, o) => a + o.bureaucratism, 0) / Math.max(1, m.officials.length);
    // Open design follows expressed need; bureaucratism pulls design back to the offices' own targets.
    const openness = clamp01((P['design.openness'] + m.levers.openness) * (1 - 0.3 * bureaucratism));
    m.openness = openness;
    for (let d = 0; d < DOMAIN_COUNT; d++) {
      const expressed = ptotal > 0 ? perceived[d] / ptotal : 1 / DOMAIN_COUNT;
      m.allocation[d] = (1 - openness) * (targets[d] / tsum) + openness * expressed;
    }
    for (const pr of m.projects) pr.phase = 'design';
  } else {
    for (const pr of m.projects) pr.phase = m.cycleTick === P['design.cycle'] - 1 ? 'continuation' : 'implementation';
  }
  let match = 0;
  for (let d = 0; d < DOMAIN_COUNT; d++) {
    match += Math.min(m.allocation[d], m.needShare[d]);
    m.projects[d].share = m.allocation[d];
  }
  m.stats.match = match;
}

/** Phase 3: each resident decides whether and how much to take part (bounded-rational, conditional cooperation). */
function commitment(ctx: ProcessContext<CoprodModel>): void {
  const m = ctx.model;
  const P = m.params;
  const c = m.residents.columns;
  const n = m.residents.count;
  const L = m.levers;
  const a = m.allocation;
  const [a0, a1, a2, a3, a4] = [a[0], a[1], a[2], a[3], a[4]];
  const { need0, need1, need2, need3, need4, trust_officials, trust_party, trust_enterprises, trust_social, norm, belonging, efficacy, spirit, mobilised, time, group, ctype, belief, seen, part, contribution, activity, building } = c;
  const w0 = P['commit.intercept'] + P['commit.quality'] * m.lastPerformance;
  const wNeed = P['commit.need'];
  const wTrust = P['commit.trust'];
  const wNorm = P['commit.norm'];
  const wBel = P['commit.belonging'];
  const wEff = P['commit.efficacy'];
  const wSpirit = P['commit.spirit'];
  const wCost = P['commit.cost'] * L.cost;
  const ccSlope = P['commit.cc_slope'];
  const bConst = P['commit.belief_const'];
  const bOthers = P['commit.belief_others'];
  const bOwn = P['commit.belief_own'];
  const formalWeight = P['commit.formal_weight'];
  const baseVoice = clamp01(P['commit.voice'] + L.voice);
  const teamBoost = P['teams.mobilisation'] * (1 + L.grants);
  const out = kernelOut;
  m.kernels.commitment(n, ctx.random, w0, wNeed, wTrust, wNorm, wBel, wEff, wSpirit, wCost, ccSlope, bConst, bOthers, bOwn, formalWeight, baseVoice, teamBoost, a0, a1, a2, a3, a4, m.teamLeader, need0, need1, need2, need3, need4, trust_officials, trust_party, trust_enterprises, trust_social, norm, belonging, efficacy, spirit, mobilised, time, group, ctype, belief, seen, part, contribution, activity, building, out);
  const participants = out[0];
  const substantive = out[1];
  const formal = out[2];
  const hours = out[3];
  const trustInEnterprises = out[4];
  m.stats.participants = participants;
  m.stats.substantive = substantive;
  m.stats.formal = formal;
  m.stats.hours = hours + L.extraHours;
  for (const pr of m.projects) pr.inputs.residents = m.stats.hours * pr.share;
  commitOrganisations(m, n > 0 ? trustInEnterprises / n : 0);
}

/**
 * The commitment phase's passes over residents (see needsKernel): out = participants, substantive,
 * formal, hours, trust in enterprises summed.
 *
 * Whether a resident comes is random, so every decision is 0/1 arithmetic rather than a branch (a branch on
 * a random outcome is mispredicted half the time). Two passes with a rare fix-up between them keep calls
 * out of both loops (a call in a loop makes the engine spill every live value around it):
 * 1. the utility, the two draws and the three decisions (comes, would have come unmobilised, voice),
 *    packed into a byte; the sigmoid's table decides, and the few cases within its margin are listed;
 * 2. those cases decided exactly by `belowSigmoid`;
 * 3. what each resident gives, and the sums.
 * They run chunk by chunk (see CHUNK), in the residents' order.
 */
export function commitmentKernel(n: number, random: RandomStream, w0: number, wNeed: number, wTrust: number, wNorm: number, wBel: number, wEff: number, wSpirit: number, wCost: number, ccSlope: number, bConst: number, bOthers: number, bOwn: number, formalWeight: number, baseVoice: number, teamBoost: number, a0: number, a1: number, a2: number, a3: number, a4: number, leader: Int32Array, need0: Column, need1: Column, need2: Column, need3: Column, need4: Column, trust_officials: Column, trust_party: Column, trust_enterprises: Column, trust_social: Column, norm: Column, belonging: Column, efficacy: Column, spirit: Column, mobilised: Column, time: Column, group: Column, ctype: Column, belief: Column, seen: Column, part: Column, contribution: Column, activity: Column, building: Column, out: Float64Array): void {
  const code = decisionScratch;
  const pre = partialScratch;
  const rows = marginRows;
  const vals = marginValues;
  const u = random.next;
  const T = commitTableOf(commitTable, wCost, baseVoice);
  const { edge, span, grid, cells, margin } = SIGMOID_TABLE;
  let participants = 0;
  let substantive = 0;
  let formal = 0;
  let hours = 0;
  let trustInEnterprises = 0;
  // Chunk by chunk, so the scratch stays small and in cache; residents, draws and sums keep their order.
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const m = Math.min(CHUNK, n - c0);
    // The need and trust terms of the utility, in a pass of their own (a pass over fewer columns runs
    // faster); added to the rest below in the same order as one expression would.
    for (let r = 0, i = c0; r < m; r++, i++) {
      const relevance = a0 * need0[i] + a1 * need1[i] + a2 * need2[i] + a3 * need3[i] + a4 * need4[i];
      const trust = 0.25 * (trust_officials[i] + trust_party[i] + trust_enterprises[i] + trust_social[i]);
      pre[r] = w0 + wNeed * relevance + wTrust * trust;
    }
    let listed = 0;
    for (let r = 0, i = c0; r < m; r++, i++) {
      // 1 if the building has a team (a leader's id, not -1), else 0.
      const inTeam = (leader[building[i]] >>> 31) ^ 1;
      const intrinsic = pre[r] + wNorm * norm[i] + wBel * belonging[i] + wEff * efficacy[i] + wSpirit * spirit[i] - T[group[i]] + inTeam * teamBoost;
      const z = intrinsic + mobilised[i];
      const u1 = u();
      const u2 = u();
      // Comes at all (mobilisation included); the same draw decides whether they would have come without
      // being mobilised (with no mobilisation it is the same test); a voice if the second draw says so.
      const xc = (z + span) * grid;
      const xo = (intrinsic + span) * grid;
      const inside = +(xc >= 0) & +(xc < cells) & +(xo >= 0) & +(xo < cells);
      const kc = Math.max(0, Math.min(cells - 1, xc | 0));
      const ko = Math.max(0, Math.min(cells - 1, xo | 0));
      const comes = +(u1 < edge[kc] - margin);
      const own = +(u1 < edge[ko] - margin);
      const sure = inside & (comes | +(u1 >= edge[kc + 1] + margin)) & (own | +(u1 >= edge[ko + 1] + margin));
      code[r] = comes | (own << 1) | (+(u2 < T[3 + inTeam]) << 2);
      if (sure === 0) {
        rows[listed] = r;
        vals[3 * listed] = u1;
        vals[3 * listed + 1] = z;
        vals[3 * listed + 2] = intrinsic;
        listed++;
      }
    }
    for (let k = 0; k < listed; k++) {
      const r = rows[k];
      const u1 = vals[3 * k];
      code[r] = belowSigmoid(u1, vals[3 * k + 1]) | (belowSigmoid(u1, vals[3 * k + 2]) << 1) | (code[r] & 4);
    }
    for (let r = 0, i = c0; r < m; r++, i++) {
      trustInEnterprises += trust_enterprises[i];
      const c = code[r];
      const comes = c & 1;
      // What a conditional cooperator gives follows what they believe others give.
      const bl = belief[i];
      const t = ctype[i];
      // min(bl, 1 − bl) as a select: the term not chosen is multiplied by 0 and adds an exact zero.
      const low = +(bl <= 1 - bl);
      const hump = bl * low + (1 - bl) * (low ^ 1);
      // By type, without a branch: each type's coefficients pick one term, the others add exact zeros.
      const give = GIVE_CC[t] * (ccSlope * bl) + GIVE_HUMP[t] * hump + GIVE_UNC[t] * spirit[i];
      const sub = comes & (c >> 1) & (c >> 2) & +(give > 0.05);
      const form = comes & (sub ^ 1);
      // Substantive: min(1, give); formal: at least 0.1; none: 0. The shares chosen are positive, and the
      // terms not chosen add exact zeros.
      const whole = Math.min(1, give);
      const small = +(whole < 0.1);
      const share = whole * sub + (0.1 * small + whole * (small ^ 1)) * form;
      // Formal hours count at a weight; hours of no one add an exact zero.
      hours += share * time[i] * (sub + formalWeight * form);
      substantive += sub;
      formal += form;
      participants += comes;
      part[i] = (sub << 1) | form; // NONE 0, FORMAL 1, SUBSTANTIVE 2
      contribution[i] = share;
      activity[i] = 0.9 * activity[i] + 0.1 * comes;
      belief[i] = clamp01(bConst + bOthers * seen[i] + bOwn * bl);
    }
  }
  out[0] = participants;
  out[1] = substantive;
  out[2] = formal;
  out[3] = hours;
  out[4] = trustInEnterprises;
}
/** The commitment kernel's table: by labour group the cost of an hour times two (as in the utility); by team, the voice. */
export function commitTableOf(T: Float64Array, wCost: number, baseVoice: number): Float64Array {
  T[0] = wCost * OPPORTUNITY_YOUNG * 2;
  T[1] = wCost * OPPORTUNITY_OLDER * 2;
  T[2] = wCost * OPPORTUNITY_ELDERLY * 2;
  T[3] = baseVoice;
  T[4] = baseVoice + 0.5;
  return T;
}

/**
 * Scratch of one chunk of residents, shared by models in one thread and never read across calls: the
 * commitment kernel's decisions, rows decided exactly and their values; a partial sum per resident
 * (commitment's need and trust terms, trust's satisfaction).
 */
const CHUNK = 4096;
const decisionScratch = new Uint8Array(CHUNK);
const marginRows = new Int32Array(CHUNK);
const marginValues = new Float64Array(3 * CHUNK);
const partialScratch = new Float64Array(CHUNK);

/**
 * The organisations' side of commitment. Enterprises weigh expected return against cost: the fees and
 * subsidies a yuan brings back rise with residents' trust in enterprises and with last week's
 * performance, and an enterprise moves its investment toward more when the margin beats its profit
 * target, toward less when it does not (within 0.2–2× its base). Offices allocate their budget: a
 * bureaucratic office keeps part for its own targets, less so as design opens to expressed need.
 */
function commitOrganisations(m: CoprodModel, trustInEnterprises: number): void {
  const P = m.params;
  const base = P['enterprises.investment'] / Math.max(1, m.enterprises.length);
  const revenue = P['enterprises.fee_base'] + P['enterprises.fee_trust'] * trustInEnterprises * m.lastPerformance;
  const adjust = P['enterprises.adjust'];
  for (const e of m.enterprises) {
    const margin = revenue - 1;
    const next = e.investment * (1 + adjust * (margin - e.profitTarget));
    e.investment = Math.min(2 * base, Math.max(0.2 * base, next));
  }
  const retention = P['officials.retention'];
  for (const o of m.officials) o.allocated = o.budget * clamp01(1 - retention * o.bureaucratism * (1 - m.openness));
}

/** Phase 4: output from complementary inputs, minus transaction costs that grow with uncoordinated parties. */
function production(ctx: ProcessContext<CoprodModel>): void {
  const m = ctx.model;
  const P = m.params;
  const L = m.levers;
  const n = Math.max(1, m.residents.count);
  const budget = m.officials.reduce((s, o) => s + o.allocated, 0) * n;
  const investment = m.enterprises.reduce((s, e) => s + e.investment, 0) * n;
  const inflow = budget + investment + L.extraMoney;
  const monitoring = Math.min(inflow, L.monitoringCost * inflow);
  const money = inflow - monitoring;
  const hours = m.stats.hours + m.party.used;
  const output = n * P['produce.scale'] * pow(hours / (n * P['produce.ref_hours']), P['produce.alpha_residents']) * pow(money / (n * P['produce.ref_money']), P['produce.alpha_money']);
  const teamShare = m.teamLeader.reduce((s, x) => s + (x >= 0 ? 1 : 0), 0) / Math.max(1, m.buildings);
  const coordination = clamp01(P['produce.coordination'] + L.coordination + P['teams.coordination'] * teamShare + 0.3 * m.institution);
  // Uncoordinated pairs of parties bargain with each other (polycentric overhead); a coordinating
  // centre (the party, teams, institutions) replaces pairwise bargaining, so it is not a party here.
  const parties = 2 + (investment > 0 ? 1 : 0) + Object.keys(m.kinds).length;
  const pairs = (parties * (parties - 1)) / 2;
  const tc = Math.min(0.9, P['produce.tc_per_party'] * pairs * (1 - coordination));
  const conflict = 0.3 * clamp01(L.goalConflict);
  // Grants put money in the hands of teams and community organisations: risky where they are few.
  const quality = clamp01(1 - L.qualityRisk - 0.5 * L.grants * (1 - teamShare));
  m.stats.output = output;
  m.stats.transactionCost = tc;
  m.stats.money = money;
  m.stats.value = output * (1 - tc) * (1 - conflict) * quality; // before match and diversion
  m.stats.performance = (1 - tc) * (1 - conflict) * quality;
  m.ledger = { inflow, production: money * (1 - tc), monitoring, transaction: money * tc, diverted: 0, recovered: 0 };
  for (const pr of m.projects) {
    pr.inputs.officials = budget * pr.share;
    pr.inputs.enterprises = investment * pr.share;
    pr.inputs.party = m.party.used * pr.share;
    pr.inputs.other = L.extraMoney * pr.share;
    pr.quality = quality;
  }
}

function detectionProbability(m: CoprodModel): number {
  const P = m.params;
  const n = Math.max(1, m.residents.count);
  // Without rules detection stays below certainty; a rule's monitoring can push it all the way.
  return clamp01(Math.min(0.95, P['checks.base_detection'] + P['checks.supervision'] * (m.stats.substantive / n)) + m.levers.detection);
}

/** Phase 5: enterprises and offices divert part of the money when expected gain beats expected penalty. */
function opportunism(ctx: ProcessContext<CoprodModel>): void {
  const m = ctx.model;
  const P = m.params;
  const L = m.levers;
  const u = ctx.random.next;
  const n = Math.max(1, m.residents.count);
  // Expected penalty: the chance of being caught times the sanction, weighed against the gain.
  const deterrence = clamp01(detectionProbability(m) * clamp01(P['checks.sanction'] + L.sanction) * 3);
  const damp = L.opportunism * (1 - 0.5 * m.institution) * (1 - deterrence);
  const take = P['opportunism.share'];
  const publicMoney = m.officials.reduce((s, o) => s + o.allocated, 0) * n;
  let attempts = 0;
  for (const e of m.enterprises) {
    e.diverted = 0;
    e.detected = 0;
    // Enterprises run the contracted half of the public money plus their own investment.
    if (u() < e.opportunism * damp) {
      e.diverted = take * (e.investment * n + (0.5 * publicMoney) / Math.max(1, m.enterprises.length)) * (1 - m.levers.monitoringCost);
      attempts++;
    }
  }
  for (const o of m.officials) {
    o.diverted = 0;
    o.detected = 0;
    if (u() < o.rentSeeking * damp) {
      o.diverted = take * 0.5 * o.allocated * n * (1 - m.levers.monitoringCost);
      attempts++;
    }
  }
  m.stats.diversionAttempted = attempts;
}

/** Phase 6: diversions are detected (monitoring, transparency, resident supervision); detection is a public scandal. */
function checks(ctx: ProcessContext<CoprodModel>): void {
  const m = ctx.model;
  const P = m.params;
  const u = ctx.random.next;
  const p = detectionProbability(m);
  let detected = 0;
  let diverted = 0;
  let recovered = 0;
  const recovery = P['checks.recovery'];
  const judge = (who: { diverted: number; detected: number }, kind: string, index: number) => {
    const x = u();
    if (who.diverted <= 0) return;
    diverted += who.diverted;
    if (x < p) {
      who.detected = 1;
      detected++;
      recovered += recovery * who.diverted;
      ctx.emit('scandal', { kind, index, amount: Math.round(who.diverted) });
    }
  };
  // A sanctioned offender learns: its propensity falls with the severity of the sanction.
  const severity = clamp01(P['checks.sanction'] + m.levers.sanction);
  m.enterprises.forEach((e, k) => {
    judge(e, 'enterprises', k);
    if (e.detected) {
      e.reputation = Math.max(0, e.reputation - 0.3);
      e.opportunism *= 1 - 0.5 * severity;
    } else {
      e.reputation = Math.min(1, e.reputation + 0.01);
      // Lessons fade (new managers, new contracts): propensity drifts back toward its base.
      e.opportunism += 0.01 * (P['enterprises.opportunism'] - e.opportunism);
    }
  });
  m.officials.forEach((o, k) => {
    judge(o, 'officials', k);
    if (o.detected) o.rentSeeking *= 1 - 0.5 * severity;
    else o.rentSeeking += 0.01 * (P['officials.rent_seeking'] - o.rentSeeking);
  });
  m.stats.diversionDetected = detected;
  m.stats.divertedMoney = diverted - recovered;
  m.ledger.diverted = diverted;
  m.ledger.recovered = recovered;
  m.ledger.production -= diverted - recovered;
  // Undetected diversion is a silent cut of the money that reached the service.
  const money = Math.max(1e-9, m.stats.money);
  const kept = clamp01(1 - (diverted - recovered) / money);
  const cut = pow(kept, P['produce.alpha_money']);
  m.stats.value = m.stats.value * cut * m.stats.match;
  m.stats.performance = m.stats.performance * cut * m.stats.match;
  for (const pr of m.projects) pr.output = m.stats.value * pr.share;
}

/** Phase 7: benefits reach residents by the distribution rule; needs are served; value co-creation. */
function distribution(ctx: ProcessContext<CoprodModel>): void {
  const m = ctx.model;
  const P = m.params;
  const c = m.residents.columns;
  const n = m.residents.count;
  const rule = P['distribution.rule'];
  const a = m.allocation;
  const { need0, need1, need2, need3, need4, benefit, activity, part, belonging, identity, efficacy, spirit, mobilised, tenure, renter } = c;
  const out = kernelOut;
  const K = m.kernels;
  K.benefitWeights(n, rule, a[0], a[1], a[2], a[3], a[4], need0, need1, need2, need3, need4, activity, benefit, out);
  const wsum = out[0];
  const value = m.stats.value;
  const scale = wsum > 0 ? value / wsum : 0;
  const serve = P['needs.serve'] * (0.5 + 0.5 * clamp01(m.officials.reduce((s, o) => s + o.responsiveness, 0) / Math.max(1, m.officials.length) + m.levers.responsiveness));
  const tenureScale = P['turnover.tenure_scale'];
  K.distribute(n, scale, serve, P['cocreation.belonging'], P['cocreation.identity'], P['cocreation.efficacy'], P['cocreation.decay'], P['cocreation.crowd_out'], tenureScale, a[0], a[1], a[2], a[3], a[4], need0, need1, need2, need3, need4, benefit, part, belonging, identity, efficacy, spirit, mobilised, tenure, renter, out);
  const max = out[0];
  // With a second thread, the Gini may run there beside the trust phase's pass (nothing writes benefits in
  // between): the model takes its value when this phase ends if a rule joins the trust phase, else when
  // that phase ends (CoprodModel.commit).
  if (!K.giniAhead?.(benefit, n, max)) m.stats.gini = K.gini(benefit, n, max);
}

/** Benefit weights by the distribution rule (1 equal, 2 by activity, else by need); out[0] = their sum. */
export function benefitWeights(n: number, rule: number, a0: number, a1: number, a2: number, a3: number, a4: number, need0: Column, need1: Column, need2: Column, need3: Column, need4: Column, activity: Column, benefit: Column, out: Float64Array): void {
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    const w = rule === 1 ? 1 : rule === 2 ? activity[i] + 0.02 : a0 * need0[i] + a1 * need1[i] + a2 * need2[i] + a3 * need3[i] + a4 * need4[i] + 1e-6;
    benefit[i] = w;
    wsum += w;
  }
  out[0] = wsum;
}

/** The distribution phase's pass: benefits, needs served, value co-creation; out[0] = the largest benefit. */
export function distributionKernel(n: number, scale: number, serve: number, gB: number, gI: number, gE: number, decay: number, crowd: number, tenureScale: number, a0: number, a1: number, a2: number, a3: number, a4: number, need0: Column, need1: Column, need2: Column, need3: Column, need4: Column, benefit: Column, part: Column, belonging: Column, identity: Column, efficacy: Column, spirit: Column, mobilised: Column, tenure: Column, renter: Column, out: Float64Array): void {
  let max = 0;
  // Co-creation by participation (0 none, 1 formal, 2 substantive), looked up rather than branched on (see
  // needsKernel), three entries per effect; the effects not in play multiply by 0 and add exact zeros.
  const K = distributionTableOf(distributionTable, gB, gI, gE, crowd);
  for (let i = 0; i < n; i++) {
    const b = benefit[i] * scale;
    benefit[i] = b;
    if (b > max) max = b;
    const k = serve * b;
    // max(0, x) without a branch: x or an exact zero (+0 also when x is −0 or negative).
    const x0 = need0[i] - k * a0;
    const x1 = need1[i] - k * a1;
    const x2 = need2[i] - k * a2;
    const x3 = need3[i] - k * a3;
    const x4 = need4[i] - k * a4;
    need0[i] = x0 * +(x0 > 0) + 0;
    need1[i] = x1 * +(x1 > 0) + 0;
    need2[i] = x2 * +(x2 > 0) + 0;
    need3[i] = x3 * +(x3 > 0) + 0;
    need4[i] = x4 * +(x4 > 0) + 0;
  }
  // A second pass over the co-creation columns: two passes over fewer columns each run faster than one
  // over all of them (see commitmentKernel).
  for (let i = 0; i < n; i++) {
    // Value co-creation: substantive participation builds the emotional bonds; mobilised attendance does not.
    const st = part[i];
    const anchor = (0.1 + 0.4 * Math.min(1, tenure[i] / tenureScale)) * K[18 + renter[i]];
    let bel = belonging[i] + decay * (anchor - belonging[i]);
    let idn = identity[i] + decay * (0.25 - identity[i]);
    let eff = efficacy[i] + decay * (0.25 - efficacy[i]);
    let sp = spirit[i];
    bel += K[st] * (1 - bel);
    idn += K[3 + st] * (1 - idn);
    eff = eff + K[6 + st] * (1 - eff) - K[9 + st] * eff;
    sp = sp + K[12 + st] * (1 - sp) - K[15 + st] * +(mobilised[i] > 0) * sp;
    belonging[i] = clamp01(bel);
    identity[i] = clamp01(idn);
    efficacy[i] = clamp01(eff);
    spirit[i] = clamp01(sp);
  }
  out[0] = max;
}

/** The distribution kernel's table (see there). */
export function distributionTableOf(K: Float64Array, gB: number, gI: number, gE: number, crowd: number): Float64Array {
  K.fill(0);
  K[1] = 0.1 * gB; // belonging gained: formal
  K[2] = gB; // and substantive
  K[5] = gI; // identity gained: substantive
  K[8] = gE; // efficacy gained: substantive
  K[10] = 0.25 * gE; // efficacy lost: formal
  K[14] = 0.5 * crowd; // spirit restored: substantive (a real say restores the intrinsic motive, slowly)
  K[16] = crowd; // spirit worn: formal, when mobilised
  K[18] = 1; // the anchor of belonging: an owner's
  K[19] = 0.6; // a renter's
  return K;
}

/** Gini of benefits from a 4,096-bin histogram (exact to within a bin; linear time at any size). */
export function gini(values: ArrayLike<number>, n: number, max: number): number {
  if (n === 0 || max <= 0) return 0;
  const B = 4096;
  const count = new Float64Array(B);
  const sum = new Float64Array(B);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    const k = Math.min(B - 1, Math.floor((x / max) * B));
    count[k]++;
    sum[k] += x;
    total += x;
  }
  if (total <= 0) return 0;
  let g = 0;
  let cum = 0;
  for (let k = 0; k < B; k++) {
    if (count[k] === 0) continue;
    const prev = cum;
    cum += sum[k] / total;
    g += (count[k] / n) * (prev + cum);
  }
  return clamp01(1 - g);
}

/** Phase 8: trust moves toward experienced performance, lost faster than gained; scandals; word of mouth. */
function trust(ctx: ProcessContext<CoprodModel>): void {
  const m = ctx.model;
  const P = m.params;
  const c = m.residents.columns;
  const n = m.residents.count;
  const { trust_officials, trust_party, trust_enterprises, trust_social, benefit, need0, need1, need2, need3, need4, part, norm, wom, mobilised } = c;
  const gain = P['trust.gain'];
  const loss = P['trust.loss'];
  const womRate = P['trust.word_of_mouth'];
  const sGain = P['trust.social_gain'];
  const sDecay = P['trust.social_decay'];
  const scandalHit = P['trust.scandal'];
  const perf = m.stats.performance;
  const resp = clamp01(m.officials.reduce((s, o) => s + o.responsiveness, 0) / Math.max(1, m.officials.length) + m.levers.responsiveness);
  // A scandal that ends in a visible sanction hurts less: accountability shows the system works.
  const accountability = 1 - 0.5 * clamp01(P['checks.sanction'] + m.levers.sanction);
  const scandalOff = m.officials.some((o) => o.detected) ? scandalHit * accountability : 0;
  const scandalEnt = m.enterprises.some((e) => e.detected) ? scandalHit * accountability : 0;
  const entQuality = m.enterprises.length ? m.enterprises.reduce((s, e) => s + e.reputation, 0) / m.enterprises.length : 0.5;
  const halfSat = P['distribution.satisfaction_scale'];
  const partyPresence = clamp01(m.party.reach / Math.max(1, n));
  m.kernels.trust(n, gain, loss, womRate, sGain, sDecay, perf, resp, scandalOff, scandalEnt, entQuality, halfSat, partyPresence, trust_officials, trust_party, trust_enterprises, trust_social, benefit, need0, need1, need2, need3, need4, part, norm, wom, mobilised);
}

/** The trust phase's pass over residents (see needsKernel). */
export function trustKernel(n: number, gain: number, loss: number, womRate: number, sGain: number, sDecay: number, perf: number, resp: number, scandalOff: number, scandalEnt: number, entQuality: number, halfSat: number, partyPresence: number, trust_officials: Column, trust_party: Column, trust_enterprises: Column, trust_social: Column, benefit: Column, need0: Column, need1: Column, need2: Column, need3: Column, need4: Column, part: Column, norm: Column, wom: Column, mobilised: Column): void {
  const offTarget = 0.6 + 0.4 * resp;
  const perfParty = 0.4 * perf;
  const perfEnt = 0.5 * perf * entQuality;
  // Selected by index rather than by branches (see needsKernel): G[0..1] by whether trust rises, G[2..3]
  // by whether the resident was mobilised; S holds the three outcomes of social trust by participation.
  const G = trustTable;
  G[0] = loss;
  G[1] = gain;
  G[2] = partyPresence;
  G[3] = 1;
  const S = selectScratch;
  const satisfaction = partialScratch;
  // Chunk by chunk (see CHUNK), in two passes over fewer columns each: satisfaction, then trust.
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const m = Math.min(CHUNK, n - c0);
    for (let r = 0, i = c0; r < m; r++, i++) {
      const needTotal = need0[i] + need1[i] + need2[i] + need3[i] + need4[i];
      const b = benefit[i];
      satisfaction[r] = b / (b + halfSat * needTotal + 1e-9);
    }
    for (let r = 0, i = c0; r < m; r++, i++) {
      const sat = satisfaction[r];
      // Trust moves toward the experienced target, lost faster than gained.
      const t0 = trust_officials[i];
      const s0 = (0.5 * perf + 0.5 * sat) * offTarget;
      let to = t0 + G[+(s0 > t0)] * (s0 - t0);
      const t1 = trust_party[i];
      const s1 = perfParty + 0.4 * sat + 0.2 * G[2 + +(mobilised[i] > 0)];
      const tp = t1 + G[+(s1 > t1)] * (s1 - t1);
      const t2 = trust_enterprises[i];
      const s2 = perfEnt + 0.5 * sat;
      let te = t2 + G[+(s2 > t2)] * (s2 - t2);
      // A detected scandal is a public event: everyone hears of it.
      to -= scandalOff * to;
      te -= scandalEnt * te;
      const own = (to + tp + te) / 3;
      const pull = womRate * (wom[i] - own);
      trust_officials[i] = clamp01(to + pull);
      trust_party[i] = clamp01(tp + pull);
      trust_enterprises[i] = clamp01(te + pull);
      // Social trust forms among people who co-produced together.
      const ts = trust_social[i];
      const nm = norm[i];
      const fade = sDecay * (ts - 0.2);
      S[0] = ts - fade;
      S[1] = ts + 0.25 * sGain * nm * (1 - ts) - fade;
      S[2] = ts + sGain * nm * (1 - ts);
      trust_social[i] = clamp01(S[part[i]]);
    }
  }
}

/** Phase 9: norms spread on the network (party members weigh more); residents see what neighbours gave. */
function influence(ctx: ProcessContext<CoprodModel>): void {
  const m = ctx.model;
  const c = m.residents.columns;
  const n = m.residents.count;
  const { part, member, contribution, trust_officials, trust_party, trust_enterprises, norm, seen, wom, mobilised } = c;
  const exemplar = m.params['influence.exemplar'] * m.levers.exemplar;
  const hint = farHint(m, ctx.tick, n);
  const net = m.network;
  m.kernels.influence(n, exemplar, net.rowStart, net.rowEnd, net.slots, part, member, contribution, trust_officials, trust_party, trust_enterprises, norm, seen, wom, mobilised, hint.start, hint.far);
}

/** The influence phase's passes (see needsKernel), with their scratch. */
export function influenceKernel(n: number, exemplar: number, start: Int32Array, end: Int32Array, tgt: Int32Array, part: Column, member: Column, contribution: Column, trust_officials: Column, trust_party: Column, trust_enterprises: Column, norm: Column, seen: Column, wom: Column, mobilised: Column, farStart: Int32Array, far: Int32Array): void {
  if (scratch.length < 2 * n) {
    scratch = new Float32Array(2 * Math.max(n, 1024));
    scratchBits = new Uint32Array(scratch.buffer);
  }
  const rec = scratch;
  const bits = scratchBits;
  // What a neighbour shows, in 8 bytes so the far ties' random reads stay in cache: contribution, with
  // the sign bit set if taking part, and mean institutional trust, with the sign bit set for a member.
  // Both values are never negative, so the sign bits are free and |x| gives the value back exactly.
  for (let j = 0; j < n; j++) {
    const q = 2 * j;
    rec[q] = contribution[j];
    rec[q + 1] = (trust_officials[j] + trust_party[j] + trust_enterprises[j]) / 3;
    // Set without branches (who takes part is random along the rows): a flag shifted into the sign bit.
    bits[q] |= +(part[j] !== NONE) << 31;
    bits[q + 1] |= +(member[j] !== 0) << 31;
  }
  // A neighbour's weight in the norm: a member's (stored at f32, as the weights always were) or 1.
  const W = weightTable;
  W[0] = 1;
  W[1] = Math.fround(1 + exemplar);
  const blocks = farStart.length - 1;
  let touched = 0;
  for (let i = 0; i < n; i++) {
    if ((i & (FAR_BLOCK - 1)) === 0) {
      // The block's far records, read ahead (see farHint); none when there is no hint.
      const b = i / FAR_BLOCK;
      if (b < blocks) for (let f = farStart[b], fe = farStart[b + 1]; f < fe; f++) touched += bits[2 * far[f] + 1];
    }
    const lo = start[i];
    const hi = end[i];
    let w = 0;
    let wp = 0;
    let sc = 0;
    let st = 0;
    for (let k = lo; k < hi; k++) {
      const q = 2 * tgt[k];
      const x = W[bits[q + 1] >>> 31];
      w += x;
      wp += x * (bits[q] >>> 31);
      sc += Math.abs(rec[q]);
      st += Math.abs(rec[q + 1]);
    }
    const deg = hi - lo;
    if (deg > 0) {
      norm[i] = wp / w;
      seen[i] = sc / deg;
      wom[i] = st / deg;
    } else {
      norm[i] = 0;
      seen[i] = 0;
      wom[i] = Math.abs(rec[2 * i + 1]);
    }
    mobilised[i] = 0;
  }
  touchSink.value = touched;
}
/** Keeps the reads ahead from being optimised away. */
const touchSink = { value: 0 };
/** Scratch for the influence phase, shared by models in one thread (never read across ticks). */
let scratch = new Float32Array(0);
let scratchBits = new Uint32Array(0);

/** Phase 10: self-organised teams form and dissolve by building; cycles build institutionalisation. */
function organisation(ctx: ProcessContext<CoprodModel>): void {
  const m = ctx.model;
  const P = m.params;
  const c = m.residents.columns;
  const n = m.residents.count;
  const B = m.buildings;
  const { building, part, trust_social, activity } = c;
  const size = m.buildingSize;
  const subst = m.buildingSubstantive;
  const strust = m.buildingTrust;
  size.fill(0);
  subst.fill(0);
  strust.fill(0);
  if (bestScratch.length < B) bestScratch = new Int32Array(B);
  const best = bestScratch;
  best.fill(-1);
  m.kernels.buildings(n, building, part, trust_social, activity, size, subst, strust, best);
  let formed = 0;
  let dissolved = 0;
  for (let b = 0; b < B; b++) {
    if (size[b] === 0) continue;
    const has = m.teamLeader[b] >= 0;
    if (!has && subst[b] / size[b] >= P['teams.threshold'] && strust[b] / size[b] >= P['teams.trust']) {
      m.teamLeader[b] = m.residents.ids[best[b]];
      m.teamSince[b] = ctx.tick;
      formed++;
      ctx.emit('team_formed', { building: b });
    } else if (has && subst[b] / size[b] < P['teams.dissolve']) {
      m.teamLeader[b] = -1;
      dissolved++;
      ctx.emit('team_dissolved', { building: b });
    } else if (has && m.residents.rowOf(m.teamLeader[b]) < 0) {
      m.teamLeader[b] = m.residents.ids[best[b]]; // the leader moved away: the most active takes over
    }
  }
  m.stats.teamsFormed = formed;
  m.stats.teamsDissolved = dissolved;
  // Project cycle: judged at its end; success builds institutions, failure erodes them.
  m.cyclePerformance += m.stats.performance;
  m.cycleTick++;
  if (m.cycleTick >= P['design.cycle']) {
    const mean = m.cyclePerformance / m.cycleTick;
    // Routines only institutionalise where someone organises them: coordination by a rule, or teams.
    const organised = m.levers.coordination > 0 || m.teamLeader.some((x) => x >= 0);
    if (mean >= P['institution.success'] && organised) m.institution = clamp01(m.institution + P['institution.gain'] * (1 - m.institution));
    else m.institution = clamp01(m.institution - P['institution.loss'] * m.institution);
    ctx.emit(mean >= P['institution.success'] ? 'cycle_succeeded' : 'cycle_failed', { performance: Math.round(mean * 1000) / 1000 });
    m.cycleTick = 0;
    m.cyclePerformance = 0;
  }
  // Political capital: earned by coordinating cycles that deliver, spent by failing ones, idle capital fades.
  m.party.capital = clamp01(m.party.capital + (m.party.used > 0 ? (m.stats.performance > 0.5 ? 0.01 : -0.01) : -0.005));
  m.lastPerformance = m.stats.performance;
}

/** Per building: residents, substantive participants, social trust summed, and the most active resident's row. */
export function buildingKernel(n: number, building: Column, part: Column, trust_social: Column, activity: Column, size: Int32Array, subst: Int32Array, strust: Float64Array, best: Int32Array): void {
  for (let i = 0; i < n; i++) {
    const b = building[i];
    size[b]++;
    subst[b] += part[i] >> 1; // 1 for substantive (2), without a branch
    strust[b] += trust_social[i];
    const k = best[b];
    if (k < 0 || activity[i] > activity[k]) best[b] = i;
  }
}
let bestScratch = new Int32Array(0);

/** The phases in their fixed order; `record` is where reporters read (the engine records after the last phase). */
export const PHASES: readonly Phase<CoprodModel>[] = [
  { name: 'needs', run: needs },
  { name: 'design', run: design },
  { name: 'commitment', run: commitment },
  { name: 'production', run: production },
  { name: 'opportunism', run: opportunism },
  { name: 'checks', run: checks },
  { name: 'distribution', run: distribution },
  { name: 'trust', run: trust },
  { name: 'influence', run: influence },
  { name: 'organisation', run: organisation },
  { name: 'record' },
];

/** Phase names in order. */
export const PHASE_NAMES = PHASES.map((p) => p.name);

/** Rows of the members, this tick (scratch shared by models in one thread). */
let memberScratch = new Int32Array(0);

/**
 * The party's mobilisation (the party-coordination rule's commitment hook): the members' rows are listed
 * (ascending), and the members, from the first at or after `startAt` round the ordering, raise their own
 * and their neighbours' mobilisation until the member-hours run out (members · perMember · mobilisation).
 * Only members act, so the loop runs over their rows: the same visits in the same order as a pass over
 * every resident. out = hours used, residents newly reached, members.
 */
export function mobiliseKernel(n: number, member: Column, startAt: number, perMember: number, mobilisation: number, boost: number, contact: number, mobilised: Column, start: Int32Array, end: Int32Array, tgt: Int32Array, out: Float64Array): void {
  if (memberScratch.length < n) memberScratch = new Int32Array(Math.max(n, 1024));
  const rows = memberScratch;
  const members = listMembers(member, n, rows);
  const capacity = members * perMember * mobilisation;
  let used = 0;
  let reached = 0;
  // The first member at or after startAt.
  let lo = 0;
  let hi = members;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid] < startAt) lo = mid + 1;
    else hi = mid;
  }
  for (let s = 0; s < members && used < capacity; s++) {
    let q = lo + s;
    if (q >= members) q -= members;
    const i = rows[q];
    mobilised[i] += boost;
    for (let k = start[i], last = end[i]; k < last && used < capacity; k++) {
      const j = tgt[k];
      reached += +(mobilised[j] === 0);
      mobilised[j] += boost;
      used += contact;
    }
  }
  out[0] = used;
  out[1] = reached;
  out[2] = members;
}

/**
 * Writes the rows of members to `rows` (ascending) and returns how many there are. Four rows at a time,
 * skipping four non-members with one test: members are few, and a loop's own overhead is most of its cost.
 */
function listMembers(member: Column, n: number, rows: Int32Array): number {
  let k = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    if ((member[i] | member[i + 1] | member[i + 2] | member[i + 3]) === 0) continue;
    if (member[i] !== 0) rows[k++] = i;
    if (member[i + 1] !== 0) rows[k++] = i + 1;
    if (member[i + 2] !== 0) rows[k++] = i + 2;
    if (member[i + 3] !== 0) rows[k++] = i + 3;
  }
  for (; i < n; i++) if (member[i] !== 0) rows[k++] = i;
  return k;
}
