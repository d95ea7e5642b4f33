import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkParam, defaults, describeRange, parseParamValue, resolveParams, type ParamSchema } from '../../src/params.js';
import { defineRule, formatRuleSpec, inForce, parseRuleSpec } from '../../src/rule.js';
import { ValidationError, show, v, validate } from '../../src/validate.js';

/** The error thrown by `f`, which must be a ValidationError. */
function caught(f: () => unknown): ValidationError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

const scenario = v.object({
  name: v.string(),
  residents: v.number({ min: 1, integer: true }),
  mode: v.string({ oneOf: ['fast', 'slow'] }),
  share: v.optional(v.number({ min: 0, max: 1 }), 0.5),
  verbose: v.optional(v.boolean()),
  rules: v.optional(v.array(v.object({ name: v.string(), from: v.optional(v.number({ min: 1, integer: true })) }))),
  weights: v.optional(v.record(v.number({ max: 10 }))),
});

describe('validate', () => {
  it('returns a valid value with optional defaults filled in', () => {
    const out = validate(scenario, { name: 'a', residents: 10, mode: 'fast' });
    expect(out).toEqual({ name: 'a', residents: 10, mode: 'fast', share: 0.5 });
  });

  it('names the path, the value and the expectation of each problem, one line each', () => {
    const e = caught(() =>
      validate(
        scenario,
        { name: 3, residents: 2.5, mode: 'medium', share: 1.5, verbose: 'yes', rules: [{ name: 'x' }, { name: 'y', from: 0 }], weights: { a: 1, b: 11 }, extra: [1, 2] },
        'scenario',
      ),
    );
    expect(e.name).toBe('ValidationError');
    expect(e.message.split('\n')).toEqual([
      'scenario.name: got 3, expected a string',
      'scenario.residents: got 2.5, expected an integer >= 1',
      'scenario.mode: got "medium", expected one of "fast", "slow"',
      'scenario.share: got 1.5, expected a number in [0, 1]',
      'scenario.verbose: got "yes", expected true or false',
      'scenario.rules[1].from: got 0, expected an integer >= 1',
      'scenario.weights.b: got 11, expected a number <= 10',
      'scenario.extra: got an array of 2, expected no such field (allowed: name, residents, mode, share, verbose, rules, weights)',
    ]);
    expect(e.issues).toHaveLength(8);
    expect(e.issues[0]).toEqual({ path: 'scenario.name', value: 3, expected: 'a string' });
  });

  it('says (root) when the path is empty and shows objects, arrays, null and undefined plainly', () => {
    expect(caught(() => validate(scenario, null)).message).toBe('(root): got null, expected an object');
    expect(caught(() => validate(scenario, [1])).message).toBe('(root): got an array of 1, expected an object');
    expect(caught(() => validate(v.number(), { a: 1 })).message).toBe('(root): got an object, expected a number');
    expect(caught(() => validate(v.number(), undefined, 'n')).message).toBe('n: got undefined, expected a number');
    expect(caught(() => validate(v.number(), Number.NaN, 'n')).message).toBe('n: got NaN, expected a number');
    expect(caught(() => validate(v.number(), Number.POSITIVE_INFINITY, 'n')).message).toBe('n: got Infinity, expected a number');
    expect(show('a"b')).toBe('"a\\"b"');
  });

  it('reports missing required fields as undefined', () => {
    const e = caught(() => validate(scenario, { name: 'a' }, 'cfg'));
    expect(e.message).toContain('cfg.residents: got undefined, expected an integer >= 1');
    expect(e.message).toContain('cfg.mode: got undefined, expected one of "fast", "slow"');
  });

  it('checks array lengths, records and non-strict objects', () => {
    expect(caught(() => validate(v.array(v.number(), { min: 2 }), [1], 'xs')).message).toBe('xs: got an array of 1, expected at least 2 entries');
    expect(caught(() => validate(v.array(v.number()), 'nope', 'xs')).message).toBe('xs: got "nope", expected an array of a number');
    expect(caught(() => validate(v.record(v.boolean()), 3, 'flags')).message).toBe('flags: got 3, expected an object of true or false');
    expect(validate(v.object({ a: v.number() }, { strict: false }), { a: 1, b: 2 })).toEqual({ a: 1 });
    expect(caught(() => validate(v.custom<string>('a colour', (x) => x === 'red'), 'blue', 'c')).message).toBe('c: got "blue", expected a colour');
  });

  it('accepts any valid input for a number range (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), (x) => {
        const s = v.number({ min: -5, max: 5 });
        expect(validate(s, x)).toBe(x);
        expect(() => validate(s, x + 10.5)).toThrow(ValidationError);
      }),
    );
  });
});

const schema = {
  power: { default: 0.5, min: 0, max: 1, unit: 'intensity', description: 'share of design opened' },
  teams: { default: 3, min: 1, max: 20, unit: 'teams', description: 'how many', integer: true },
} satisfies ParamSchema;

describe('parameters', () => {
  it('resolve to the defaults merged with valid overrides', () => {
    expect(defaults(schema)).toEqual({ power: 0.5, teams: 3 });
    expect(resolveParams(schema, undefined, 'r')).toEqual({ power: 0.5, teams: 3 });
    expect(resolveParams(schema, { teams: 20, power: 0 }, 'r')).toEqual({ power: 0, teams: 20 });
  });

  it('reject an unknown parameter, naming it and the known ones', () => {
    const e = caught(() => resolveParams(schema, { powr: 0.4 }, 'empowerment'));
    expect(e.message).toBe('empowerment.powr: got 0.4, expected a known parameter (power, teams)');
    expect(caught(() => resolveParams({}, { x: 1 }, '')).message).toBe('x: got 1, expected a known parameter (none)');
  });

  it('reject out-of-range, non-integer and non-numeric values, naming range and unit', () => {
    const e = caught(() => resolveParams(schema, { power: 1.5, teams: 2.5 }, 'empowerment'));
    expect(e.message.split('\n')).toEqual([
      'empowerment.power: got 1.5, expected a number in [0, 1] (intensity)',
      'empowerment.teams: got 2.5, expected an integer in [1, 20] (teams)',
    ]);
    expect(caught(() => resolveParams(schema, { power: '0.3' }, 'r')).message).toBe('r.power: got "0.3", expected a number in [0, 1] (intensity)');
    expect(caught(() => resolveParams(schema, { power: Number.NaN }, 'r')).message).toBe('r.power: got NaN, expected a number in [0, 1] (intensity)');
    expect(caught(() => resolveParams(schema, { teams: 0 }, 'r')).issues[0]).toEqual({ path: 'r.teams', value: 0, expected: describeRange(schema.teams) });
  });

  it('accept every value inside the range and reject every value outside (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const inside = x >= 0 && x <= 1;
        expect(checkParam('p', schema.power, x) === null).toBe(inside);
        if (inside) expect(resolveParams(schema, { power: x }, 'r').power).toBe(x);
        else expect(() => resolveParams(schema, { power: x }, 'r')).toThrow(/r\.power: got .*, expected a number in \[0, 1\] \(intensity\)/);
      }),
    );
  });

  it('parse CLI values, naming the path when the text is not a number', () => {
    expect(parseParamValue('a.b', '0.3')).toBe(0.3);
    expect(parseParamValue('a.b', 'true')).toBe(1);
    expect(parseParamValue('a.b', 'false')).toBe(0);
    expect(parseParamValue('a.b', '1e3')).toBe(1000);
    for (const bad of ['', '  ', 'abc', 'Infinity', 'NaN']) {
      const e = caught(() => parseParamValue('rule.power', bad));
      expect(e.message).toBe(`rule.power: got ${JSON.stringify(bad)}, expected a number`);
    }
  });
});

describe('rule specs', () => {
  it('parse name, name@from and name@from-to', () => {
    expect(parseRuleSpec('empowerment')).toEqual({ name: 'empowerment' });
    expect(parseRuleSpec('a2-b@12')).toEqual({ name: 'a2-b', schedule: { from: 12 } });
    expect(parseRuleSpec('x@3-7')).toEqual({ name: 'x', schedule: { from: 3, to: 7 } });
    expect(parseRuleSpec('x@3-')).toEqual({ name: 'x', schedule: { from: 3 } });
    expect(parseRuleSpec('x@4-4')).toEqual({ name: 'x', schedule: { from: 4, to: 4 } });
    expect(parseRuleSpec('  x@1-2 ')).toEqual({ name: 'x', schedule: { from: 1, to: 2 } });
  });

  it('reject malformed specs, quoting the text and the expected forms', () => {
    for (const bad of ['', 'Name', '2x', 'x@', 'x@a', 'x@1.5', 'x@-3', 'x@1-2-3', 'x y']) {
      expect(() => parseRuleSpec(bad)).toThrow(TypeError);
      expect(() => parseRuleSpec(bad)).toThrow(`--rule: got ${JSON.stringify(bad)}, expected name, name@from or name@from-to with whole ticks`);
    }
  });

  it('reject a schedule that ends before it starts', () => {
    expect(() => parseRuleSpec('x@7-3')).toThrow('--rule x@7-3: got to=3 before from=7, expected from <= to');
  });

  it('round-trip through formatRuleSpec (property)', () => {
    const nameArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
    const schedArb = fc.option(
      fc.integer({ min: 1, max: 500 }).chain((from) => fc.record({ from: fc.constant(from), to: fc.option(fc.integer({ min: from, max: 600 }), { nil: undefined }) }, { requiredKeys: ['from'] })),
      { nil: undefined },
    );
    fc.assert(
      fc.property(nameArb, schedArb, (name, schedule) => {
        const sched = schedule && schedule.to === undefined ? { from: schedule.from } : schedule;
        const parsed = parseRuleSpec(formatRuleSpec(name, sched));
        expect(parsed).toEqual(sched ? { name, schedule: sched } : { name });
      }),
    );
  });

  it('are in force from `from` to `to` inclusive, or always without a schedule', () => {
    expect(inForce(undefined, 1)).toBe(true);
    expect([1, 2, 3, 4, 5, 6].filter((t) => inForce({ from: 2, to: 4 }, t))).toEqual([2, 3, 4]);
    expect([1, 2, 3, 100].filter((t) => inForce({ from: 3 }, t))).toEqual([3, 100]);
  });

  it('defineRule rejects names that are not lowercase letters, digits and dashes', () => {
    const base = { description: '', params: {}, phases: {} };
    expect(defineRule({ name: 'ok-1', ...base }).name).toBe('ok-1');
    expect(() => defineRule({ name: 'Bad', ...base })).toThrow('rule.name: got "Bad", expected lowercase letters, digits and dashes');
    expect(() => defineRule({ name: 'a b', ...base })).toThrow(TypeError);
  });
});
