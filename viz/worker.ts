/**
 * The simulation worker: builds run A (and B), plays, steps, applies changes by hand, and posts rows and
 * (throttled) community frames. The page never runs the model, so it never freezes.
 */
import type { CoprodSimulation, Row } from 'coprod';
import { CODE, type FromWorker, type Layout, type RuleStatus, type ToWorker } from './protocol.js';
import { applyAction, appliesTo, createRun, recordAction, runSetups, stepRun, type Action, type RunSetup } from './runs.js';
import type { ColorKey } from './state.js';

interface Run {
  readonly setup: RunSetup;
  readonly sim: CoprodSimulation;
  readonly layout: Layout;
  /** Frame image with blocks and empty cells, no residents. */
  readonly base: Uint8Array;
  /** Building of each cell: x, y, w (from layout.cells). */
  sent: number;
}

const scope = self as unknown as {
  postMessage(msg: FromWorker, opts?: { transfer?: Transferable[] }): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

let runs: Run[] = [];
let actions: Action[] = [];
let playing = false;
let initialising = false;
let playAfterInit = false;
let speed = 10;
let color: ColorKey = 'participation';
let stopAt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let generation = 0;
let lastFrameAt = 0;
let tickMs = 0;

const post = (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, { transfer });

function fail(e: unknown): void {
  playing = false;
  initialising = false;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}

function layoutOf(sim: CoprodSimulation): { layout: Layout; base: Uint8Array } {
  const m = sim.model;
  const B = Math.max(1, m.buildings);
  const G = Math.max(1, m.grids);
  const c = m.residents.columns;
  const n = m.residents.count;
  const size = new Int32Array(B);
  const gridOf = new Int32Array(B).fill(-1);
  for (let i = 0; i < n; i++) {
    const b = c.building[i];
    size[b]++;
    if (gridOf[b] < 0) gridOf[b] = c.grid[i];
  }
  for (let b = 0; b < B; b++) if (gridOf[b] < 0 || gridOf[b] >= G) gridOf[b] = Math.min(G - 1, Math.floor((b * G) / B));
  let maxSize = 1;
  for (let b = 0; b < B; b++) maxSize = Math.max(maxSize, size[b]);
  // Newcomers take a leaver's place, so buildings keep their size; a little room for any growth (residents
  // beyond a cell's room are not drawn).
  const cap = Math.ceil(maxSize * 1.04);
  const cw = Math.ceil(Math.sqrt(cap));
  const ch = Math.ceil(cap / cw);
  const members: number[][] = Array.from({ length: G }, () => []);
  for (let b = 0; b < B; b++) members[gridOf[b]].push(b);
  const nb = Math.max(1, ...members.map((x) => x.length));
  const bc = Math.max(1, Math.min(nb, Math.round(Math.sqrt((nb * (ch + 1)) / (cw + 1)))));
  const br = Math.ceil(nb / bc);
  const bw = bc * (cw + 1) + 1;
  const bh = br * (ch + 1) + 1;
  const gap = 3;
  const aspect = 1.6;
  const gcols = Math.max(1, Math.min(G, Math.round(Math.sqrt((G * aspect * bh) / bw))));
  const grows = Math.ceil(G / gcols);
  const width = gcols * (bw + gap) + gap;
  const height = grows * (bh + gap) + gap;
  const blocks = new Int32Array(G * 4);
  const cells = new Int32Array(B * 4);
  const base = new Uint8Array(width * height);
  const fill = (x: number, y: number, w: number, h: number, code: number) => {
    for (let yy = y; yy < y + h; yy++) base.fill(code, yy * width + x, yy * width + x + w);
  };
  for (let g = 0; g < G; g++) {
    const x = gap + (g % gcols) * (bw + gap);
    const y = gap + Math.floor(g / gcols) * (bh + gap);
    blocks.set([x, y, bw, bh], g * 4);
    fill(x, y, bw, bh, CODE.block);
    members[g].forEach((b, k) => {
      const cx = x + 1 + (k % bc) * (cw + 1);
      const cy = y + 1 + Math.floor(k / bc) * (ch + 1);
      cells.set([cx, cy, cw, ch], b * 4);
      fill(cx, cy, cw, ch, CODE.empty);
    });
    // Unused places of the block are left blank (an empty lot), keeping every building's border.
    for (let k = members[g].length; k < bc * br; k++) {
      fill(x + 1 + (k % bc) * (cw + 1), y + 1 + Math.floor(k / bc) * (ch + 1), cw + 1, ch + 1, CODE.page);
    }
  }
  return { layout: { width, height, cells, blocks }, base };
}

function frameOf(run: Run, k: number): void {
  const { sim, layout, base } = run;
  const m = sim.model;
  const c = m.residents.columns;
  const n = m.residents.count;
  const B = m.buildings;
  const codes = base.slice();
  const used = new Int32Array(B);
  const W = layout.width;
  const cells = layout.cells;
  const building = c.building;
  const steps = CODE.valueSteps;
  const value = color === 'participation' ? null : (c[color] as Float32Array);
  const part = c.part;
  for (let i = 0; i < n; i++) {
    const b = building[i];
    const cw = cells[b * 4 + 2];
    const slot = used[b]++;
    if (slot >= cw * cells[b * 4 + 3]) continue;
    const p = (cells[b * 4 + 1] + Math.floor(slot / cw)) * W + cells[b * 4] + (slot % cw);
    if (value) {
      const v = value[i];
      codes[p] = CODE.valueBase + Math.round((v < 0 ? 0 : v > 1 ? 1 : v) * steps);
    } else codes[p] = CODE.partNone + part[i];
  }
  const teams = new Uint8Array(B);
  for (let b = 0; b < B; b++) teams[b] = m.teamLeader[b] >= 0 ? 1 : 0;
  post({ type: 'frame', run: k, tick: sim.tick, color, codes, teams, residents: n }, [codes.buffer, teams.buffer]);
}

function frames(): void {
  lastFrameAt = performance.now();
  runs.forEach((r, k) => frameOf(r, k));
}

function statuses(): RuleStatus[][] {
  return runs.map((r) => r.sim.rules.map((s) => ({ name: s.rule.name, enabled: s.enabled, active: s.active, params: { ...s.params }, schedule: s.schedule ? { ...s.schedule } : undefined })));
}

function newRows(): Row[][] {
  return runs.map((r) => {
    const rows = r.sim.rows.slice(r.sent);
    r.sent = r.sim.rows.length;
    return rows;
  });
}

function flush(forceFrame: boolean): void {
  if (!runs.length) return;
  post({ type: 'rows', tick: runs[0].sim.tick, rows: newRows(), rules: statuses(), playing, actions, tickMs });
  if (forceFrame || performance.now() - lastFrameAt > 90) frames();
}

function tickAll(): void {
  const t0 = performance.now();
  for (const r of runs) stepRun(r.sim, r.setup, actions);
  tickMs = 0.8 * tickMs + 0.2 * (performance.now() - t0);
  if (stopAt > 0 && runs[0].sim.tick === stopAt) playing = false;
}

function loop(): void {
  timer = undefined;
  if (!playing) return;
  const t0 = performance.now();
  try {
    if (speed === 0) {
      do tickAll();
      while (playing && performance.now() - t0 < 40);
    } else tickAll();
  } catch (e) {
    fail(e);
    return;
  }
  flush(!playing);
  if (!playing) return;
  const interval = speed === 0 ? 0 : 1000 / speed;
  timer = setTimeout(loop, Math.max(0, interval - (performance.now() - t0)));
}

function stop(): void {
  playing = false;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

function init(msg: Extract<ToWorker, { type: 'init' }>): void {
  stop();
  const gen = ++generation;
  initialising = true;
  playAfterInit = false;
  color = msg.color;
  speed = msg.speed;
  stopAt = msg.stopAt;
  actions = [...msg.config.actions];
  const t0 = performance.now();
  try {
    runs = runSetups(msg.config).map((setup) => {
      const sim = createRun(setup);
      const { layout, base } = layoutOf(sim);
      return { setup, sim, layout, base, sent: 0 };
    });
  } catch (e) {
    runs = [];
    fail(e);
    return;
  }
  const target = msg.tick;
  // Bring the runs to the target tick in slices, so a newer init or a pause can get in between.
  const chunk = () => {
    if (gen !== generation) return;
    const c0 = performance.now();
    try {
      while (runs[0].sim.tick < target && performance.now() - c0 < 60) for (const r of runs) stepRun(r.sim, r.setup, actions);
    } catch (e) {
      fail(e);
      return;
    }
    if (runs[0].sim.tick < target) {
      post({ type: 'progress', tick: runs[0].sim.tick, of: target });
      setTimeout(chunk, 0);
      return;
    }
    initialising = false;
    for (const r of runs) r.sent = r.sim.rows.length;
    post({
      type: 'ready',
      tick: runs[0].sim.tick,
      rows: runs.map((r) => r.sim.rows.slice()),
      layouts: runs.map((r) => r.layout),
      rules: statuses(),
      actions,
      residents: runs.map((r) => r.sim.model.residents.count),
      buildings: runs.map((r) => r.sim.model.buildings),
      grids: runs.map((r) => r.sim.model.grids),
      buildMs: performance.now() - t0,
    });
    frames();
    if (playAfterInit) play();
  };
  chunk();
}

function play(): void {
  if (initialising) {
    playAfterInit = true;
    return;
  }
  if (playing || !runs.length) return;
  playing = true;
  // Pressing play at the scenario's end goes on past it.
  if (runs[0].sim.tick >= stopAt) stopAt = 0;
  loop();
}

function act(action: Action): void {
  if (!runs.length) return;
  actions = recordAction(actions, action);
  for (const r of runs) if (appliesTo(r.setup, action)) applyAction(r.sim, action);
  flush(false);
}

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  try {
    switch (msg.type) {
      case 'init':
        init(msg);
        break;
      case 'play':
        play();
        break;
      case 'pause':
        playAfterInit = false;
        stop();
        flush(true);
        break;
      case 'step':
        if (initialising || !runs.length) break;
        stop();
        tickAll();
        playing = false;
        flush(true);
        break;
      case 'speed':
        speed = msg.speed;
        break;
      case 'rule':
        act({ tick: runs[0]?.sim.tick ?? 0, kind: 'rule', rule: msg.rule, on: msg.on });
        break;
      case 'param':
        act({ tick: runs[0]?.sim.tick ?? 0, kind: 'param', rule: msg.rule, param: msg.param, value: msg.value });
        break;
      case 'color':
        color = msg.color;
        if (runs.length && !initialising) frames();
        break;
    }
  } catch (err) {
    fail(err);
  }
};
