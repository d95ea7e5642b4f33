// The kernels' second thread must not change a bit: rows, columns and ties are those of one thread,
// wherever the rows split, in whichever order the two halves run, through snapshots, a growing memory and
// models taking turns on one thread. Its parts: the random stream's jump, the shared module.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCoprod, createRandom, defineRule, ValidationError, type CoprodModel, type KernelLink, type KernelThread, type WasmMemory } from '../../src/index.js';
import { kernelThread } from '../../src/node/index.js';
import { RANGED_CALL, RANGED_UNIT, rangedClaims, rangedFront, rangedTake, rangedUnit, sharedModuleBytes, streamAhead } from '../../src/model/threads.js';
import { JS_KERNELS } from '../../src/model/kernels.js';
import { THREAD_MIN_RESIDENTS, createWasmKernels, kernelBytes, sharedWasmModule } from '../../src/model/wasm.js';
import { expectSameRun, fingerprint } from './fingerprint.js';

/** A shared pass as the thread runs it (threads.ts). */
type RangedCall = (f: (...a: number[]) => unknown, A: ArrayLike<number>, p: number, W: Int32Array, argv: number[], claims: number, value: number) => number;
const rangedCall = new Function(`return ${RANGED_CALL}`)() as RangedCall;

/**
 * A stand-in for the second thread, in this thread: a second instance on the model's memory that runs a
 * batch when `order()` says (as it is posted, before this thread's half, or when waited for, after it),
 * and answers `done()` as `early()` says, which moves where the next split falls. Of a shared pass it
 * takes, as it is posted, all blocks (`order()`) or the first `claims()` from the back, and the rest this
 * thread left when waited for. A batch it has not begun (neither run nor claimed from as posted) it gives
 * back when the model asks to cancel it, if `give()` says so, and then never runs it.
 */
function inProcessThread(order: () => boolean, early: () => boolean, claims: () => number = () => 0, give: () => boolean = () => false): KernelThread & { batches: number; cancelled: number } {
  const thread = {
    batches: 0,
    cancelled: 0,
    attach(module: object, memory: WasmMemory, names: readonly string[]): KernelLink {
      const x = new WebAssembly.Instance(module as WebAssembly.Module, { env: { memory: memory as unknown as WebAssembly.Memory } }).exports as Record<string, (...a: number[]) => number>;
      const words = () => new Int32Array((memory as unknown as WebAssembly.Memory).buffer);
      let batch: number[] | null = null;
      let begun = false;
      let value = 0;
      const run = (most: number) => {
        if (!batch) return;
        begun = true;
        for (let p = 0; p < batch.length; p += 2 + batch[p + 1]) {
          if (batch[p] < 0) value = rangedCall(x[names[-1 - batch[p]]], batch, p, words(), [], most, value);
          else value = x[names[batch[p]]](...batch.slice(p + 2, p + 2 + batch[p + 1]));
        }
        if (most === Infinity) {
          batch = null;
          thread.batches++;
        }
      };
      return {
        post(calls) {
          batch = [...calls];
          begun = false;
          value = -Infinity;
          if (order()) run(Infinity);
          else if (batch[0] < 0) {
            const k = claims();
            if (k > 0) run(k);
          }
        },
        done: () => early(),
        wait() {
          run(Infinity);
          return value;
        },
        cancel() {
          if (!batch || begun || !give()) return false;
          batch = null;
          thread.cancelled++;
          return true;
        },
      };
    },
  };
  return thread;
}

/** A community big enough to split (the kernels split from THREAD_MIN_RESIDENTS residents). */
const big = (residents: number) => ({ 'population.residents': residents, 'population.households': Math.round(residents / 2.9), 'population.buildings': Math.round(residents / 50), 'population.grids': 2 });

describe('the kernels’ second thread', () => {
  it('jumps the random stream exactly: k draws ahead is where k draws lead', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 300 }), fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(0, 1, 2, 64, 4096)), (seed, skip, k) => {
        const stream = createRandom(seed).stream('jump');
        for (let j = 0; j < skip; j++) stream.next();
        const s = stream.state();
        const ahead = streamAhead(s.s0, s.s1, s.s2, s.c, k);
        for (let j = 0; j < k; j++) stream.next();
        const t = stream.state();
        expect(ahead).toEqual([t.s0, t.s1, t.s2, t.c]);
      }),
      { numRuns: 80 },
    );
    expect(() => streamAhead(0.1, 0.2, 0.3, 1, -1)).toThrow(/streamAhead: got k -1, expected a whole number >= 0/);
  });

  it('shares a pass from both ends: every row once, in blocks by rangedTake, and the largest value by one pass’s rule', () => {
    // Values with ties, and both zeros: which of equal values a merge keeps shows in its sign.
    const VALUES = [-0, 0, 1, 1, 2, 2, -1];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_000_000 }), fc.array(fc.boolean(), { maxLength: 300 }), fc.integer({ min: 0, max: 1e6 }), (n, sides, salt) => {
        const unit = rangedUnit(n);
        expect(unit % RANGED_UNIT).toBe(0);
        expect(Math.ceil(n / unit)).toBeLessThanOrEqual(0x7fff);
        if (unit > RANGED_UNIT) expect(Math.ceil(n / (unit / 2))).toBeGreaterThan(0x7fff);
        const W = new Int32Array(32);
        const word = 5;
        W[word] = rangedClaims(n, unit);
        const valueOf = (first: number) => VALUES[(first / unit + salt) % VALUES.length];
        // One shared call: a kernel of (rows, a pointer growing 8 bytes a row, a row number, a constant).
        const A = [0.5, -1, 2 + 2 * 4, 4 * word, unit, 0, 8, 1, 0, n, 1000, 0, 77];
        const back: [number, number][] = [];
        const kernel = (rows: number, at: number, row: number, k: number) => {
          expect([at, k]).toEqual([1000 + 8 * row, 77]);
          back.push([row, rows]);
          return valueOf(row);
        };
        const front: [number, number][] = [];
        let lo = 0;
        let value = -Infinity;
        let left = Math.ceil(n / unit);
        const claimed = (rows: number) => Math.ceil(rows / unit);
        for (const fromBack of sides) {
          if (fromBack) {
            const before = back.length;
            value = rangedCall(kernel, A, 1, W, [], 1, value);
            if (back.length > before) {
              expect(claimed(back[before][1])).toBe(rangedTake(left));
              left -= claimed(back[before][1]);
            }
          } else {
            const to = rangedFront(W, word);
            if (to >= 0) {
              expect(to - lo).toBe(rangedTake(left));
              left -= to - lo;
              front.push([lo * unit, Math.min(to * unit, n) - lo * unit]);
              lo = to;
            }
          }
        }
        // The rest from the front, as the model's thread ends a pass; then neither side finds any.
        for (let to = rangedFront(W, word); to >= 0; lo = to, to = rangedFront(W, word)) front.push([lo * unit, Math.min(to * unit, n) - lo * unit]);
        expect(rangedCall(kernel, A, 1, W, [], Infinity, value)).toBe(value);
        expect(rangedFront(W, word)).toBe(-1);
        // Front blocks from row 0 up, back blocks from row n down, meeting: every row once.
        const rows = [...front, ...[...back].reverse()];
        let next = 0;
        for (const [first, length] of rows) {
          expect(first).toBe(next);
          expect(first % unit).toBe(0);
          expect(length).toBeGreaterThan(0);
          next = first + length;
        }
        expect(next).toBe(n);
        // The back blocks' value: one pass's largest over their rows in order (a later one's only if greater).
        let largest = -Infinity;
        for (const [first] of [...back].reverse()) if (valueOf(first) > largest) largest = valueOf(first);
        expect(Object.is(value, largest)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('runs a module that differs from the kernels only in importing a shared memory', () => {
    const plain = kernelBytes();
    const shared = sharedModuleBytes(plain)!;
    expect(shared).not.toBeNull();
    expect(WebAssembly.validate(shared)).toBe(true);
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(shared));
    expect(imports).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    const exportsOf = (bytes: Uint8Array<ArrayBuffer>) => WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    expect(exportsOf(shared)).toEqual(exportsOf(plain));
    // It takes a shared memory and refuses an unshared one; the plain module the reverse.
    const sharedMemory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
    const plainMemory = new WebAssembly.Memory({ initial: 2 });
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(shared), { env: { memory: sharedMemory } })).not.toThrow();
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(shared), { env: { memory: plainMemory } })).toThrow();
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(plain), { env: { memory: sharedMemory } })).toThrow();
    // Bytes without the kernels' one import are not rewritten.
    const other = plain.slice();
    const at = other.findIndex((b, k) => b === 0x6d && other[k + 1] === 0x65 && other[k + 2] === 0x6d);
    other[at] = 0x6e; // "memory" → "nemory"
    expect(sharedModuleBytes(other)).toBeNull();
  });

  it('gives one thread’s rows, columns and ties wherever the rows split, in whichever order the halves run and whoever takes a shared pass’s blocks', () => {
    const RULES = ['empowerment', 'checks-and-balances', 'party-coordination'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: THREAD_MIN_RESIDENTS, max: THREAD_MIN_RESIDENTS + 1500 }),
        fc.subarray(RULES),
        fc.infiniteStream(fc.boolean()),
        fc.infiniteStream(fc.boolean()),
        fc.infiniteStream(fc.integer({ min: 0, max: 4 })),
        fc.infiniteStream(fc.boolean()),
        (seed, residents, rules, orders, earlies, claims, gives) => {
          const o = orders[Symbol.iterator]();
          const e = earlies[Symbol.iterator]();
          const c = claims[Symbol.iterator]();
          const g = gives[Symbol.iterator]();
          const thread = inProcessThread(
            () => o.next().value as boolean,
            () => e.next().value as boolean,
            () => c.next().value as number,
            () => g.next().value as boolean,
          );
          const opts = { seed, ticks: 12, rules, set: big(residents) };
          const one = createCoprod('baseline', opts);
          const two = createCoprod('baseline', { ...opts, thread });
          one.runToEnd();
          two.runToEnd();
          // Eight batches a tick (needs, commitment, distribution, trust, influence's two passes, the
          // buildings' tallies, and the reporters' sums, run while this thread commits the network), each
          // run by the stand-in or taken back and run here.
          expect(thread.batches + thread.cancelled).toBe(8 * 12);
          expectSameRun(two, one);
          // The last tick's buildings' tallies (which decide teams only at thresholds), bit for bit.
          for (const key of ['buildingSize', 'buildingSubstantive', 'buildingTrust'] as const) expect(two.model[key], key).toEqual(one.model[key]);
          // And all the rest a snapshot holds (the streams' states, the needs' sums and the grids' tallies).
          expect(JSON.stringify(two.snapshot())).toBe(JSON.stringify(one.snapshot()));
        },
      ),
      { numRuns: 12 },
    );
  });

  it('tallies the buildings bit for bit wherever the rows split: straddling buildings, ties for the most active, trust of any scale', () => {
    // Sums of trust over a building are exact in f64 for values of one scale, so a careless merge would
    // pass on a model's values: here trust spans thirty orders of magnitude, and activity takes few values.
    const N = THREAD_MIN_RESIDENTS + 700;
    fc.assert(
      fc.property(
        fc.integer({ min: THREAD_MIN_RESIDENTS, max: N }),
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1e9 }),
        fc.infiniteStream(fc.boolean()),
        fc.infiniteStream(fc.boolean()),
        (n, B, runs, seed, orders, earlies) => {
          const o = orders[Symbol.iterator]();
          const e = earlies[Symbol.iterator]();
          const w = createWasmKernels(N, 16, 0, inProcessThread(() => o.next().value as boolean, () => e.next().value as boolean))!;
          w.prepare(N, B, 1);
          const owner: Record<string, unknown> = {};
          const types = { building: 'i32', part: 'u8', trust: 'f32', activity: 'f32' } as const;
          for (const [name, type] of Object.entries(types)) owner[name] = w.arena.allocate(type, N, owner, name);
          const [building, part, trust, activity] = (['building', 'part', 'trust', 'activity'] as const).map((k) => owner[k] as Float32Array);
          const r = createRandom(seed).stream('buildings');
          for (let i = 0; i < n; i++) {
            // Buildings in runs of rows (as a model lays them out) or anywhere.
            building[i] = runs ? Math.min(B - 1, Math.floor((i * B) / n)) : Math.floor(r.next() * B);
            part[i] = Math.floor(r.next() * 3);
            trust[i] = r.next() * 10 ** -Math.floor(r.next() * 30);
            activity[i] = Math.floor(r.next() * 3) / 2;
          }
          const tally = () => ({ size: new Int32Array(B), subst: new Int32Array(B), strust: new Float64Array(B), best: new Int32Array(B).fill(-1) });
          const js = tally();
          JS_KERNELS.buildings(n, building, part, trust, activity, js.size, js.subst, js.strust, js.best);
          // Several calls: the split moves with each (the stand-in answers done() at random).
          for (let k = 0; k < 4; k++) {
            const two = tally();
            w.kernels.buildings(n, building, part, trust, activity, two.size, two.subst, two.strust, two.best);
            expect(two).toEqual(js);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('runs here every batch the thread has not begun when its results are needed: one thread’s rows', () => {
    // A thread that is never on its core: each batch is taken back and run by the model's own thread
    // (split kernels' other rows, shared passes, the reporters' sums), with the same bits as one thread.
    for (const rules of [[], ['empowerment', 'checks-and-balances', 'party-coordination']]) {
      const thread = inProcessThread(
        () => false,
        () => false,
        () => 0,
        () => true,
      );
      const opts = { seed: 5, ticks: 10, rules, set: big(THREAD_MIN_RESIDENTS + 700) };
      const one = createCoprod('baseline', opts);
      const two = createCoprod('baseline', { ...opts, thread });
      one.runToEnd();
      two.runToEnd();
      expect(thread.batches).toBe(0);
      expect(thread.cancelled).toBe(8 * 10);
      expectSameRun(two, one);
      expect(JSON.stringify(two.snapshot())).toBe(JSON.stringify(one.snapshot()));
    }
  });

  it('runs the Gini beside the trust pass only when no rule joins the trust phase: a rule there reads distribution’s Gini and may change benefits', () => {
    // In force in ticks 3–6: it records the Gini it sees and zeroes half the benefits before the trust
    // pass. On two threads it must see the Gini of distribution's benefits, as on one (not last tick's, not
    // one of the benefits it wrote); the other ticks run the Gini beside the trust pass.
    const reader = defineRule<CoprodModel, Record<string, never>>({
      name: 'gini-reader',
      description: 'reads the Gini and changes benefits in the trust phase',
      params: {},
      phases: {
        trust: ({ model, tick, memory }) => {
          memory[`gini${tick}`] = model.stats.gini;
          const b = model.residents.columns.benefit;
          for (let i = 0; i < model.residents.count; i += 2) b[i] = 0;
        },
      },
    });
    for (const order of [() => true, () => false]) {
      const thread = inProcessThread(order, () => false);
      const opts = { seed: 9, ticks: 8, rules: ['empowerment', 'gini-reader@3-6'], registry: { rules: [reader] }, set: big(THREAD_MIN_RESIDENTS + 300) };
      const one = createCoprod('baseline', opts);
      const two = createCoprod('baseline', { ...opts, thread });
      one.runToEnd();
      two.runToEnd();
      expectSameRun(two, one);
      const memory = two.rules.find((r) => r.rule.name === 'gini-reader')!.memory;
      expect(Object.keys(memory)).toEqual(['gini3', 'gini4', 'gini5', 'gini6']);
      for (let t = 3; t <= 6; t++) expect(memory[`gini${t}`]).toBe(two.rows[t - 1].gini);
      expect(JSON.stringify(two.snapshot())).toBe(JSON.stringify(one.snapshot()));
    }
  });

  it('on a real thread: a batch taken back before the thread began it never runs; one it began runs to its end', () => {
    const names = ['setStream', 'draws'];
    const w = createWasmKernels(10, 200, 0, kernelThread())!;
    const link = kernelThread().attach(sharedWasmModule()!, w.arena.memory, names);
    const out = w.arena.allocate('f64', 2 * 64, {}, 'out') as Float64Array;
    const expected = (s0: number) => {
      const stream = createRandom('any').stream('thread');
      stream.setState({ s0, s1: 0.25, s2: 0.125, c: 7 });
      return Array.from({ length: 64 }, () => stream.next());
    };
    const nap = new Int32Array(new SharedArrayBuffer(4));
    let takenBack = 0;
    let ran = 0;
    for (let trial = 0; trial < 12; trial++) {
      out.fill(0);
      // Long enough for the thread to stop spinning and sleep (it then takes a wake to begin a batch).
      if (trial % 2 === 0) Atomics.wait(nap, 0, 0, 300);
      link.post([0, 4, 0.5, 0.25, 0.125, 7, 1, 2, 64, out.byteOffset]);
      const back = link.cancel!();
      expect(link.cancel!()).toBe(false); // once only
      if (back) {
        takenBack++;
        expect(link.done()).toBe(true);
        expect(link.wait()).toBe(0); // nothing in flight
      } else {
        ran++;
        link.wait();
      }
      // The next batch, waited for: by then the thread has passed over a batch taken back.
      link.post([0, 4, 0.75, 0.25, 0.125, 7, 1, 2, 64, out.byteOffset + 8 * 64]);
      link.wait();
      expect([...out.subarray(64)]).toEqual(expected(0.75));
      expect([...out.subarray(0, 64)]).toEqual(back ? new Array(64).fill(0) : expected(0.5));
    }
    // A sleeping thread takes some microseconds to wake: some batches were taken back before it began.
    expect(takenBack).toBeGreaterThan(0);
    expect(takenBack + ran).toBe(12);
  });

  it('splits no kernel below THREAD_MIN_RESIDENTS residents', () => {
    const thread = inProcessThread(() => true, () => true);
    const sim = createCoprod('baseline', { seed: 3, ticks: 5, thread, set: big(THREAD_MIN_RESIDENTS - 200) });
    sim.runToEnd();
    expect(sim.model.residents.count).toBeLessThan(THREAD_MIN_RESIDENTS);
    expect(thread.batches).toBe(0);
  });

  it('on a real thread: the K community’s rows and state are one thread’s, also with two models taking turns', () => {
    const opts = { seed: 4, ticks: 40 };
    const one = createCoprod('k-community', opts);
    one.runToEnd();
    const two = createCoprod('k-community', { ...opts, thread: kernelThread() });
    // A second model on the same thread, a tick each in turn: each attaches again when the other used it.
    const other = createCoprod('k-community', { seed: 5, ticks: 40, thread: kernelThread() });
    for (let t = 0; t < 40; t++) {
      two.run(1);
      other.run(1);
    }
    expectSameRun(two, one);
    const alone = createCoprod('k-community', { seed: 5, ticks: 40 });
    alone.runToEnd();
    expect(fingerprint(other).rows).toBe(fingerprint(alone).rows);
  });

  it('continues a one-thread snapshot on two threads and back, the same as one thread throughout', () => {
    const opts = { seed: 6, ticks: 30, rules: ['party-coordination'], set: big(6000) };
    const one = createCoprod('baseline', opts);
    one.run(15);
    const two = createCoprod('baseline', { ...opts, thread: kernelThread() });
    two.restore(one.snapshot());
    two.run(10);
    one.run(10);
    expect(fingerprint(two).columns).toEqual(fingerprint(one).columns);
    const back = createCoprod('baseline', opts);
    back.restore(two.snapshot());
    back.run(5);
    one.run(5);
    expect(fingerprint(back).columns).toEqual(fingerprint(one).columns);
    expect(JSON.stringify(back.rows.slice(-5))).toBe(JSON.stringify(one.rows.slice(-5)));
  });

  it('gives the same results when the ties outgrow the shared memory and it grows during the run', () => {
    const set = { ...big(5000), 'population.party_members': 1, 'party-coordination.bridges': 0.1, 'party-coordination.networking': 1, 'party-coordination.max_degree': 1000 };
    const opts = { seed: 5, ticks: 150, rules: ['party-coordination'], set };
    const one = createCoprod('baseline', opts);
    const two = createCoprod('baseline', { ...opts, thread: kernelThread() });
    const first = two.model.residents.columns.need0.buffer.byteLength;
    one.runToEnd();
    two.runToEnd();
    expect(two.model.residents.columns.need0.buffer.byteLength).toBeGreaterThan(first);
    expectSameRun(two, one);
  });

  it('refuses what it cannot run with an error naming the option, and passes on what the thread threw', () => {
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return null;
    };
    const js = error(() => createCoprod('baseline', { kernels: 'js', thread: kernelThread() }));
    expect(js).toBeInstanceOf(ValidationError);
    expect(String((js as Error).message)).toMatch(/thread: got "a kernel thread", expected kernels 'wasm' or 'auto'/);
    const bad = error(() => createCoprod('baseline', { thread: {} as KernelThread }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect(String((bad as Error).message)).toMatch(/thread: got "\[object Object\]", expected a kernel thread \(kernelThread\(\) from 'coprod\/node'\)/);
    // A kernel reading past the memory traps on the thread; the caller gets the trap, and the thread goes on.
    const w = createWasmKernels(10, 200, 0, kernelThread())!;
    const link = kernelThread().attach(sharedWasmModule()!, w.arena.memory, ['setStream', 'draws']);
    link.post([1, 2, 10, 2 ** 31]);
    expect(() => link.wait()).toThrow(/the kernel thread failed: RuntimeError: memory access out of bounds/);
    // The next batch runs: the stream set there gives seedrandom's draws.
    const out = w.arena.allocate('f64', 4, {}, 'out') as Float64Array;
    link.post([0, 4, 0.5, 0.25, 0.125, 7, 1, 2, 4, out.byteOffset]);
    link.wait();
    const stream = createRandom('any').stream('thread');
    stream.setState({ s0: 0.5, s1: 0.25, s2: 0.125, c: 7 });
    expect([...out]).toEqual([stream.next(), stream.next(), stream.next(), stream.next()]);
  });

  it('keeps each model’s batch apart when one is still in flight as another model posts or attaches', () => {
    // A model leaves the reporters' sums running on the thread after its tick; whatever posts next (this
    // model or another, even one attaching then) waits for them, and each model's wait gets its own outcome.
    const names = ['setStream', 'draws'];
    const make = () => {
      const w = createWasmKernels(10, 200, 0, kernelThread())!;
      const out = w.arena.allocate('f64', 64, {}, 'out') as Float64Array;
      return { link: kernelThread().attach(sharedWasmModule()!, w.arena.memory, names), out, memory: w.arena.memory };
    };
    const expected = (s0: number, k: number) => {
      const stream = createRandom('any').stream('thread');
      stream.setState({ s0, s1: 0.25, s2: 0.125, c: 7 });
      return Array.from({ length: k }, () => stream.next());
    };
    const a = make();
    const b = make();
    a.link.post([0, 4, 0.5, 0.25, 0.125, 7, 1, 2, 64, a.out.byteOffset]);
    b.link.post([0, 4, 0.75, 0.25, 0.125, 7, 1, 2, 32, b.out.byteOffset]);
    // A third model attaches while b's batch may still run, then a bad batch of its own.
    const c = make();
    c.link.post([1, 2, 10, 2 ** 31]);
    expect(b.link.wait()).toBe(0);
    expect(a.link.wait()).toBe(0);
    expect(() => c.link.wait()).toThrow(/memory access out of bounds/);
    expect([...a.out]).toEqual(expected(0.5, 64));
    expect([...b.out.subarray(0, 32)]).toEqual(expected(0.75, 32));
    expect(a.link.done() && b.link.done() && c.link.done()).toBe(true);
    // a posts again after c used the thread: it attaches again and runs its batch.
    a.out.fill(0);
    a.link.post([0, 4, 0.5, 0.25, 0.125, 7, 1, 2, 64, a.out.byteOffset]);
    a.link.wait();
    expect([...a.out]).toEqual(expected(0.5, 64));
  });

  it('does not keep a process alive', () => {
    const script = "import { createCoprod } from './src/index.ts'; import { kernelThread } from './src/node/index.ts'; const s = createCoprod('k-community', { ticks: 3, thread: kernelThread() }); s.runToEnd(); console.log(s.rows.length);";
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('3');
  });
});
