import type { Network } from '../network.js';
import type { ParamSchema, ParamValues } from '../params.js';
import type { AgentStore, StoreSchema, StoreSnapshot } from '../store.js';
import type { Kernels } from './kernels.js';
import { DOMAINS, type ModelParams } from './params.js';

/** Labour groups (seed 000). */
export const GROUP = { young: 0, older: 1, elderly: 2 } as const;
/** Contributor types (Fischbacher & Gächter 2010). */
export const CTYPE = { conditional: 0, freeRider: 1, hump: 2, unconditional: 3 } as const;
/** Participation this tick. */
export const PART = { none: 0, formal: 1, substantive: 2 } as const;

/**
 * Resident columns. Trust and the emotional bonds are 0..1; needs 0..1 per domain; time in hours/week.
 * Names follow the seeds: belonging 归属感, identity 认同感, efficacy 效能感, spirit (public spirit).
 */
export const RESIDENT_SCHEMA = {
  group: 'u8',
  renter: 'u8',
  member: 'u8',
  ctype: 'u8',
  /** 0 none, 1 formal, 2 substantive ({@link PART}). */
  part: 'u8',
  household: 'i32',
  building: 'i32',
  grid: 'u16',
  tenure: 'u16',
  time: 'f32',
  skill: 'f32',
  money: 'f32',
  need0: 'f32',
  need1: 'f32',
  need2: 'f32',
  need3: 'f32',
  need4: 'f32',
  trust_officials: 'f32',
  trust_party: 'f32',
  trust_enterprises: 'f32',
  trust_social: 'f32',
  belonging: 'f32',
  identity: 'f32',
  efficacy: 'f32',
  spirit: 'f32',
  belief: 'f32',
  /** Share of own time given this tick. */
  contribution: 'f32',
  /** Moving average of participation (0..1): "already active" (P8). */
  activity: 'f32',
  benefit: 'f32',
  /** Weighted share of neighbours who took part last tick (written in the influence phase). */
  norm: 'f32',
  /** Mean contribution of neighbours last tick (what a resident saw others give). */
  seen: 'f32',
  /** Mean institutional trust of neighbours (word of mouth). */
  wom: 'f32',
  /** Mobilisation received this tick (log-odds), written by rules and teams; reset each tick. */
  mobilised: 'f32',
} as const satisfies StoreSchema;

export type ResidentSchema = typeof RESIDENT_SCHEMA;
export type Residents = AgentStore<ResidentSchema>;

/** The party organisation (党组织): community committee → branches → grid groups → building groups. */
export interface PartyState {
  /** Member-hours per week available for mobilisation. */
  capacity: number;
  /** Member-hours used this tick. */
  used: number;
  /** Residents reached this tick. */
  reach: number;
  /** Political capital 0..1: grows with successful coordination. */
  capital: number;
}

/** An enterprise (企业). */
export interface Enterprise {
  capital: number;
  investment: number;
  reputation: number;
  opportunism: number;
  profitTarget: number;
  /** Money diverted this tick (0 if none). */
  diverted: number;
  detected: number;
}

/** An office of officials (官员): the street office or a line department (条). */
export interface Office {
  /** Budget, yuan/resident/week. */
  budget: number;
  /** Part of the budget put into co-production this tick (the office's allocation decision). */
  allocated: number;
  responsiveness: number;
  bureaucratism: number;
  rentSeeking: number;
  diverted: number;
  detected: number;
}

/** A public-service project (公共服务项目): one per domain, redesigned each cycle. */
export interface Project {
  domain: number;
  /** Share of the cycle's resources allocated to this domain. */
  share: number;
  phase: 'design' | 'implementation' | 'continuation';
  /** Inputs committed this tick by kind (hours for residents and party, yuan for money). */
  inputs: { residents: number; officials: number; enterprises: number; party: number; other: number };
  output: number;
  quality: number;
}

/**
 * Per-tick levers. Reset to neutral at the start of each tick; rules (built-in and users') move them in
 * their phase functions. Every built-in mechanism reads them, so a rule changes behaviour only through
 * this public surface and the resident columns.
 */
export interface Levers {
  /** Added to design openness (share of design following expressed need). */
  openness: number;
  /** Added to the quality of the channels that carry needs to designers. */
  channel: number;
  /** Added to the chance that a willing participant has a real say. */
  voice: number;
  /** Multiplies the cost of taking part (technology lowers it; checks' paperwork raises it). */
  cost: number;
  /** Added to coordination (lowers transaction costs). */
  coordination: number;
  /** Added to the detection probability of a diversion. */
  detection: number;
  /** Added to sanction severity. */
  sanction: number;
  /** Multiplies the propensity to divert (guidance and consultation lower it). */
  opportunism: number;
  /** Added to officials' responsiveness (whistle-blowing raises it). */
  responsiveness: number;
  /** Share of the public budget passed as grants to teams and community organisations. */
  grants: number;
  /** Money added to the inputs by other kinds (NGOs, outside resources), yuan/week. */
  extraMoney: number;
  /** Hours added to the inputs by other kinds, hours/week. */
  extraHours: number;
  /** Share of money consumed by monitoring (not producing). */
  monitoringCost: number;
  /** Quality penalty where low-capacity partners deliver (0..1). */
  qualityRisk: number;
  /** Goal conflict 0..1 among the parties (lowers output); consultation and guidance lower it. */
  goalConflict: number;
  /** Weight of party members among neighbours in the norm. */
  exemplar: number;
}

export function neutralLevers(): Levers {
  return { openness: 0, channel: 0, voice: 0, cost: 1, coordination: 0, detection: 0, sanction: 0, opportunism: 1, responsiveness: 0, grants: 0, extraMoney: 0, extraHours: 0, monitoringCost: 0, qualityRisk: 0, goalConflict: 0.3, exemplar: 0 };
}

/** Outputs of the current tick (reporters read these). */
export interface TickStats {
  participants: number;
  substantive: number;
  formal: number;
  hours: number;
  money: number;
  output: number;
  value: number;
  transactionCost: number;
  performance: number;
  match: number;
  diversionAttempted: number;
  diversionDetected: number;
  divertedMoney: number;
  gini: number;
  whistles: number;
  teamsFormed: number;
  teamsDissolved: number;
}

/** Money accounting of a tick (yuan): inflow = spent on production + monitoring + transaction + net diversion. */
export interface Ledger {
  inflow: number;
  production: number;
  monitoring: number;
  transaction: number;
  diverted: number;
  recovered: number;
}

/** A user-defined agent kind: fields, parameters and how to start it. */
export interface KindDefinition<S extends StoreSchema = StoreSchema, P extends ParamSchema = ParamSchema> {
  readonly name: string;
  readonly description: string;
  readonly fields: S;
  readonly params: P;
  /** Number of agents at start, from the resolved parameters. */
  count(params: ParamValues<P>): number;
  /** Fill in agent `row` at start. */
  init?(store: AgentStore<S>, row: number, params: ParamValues<P>, draw: () => number): void;
}

/** A kind as it lives in a model. */
export interface KindInstance {
  readonly definition: KindDefinition;
  readonly store: AgentStore;
  params: ParamValues;
}

/** The state of one co-production model; rules read and write it. */
export interface CoprodModel {
  readonly params: ModelParams;
  readonly residents: Residents;
  readonly network: Network;
  readonly buildings: number;
  readonly grids: number;
  readonly party: PartyState;
  readonly enterprises: Enterprise[];
  readonly officials: Office[];
  readonly projects: Project[];
  readonly kinds: Record<string, KindInstance>;
  /** The passes over residents this model runs: JavaScript or WebAssembly, with the same results. */
  readonly kernels: Kernels;
  levers: Levers;
  stats: TickStats;
  ledger: Ledger;
  /** Allocation of the current cycle over {@link DOMAINS}. */
  allocation: Float64Array;
  /** Design openness of the current cycle (0 top-down .. 1 open), set at each redesign. */
  openness: number;
  /** True aggregate need shares this tick. */
  needShare: Float64Array;
  /** Total need per domain after this tick's arrivals (written in the needs phase). */
  needSum: Float64Array;
  /** Per grid: total need over domains and residents, and residents, after arrivals (needs phase). */
  gridNeed: Float64Array;
  gridSize: Int32Array;
  /** Performance of the last tick (0..1), the expected quality residents use. */
  lastPerformance: number;
  /** Institutionalisation level 0..1. */
  institution: number;
  /** Per building: team leader's id, or -1. */
  teamLeader: Int32Array;
  /** Per building: tick the team formed. */
  teamSince: Int32Array;
  /** Per building: residents, substantive participants, social trust sum (scratch, this tick). */
  buildingSize: Int32Array;
  buildingSubstantive: Int32Array;
  buildingTrust: Float64Array;
  /** Rows grouped by building: rows of building b are buildingRows[buildingStart[b] .. buildingStart[b+1]). */
  buildingStart: Int32Array;
  buildingRows: Int32Array;
  /** Open project cycle: ticks into it. */
  cycleTick: number;
  /** Performance summed over the cycle. */
  cyclePerformance: number;
  begin(tick: number): void;
  /** Structural changes (movers, newcomers, ties) take effect at the end of the tick, after `record`. */
  commit(phase: string): void;
  snapshot(): unknown;
  restore(data: unknown): void;
}

export const DOMAIN_COUNT = DOMAINS.length;

/** Plain-data copy of the model (inside a simulation snapshot). */
export interface ModelSnapshot {
  residents: StoreSnapshot;
  network: ReturnType<Network['snapshot']>;
  party: PartyState;
  enterprises: Enterprise[];
  officials: Office[];
  projects: Project[];
  kinds: Record<string, { store: StoreSnapshot; params: Record<string, number> }>;
  allocation: number[];
  needShare: number[];
  openness: number;
  needSum: number[];
  gridNeed: number[];
  gridSize: number[];
  lastPerformance: number;
  institution: number;
  teamLeader: number[];
  teamSince: number[];
  cycleTick: number;
  cyclePerformance: number;
  stats: TickStats;
  ledger: Ledger;
}
