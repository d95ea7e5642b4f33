/**
 * The visualizer's whole state as URL hash parameters, so a link reproduces the exact run up to a tick:
 *
 *   #s=baseline&seed=7&t=40&set=empowerment.power:0.8&on=empowerment&off=party-coordination
 *    &act=12:off:party-coordination;20:set:empowerment.power=0.5&cmp=flip:empowerment
 *    &lang=zh&color=participation&speed=10
 *
 * `t` is the tick the run is brought to on opening; `act` lists changes by hand with the tick after which
 * they were made. Query parameters (`?s=…`) are read too; the hash wins.
 */
import type { Action, Compare, RunConfig } from './runs.js';

export type Lang = 'en' | 'zh';
export const COLOR_KEYS = ['participation', 'trust_officials', 'trust_party', 'trust_enterprises', 'trust_social', 'belonging'] as const;
export type ColorKey = (typeof COLOR_KEYS)[number];
/** Ticks per second; 0 = as fast as possible. */
export const SPEEDS = [1, 2, 5, 10, 20, 0] as const;

export interface VizState extends RunConfig {
  readonly tick: number;
  readonly lang: Lang;
  readonly color: ColorKey;
  readonly speed: number;
}

export function defaultState(scenario: string, seed: number | string, hasContrast: boolean): VizState {
  return { scenario, seed, set: {}, on: [], off: [], actions: [], compare: hasContrast ? { kind: 'contrast' } : { kind: 'none' }, tick: 0, lang: 'en', color: 'participation', speed: 10 };
}

function encodeValue(s: string): string {
  return s.replace(/[%&#+ ]/g, (c) => encodeURIComponent(c));
}

function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}

export function encodeActions(actions: readonly Action[]): string {
  return actions.map((a) => (a.kind === 'rule' ? `${a.tick}:${a.on ? 'on' : 'off'}:${a.rule}` : `${a.tick}:set:${a.rule}.${a.param}=${num(a.value)}`)).join(';');
}

export function decodeActions(text: string): Action[] {
  const out: Action[] = [];
  for (const part of text.split(';')) {
    if (!part.trim()) continue;
    const m = /^(\d+):(on|off|set):([a-z][a-z0-9-]*)(?:\.([A-Za-z0-9_]+)=(-?[0-9.eE+-]+))?$/.exec(part.trim());
    if (!m) throw new Error(`act: cannot read "${part}" (expected tick:on:rule, tick:off:rule or tick:set:rule.param=value)`);
    const tick = Number(m[1]);
    if (m[2] === 'set') {
      if (m[4] === undefined || m[5] === undefined || !Number.isFinite(Number(m[5]))) throw new Error(`act: "${part}" needs rule.param=value`);
      out.push({ tick, kind: 'param', rule: m[3], param: m[4], value: Number(m[5]) });
    } else out.push({ tick, kind: 'rule', rule: m[3], on: m[2] === 'on' });
  }
  return out;
}

export function encodeCompare(c: Compare): string {
  return c.kind === 'flip' ? `flip:${c.rule}` : c.kind;
}

export function decodeCompare(text: string): Compare {
  if (text === 'none' || text === 'contrast') return { kind: text };
  const m = /^flip:([a-z][a-z0-9-]*)$/.exec(text);
  if (m) return { kind: 'flip', rule: m[1] };
  throw new Error(`cmp: cannot read "${text}" (expected none, contrast or flip:<rule>)`);
}

/** The state as a hash string (with the leading "#"). Defaults of lang/color/speed are left out. */
export function encodeState(s: VizState, defaults: { compare: Compare }): string {
  const parts: [string, string][] = [
    ['s', s.scenario],
    ['seed', String(s.seed)],
    ['t', String(s.tick)],
  ];
  const set = Object.entries(s.set);
  if (set.length) parts.push(['set', set.map(([k, v]) => `${k}:${num(v)}`).join(',')]);
  if (s.on.length) parts.push(['on', s.on.join(',')]);
  if (s.off.length) parts.push(['off', s.off.join(',')]);
  if (s.actions.length) parts.push(['act', encodeActions(s.actions)]);
  if (encodeCompare(s.compare) !== encodeCompare(defaults.compare)) parts.push(['cmp', encodeCompare(s.compare)]);
  if (s.lang !== 'en') parts.push(['lang', s.lang]);
  if (s.color !== 'participation') parts.push(['color', s.color]);
  if (s.speed !== 10) parts.push(['speed', String(s.speed)]);
  return '#' + parts.map(([k, v]) => `${k}=${encodeValue(v)}`).join('&');
}

/** Raw key/value pairs of a location's query and hash (hash wins). */
export function readParams(search: string, hash: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const src of [search.replace(/^\?/, ''), hash.replace(/^#/, '')]) {
    for (const part of src.split('&')) {
      if (!part) continue;
      const k = part.indexOf('=');
      const key = decodeURIComponent(k < 0 ? part : part.slice(0, k));
      const value = k < 0 ? '' : decodeURIComponent(part.slice(k + 1));
      out.set(key, value);
    }
  }
  return out;
}

/**
 * Decode the state from URL parameters. `scenarioInfo` gives a scenario's default seed and whether it has
 * a contrast (or undefined when unknown). Unreadable parts are reported in `problems` and left at defaults.
 */
export function decodeState(params: Map<string, string>, fallback: string, scenarioInfo: (name: string) => { seed: number; hasContrast: boolean } | undefined): { state: VizState; problems: string[] } {
  const problems: string[] = [];
  let name = params.get('s') ?? fallback;
  let info = scenarioInfo(name);
  if (!info) {
    problems.push(`s: unknown scenario "${name}"`);
    name = fallback;
    info = scenarioInfo(fallback) ?? { seed: 1, hasContrast: false };
  }
  const base = defaultState(name, info.seed, info.hasContrast);
  let seed: number | string = base.seed;
  const seedText = params.get('seed');
  if (seedText !== undefined && seedText !== '') seed = /^-?\d+$/.test(seedText) ? Number(seedText) : seedText;
  let tick = 0;
  const t = params.get('t');
  if (t !== undefined) {
    if (/^\d+$/.test(t)) tick = Number(t);
    else problems.push(`t: expected a whole number of ticks, got "${t}"`);
  }
  const set: Record<string, number> = {};
  for (const item of (params.get('set') ?? '').split(',')) {
    if (!item) continue;
    const m = /^([A-Za-z0-9_.-]+):(-?[0-9.eE+-]+)$/.exec(item);
    if (m && Number.isFinite(Number(m[2]))) set[m[1]] = Number(m[2]);
    else problems.push(`set: cannot read "${item}" (expected path:value)`);
  }
  const list = (k: string) => (params.get(k) ?? '').split(',').filter(Boolean);
  let actions: Action[] = [];
  try {
    actions = decodeActions(params.get('act') ?? '');
  } catch (e) {
    problems.push((e as Error).message);
  }
  let compare = base.compare;
  const cmp = params.get('cmp');
  if (cmp) {
    try {
      compare = decodeCompare(cmp);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const lang: Lang = params.get('lang') === 'zh' ? 'zh' : 'en';
  const colorText = params.get('color');
  const color = (COLOR_KEYS as readonly string[]).includes(colorText ?? '') ? (colorText as ColorKey) : base.color;
  const speedText = params.get('speed');
  const speed = speedText !== undefined && (SPEEDS as readonly number[]).includes(Number(speedText)) ? Number(speedText) : base.speed;
  return { state: { ...base, seed, tick, set, on: list('on'), off: list('off'), actions, compare, lang, color, speed }, problems };
}
