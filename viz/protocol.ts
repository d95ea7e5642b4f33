/** Messages between the page (draws) and the simulation worker (computes). */
import type { Row } from 'coprod';
import type { Action, RunConfig } from './runs.js';
import type { ColorKey } from './state.js';

/** Colour codes in a community frame: 0 page, 1..201 a value 0..1, participation 210..212, 250 grid block, 251 empty slot. */
export const CODE = { page: 0, valueBase: 1, valueSteps: 200, partNone: 210, partFormal: 211, partSubstantive: 212, block: 250, empty: 251 } as const;

export type ToWorker =
  | { readonly type: 'init'; readonly config: RunConfig; readonly tick: number; readonly color: ColorKey; readonly speed: number; readonly stopAt: number }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step' }
  | { readonly type: 'speed'; readonly speed: number }
  | { readonly type: 'rule'; readonly rule: string; readonly on: boolean }
  | { readonly type: 'param'; readonly rule: string; readonly param: string; readonly value: number }
  | { readonly type: 'color'; readonly color: ColorKey };

/** A rule as it stands in one run. */
export interface RuleStatus {
  readonly name: string;
  readonly enabled: boolean;
  readonly active: boolean;
  readonly params: Readonly<Record<string, number>>;
  readonly schedule?: { readonly from: number; readonly to?: number };
}

/** Where a run's buildings and grids are drawn in its frame (pixels of the frame image). */
export interface Layout {
  readonly width: number;
  readonly height: number;
  /** x, y, w, h per building. */
  readonly cells: Int32Array;
  /** x, y, w, h per grid. */
  readonly blocks: Int32Array;
}

export interface Frame {
  readonly run: number;
  readonly tick: number;
  readonly color: ColorKey;
  /** width × height colour codes ({@link CODE}). */
  readonly codes: Uint8Array;
  /** 1 where a building has a self-organised team. */
  readonly teams: Uint8Array;
  readonly residents: number;
}

export type FromWorker =
  | { readonly type: 'ready'; readonly tick: number; readonly rows: Row[][]; readonly layouts: Layout[]; readonly rules: RuleStatus[][]; readonly actions: Action[]; readonly residents: number[]; readonly buildings: number[]; readonly grids: number[]; readonly buildMs: number }
  | { readonly type: 'progress'; readonly tick: number; readonly of: number }
  | { readonly type: 'rows'; readonly tick: number; readonly rows: Row[][]; readonly rules: RuleStatus[][]; readonly playing: boolean; readonly actions: Action[]; readonly tickMs: number }
  | ({ readonly type: 'frame' } & Frame)
  | { readonly type: 'error'; readonly message: string };
