/// <reference types="vite/client" />
/**
 * The classroom visualizer: controls, curves and community view. The page only draws; the simulation
 * runs in a worker. The whole state lives in the URL hash (see state.ts).
 */
import './style.css';
import { DEFAULT_SCENARIO, listScenarios, toCsv, type Row, type ScenarioSpec } from 'coprod';
import { Charts, FONT } from './chart.js';
import { CommunityView, PART_COLORS, valueColor } from './community.js';
import { fmt, paramDescription, paramLabel, ruleDescription, ruleLabel, setLang, t, unitLabel, type Key } from './i18n.js';
import type { FromWorker, RuleStatus, ToWorker } from './protocol.js';
import { ruleObjectsFor, scenarioRuleNames, type Compare } from './runs.js';
import { COLOR_KEYS, SPEEDS, decodeState, defaultState, encodeCompare, encodeState, readParams, type ColorKey, type VizState } from './state.js';

// ---------------------------------------------------------------------------------------------------
// State

const scenarios = listScenarios();
const findSpec = (name: string): ScenarioSpec | undefined => scenarios.find((s) => s.name === name);
const infoOf = (name: string) => {
  const s = findSpec(name);
  return s ? { seed: s.seed ?? 1, hasContrast: !!s.contrast } : undefined;
};
// A bare link (as `npm start` opens) shows the default scenario playing; a shared link opens paused at its week.
const defaultScenarioName = scenarios.some((s) => s.name === DEFAULT_SCENARIO) ? DEFAULT_SCENARIO : (scenarios[0]?.name ?? 'baseline');
let autoplay = !location.hash && !location.search;
const decoded = decodeState(readParams(location.search, location.hash), defaultScenarioName, infoOf);
let S: VizState = decoded.state;
setLang(S.lang);

let rowsA: Row[] = [];
let rowsB: Row[] | null = null;
let statuses: RuleStatus[][] = [];
let tick = 0;
let playing = false;
let ready = false;
let loading: { tick: number; of: number } | null = null;
let residents: number[] = [];
let places: { buildings: number; grids: number } = { buildings: 0, grids: 0 };
let tickMs = 0;
let chartsDirty = true;
let chartRenders = 0;
let lastUrlAt = 0;
let errorText = '';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const spec = (): ScenarioSpec => findSpec(S.scenario)!;
const defaultCompare = (): Compare => (spec().contrast ? { kind: 'contrast' } : { kind: 'none' });
const comparing = (): boolean => S.compare.kind === 'flip' || (S.compare.kind === 'contrast' && !!spec().contrast);

// ---------------------------------------------------------------------------------------------------
// Worker

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (msg: ToWorker) => worker.postMessage(msg);

function start(targetTick: number): void {
  ready = false;
  loading = { tick: 0, of: targetTick };
  rowsA = [];
  rowsB = comparing() ? [] : null;
  tick = 0;
  playing = false;
  charts.resetScales();
  chartsDirty = true;
  errorText = '';
  showBanner();
  const config = { scenario: S.scenario, seed: S.seed, set: S.set, on: S.on, off: S.off, actions: S.actions, compare: S.compare };
  send({ type: 'init', config, tick: targetTick, color: S.color, speed: S.speed, stopAt: spec().ticks });
  updateTransport();
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'ready':
      ready = true;
      loading = null;
      rowsA = msg.rows[0];
      rowsB = msg.rows.length > 1 ? msg.rows[1] : null;
      statuses = msg.rules;
      tick = msg.tick;
      residents = msg.residents;
      places = { buildings: msg.buildings[0], grids: msg.grids[0] };
      S = { ...S, actions: msg.actions, tick };
      msg.layouts.forEach((l, k) => views[k]?.setLayout(l));
      $('view-b').hidden = msg.layouts.length < 2;
      chartsDirty = true;
      updateUrl(true);
      updateRules();
      updateTransport();
      updateMeta();
      if (autoplay) {
        autoplay = false;
        send({ type: 'play' });
        playing = true;
        updateTransport();
      }
      break;
    case 'progress':
      loading = { tick: msg.tick, of: msg.of };
      updateClock();
      break;
    case 'rows':
      if (!ready) break;
      msg.rows[0]?.forEach((r) => rowsA.push(r));
      if (rowsB && msg.rows[1]) msg.rows[1].forEach((r) => rowsB!.push(r));
      statuses = msg.rules;
      tick = msg.tick;
      playing = msg.playing;
      tickMs = msg.tickMs;
      S = { ...S, actions: msg.actions, tick };
      chartsDirty = true;
      updateRules();
      updateTransport();
      updateUrl(!playing);
      break;
    case 'frame':
      if (!ready) break;
      views[msg.run]?.setFrame(msg);
      break;
    case 'error':
      ready = true;
      loading = null;
      playing = false;
      errorText = t('error', { msg: msg.message });
      showBanner();
      updateTransport();
      break;
  }
};

worker.onerror = (e) => {
  errorText = t('error', { msg: e.message || 'worker failed' });
  showBanner();
};

// ---------------------------------------------------------------------------------------------------
// Drawing

const charts = new Charts($('charts'), $('tooltip'));
const views = [new CommunityView($<HTMLCanvasElement>('community-a')), new CommunityView($<HTMLCanvasElement>('community-b'))];

function labelB(): string {
  if (S.compare.kind === 'contrast') {
    const c = spec().contrast;
    if (!c) return '';
    return S.lang === 'zh' && c.label_zh ? c.label_zh : c.label;
  }
  if (S.compare.kind === 'flip') {
    const rule = S.compare.rule;
    const onInA = statuses[0]?.find((s) => s.name === rule)?.enabled ?? false;
    return t(onInA ? 'compare_flip_off' : 'compare_flip_on', { rule: ruleLabel(rule) });
  }
  return '';
}

function updateClock(): void {
  const n = spec().ticks;
  $('clock').textContent = loading && loading.of > 0 ? t('loading', { t: loading.tick, n: loading.of }) : t('week_of', { t: tick, n });
}

let fpsFrames = 0;
function frameLoop(): void {
  fpsFrames++;
  if (chartsDirty) {
    chartsDirty = false;
    charts.setData(rowsA, rowsB, labelB(), spec().ticks);
    charts.render();
    chartRenders++;
    updateClock();
    updateCaptions();
  }
  for (const v of views) if (v.draw()) updateCaptions();
  requestAnimationFrame(frameLoop);
}

function updateCaptions(): void {
  const two = rowsB !== null;
  const capA = two ? `A · ${t('teams', { k: views[0].teams })}` : t('teams', { k: views[0].teams });
  $('cap-a').textContent = capA;
  $('cap-b').textContent = two ? `B · ${labelB()} · ${t('teams', { k: views[1].teams })}` : '';
}

function showBanner(): void {
  const b = $('banner');
  const parts = [errorText, ...(decoded.problems.length ? [t('url_problem', { msg: decoded.problems.join('; ') })] : [])].filter(Boolean);
  b.textContent = parts.join(' · ');
  b.hidden = parts.length === 0;
}

// ---------------------------------------------------------------------------------------------------
// URL

function currentUrl(): string {
  return location.pathname + location.search + encodeState(S, { compare: defaultCompare() });
}

function updateUrl(now: boolean): void {
  const at = performance.now();
  if (!now && at - lastUrlAt < 1000) return;
  lastUrlAt = at;
  history.replaceState(null, '', currentUrl());
}

// ---------------------------------------------------------------------------------------------------
// Controls

function fillScenarios(): void {
  const sel = $<HTMLSelectElement>('scenario');
  sel.innerHTML = '';
  const cases = scenarios.filter((s) => !s.pattern);
  const presets = scenarios.filter((s) => s.pattern);
  const add = (parent: HTMLElement, s: ScenarioSpec) => {
    const o = document.createElement('option');
    o.value = s.name;
    const title = S.lang === 'zh' && s.title_zh ? s.title_zh : s.title;
    o.textContent = s.pattern && !title.startsWith(s.pattern) ? `${s.pattern} · ${title}` : title;
    parent.appendChild(o);
  };
  for (const [key, list] of [['cases', cases], ['presets', presets]] as [Key, ScenarioSpec[]][]) {
    if (!list.length) continue;
    const g = document.createElement('optgroup');
    g.label = t(key);
    list.forEach((s) => add(g, s));
    sel.appendChild(g);
  }
  sel.value = S.scenario;
}

function updateMeta(): void {
  const s = spec();
  $('scenario-title').textContent = S.lang === 'zh' && s.title_zh ? s.title_zh : s.title;
  $('scenario-desc').textContent = S.lang === 'zh' && s.description_zh ? s.description_zh : s.description;
  const n = residents[0];
  const meta: string[] = [];
  if (n !== undefined) meta.push(t('population', { n: fmt(n), b: fmt(places.buildings), g: fmt(places.grids) }));
  if (s.pattern) meta.push(`${t('pattern')}: ${s.pattern}`);
  if (s.source) meta.push(`${t('source')}: ${s.source}`);
  $('scenario-meta').textContent = meta.join(' · ');
}

function fillSpeed(): void {
  const sel = $<HTMLSelectElement>('speed');
  sel.innerHTML = '';
  for (const sp of SPEEDS) {
    const o = document.createElement('option');
    o.value = String(sp);
    o.textContent = sp === 0 ? t('speed_max') : `${sp} ${t('speed_unit')}`;
    sel.appendChild(o);
  }
  sel.value = String(S.speed);
}

function fillColor(): void {
  const sel = $<HTMLSelectElement>('color');
  sel.innerHTML = '';
  for (const k of COLOR_KEYS) {
    const o = document.createElement('option');
    o.value = k;
    o.textContent = t(`c_${k}` as Key);
    sel.appendChild(o);
  }
  sel.value = S.color;
  fillLegend();
}

function fillLegend(): void {
  const lg = $('legend');
  lg.innerHTML = '';
  const item = (html: string) => {
    const span = document.createElement('span');
    span.innerHTML = html;
    lg.appendChild(span);
  };
  if (S.color === 'participation') {
    item(`<span class="sw" style="background:${PART_COLORS.substantive}"></span>${t('part_substantive')}`);
    item(`<span class="sw" style="background:${PART_COLORS.formal}"></span>${t('part_formal')}`);
    item(`<span class="sw" style="background:${PART_COLORS.none}"></span>${t('part_none')}`);
  } else {
    const stops = Array.from({ length: 11 }, (_, k) => valueColor(k / 10)).join(',');
    item(`${t(`c_${S.color}` as Key)}: ${t('low')} 0<span class="ramp" style="background:linear-gradient(to right,${stops})"></span>1 ${t('high')}`);
  }
  item(`<span class="sw team"></span>${t('ev_team_formed')}`);
}

function fillCompare(): void {
  const sel = $<HTMLSelectElement>('compare');
  sel.innerHTML = '';
  const add = (value: string, label: string) => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    sel.appendChild(o);
  };
  add('none', t('compare_none'));
  const c = spec().contrast;
  if (c) add('contrast', t('compare_contrast', { label: S.lang === 'zh' && c.label_zh ? c.label_zh : c.label }));
  const inScenario = scenarioRuleNames(spec());
  for (const r of ruleObjectsFor(S.scenario)) {
    const onAtStart = (inScenario.includes(r.name) && !S.off.includes(r.name)) || S.on.includes(r.name);
    add(`flip:${r.name}`, t(onAtStart ? 'compare_flip_off' : 'compare_flip_on', { rule: ruleLabel(r.name) }));
  }
  sel.value = encodeCompare(S.compare);
  if (sel.value !== encodeCompare(S.compare)) sel.value = 'none';
}

function step(spec: { min: number; max: number; integer?: boolean }): number {
  if (spec.integer) return Math.max(1, Math.round((spec.max - spec.min) / 200));
  const raw = (spec.max - spec.min) / 100;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  return raw / p >= 5 ? 5 * p : raw / p >= 2 ? 2 * p : p;
}

function scheduleText(s: RuleStatus | undefined): string {
  if (!s?.schedule) return '';
  return s.schedule.to !== undefined ? t('weeks_range', { a: s.schedule.from, b: s.schedule.to }) : t('weeks_from', { a: s.schedule.from });
}

/** Build the rules panel (on scenario or language change). */
function buildRules(): void {
  const host = $('rules');
  host.innerHTML = '';
  for (const rule of ruleObjectsFor(S.scenario)) {
    const box = document.createElement('div');
    box.className = 'rule';
    box.dataset.rule = rule.name;
    const head = document.createElement('label');
    head.className = 'rule-head';
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.className = 'rule-toggle';
    cb.id = `rule-${rule.name}`;
    cb.addEventListener('change', () => send({ type: 'rule', rule: rule.name, on: cb.checked }));
    const name = document.createElement('span');
    name.textContent = ruleLabel(rule.name);
    const badge = document.createElement('span');
    badge.className = 'badge';
    const sched = document.createElement('span');
    sched.className = 'sched meta';
    head.append(cb, name, badge, sched);
    const desc = document.createElement('p');
    desc.className = 'rule-desc';
    desc.textContent = ruleDescription(rule.name, rule.description);
    box.append(head, desc);
    const primary = Object.entries(rule.params).filter(([, p]) => p.unit === 'intensity 0..1');
    const rest = Object.entries(rule.params).filter(([, p]) => p.unit !== 'intensity 0..1');
    const lever = ([param, p]: [string, (typeof rule.params)[string]]) => {
      const wrap = document.createElement('div');
      wrap.className = 'lever';
      const lh = document.createElement('div');
      lh.className = 'lever-head';
      const lab = document.createElement('label');
      const id = `lever-${rule.name}-${param}`;
      lab.htmlFor = id;
      lab.textContent = paramLabel(rule.name, param);
      const out = document.createElement('output');
      out.htmlFor = id;
      lh.append(lab, out);
      const input = document.createElement('input');
      // A slider for ranges one can sweep; a number box for wide ones (yuan, counts, weeks).
      input.type = p.max - p.min > 1000 ? 'number' : 'range';
      input.id = id;
      input.className = 'lever-input';
      input.dataset.rule = rule.name;
      input.dataset.param = param;
      input.min = String(p.min);
      input.max = String(p.max);
      input.step = input.type === 'number' ? (p.integer ? '1' : 'any') : String(step(p));
      const unit = unitLabel(p.unit);
      const show = (v: number) => (out.textContent = `${fmt(v, decimals(step(p)))} ${unit}`);
      input.addEventListener('input', () => show(Number(input.value)));
      input.addEventListener('change', () => {
        let v = Number(input.value);
        if (!Number.isFinite(v)) return;
        v = Math.min(p.max, Math.max(p.min, p.integer ? Math.round(v) : v));
        input.value = String(v);
        send({ type: 'param', rule: rule.name, param, value: v });
      });
      const meta = document.createElement('div');
      meta.className = 'lever-meta';
      meta.textContent = `${paramDescription(rule.name, param, p.description)} · ${t('range', { min: fmt(p.min), max: fmt(p.max) })} (${unit})`;
      wrap.append(lh, input, meta);
      (wrap as HTMLElement & { show?: (v: number) => void }).show = show;
      return wrap;
    };
    for (const e of primary) box.appendChild(lever(e));
    if (rest.length) {
      const more = document.createElement('details');
      more.className = 'more';
      const sum = document.createElement('summary');
      sum.textContent = t('more_levers');
      more.appendChild(sum);
      for (const e of rest) more.appendChild(lever(e));
      box.appendChild(more);
    }
    host.appendChild(box);
  }
  updateRules();
}

function decimals(step: number): number {
  return step >= 1 ? 0 : Math.min(4, Math.ceil(-Math.log10(step) - 1e-9));
}

/** Reflect run A's rule states (enabled, in force, lever values) in the panel. */
function updateRules(): void {
  const st = statuses[0] ?? [];
  for (const box of Array.from(document.querySelectorAll<HTMLElement>('#rules .rule'))) {
    const name = box.dataset.rule!;
    const s = st.find((x) => x.name === name);
    const cb = box.querySelector<HTMLInputElement>('.rule-toggle')!;
    cb.disabled = !ready || !s;
    if (s) cb.checked = s.enabled;
    const badge = box.querySelector<HTMLElement>('.badge')!;
    const active = !!s?.active || (tick === 0 && !!s?.enabled && (!s.schedule || s.schedule.from <= 1));
    badge.textContent = active ? t('in_force') : t('not_in_force');
    badge.classList.toggle('on', active);
    box.querySelector<HTMLElement>('.sched')!.textContent = scheduleText(s);
    for (const input of Array.from(box.querySelectorAll<HTMLInputElement>('.lever-input'))) {
      const v = s?.params[input.dataset.param!];
      input.disabled = !ready || !s;
      if (v === undefined) continue;
      // Leave a lever alone while it has the focus (being dragged or typed in).
      if (document.activeElement !== input) input.value = String(v);
      const wrap = input.parentElement as HTMLElement & { show?: (v: number) => void };
      wrap.show?.(Number(input.value));
    }
  }
}

function updateTransport(): void {
  const play = $<HTMLButtonElement>('play');
  play.textContent = playing ? t('pause') : t('play');
  play.classList.toggle('playing', playing);
  play.disabled = !ready || !!errorText;
  $<HTMLButtonElement>('step').disabled = !ready || !!errorText;
  $<HTMLButtonElement>('seed').value = String(S.seed);
  updateClock();
}

function applyTexts(): void {
  document.documentElement.lang = S.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t('app_title')} · coprod`;
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'))) el.textContent = t(el.dataset.i18n as Key);
  $('lang').textContent = t('lang_switch');
  $('lang').title = t('lang_switch_title');
  fillScenarios();
  fillSpeed();
  fillColor();
  fillCompare();
  buildRules();
  updateMeta();
  updateTransport();
  updateCaptions();
  showBanner();
  chartsDirty = true;
}

function newScenario(name: string): void {
  const info = infoOf(name)!;
  S = { ...defaultState(name, info.seed, info.hasContrast), lang: S.lang, color: S.color, speed: S.speed };
  residents = [];
  applyTexts();
  start(0);
}

$('scenario').addEventListener('change', () => newScenario($<HTMLSelectElement>('scenario').value));
$('play').addEventListener('click', () => {
  if (playing) {
    send({ type: 'pause' });
    playing = false;
  } else {
    send({ type: 'play' });
    playing = true;
  }
  updateTransport();
});
$('step').addEventListener('click', () => {
  send({ type: 'step' });
  playing = false;
  updateTransport();
});
$('reset').addEventListener('click', () => {
  S = { ...S, actions: S.actions.filter((a) => a.tick === 0), tick: 0 };
  start(0);
});
$('speed').addEventListener('change', () => {
  S = { ...S, speed: Number($<HTMLSelectElement>('speed').value) };
  send({ type: 'speed', speed: S.speed });
  updateUrl(true);
});
$('seed-apply').addEventListener('click', () => {
  const text = $<HTMLInputElement>('seed').value.trim();
  if (!text) return;
  const seed = /^-?\d+$/.test(text) ? Number(text) : text;
  S = { ...S, seed, actions: S.actions.filter((a) => a.tick === 0), tick: 0 };
  start(0);
});
$('seed').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') $('seed-apply').click();
});
$('compare').addEventListener('change', () => {
  const v = $<HTMLSelectElement>('compare').value;
  S = { ...S, compare: v === 'none' || v === 'contrast' ? { kind: v } : { kind: 'flip', rule: v.slice(5) } };
  // Run B is rebuilt to the same tick with the same changes by hand.
  start(tick);
});
$('color').addEventListener('change', () => {
  S = { ...S, color: $<HTMLSelectElement>('color').value as ColorKey };
  send({ type: 'color', color: S.color });
  fillLegend();
  updateUrl(true);
});
$('lang').addEventListener('click', () => {
  S = { ...S, lang: S.lang === 'zh' ? 'en' : 'zh' };
  setLang(S.lang);
  applyTexts();
  updateUrl(true);
});

// Share and save.

function fileBase(): string {
  return `coprod-${S.scenario}-seed${S.seed}-week${tick}`;
}

function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 30_000);
}

function svgText(): string {
  const node = charts.svg.node()!.cloneNode(true) as SVGSVGElement;
  node.querySelectorAll('.hover, .cursor').forEach((n) => n.remove());
  node.setAttribute('font-family', FONT);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(node);
}

function csvText(): string {
  if (!rowsB) return toCsv(rowsA);
  return toCsv([...rowsA.map((r) => ({ run: 'A', ...r })), ...rowsB.map((r) => ({ run: 'B', ...r }))]);
}

async function pngBlob(): Promise<Blob> {
  const text = svgText();
  const node = charts.svg.node()!;
  const w = Number(node.getAttribute('width'));
  const h = Number(node.getAttribute('height'));
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((ok, bad) => {
      img.onload = () => ok();
      img.onerror = () => bad(new Error('could not render the curves'));
      img.src = url;
    });
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = w * scale;
    canvas.height = h * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((ok, bad) => canvas.toBlob((b) => (b ? ok(b) : bad(new Error('PNG export failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

$('dl-csv').addEventListener('click', (e) => {
  e.preventDefault();
  download(new Blob([csvText()], { type: 'text/csv;charset=utf-8' }), `${fileBase()}.csv`);
});
$('dl-svg').addEventListener('click', (e) => {
  e.preventDefault();
  download(new Blob([svgText()], { type: 'image/svg+xml' }), `${fileBase()}.svg`);
});
$('dl-png').addEventListener('click', (e) => {
  e.preventDefault();
  pngBlob().then(
    (b) => download(b, `${fileBase()}.png`),
    (err: Error) => {
      errorText = err.message;
      showBanner();
    },
  );
});
$('copy-link').addEventListener('click', () => {
  updateUrl(true);
  const url = location.href;
  const box = $<HTMLInputElement>('link-text');
  box.value = url;
  const done = () => {
    $('copy-link').textContent = t('link_copied');
    setTimeout(() => ($('copy-link').textContent = t('copy_link')), 2000);
  };
  const fallback = () => {
    box.hidden = false;
    box.select();
  };
  if (navigator.clipboard?.writeText) navigator.clipboard.writeText(url).then(done, fallback);
  else fallback();
});

// Opening a changed link (back/forward or an edited hash) starts that run.
window.addEventListener('resize', () => {
  chartsDirty = true;
});
window.addEventListener('hashchange', () => {
  if (location.hash === encodeState(S, { compare: defaultCompare() })) return;
  const next = decodeState(readParams('', location.hash), defaultScenarioName, infoOf);
  S = next.state;
  setLang(S.lang);
  applyTexts();
  start(S.tick);
});

// Test hook: what the page shows, for the browser tests.
declare global {
  interface Window {
    __coprod?: unknown;
  }
}
window.__coprod = {
  get ready() {
    return ready && !loading;
  },
  get tick() {
    return tick;
  },
  get playing() {
    return playing;
  },
  get error() {
    return errorText;
  },
  get rows() {
    return rowsA;
  },
  get rowsB() {
    return rowsB;
  },
  get state() {
    return S;
  },
  get residents() {
    return residents;
  },
  get tickMs() {
    return tickMs;
  },
  get framesDrawn() {
    return views.map((v) => v.drawn);
  },
  get chartRenders() {
    return chartRenders;
  },
  get rafFrames() {
    return fpsFrames;
  },
  url: () => location.href,
  csv: csvText,
  svg: svgText,
};

applyTexts();
start(S.tick);
requestAnimationFrame(frameLoop);
