import { describe, expect, it } from 'vitest';
import { elementaryEffects, morris, morrisDesign, oatDesign, svgCurves, svgEffects, type Factor } from '../../src/experiments/index.js';

const unit = (path: string): Factor => ({ path, lo: 0, hi: 1 });

describe('Morris elementary effects', () => {
  it('moves every factor exactly once per trajectory by ±Δ on the grid', () => {
    const factors = [unit('a'), { path: 'b', lo: 10, hi: 20 }, unit('c')];
    const design = morrisDesign(factors, { trajectories: 12, levels: 4, seed: 3 });
    expect(design).toHaveLength(12);
    for (const tr of design) {
      expect(tr.points).toHaveLength(4);
      expect(tr.steps.map((s) => s.factor).sort()).toEqual([0, 1, 2]);
      for (const st of tr.steps) {
        factors.forEach((f, i) => {
          const d = (tr.points[st.b][i] - tr.points[st.a][i]) / (f.hi - f.lo);
          expect(Math.abs(d)).toBeCloseTo(i === st.factor ? 2 / 3 : 0, 9);
        });
      }
      for (const p of tr.points) p.forEach((x, i) => expect(x >= factors[i].lo && x <= factors[i].hi).toBe(true));
    }
    expect(morrisDesign(factors, { trajectories: 12, seed: 3 })).toEqual(design);
  });

  it('ranks the factors of a known function by importance and flags non-linearity', () => {
    // y = 10 a + 5 b² + 2 c + 0 d + 3 e·f: a linear and strong, b non-linear, c weak, d inert, e and f interacting.
    const f = ([a, b, c, , e, g]: readonly number[]) => 10 * a + 5 * b * b + 2 * c + 3 * e * g;
    const effects = morris(f, ['a', 'b', 'c', 'd', 'e', 'f'].map(unit), { trajectories: 30, levels: 4, seed: 11 });
    const by = Object.fromEntries(effects.map((e) => [e.path, e]));
    const ranking = [...effects].sort((x, y) => y.muStar - x.muStar).map((e) => e.path);
    expect(ranking.slice(0, 2)).toEqual(['a', 'b']);
    expect(ranking.at(-1)).toBe('d');
    expect(by.a.muStar).toBeCloseTo(10, 9);
    expect(by.a.sigma).toBeLessThan(1e-9); // linear: every effect the same
    expect(by.c.muStar).toBeCloseTo(2, 9);
    expect(by.d.muStar).toBe(0);
    expect(by.b.sigma).toBeGreaterThan(0.5); // b² depends on where the step is taken
    expect(by.e.sigma).toBeGreaterThan(0.3); // e's effect depends on f
    expect(by.b.muStar).toBeGreaterThan(by.c.muStar);
    expect(by.c.muStar).toBeGreaterThan(by.d.muStar);
  });

  it('measures effects per whole range, so factors of different units compare', () => {
    const effects = morris(([x, y]) => x / 100 + y, [{ path: 'x', lo: 0, hi: 100 }, { path: 'y', lo: 0, hi: 1 }], { trajectories: 5 });
    expect(effects[0].muStar).toBeCloseTo(1, 9);
    expect(effects[1].muStar).toBeCloseTo(1, 9);
  });

  it('one-at-a-time moves each factor from low to high around a base point', () => {
    const factors = [unit('a'), { path: 'b', lo: 0, hi: 4, integer: true }];
    const design = oatDesign(factors, [0.5, 7], 3);
    expect(design[0].points).toEqual([
      [0, 4],
      [1, 4],
      [0.5, 0],
      [0.5, 4],
    ]);
    const ys = design.map((tr) => tr.points.map(([a, b]) => 2 * a + b));
    const e = elementaryEffects(factors, design, ys);
    expect(e.map((x) => [x.path, x.muStar, x.n])).toEqual([
      ['a', 2, 3],
      ['b', 4, 3],
    ]);
  });
});

describe('SVG charts', () => {
  const wellFormed = (svg: string) => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    const opened = (svg.match(/<(?!\/)[a-z]+[^>]*[^/]>/g) ?? []).length;
    const closed = (svg.match(/<\/[a-z]+>/g) ?? []).length;
    expect(opened).toBe(closed);
  };
  it('draws curves with bands and a legend, escaping text', () => {
    const svg = svgCurves({ title: 'a < b & c', shade: { from: 2, to: 3, label: 'window' }, series: [{ label: 'A "x"', x: [1, 2, 3], y: [0.1, 0.2, 0.3], lo: [0, 0.1, 0.2], hi: [0.2, 0.3, 0.4] }, { label: 'B', x: [1, 2, 3], y: [0.2, 0.2, 0.2] }] });
    wellFormed(svg);
    expect(svg).toContain('a &lt; b &amp; c');
    expect(svg).toContain('A &quot;x&quot;');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<polygon/g)).toHaveLength(1);
  });
  it('draws a μ*–σ scatter with one labelled point per factor', () => {
    const svg = svgEffects([{ path: 'p.one', muStar: 0.3, sigma: 0.1 }, { path: 'p.two', muStar: 0, sigma: 0 }], { title: 't' });
    wellFormed(svg);
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg).toContain('p.two');
  });
});
