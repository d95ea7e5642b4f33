// The WebAssembly kernels must give the JavaScript kernels' results bit for bit: in every scenario, under
// random parameters and rules, through snapshots, and for the random stream they continue.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_PARAMS, createCoprod, createRandom, gini, listScenarios, sigmoid, type CoprodSimulation, type ScenarioSpec } from '../../src/index.js';
import { EXP_TABLE } from '../../src/math.js';
import { KERNELS_WASM } from '../../src/model/wasm-bytes.js';
import { JS_KERNELS } from '../../src/model/kernels.js';
import type { Column } from '../../src/store.js';
import { createWasmKernels } from '../../src/model/wasm.js';
import { compileKernels, moduleText } from './build.js';
import { expectSameRun, fingerprint } from './fingerprint.js';

function both(input: string | ScenarioSpec, opts: Parameters<typeof createCoprod>[1] = {}): [CoprodSimulation, CoprodSimulation] {
  const js = createCoprod(input, { ...opts, kernels: 'js' });
  const wasm = createCoprod(input, { ...opts, kernels: 'wasm' });
  expect(js.model.kernels.name).toBe('js');
  expect(wasm.model.kernels.name).toBe('wasm');
  return [js, wasm];
}

describe('WebAssembly kernels', () => {
  it('are what src/wasm/kernels.ts compiles to (npm run build:wasm rewrites them)', async () => {
    const text = moduleText(await compileKernels());
    const committed = (await import('node:fs')).readFileSync(new URL('../../src/model/wasm-bytes.ts', import.meta.url), 'utf8');
    expect(committed).toBe(text);
    expect(text).toContain(KERNELS_WASM.slice(0, 100));
  });

  it('continue seedrandom’s Alea exactly: the same draws from any state of any stream', () => {
    const w = createWasmKernels(1, 0)!;
    const owner: Record<string, unknown> = {};
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 3000 }), (seed, name, skip, count) => {
        const stream = createRandom(seed).stream(name);
        for (let k = 0; k < skip; k++) stream.next();
        const s = stream.state();
        w.exports.setStream(s.s0, s.s1, s.s2, s.c);
        const out = w.arena.allocate('f64', count + 4, owner, 'out') as Float64Array;
        w.exports.draws(count, out.byteOffset);
        for (let k = 0; k < count; k++) expect(out[k]).toBe(stream.next());
        // And the state handed back continues the stream where JavaScript left it.
        w.exports.streamState(out.byteOffset);
        expect([out[0], out[1], out[2], out[3]]).toEqual([stream.state().s0, stream.state().s1, stream.state().s2, stream.state().c]);
        w.arena.free(out);
      }),
      { numRuns: 60 },
    );
  });

  it('continue Alea exactly from any state it can be in, the largest words and carry included (the kernels draw in integers)', () => {
    const w = createWasmKernels(1, 0)!;
    const owner: Record<string, unknown> = {};
    // A word j/2^32 of the state, and the carry: whole numbers, the extremes drawn often.
    const word = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(0, 1, 2 ** 32 - 1, 2 ** 31)).map((j) => j / 2 ** 32);
    const carry = fc.oneof(fc.integer({ min: 0, max: 2091638 }), fc.constantFrom(0, 1, 2091638));
    fc.assert(
      fc.property(word, word, word, carry, fc.integer({ min: 1, max: 400 }), (s0, s1, s2, c, count) => {
        const stream = createRandom('any').stream('state');
        stream.setState({ s0, s1, s2, c });
        w.exports.setStream(s0, s1, s2, c);
        const out = w.arena.allocate('f64', count + 4, owner, 'out') as Float64Array;
        w.exports.draws(count, out.byteOffset);
        for (let k = 0; k < count; k++) expect(out[k]).toBe(stream.next());
        w.exports.streamState(out.byteOffset);
        const st = stream.state();
        expect([out[0], out[1], out[2], out[3]]).toEqual([st.s0, st.s1, st.s2, st.c]);
        w.arena.free(out);
      }),
      { numRuns: 300 },
    );
  });

  it('compute math.ts’s logistic bit for bit, fast path, slow path and extremes alike', () => {
    const w = createWasmKernels(1, 0)!;
    const table = w.arena.allocate('f64', EXP_TABLE.length, {}, 'exp') as Float64Array;
    table.set(EXP_TABLE);
    const edges = [0, -0, 1e-300, -1e-300, 16, -16, 699.999, -699.999, 700, -700, 709.78, -709.79, 745.2, -745.2, 1e308, -1e308, Infinity, -Infinity, NaN];
    for (const x of edges) expect(Object.is(w.exports.sigmoid(x, table.byteOffset), sigmoid(x)), `sigmoid(${x})`).toBe(true);
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -40, max: 40 }), fc.double(), fc.double({ min: -800, max: 800 })), (x) => Object.is(w.exports.sigmoid(x, table.byteOffset), sigmoid(x))),
      { numRuns: 20_000 },
    );
  });

  it('compute the Gini bit for bit: values on bin edges, past the largest, negative, NaN, odd counts', () => {
    const w = createWasmKernels(1, 0)!;
    const owner: Record<string, unknown> = {};
    owner.bins = w.arena.allocate('f64', 2 * 4097, owner, 'bins');
    // Values a few bins wide, so that many fall on a bin's edge, with the odd one out of range.
    const value = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 64 }).map((k) => Math.fround(k / 64)) },
      { weight: 4, arbitrary: fc.float({ min: 0, max: 1, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(-0.25, -0, 1.5, 1e30, Number.NaN) },
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 0, maxLength: 300 }), fc.oneof(fc.constant(1), fc.float({ min: Math.fround(0.01), max: 2, noNaN: true })), (xs, max) => {
        // Allocating may move the memory: the arena then re-creates owner.bins (read again below).
        const values = (owner.values = w.arena.allocate('f32', xs.length + 2, owner, 'values')) as Float32Array;
        values.set(xs);
        const expected = gini(values, xs.length, max);
        const got = w.exports.gini(values.byteOffset, xs.length, max, (owner.bins as Float64Array).byteOffset);
        w.arena.free(values);
        return Object.is(got, expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('compute the needs phase bit for bit: grids in any order, tenure at its ceiling, odd counts', () => {
    // The scenarios' rows come grid by grid, so the kernel's path for a pair that straddles two grids, and
    // tenure's ceiling, are rare there: here every resident's grid and tenure is drawn.
    const w = createWasmKernels(64, 16)!;
    const owner: Record<string, unknown> = {};
    const G = 5;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 41 }),
        fc.string(),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom(0, 1, 65533, 65534, 65535), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: G - 1 }), fc.float({ min: 0, max: 1, noNaN: true })), { minLength: 41, maxLength: 41 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, seed, rows, arrival, turnover) => {
          w.prepare(n, 1, G);
          // Two copies of every column: one for each kernel. Allocating may move the memory and re-create
          // earlier views, so the columns are read from `owner` only after the last allocation.
          const types = { group: 'u8', tenure: 'u16', renter: 'u8', grid: 'u16', n0: 'f32', n1: 'f32', n2: 'f32', n3: 'f32', n4: 'f32' } as const;
          for (const side of ['js', 'wasm']) for (const [name, type] of Object.entries(types)) owner[side + name] = w.arena.allocate(type, n, owner, side + name);
          const col = (side: string, name: string) => owner[side + name] as Column;
          for (const side of ['js', 'wasm']) {
            for (let i = 0; i < n; i++) {
              const [group, tenure, renter, grid, need] = rows[i];
              col(side, 'group')[i] = group;
              col(side, 'tenure')[i] = tenure;
              col(side, 'renter')[i] = renter;
              col(side, 'grid')[i] = grid;
              for (let d = 0; d < 5; d++) col(side, `n${d}`)[i] = (need * (d + 1)) % 1;
            }
          }
          const run = (side: string) => {
            const random = createRandom(seed).stream('needs');
            const gridNeed = new Float64Array(G);
            const gridSize = new Int32Array(G);
            const leavers = new Int32Array(n);
            const out = new Float64Array(6);
            const k = side === 'js' ? JS_KERNELS : w.kernels;
            k.needs(n, random, arrival, 0.3, 0.02, turnover, turnover / 4, col(side, 'group'), col(side, 'tenure'), col(side, 'renter'), col(side, 'grid'), col(side, 'n0'), col(side, 'n1'), col(side, 'n2'), col(side, 'n3'), col(side, 'n4'), gridNeed, gridSize, leavers, out);
            return { gridNeed: [...gridNeed], gridSize: [...gridSize], leavers: [...leavers.subarray(0, out[5])], out: [...out], state: random.state() };
          };
          expect(run('wasm')).toEqual(run('js'));
          for (const name of Object.keys(types)) expect([...col('wasm', name)], name).toEqual([...col('js', name)]);
          for (const side of ['js', 'wasm']) for (const name of Object.keys(types)) w.arena.free(col(side, name));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compute the party’s mobilisation bit for bit: members anywhere, the hours running out mid-row, any start', () => {
    // Sizes across the WebAssembly listing's blocks of sixteen rows; members anywhere or few; rows with room
    // after them (as the network lays them out); capacity from none to more than every row needs.
    const w = createWasmKernels(80, 16)!;
    const owner: Record<string, unknown> = {};
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        // Members: any rows, or a few (often one in a block of sixteen, or none).
        fc.oneof(
          fc.array(fc.boolean(), { minLength: 70, maxLength: 70 }),
          fc.uniqueArray(fc.nat({ max: 69 }), { maxLength: 4 }).map((at) => Array.from({ length: 70 }, (_, i) => at.includes(i))),
        ),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom(0, 0, 0.25, 1.5)), { minLength: 70, maxLength: 70 }),
        fc.array(fc.nat(), { minLength: 350, maxLength: 350 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        fc.constantFrom(0, 0.3, 1),
        fc.constantFrom(0.25, 1, 3),
        (n, isMember, rows, picks, at, perMember, mobilisation, contact) => {
          w.prepare(n, 1, 1);
          let entries = 0;
          for (let i = 0; i < n; i++) entries += rows[i][0] + rows[i][1];
          // Allocating may move the memory and re-create earlier views: the arrays are read from `owner`
          // only after the last allocation.
          const types = { jsmember: 'u8', wasmmember: 'u8', jsmobilised: 'f32', wasmmobilised: 'f32', start: 'i32', end: 'i32' } as const;
          for (const [name, type] of Object.entries(types)) owner[name] = w.arena.allocate(type, n, owner, name);
          owner.tgt = w.arena.allocate('i32', Math.max(1, entries), owner, 'tgt');
          const col = (name: string) => owner[name] as Column;
          const start = owner.start as Int32Array;
          const end = owner.end as Int32Array;
          const tgt = owner.tgt as Int32Array;
          let p = 0;
          for (let i = 0; i < n; i++) {
            const [degree, room, mob] = rows[i];
            for (const side of ['js', 'wasm']) {
              col(side + 'member')[i] = isMember[i] ? 1 : 0;
              col(side + 'mobilised')[i] = mob;
            }
            start[i] = p;
            for (let k = 0; k < degree; k++) tgt[p + k] = picks[p + k] % n;
            end[i] = p + degree;
            p += degree + room;
          }
          const startAt = Math.floor(at * n);
          const run = (side: string) => {
            const out = new Float64Array(3);
            const k = side === 'js' ? JS_KERNELS : w.kernels;
            k.mobilise(n, col(side + 'member'), startAt, perMember, mobilisation, 2 * mobilisation, contact, col(side + 'mobilised'), start, end, tgt, out);
            return [...out];
          };
          expect(run('wasm')).toEqual(run('js'));
          expect([...col('wasmmobilised')]).toEqual([...col('jsmobilised')]);
          for (const name of ['jsmember', 'jsmobilised', 'wasmmember', 'wasmmobilised', 'start', 'end', 'tgt']) w.arena.free(col(name));
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each(listScenarios().map((s) => s.name))('give the same rows, columns and ties as the JavaScript kernels in %s (two years)', (name) => {
    const [js, wasm] = both(name, { seed: 3, ticks: 104 });
    js.runToEnd();
    wasm.runToEnd();
    expectSameRun(wasm, js);
  });

  it('give the same results under random parameters, rules and population sizes (odd sizes included)', () => {
    const paths = Object.keys(MODEL_PARAMS).filter((p) => !p.startsWith('population.') && !p.startsWith('init.') && !Number.isInteger(MODEL_PARAMS[p as keyof typeof MODEL_PARAMS].default));
    const RULES = ['empowerment', 'checks-and-balances', 'party-coordination'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 257 }),
        fc.subarray(RULES),
        fc.dictionary(fc.constantFrom(...paths), fc.double({ min: 0, max: 1, noNaN: true }), { maxKeys: 8 }),
        fc.constantFrom(0, 1, 2),
        (seed, residents, rules, unit, rule) => {
          // Each chosen parameter goes to the same relative place in its own range (its ends included; a
          // range wider than 10 is cut to its first 10). No population share is drawn, so every set is valid.
          const set: Record<string, number> = { 'population.residents': residents, 'population.households': Math.max(1, Math.round(residents / 3)), 'population.buildings': 1 + (residents % 5), 'population.grids': 1 + (residents % 2), 'distribution.rule': rule };
          for (const [p, x] of Object.entries(unit)) {
            const spec = MODEL_PARAMS[p as keyof typeof MODEL_PARAMS];
            set[p] = spec.min + x * (Math.min(spec.max, spec.min + 10) - spec.min);
          }
          const pair = both('baseline', { seed, ticks: 20, rules, set });
          pair[0].runToEnd();
          pair[1].runToEnd();
          expectSameRun(pair[1], pair[0]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('give the same results when the ties outgrow the model’s memory and it grows during the run', () => {
    // Members bridging at the highest rate quadruple the ties over the run, past the memory's first size.
    const set = { 'population.residents': 3000, 'population.households': 1000, 'population.buildings': 60, 'population.grids': 2, 'population.party_members': 1, 'party-coordination.bridges': 0.1, 'party-coordination.networking': 1, 'party-coordination.max_degree': 1000 };
    const [js, wasm] = both('baseline', { seed: 5, ticks: 400, rules: ['party-coordination'], set });
    const first = wasm.model.residents.columns.need0.buffer.byteLength;
    js.runToEnd();
    wasm.runToEnd();
    expect(wasm.model.residents.columns.need0.buffer.byteLength).toBeGreaterThan(first);
    expect(wasm.model.network.ties).toBeGreaterThan(60_000);
    expectSameRun(wasm, js);
  });

  it('have the room the network takes while turnover only replaces ties: the memory does not grow in the K community’s first year', () => {
    // Growing makes a new view of every array in the memory, and the code that held the old ones is
    // optimised again; the memory is sized for the network's commits (networkMemoryBytes).
    const sim = createCoprod('k-community', { seed: 2, ticks: 52, kernels: 'wasm' });
    const first = sim.model.residents.columns.need0.buffer.byteLength;
    const ties = sim.model.network.ties;
    sim.runToEnd();
    expect(sim.model.residents.columns.need0.buffer.byteLength).toBe(first);
    // Turnover did replace ties (each newcomer's leave and first ties), so commits ran with room to take.
    expect(sim.model.network.ties).not.toBe(ties);
  });

  it('continue each other’s snapshots: a WebAssembly run restored into JavaScript kernels goes on identically, and back', () => {
    const [js, wasm] = both('p4-sustainability', { seed: 9, ticks: 60 });
    wasm.run(30);
    const snap = wasm.snapshot();
    js.restore(snap);
    js.run(30);
    wasm.run(30);
    expect(fingerprint(js).rows.slice(-2000)).toBe(fingerprint(wasm).rows.slice(-2000));
    expect(fingerprint(js).columns).toEqual(fingerprint(wasm).columns);
    const back = createCoprod('p4-sustainability', { seed: 9, ticks: 60, kernels: 'wasm' });
    back.restore(js.snapshot());
    expect(fingerprint(back).columns).toEqual(fingerprint(js).columns);
  });

  it('are the default where WebAssembly runs, and a bad choice names the field, the value and what is allowed', () => {
    expect(createCoprod('baseline').model.kernels.name).toBe('wasm');
    expect(() => createCoprod('baseline', { kernels: 'fast' as never })).toThrow(/kernels.*fast.*'auto', 'js' or 'wasm'/);
  });
});
