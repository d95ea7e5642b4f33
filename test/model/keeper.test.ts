import { describe, expect, it } from 'vitest';
import { createCoprod, defineKind, defineRule, findScenario, type CoprodModel, type ScenarioSpec } from '../../src/index.js';
import { kernelThread } from '../../src/node/index.js';

/*
 * The small model createCoprod keeps per way of running (keepShapes in src/model/create.ts) is built at the
 * first model of that way. Each test file runs in a fresh module graph, so each model below that is the
 * first of its way here is the one whose build also builds the kept model.
 */
describe('the small model kept so that later models start from optimised code', () => {
  it("runs none of the user's code: the first model's kind, rule and row callback see only that model", () => {
    const calls = { init: 0, rule: 0, rows: 0 };
    const counted = defineKind({
      name: 'counted',
      description: 'a kind that counts its inits',
      fields: { x: 'f32' },
      params: { count: { default: 4, min: 0, max: 100, unit: 'agents', description: 'how many', integer: true } },
      count: (p) => p.count,
      init: () => void calls.init++,
    });
    const counting = defineRule<CoprodModel, Record<string, never>>({
      name: 'counting',
      description: 'a rule that counts its calls',
      params: {},
      phases: { design: () => void calls.rule++ },
    });
    const scenario: ScenarioSpec = { ...findScenario('baseline'), name: 'counted', kinds: ['counted'], rules: [{ name: 'counting' }] };
    const sim = createCoprod(scenario, { seed: 1, ticks: 5, kernels: 'js', registry: { kinds: [counted], rules: [counting] }, onRow: () => void calls.rows++ });
    sim.runToEnd();
    expect(calls).toEqual({ init: 4, rule: 5, rows: sim.rows.length });
  });

  it('leaves results alone: the first model of a way gives the rows of the same model built after it', () => {
    const first = createCoprod('baseline', { seed: 3, ticks: 30, kernels: 'wasm' });
    first.runToEnd();
    const again = createCoprod('baseline', { seed: 3, ticks: 30, kernels: 'wasm' });
    again.runToEnd();
    expect(again.rows.length).toBe(30);
    expect(JSON.stringify(first.rows)).toBe(JSON.stringify(again.rows));
  });

  it('with a thread too (the kept model is large enough to use it), and the same rows as without one', () => {
    const options = { seed: 5, ticks: 12, set: { 'population.residents': 6000, 'population.households': 2000 } };
    const first = createCoprod('baseline', { ...options, thread: kernelThread() });
    first.runToEnd();
    const again = createCoprod('baseline', { ...options, thread: kernelThread() });
    again.runToEnd();
    const alone = createCoprod('baseline', { ...options, kernels: 'wasm' });
    alone.runToEnd();
    expect(JSON.stringify(first.rows)).toBe(JSON.stringify(again.rows));
    expect(JSON.stringify(first.rows)).toBe(JSON.stringify(alone.rows));
  });
});
