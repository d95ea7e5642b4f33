/**
 * The curves: trust and participation over time, one SVG drawn with d3, runs A (solid) and B (dashed) on
 * shared axes, event markers (scandal, whistle, teams, rule switches) and a hover read-out. Every style is
 * an attribute, so the exported SVG and PNG look like the page.
 */
import * as d3 from 'd3';
import type { Row } from 'coprod';
import { fmt, ruleLabel, t, type Key } from './i18n.js';

export interface SeriesSpec {
  readonly key: string;
  readonly color: string;
  readonly width?: number;
}

interface Panel {
  readonly id: 'trust' | 'part';
  readonly title: Key;
  readonly axis: Key;
  readonly series: readonly SeriesSpec[];
}

export const PANELS: readonly Panel[] = [
  {
    id: 'trust',
    title: 'trust_chart',
    axis: 'trust_axis',
    series: [
      { key: 'trust_officials', color: '#0060A8' },
      { key: 'trust_party', color: '#C8102E' },
      { key: 'trust_enterprises', color: '#7B3FA0' },
      { key: 'trust_social', color: '#008A5E' },
    ],
  },
  {
    id: 'part',
    title: 'part_chart',
    axis: 'part_axis',
    series: [
      { key: 'participation_substantive', color: '#1B7837' },
      { key: 'participation_formal', color: '#D98200' },
      { key: 'participation', color: '#333333', width: 2 },
    ],
  },
];

/** Event kinds drawn as symbols in lanes above the trust curves. */
export const EVENT_MARKS = [
  { type: 'scandal', key: 'ev_scandal' as Key, color: '#C8102E', symbol: d3.symbolTriangle, rotate: 180, hollow: false, lane: 0 },
  { type: 'whistle', key: 'ev_whistle' as Key, color: '#D98200', symbol: d3.symbolDiamond, rotate: 0, hollow: false, lane: 1 },
  { type: 'team_formed', key: 'ev_team_formed' as Key, color: '#1B7837', symbol: d3.symbolCircle, rotate: 0, hollow: false, lane: 2 },
  { type: 'team_dissolved', key: 'ev_team_dissolved' as Key, color: '#555555', symbol: d3.symbolCircle, rotate: 0, hollow: true, lane: 2 },
] as const;

export const FONT = 'system-ui, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "DejaVu Sans", sans-serif';

interface TickEvents {
  readonly tick: number;
  readonly counts: Map<string, number>;
  readonly switches: { rule: string; on: boolean }[];
}

/** Events of one row: counts by type, and rule switches. */
export function eventsOf(row: Row): TickEvents {
  const counts = new Map<string, number>();
  const switches: { rule: string; on: boolean }[] = [];
  const text = String(row.events ?? '');
  for (const e of text ? text.split(';') : []) {
    const m = /^rule_(on|off):(.+)$/.exec(e);
    if (m) switches.push({ rule: m[2], on: m[1] === 'on' });
    else counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  return { tick: Number(row.tick), counts, switches };
}

const LANE = 20;
const MARGIN = { left: 78, right: 24 };

export class Charts {
  readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private rowsA: readonly Row[] = [];
  private rowsB: readonly Row[] | null = null;
  private labelB = '';
  private maxTick = 104;
  private width = 800;
  private hoverTick: number | null = null;
  private hoverY = 80;
  private yDomains = new Map<string, [number, number]>();
  private eventsA: TickEvents[] = [];
  private eventsB: TickEvents[] = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly tooltip: HTMLElement,
  ) {
    this.svg = d3.select(host).append('svg').attr('xmlns', 'http://www.w3.org/2000/svg').attr('id', 'curves').attr('role', 'img');
    new ResizeObserver(() => {
      const w = Math.max(420, Math.floor(host.clientWidth));
      if (w !== this.width) {
        this.width = w;
        this.render();
      }
    }).observe(host);
    this.width = Math.max(420, Math.floor(host.clientWidth) || 800);
  }

  /** Replace the data (rows are appended to between calls; this only keeps references). */
  setData(rowsA: readonly Row[], rowsB: readonly Row[] | null, labelB: string, maxTick: number): void {
    this.rowsA = rowsA;
    this.rowsB = rowsB;
    this.labelB = labelB;
    this.maxTick = maxTick;
  }

  /** Forget the y ranges (a new run). */
  resetScales(): void {
    this.yDomains.clear();
  }

  private yDomain(panel: Panel): [number, number] {
    let lo = Infinity;
    let hi = -Infinity;
    for (const rows of [this.rowsA, this.rowsB ?? []]) {
      for (const r of rows) {
        for (const s of panel.series) {
          const v = Number(r[s.key]);
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
    }
    if (!Number.isFinite(lo)) return [0, 1];
    // Steps of 0.1, only ever widening within a run, so the axis does not jump while playing.
    let a = Math.max(0, Math.floor(lo * 10 - 0.5) / 10);
    let b = Math.min(1, Math.ceil(hi * 10 + 0.5) / 10);
    if (panel.id === 'part') a = 0;
    const old = this.yDomains.get(panel.id);
    if (old) {
      a = Math.min(a, old[0]);
      b = Math.max(b, old[1]);
    }
    if (b - a < 0.2) b = Math.min(1, a + 0.2);
    this.yDomains.set(panel.id, [a, b]);
    return [a, b];
  }

  /** Redraw everything. */
  render(): void {
    const svg = this.svg;
    const W = this.width;
    const compare = this.rowsB !== null;
    const lanes = compare ? 6 : 3;
    // Plots shrink on short screens (a 720p projector) so both fit.
    const plotH = Math.max(150, Math.min(260, Math.round((window.innerHeight - 440) / 2)));
    const axisH = 46;
    const rowH = 30;
    const laneH = lanes * LANE + 8;
    const left = MARGIN.left - 70;
    const maxX = W - MARGIN.right;
    // Legends flow onto more rows when the chart is narrow.
    const titles = PANELS.map((p) => t(p.title));
    const seriesFlows = PANELS.map((p, k) =>
      flow(
        p.series.map((s) => 36 + textWidth(t(`s_${s.key}` as Key), 19)),
        left + textWidth(titles[k], 26, 700) + 30,
        left,
        maxX,
        26,
      ),
    );
    const titleHs = seriesFlows.map((f) => 12 + f.rows * rowH);
    const bottomItems = [...EVENT_MARKS.map((m) => 24 + textWidth(t(m.key), 17)), ...[true, false].map((on) => 8 + textWidth(t(on ? 'ev_rule_on' : 'ev_rule_off'), 17))];
    const bottomFlow = flow(bottomItems, left, left, maxX, 22);
    const runItems = compare ? [46 + textWidth(t('run_a'), 17), 46 + textWidth(t('run_b', { label: this.labelB }), 17)] : [];
    const runFlow = flow(runItems, left, left, maxX, 30);
    const legendH = 10 + (bottomFlow.rows + runFlow.rows) * 28;
    const panelTops = [0, titleHs[0] + laneH + plotH + axisH + 10];
    const H = panelTops[1] + titleHs[1] + plotH + axisH + legendH;
    this.eventsA = this.rowsA.map(eventsOf);
    this.eventsB = (this.rowsB ?? []).map(eventsOf);
    svg.attr('width', W).attr('height', H).attr('viewBox', `0 0 ${W} ${H}`).attr('font-family', FONT);
    svg.selectAll('*').remove();
    svg.append('rect').attr('width', W).attr('height', H).attr('fill', '#ffffff');
    const lastTick = Math.max(this.maxTick, this.rowsA.length ? Number(this.rowsA[this.rowsA.length - 1].tick) : 0);
    const x = d3.scaleLinear().domain([0, Math.max(1, lastTick)]).range([MARGIN.left, W - MARGIN.right]);
    PANELS.forEach((panel, k) => {
      const top = panelTops[k];
      const titleH = titleHs[k];
      const g = svg.append('g').attr('class', `panel panel-${panel.id}`).attr('transform', `translate(0,${top})`);
      const y0 = titleH + (k === 0 ? laneH : 0);
      const y1 = y0 + plotH;
      const y = d3.scaleLinear().domain(this.yDomain(panel)).range([y1, y0]);
      // Title and series legend.
      g.append('text').attr('x', left).attr('y', 30).attr('font-size', 26).attr('font-weight', 700).attr('fill', '#000').attr('class', 'panel-title').text(titles[k]);
      panel.series.forEach((s, j) => {
        const label = t(`s_${s.key}` as Key);
        const pos = seriesFlows[k].at[j];
        const ly = 22 + pos.row * rowH;
        g.append('line').attr('x1', pos.x).attr('x2', pos.x + 30).attr('y1', ly).attr('y2', ly).attr('stroke', s.color).attr('stroke-width', 5);
        g.append('text').attr('x', pos.x + 36).attr('y', ly + 7).attr('font-size', 19).attr('fill', '#000').text(label);
      });
      // Grid lines and axes.
      const yAxis = d3.axisLeft(y).ticks(5).tickSize(-(W - MARGIN.left - MARGIN.right)).tickFormat((v) => d3.format('.1f')(Number(v)));
      const ya = g.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(yAxis);
      ya.selectAll('line').attr('stroke', '#d0d0d0').attr('stroke-width', 1);
      ya.select('.domain').remove();
      ya.selectAll('text').attr('font-size', 17).attr('fill', '#000').attr('font-family', FONT);
      const xa = g.append('g').attr('transform', `translate(0,${y1})`).call(d3.axisBottom(x).ticks(Math.min(12, Math.floor(W / 90))).tickFormat(d3.format('d')));
      xa.selectAll('text').attr('font-size', 17).attr('fill', '#000').attr('font-family', FONT);
      xa.selectAll('line,path').attr('stroke', '#000').attr('stroke-width', 1.5);
      g.append('text').attr('x', W - MARGIN.right).attr('y', y1 + 42).attr('text-anchor', 'end').attr('font-size', 17).attr('fill', '#000').text(t('week'));
      g.append('text').attr('transform', `translate(${MARGIN.left - 56},${(y0 + y1) / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('font-size', 17).attr('fill', '#000').text(t(panel.axis));
      // Rule switches: vertical lines across the plot (and the event lanes); labels stack when close.
      const switchTop = k === 0 ? titleH : y0;
      const labelEnds: number[] = [];
      const drawSwitches = (events: TickEvents[], dashedB: boolean) => {
        for (const ev of events) {
          for (const sw of ev.switches) {
            // Rules in force from the start are listed in the rules panel, not marked.
            if (ev.tick === 1 && sw.on) continue;
            const xx = x(ev.tick - 0.5);
            g.append('line')
              .attr('class', `switch switch-${sw.on ? 'on' : 'off'}${dashedB ? ' switch-b' : ''}`)
              .attr('x1', xx)
              .attr('x2', xx)
              .attr('y1', switchTop)
              .attr('y2', y1)
              .attr('stroke', sw.on ? '#1B7837' : '#C8102E')
              .attr('stroke-width', dashedB ? 2 : 3)
              .attr('stroke-dasharray', sw.on ? null : '9 6')
              .attr('opacity', dashedB ? 0.55 : 0.9);
            if (!dashedB) {
              const label = `${sw.on ? '+' : '−'} ${ruleLabel(sw.rule)}`;
              const w = textWidth(label, 17, 700) + 12;
              const anchorEnd = xx + 5 + w > maxX;
              const x0 = anchorEnd ? xx - 5 - w : xx + 5;
              let row = 0;
              while (labelEnds[row] !== undefined && labelEnds[row] > x0) row++;
              labelEnds[row] = x0 + w;
              g.append('text')
                .attr('x', anchorEnd ? xx - 5 : xx + 5)
                .attr('text-anchor', anchorEnd ? 'end' : 'start')
                .attr('y', y0 + 20 + row * 21)
                .attr('font-size', 17)
                .attr('font-weight', 700)
                .attr('fill', sw.on ? '#1B7837' : '#C8102E')
                .attr('stroke', '#fff')
                .attr('stroke-width', 4)
                .attr('paint-order', 'stroke')
                .text(label);
            }
          }
        }
      };
      drawSwitches(this.eventsA, false);
      if (compare) drawSwitches(this.eventsB, true);
      // Curves.
      for (const s of panel.series) {
        const line = d3
          .line<Row>()
          .x((r) => x(Number(r.tick)))
          .y((r) => y(Number(r[s.key])));
        g.append('path')
          .attr('class', `line line-a-${s.key}`)
          .attr('d', line(this.rowsA as Row[]) ?? '')
          .attr('fill', 'none')
          .attr('stroke', s.color)
          .attr('stroke-width', s.width ?? 4)
          .attr('stroke-linejoin', 'round');
        if (this.rowsB) {
          g.append('path')
            .attr('class', `line line-b-${s.key}`)
            .attr('d', line(this.rowsB as Row[]) ?? '')
            .attr('fill', 'none')
            .attr('stroke', s.color)
            .attr('stroke-width', (s.width ?? 4) - 0.5)
            .attr('stroke-dasharray', '10 6')
            .attr('stroke-linejoin', 'round');
        }
      }
      // Event lanes above the trust curves.
      if (k === 0) {
        const runs: [string, TickEvents[]][] = compare ? [['A', this.eventsA], ['B', this.eventsB]] : [['A', this.eventsA]];
        runs.forEach(([label, events], r) => {
          const laneTop = titleH + r * 3 * LANE + 4;
          g.append('text').attr('x', MARGIN.left - 10).attr('y', laneTop + 1.5 * LANE + 6).attr('text-anchor', 'end').attr('font-size', 17).attr('font-weight', 700).attr('fill', '#000').text(compare ? label : '');
          g.append('rect').attr('x', MARGIN.left).attr('y', laneTop).attr('width', W - MARGIN.left - MARGIN.right).attr('height', 3 * LANE).attr('fill', r === 0 ? '#f3f3f3' : '#e9e9e9');
          for (const ev of events) {
            for (const mark of EVENT_MARKS) {
              if (!ev.counts.get(mark.type)) continue;
              const cy = laneTop + mark.lane * LANE + LANE / 2;
              g.append('path')
                .attr('class', `ev ev-${mark.type}${r ? ' ev-b' : ''}`)
                .attr('transform', `translate(${x(ev.tick)},${cy}) rotate(${mark.rotate})`)
                .attr('d', d3.symbol(mark.symbol, 110)() ?? '')
                .attr('fill', mark.hollow ? '#ffffff' : mark.color)
                .attr('stroke', mark.hollow ? mark.color : '#000')
                .attr('stroke-width', mark.hollow ? 2.5 : 0.8);
            }
          }
        });
      }
    });
    // Legend of event symbols, rule switches and line styles.
    const ly = panelTops[1] + titleHs[1] + plotH + axisH + 14;
    const lg = svg.append('g').attr('class', 'legend').attr('transform', `translate(0,${ly})`);
    EVENT_MARKS.forEach((mark, j) => {
      const { x: lx, row } = bottomFlow.at[j];
      const yy = row * 28;
      lg.append('path')
        .attr('transform', `translate(${lx + 10},${yy + 10}) rotate(${mark.rotate})`)
        .attr('d', d3.symbol(mark.symbol, 130)() ?? '')
        .attr('fill', mark.hollow ? '#ffffff' : mark.color)
        .attr('stroke', mark.hollow ? mark.color : '#000')
        .attr('stroke-width', mark.hollow ? 2.5 : 0.8);
      lg.append('text').attr('x', lx + 24).attr('y', yy + 17).attr('font-size', 17).attr('fill', '#000').text(t(mark.key));
    });
    [true, false].forEach((on, j) => {
      const { x: lx, row } = bottomFlow.at[EVENT_MARKS.length + j];
      const yy = row * 28;
      lg.append('line').attr('x1', lx + 2).attr('x2', lx + 2).attr('y1', yy - 2).attr('y2', yy + 22).attr('stroke', on ? '#1B7837' : '#C8102E').attr('stroke-width', 3).attr('stroke-dasharray', on ? null : '6 4');
      lg.append('text').attr('x', lx + 10).attr('y', yy + 17).attr('font-size', 17).attr('fill', '#000').text(t(on ? 'ev_rule_on' : 'ev_rule_off'));
    });
    if (compare) {
      const base = bottomFlow.rows * 28;
      [false, true].forEach((dashed, j) => {
        const { x: lx, row } = runFlow.at[j];
        const yy = base + row * 28;
        lg.append('line').attr('x1', lx).attr('x2', lx + 40).attr('y1', yy + 10).attr('y2', yy + 10).attr('stroke', '#000').attr('stroke-width', dashed ? 3.5 : 4).attr('stroke-dasharray', dashed ? '10 6' : null);
        lg.append('text').attr('x', lx + 46).attr('y', yy + 17).attr('font-size', 17).attr('fill', '#000').text(dashed ? t('run_b', { label: this.labelB }) : t('run_a'));
      });
    }
    // Hover read-out.
    const hoverH = panelTops[1] + titleHs[1] + plotH;
    const cursor = svg.append('line').attr('class', 'cursor').attr('stroke', '#000').attr('stroke-width', 1.5).attr('y1', 0).attr('y2', hoverH).attr('visibility', 'hidden').attr('pointer-events', 'none');
    svg
      .append('rect')
      .attr('class', 'hover')
      .attr('x', MARGIN.left)
      .attr('y', 0)
      .attr('width', W - MARGIN.left - MARGIN.right)
      .attr('height', hoverH)
      .attr('fill', 'transparent')
      .on('mousemove', (event: MouseEvent) => {
        const [mx, my] = d3.pointer(event);
        const tick = Math.round(x.invert(mx));
        this.hoverTick = tick;
        this.hoverY = my;
        this.showTooltip(tick, mx, my, x, cursor);
      })
      .on('mouseleave', () => {
        this.hoverTick = null;
        cursor.attr('visibility', 'hidden');
        this.tooltip.hidden = true;
      });
    if (this.hoverTick !== null) {
      // Keep the read-out while rows arrive.
      this.showTooltip(this.hoverTick, x(this.hoverTick), this.hoverY, x, cursor);
    }
  }

  private showTooltip(tick: number, mx: number, my: number, x: d3.ScaleLinear<number, number>, cursor: d3.Selection<SVGLineElement, unknown, null, undefined>): void {
    const a = this.rowsA.find((r) => Number(r.tick) === tick);
    if (!a) {
      cursor.attr('visibility', 'hidden');
      this.tooltip.hidden = true;
      return;
    }
    const b = this.rowsB?.find((r) => Number(r.tick) === tick);
    cursor.attr('x1', x(tick)).attr('x2', x(tick)).attr('visibility', 'visible');
    const cell = (r: Row | undefined, k: string) => (r ? fmt(Number(r[k])) : '');
    const head = `<tr><th>${t('week')} ${tick}</th><th></th><th>${this.rowsB ? 'A' : ''}</th>${this.rowsB ? '<th>B</th>' : ''}</tr>`;
    const lines = PANELS.flatMap((p) =>
      p.series.map((s) => `<tr><td><span class="sw" style="background:${s.color}"></span></td><td>${t(`s_${s.key}` as Key)}</td><td class="num">${cell(a, s.key)}</td>${this.rowsB ? `<td class="num">${cell(b, s.key)}</td>` : ''}</tr>`),
    );
    const evText = (r: Row | undefined) => {
      if (!r) return '';
      const e = eventsOf(r);
      const parts: string[] = [];
      for (const mark of EVENT_MARKS) {
        const n = e.counts.get(mark.type);
        if (n) parts.push(`${t(mark.key)}${n > 1 ? ` ×${n}` : ''}`);
      }
      for (const sw of e.switches) parts.push(`${t(sw.on ? 'ev_rule_on' : 'ev_rule_off')}: ${ruleLabel(sw.rule)}`);
      return parts.join(', ');
    };
    const ea = evText(a);
    const eb = evText(b);
    const evRows = (ea ? `<tr><td></td><td colspan="3" class="ev">${this.rowsB ? 'A: ' : ''}${ea}</td></tr>` : '') + (eb ? `<tr><td></td><td colspan="3" class="ev">B: ${eb}</td></tr>` : '');
    this.tooltip.innerHTML = `<table>${head}${lines.join('')}${evRows}</table>`;
    this.tooltip.hidden = false;
    const hostW = this.host.clientWidth;
    const tw = this.tooltip.offsetWidth;
    const left = mx + 18 + tw > hostW ? mx - 18 - tw : mx + 18;
    this.tooltip.style.left = `${Math.max(0, left)}px`;
    this.tooltip.style.top = `${Math.max(0, my - 20)}px`;
  }
}

let measure: CanvasRenderingContext2D | null = null;

/** Width of a label in pixels (for laying out legends inside the SVG). */
export function textWidth(text: string, size: number, weight = 400): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * size * 0.6;
  measure.font = `${weight} ${size}px ${FONT}`;
  return measure.measureText(text).width;
}

/** Lay out items of given widths left to right from `start`, wrapping to `min` at `max`. */
function flow(widths: readonly number[], start: number, min: number, max: number, gap: number): { at: { x: number; row: number }[]; rows: number } {
  const at: { x: number; row: number }[] = [];
  let x = start;
  let row = 0;
  for (const w of widths) {
    if (x + w > max && x > min) {
      row++;
      x = min;
    }
    at.push({ x, row });
    x += w + gap;
  }
  return { at, rows: widths.length ? row + 1 : 0 };
}
