/**
 * The classroom visualizer in a real browser: build the static site with vite, serve viz/dist from a tiny
 * local server, drive Debian's Chromium with playwright-core (never a downloaded browser).
 */
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, createCoprod, listScenarios, type Row } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'viz', 'dist');
const ARTIFACTS = join(ROOT, 'test', 'artifacts');
const CHROMIUM = '/usr/bin/chromium';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

let server: Server;
let base = '';
let browser: Browser;
const problems: string[] = [];

function serve(dir: string): Promise<Server> {
  const s = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => s.listen(0, '127.0.0.1', () => ok(s)));
}

async function open(hash: string, viewport = { width: 1600, height: 1000 }): Promise<Page> {
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  // Nothing may be fetched from the network.
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`);
  });
  await page.goto(`${base}/index.html${hash}`);
  await waitReady(page);
  return page;
}

interface Hook {
  ready: boolean;
  state: { scenario: string };
  tick: number;
  playing: boolean;
  error: string;
  rows: Row[];
  rowsB: Row[] | null;
  residents: number[];
  tickMs: number;
  framesDrawn: number[];
  rafFrames: number;
  url(): string;
  csv(): string;
}

const hook = <T>(page: Page, fn: (h: Hook) => T): Promise<T> => page.evaluate(`(${fn.toString()})(window.__coprod)`) as Promise<T>;

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const h = (window as unknown as { __coprod?: { ready: boolean; error: string } }).__coprod;
    return !!h && (h.ready || !!h.error);
  }, undefined, { timeout: 60_000 });
  const err = await hook(page, (h) => h.error);
  expect(err).toBe('');
}

const waitTick = (page: Page, n: number) =>
  page.waitForFunction((k) => ((window as unknown as { __coprod: { tick: number } }).__coprod.tick >= k), n, { timeout: 60_000 });

/** '' when two row lists match (numbers to a relative 1e-9, strings exactly); else the first difference. */
function closeRows(a: readonly Row[], b: readonly Row[]): string {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    for (const k of new Set([...Object.keys(a[i]), ...Object.keys(b[i])])) {
      const x = a[i][k];
      const y = b[i][k];
      const same = typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y)) : x === y;
      if (!same) return `row ${i} ${k}: ${x} vs ${y}`;
    }
  }
  return '';
}

const linePoints = (page: Page, key: string) =>
  page.evaluate((k) => {
    const d = document.querySelector(`path.line-a-${k}`)?.getAttribute('d') ?? '';
    return d ? d.split('L').length : 0;
  }, key);

beforeAll(async () => {
  await build({ configFile: join(ROOT, 'viz', 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  server = await serve(resolve(DIST));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

describe('classroom visualizer', () => {
  let page: Page;
  let sharedUrl = '';
  let sharedRows: Row[] = [];
  let switchTick = 0;

  it('opens, as npm start does, on the default scenario playing without a click', async () => {
    const bare = await open('');
    const state = await hook(bare, (h) => h.state);
    expect(state.scenario).toBe(DEFAULT_SCENARIO);
    await waitTick(bare, 3);
    expect(await hook(bare, (h) => h.playing)).toBe(true);
    await bare.close();
  });

  it('plays: the tick counter and the curves advance', async () => {
    page = await open('#s=baseline&seed=7&speed=20');
    expect(await hook(page, (h) => h.tick)).toBe(0);
    expect(await page.locator('#clock').textContent()).toContain('Week 0');
    await page.click('#play');
    await waitTick(page, 6);
    const p1 = await linePoints(page, 'trust_officials');
    const t1 = await hook(page, (h) => h.tick);
    await waitTick(page, t1 + 5);
    await page.click('#play'); // pause
    await page.waitForFunction(() => !(window as unknown as { __coprod: { playing: boolean } }).__coprod.playing);
    await page.waitForTimeout(150);
    const p2 = await linePoints(page, 'trust_officials');
    const t2 = await hook(page, (h) => h.tick);
    expect(t2).toBeGreaterThan(t1);
    expect(p2).toBeGreaterThan(p1);
    expect(await page.locator('#clock').textContent()).toContain(`Week ${t2}`);
    const rows = await hook(page, (h) => h.rows);
    expect(rows.length).toBe(t2);
    // The community view drew frames.
    expect((await hook(page, (h) => h.framesDrawn))[0]).toBeGreaterThan(0);
  });

  it('a rule switched on mid-run changes the run and is marked', async () => {
    switchTick = await hook(page, (h) => h.tick);
    await page.check('#rule-empowerment');
    for (let k = 0; k < 8; k++) {
      const before = await hook(page, (h) => h.tick);
      await page.click('#step');
      await waitTick(page, before + 1);
    }
    await page.waitForTimeout(150);
    const rows = await hook(page, (h) => h.rows);
    expect(rows.length).toBe(switchTick + 8);
    expect(String(rows[switchTick].events)).toContain('rule_on:empowerment');
    expect(await page.locator('line.switch-on').count()).toBeGreaterThan(0);
    // The same run without the switch, in a fresh page.
    const other = await open(`#s=baseline&seed=7&t=${switchTick + 8}`);
    const plain = await hook(other, (h) => h.rows);
    await other.close();
    expect(plain.slice(0, switchTick)).toEqual(rows.slice(0, switchTick));
    expect(plain.slice(switchTick).map((r) => r.participation)).not.toEqual(rows.slice(switchTick).map((r) => r.participation));
    // And the page's numbers are the library's numbers.
    const sim = createCoprod('baseline', { seed: 7, rules: ['empowerment'] });
    sim.setEnabled('empowerment', false);
    sim.run(switchTick);
    sim.setEnabled('empowerment', true);
    sim.run(8);
    // Byte-identical in Node and in the browser: the core uses src/math.ts, not the engine's Math.exp & co.
    expect(JSON.stringify(rows)).toBe(JSON.stringify(sim.rows));
    expect(closeRows(sim.rows, rows)).toBe('');
    sharedUrl = await hook(page, (h) => h.url());
    sharedRows = rows;
    expect(sharedUrl).toContain(`t=${switchTick + 8}`);
    expect(sharedUrl).toContain(`act=${switchTick}:on:empowerment`);
  });

  it('a shared link reproduces the same numbers, and exports CSV, SVG and PNG', async () => {
    const again = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    again.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    again.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await again.goto(sharedUrl);
    await waitReady(again);
    expect(await hook(again, (h) => h.tick)).toBe(sharedRows.length);
    expect(await hook(again, (h) => h.rows)).toEqual(sharedRows);
    expect(await hook(again, (h) => h.csv())).toBe(await hook(page, (h) => h.csv()));
    expect(await again.locator('line.switch-on').count()).toBeGreaterThan(0);
    for (const [id, ext] of [['#dl-csv', '.csv'], ['#dl-svg', '.svg'], ['#dl-png', '.png']] as const) {
      const [dl] = await Promise.all([again.waitForEvent('download'), again.click(id)]);
      expect(dl.suggestedFilename()).toMatch(new RegExp(`\\${ext}$`));
      const path = join(ARTIFACTS, `curves${ext}`);
      await dl.saveAs(path);
      expect(statSync(path).size).toBeGreaterThan(500);
    }
    await again.close();
  });

  it('switches language to Chinese', async () => {
    expect(await page.locator('#step').textContent()).toBe('Step');
    await page.click('#lang');
    expect(await page.locator('#step').textContent()).toBe('单步');
    expect(await page.locator('.panel-trust .panel-title').textContent()).toBe('信任');
    expect(await page.locator('#rule-empowerment + span').textContent()).toBe('赋能');
    expect(await hook(page, (h) => h.url())).toContain('lang=zh');
    await page.click('#lang');
    expect(await page.locator('#step').textContent()).toBe('Step');
    await page.close();
  });

  it('side by side, screenshot for the projector', async () => {
    const scenarios = listScenarios();
    // The withdrawal preset shows a rule switched off mid-run; any preset with a contrast will do.
    const preset = scenarios.find((s) => s.name === 'p4-sustainability') ?? scenarios.find((s) => s.contrast);
    const hash = preset ? `#s=${preset.name}&t=80` : '#s=baseline&seed=3&cmp=flip:empowerment&t=80';
    const shot = await open(hash, { width: 1920, height: 1080 });
    expect(await hook(shot, (h) => h.rowsB !== null)).toBe(true);
    expect(await hook(shot, (h) => h.tick)).toBe(80);
    // Hover read-out.
    const box = (await shot.locator('svg#curves').boundingBox())!;
    await shot.mouse.move(box.x + box.width * 0.55, box.y + 300);
    await shot.waitForTimeout(100);
    expect(await shot.locator('#tooltip').isVisible()).toBe(true);
    expect(await shot.locator('#tooltip').textContent()).toMatch(/week \d+/);
    await shot.waitForTimeout(300);
    const { a, b } = await hook(shot, (h) => ({ a: h.rows.length, b: h.rowsB?.length ?? 0 }));
    expect(b).toBe(a);
    expect(await shot.locator('path.line-b-trust_officials').count()).toBe(1);
    await shot.screenshot({ path: join(ARTIFACTS, 'viz.png') });
    await shot.close();
  });

  it('measures the frame rate at 40,000 residents', async () => {
    const k = listScenarios().find((s) => s.name === 'k-community');
    const hash = k ? '#s=k-community&speed=0&cmp=none' : '#s=baseline&seed=1&speed=0&set=population.residents:40000,population.households:12500,population.buildings:400,population.grids:40';
    const p = await open(hash, { width: 1920, height: 1080 });
    const residents = (await hook(p, (h) => h.residents))[0];
    expect(residents).toBeGreaterThanOrEqual(39_000);
    const before = await hook(p, (h) => ({ tick: h.tick, drawn: h.framesDrawn[0] }));
    await p.click('#play');
    const seconds = 4;
    const raf = await p.evaluate(
      (ms) =>
        new Promise<number>((ok) => {
          let n = 0;
          const t0 = performance.now();
          const f = () => {
            n++;
            if (performance.now() - t0 < ms) requestAnimationFrame(f);
            else ok(n);
          };
          requestAnimationFrame(f);
        }),
      seconds * 1000,
    );
    const after = await hook(p, (h) => ({ tick: h.tick, drawn: h.framesDrawn[0], tickMs: h.tickMs }));
    await p.click('#play');
    const result = {
      scenario: k ? 'k-community' : 'baseline with population.residents=40000',
      residents,
      seconds,
      fps: raf / seconds,
      communityRedrawsPerSecond: (after.drawn - before.drawn) / seconds,
      ticksPerSecond: (after.tick - before.tick) / seconds,
      msPerTick: after.tickMs,
      browser: CHROMIUM,
      headless: true,
      when: new Date().toISOString(),
    };
    console.log(`[viz] frame rate at ${residents} residents: ${result.fps.toFixed(1)} fps; community redraws ${result.communityRedrawsPerSecond.toFixed(1)}/s; ${result.ticksPerSecond.toFixed(1)} ticks/s`);
    writeFileSync(join(ARTIFACTS, 'fps.json'), JSON.stringify(result, null, 2) + '\n');
    expect(result.ticksPerSecond).toBeGreaterThan(0);
    await p.close();
  });

  it('logged no console errors', () => {
    expect(problems).toEqual([]);
  });
});
