/** Hand-made SVG charts (plain strings, no DOM): curves with bands, and a μ*–σ scatter. */

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** Escape text for SVG/XML content and attributes. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5, integer = false): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = (integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]).map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  if (integer) step = Math.max(1, Math.round(step));
  const out: number[] = [];
  for (let x = Math.ceil(lo / step - 1e-9) * step; x <= hi + step * 1e-9; x += step) out.push(Number(x.toPrecision(12)));
  return out;
}

const num = (x: number) => (Math.round(x * 100) / 100).toString();
const label = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(1) : String(Number(x.toPrecision(4))));

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  xLo: number;
  xHi: number;
  yLo: number;
  yHi: number;
}

const sx = (f: Frame, x: number) => f.left + ((x - f.xLo) / (f.xHi - f.xLo || 1)) * (f.width - f.left - f.right);
const sy = (f: Frame, y: number) => f.height - f.bottom - ((y - f.yLo) / (f.yHi - f.yLo || 1)) * (f.height - f.top - f.bottom);

function axes(f: Frame, title: string | undefined, xLabel: string, yLabel: string, integerX = false): string[] {
  const out: string[] = [];
  const x0 = f.left;
  const x1 = f.width - f.right;
  const y0 = f.height - f.bottom;
  const y1 = f.top;
  for (const t of niceTicks(f.yLo, f.yHi, 5)) {
    const y = sy(f, t);
    out.push(`<line x1="${num(x0)}" y1="${num(y)}" x2="${num(x1)}" y2="${num(y)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${num(x0 - 6)}" y="${num(y + 4)}" text-anchor="end">${escapeXml(label(t))}</text>`);
  }
  for (const t of niceTicks(f.xLo, f.xHi, 8, integerX)) {
    const x = sx(f, t);
    out.push(`<line x1="${num(x)}" y1="${num(y0)}" x2="${num(x)}" y2="${num(y0 + 5)}" stroke="#333"/>`);
    out.push(`<text x="${num(x)}" y="${num(y0 + 18)}" text-anchor="middle">${escapeXml(label(t))}</text>`);
  }
  out.push(`<line x1="${num(x0)}" y1="${num(y0)}" x2="${num(x1)}" y2="${num(y0)}" stroke="#333"/>`);
  out.push(`<line x1="${num(x0)}" y1="${num(y0)}" x2="${num(x0)}" y2="${num(y1)}" stroke="#333"/>`);
  out.push(`<text x="${num((x0 + x1) / 2)}" y="${num(f.height - 8)}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${num((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`);
  if (title) out.push(`<text x="${num(f.width / 2)}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  return out;
}

const open = (w: number, h: number) => [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`,
  `<rect width="${w}" height="${h}" fill="white"/>`,
];

/** One curve: y over x, with an optional band lo..hi. */
export interface CurveSeries {
  readonly label: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly lo?: readonly number[];
  readonly hi?: readonly number[];
  readonly color?: string;
}

/** Options of {@link svgCurves}. */
export interface CurvesOptions {
  readonly series: readonly CurveSeries[];
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
  /** A shaded x interval (e.g. the comparison window). */
  readonly shade?: { readonly from: number; readonly to: number; readonly label?: string };
}

/**
 * Curves with translucent bands (e.g. mean and 95 % interval over ticks of two conditions) as an SVG
 * document string.
 *
 * @example
 * svgCurves({ title: 'participation', series: [{ label: 'A', x: [1, 2], y: [0.2, 0.3], lo: [0.18, 0.27], hi: [0.22, 0.33] }] });
 */
export function svgCurves(opts: CurvesOptions): string {
  const width = opts.width ?? 720;
  const height = opts.height ?? 420;
  const xs = opts.series.flatMap((s) => s.x);
  const ys = opts.series.flatMap((s) => [...s.y, ...(s.lo ?? []), ...(s.hi ?? [])]).filter(Number.isFinite);
  let yLo = Math.min(...ys);
  let yHi = Math.max(...ys);
  const pad = (yHi - yLo) * 0.05 || Math.abs(yHi) * 0.05 || 1;
  yLo -= pad;
  yHi += pad;
  if (yLo < 0 && Math.min(...ys) >= 0) yLo = 0;
  const top = 40 + 18 * opts.series.length;
  const f: Frame = { width, height: height + 18 * opts.series.length, left: 64, right: 20, top, bottom: 44, xLo: Math.min(...xs), xHi: Math.max(...xs), yLo, yHi };
  const out = open(width, f.height);
  if (opts.shade) {
    const a = sx(f, Math.max(f.xLo, opts.shade.from));
    const b = sx(f, Math.min(f.xHi, opts.shade.to));
    out.push(`<rect x="${num(a)}" y="${f.top}" width="${num(Math.max(0, b - a))}" height="${f.height - f.top - f.bottom}" fill="#f3f3f3"/>`);
    if (opts.shade.label) out.push(`<text x="${num((a + b) / 2)}" y="${f.top + 14}" text-anchor="middle" fill="#777">${escapeXml(opts.shade.label)}</text>`);
  }
  out.push(...axes(f, opts.title, opts.xLabel ?? 'tick', opts.yLabel ?? '', xs.every(Number.isInteger)));
  opts.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    if (s.lo && s.hi) {
      const upper = s.x.map((x, i) => `${num(sx(f, x))},${num(sy(f, s.hi![i]))}`);
      const lower = s.x.map((x, i) => `${num(sx(f, x))},${num(sy(f, s.lo![i]))}`).reverse();
      out.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.18" stroke="none"/>`);
    }
    out.push(`<polyline points="${s.x.map((x, i) => `${num(sx(f, x))},${num(sy(f, s.y[i]))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    // Legend: one line per series between the title and the plot.
    const ly = 40 + 18 * k;
    out.push(`<line x1="${f.left}" y1="${ly}" x2="${f.left + 22}" y2="${ly}" stroke="${color}" stroke-width="3"/>`);
    out.push(`<text x="${f.left + 28}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Options of {@link svgEffects}. */
export interface EffectsChartOptions {
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * Morris μ* (importance) against σ (non-linearity and interactions) as a labelled scatter, with the
 * line σ = μ* dashed; an SVG document string.
 *
 * @example
 * svgEffects([{ path: 'trust.loss', muStar: 0.12, sigma: 0.03 }], { title: 'participation' });
 */
export function svgEffects(effects: readonly { path: string; muStar: number; sigma: number }[], opts: EffectsChartOptions = {}): string {
  const width = opts.width ?? 720;
  const height = opts.height ?? 460;
  const mx = Math.max(1e-12, ...effects.map((e) => e.muStar).filter(Number.isFinite));
  const my = Math.max(1e-12, ...effects.map((e) => e.sigma).filter(Number.isFinite));
  const f: Frame = { width, height, left: 64, right: 30, top: 34, bottom: 44, xLo: 0, xHi: mx * 1.12, yLo: 0, yHi: my * 1.12 };
  const out = open(width, height);
  out.push(...axes(f, opts.title, 'μ* (mean |elementary effect| per whole range)', 'σ of elementary effects'));
  const m = Math.min(f.xHi, f.yHi);
  out.push(`<line x1="${num(sx(f, 0))}" y1="${num(sy(f, 0))}" x2="${num(sx(f, m))}" y2="${num(sy(f, m))}" stroke="#999" stroke-dasharray="4 4"/>`);
  effects.forEach((e, k) => {
    if (!Number.isFinite(e.muStar) || !Number.isFinite(e.sigma)) return;
    const x = sx(f, e.muStar);
    const y = sy(f, e.sigma);
    const color = PALETTE[k % PALETTE.length];
    out.push(`<circle cx="${num(x)}" cy="${num(y)}" r="5" fill="${color}"/>`);
    const right = x > width - 180;
    out.push(`<text x="${num(right ? x - 8 : x + 8)}" y="${num(y - 6)}" text-anchor="${right ? 'end' : 'start'}">${escapeXml(e.path)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
