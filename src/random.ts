import seedrandom from 'seedrandom';
import { cos, log } from './math.js';
import { ValidationError, type Issue } from './validate.js';

/** Saved state of one stream: plain data (JSON-safe), restorable with {@link RandomSource.restore}. */
export interface StreamState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/**
 * One named, seeded stream of uniform numbers in [0, 1).
 *
 * `next` is a plain function so hot loops can hoist it: `const u = stream.next; for (...) u()`.
 *
 * @example
 * const s = createRandom(42).stream('rule:checks');
 * const u = s.next(); // same value on every machine for seed 42
 */
export interface RandomStream {
  readonly name: string;
  /** A uniform draw in [0, 1). */
  readonly next: () => number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** A normal draw (Box–Muller, two uniforms per call, none cached so the state stays four numbers). */
  normal(mean?: number, sd?: number): number;
  /** A copy of the stream's state. */
  state(): StreamState;
  /** Put the stream back to a saved state (a ValidationError, naming the field, for a state no stream can be in). */
  setState(state: StreamState): void;
}

/**
 * The root of all randomness of one simulation. Streams are forked by name from the root seed, so a
 * rule's draws depend only on the root seed and the rule's own name: switching another rule on or off
 * never shifts them (common random numbers for A/B comparisons).
 *
 * @example
 * const rng = createRandom(7);
 * const a = rng.stream('rule:empowerment');
 * const b = rng.stream('process:needs'); // independent of a
 */
export interface RandomSource {
  readonly seed: string;
  /** The stream with this name, created on first use and the same object afterwards. */
  stream(name: string): RandomStream;
  /** The names of the streams created so far, sorted. */
  names(): string[];
  /** Every stream's state, keyed by name: plain data. */
  state(): Record<string, StreamState>;
  /** Restore states saved by {@link RandomSource.state}; streams not named are reset to their start. */
  restore(states: Record<string, StreamState>): void;
}

type AleaPrng = (() => number) & { state(): StreamState };
type AleaFactory = (seed: string, opts: { state: boolean | StreamState }) => AleaPrng;
const alea = (seedrandom as unknown as { alea: AleaFactory }).alea;

/** Derive the seed of a sub-run (replicate, sweep point) from a base seed and labels, order-free of runs. */
export function deriveSeed(base: string | number, ...parts: (string | number)[]): string {
  // FNV-1a over the joined text gives a short, stable, platform-independent label.
  const text = [String(base), ...parts.map(String)].join('\u241f');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${String(base)}.${h.toString(36)}`;
}

/** Alea's multiplier: its carry c stays below it. */
const ALEA_A = 2091639;
const TWO32 = 4294967296;

/**
 * Problems with a stream's state, for `path`: only states Alea can be in pass (s0, s1, s2 whole multiples of
 * 2^-32 in [0, 1); c a whole number below its multiplier). The WebAssembly kernels continue the stream in
 * integers, exact for these states alone: any other state would make them, the JavaScript kernels and
 * seedrandom part ways.
 */
function streamStateIssues(state: unknown, path: string): Issue[] {
  if (typeof state !== 'object' || state === null) return [{ path, value: state, expected: 'a stream state { c, s0, s1, s2 }' }];
  const st = state as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const key of ['s0', 's1', 's2'] as const) {
    const v = st[key];
    if (!(typeof v === 'number' && v >= 0 && v < 1 && Number.isInteger(v * TWO32))) issues.push({ path: `${path}.${key}`, value: v, expected: 'a whole multiple of 2^-32 in [0, 1) (a state a stream gave)' });
  }
  const c = st.c;
  if (!(typeof c === 'number' && Number.isInteger(c) && c >= 0 && c < ALEA_A)) issues.push({ path: `${path}.c`, value: c, expected: `a whole number from 0 to ${ALEA_A - 1} (a state a stream gave)` });
  return issues;
}

function createStream(rootSeed: string, name: string): RandomStream {
  const seedText = `${rootSeed}\u241f${name}`;
  let prng = alea(seedText, { state: true });
  const stream: RandomStream = {
    name,
    next: () => prng(),
    int(n) {
      return Math.floor(prng() * n);
    },
    normal(mean = 0, sd = 1) {
      const u1 = 1 - prng(); // (0, 1]: log is finite
      const u2 = prng();
      return mean + sd * Math.sqrt(-2 * log(u1)) * cos(2 * Math.PI * u2);
    },
    state() {
      const s = prng.state();
      return { c: s.c, s0: s.s0, s1: s.s1, s2: s.s2 };
    },
    setState(state) {
      const issues = streamStateIssues(state, `stream "${name}" state`);
      if (issues.length > 0) throw new ValidationError(issues);
      prng = alea('', { state: { c: state.c, s0: state.s0, s1: state.s1, s2: state.s2 } });
    },
  };
  return stream;
}

/**
 * Create the random source of a simulation from one root seed (number or string).
 *
 * @example
 * const rng = createRandom(2024);
 * const u = rng.stream('workload').next();
 */
export function createRandom(seed: string | number): RandomSource {
  const rootSeed = String(seed);
  const streams = new Map<string, RandomStream>();
  const source: RandomSource = {
    seed: rootSeed,
    stream(name) {
      let s = streams.get(name);
      if (!s) {
        s = createStream(rootSeed, name);
        streams.set(name, s);
      }
      return s;
    },
    names() {
      return [...streams.keys()].sort();
    },
    state() {
      const out: Record<string, StreamState> = {};
      for (const name of source.names()) out[name] = streams.get(name)!.state();
      return out;
    },
    restore(states) {
      // Every state checked before any stream changes.
      const issues = Object.keys(states).flatMap((name) => streamStateIssues(states[name], `random state "${name}"`));
      if (issues.length > 0) throw new ValidationError(issues);
      // Keep the stream objects handed out (and their hoisted `next`): reset them in place.
      for (const [name, s] of streams) if (!(name in states)) s.setState(createStream(rootSeed, name).state());
      for (const name of Object.keys(states).sort()) source.stream(name).setState(states[name]);
    },
  };
  return source;
}
