// `npm run bench:kernel -- <kernel> [rev]`: one WebAssembly kernel of the working tree against the same
// kernel at a git revision (default HEAD), in one process. Both modules are instantiated on the K
// community's memory after 50 ticks and called alternately, 80 times each, with the arguments the model
// last passed, the memory restored before every call. Prints the medians (ns per resident) and their ratio,
// whether both returned the same, and whether they left the memory the same, or how many bytes differ (they
// cannot be the same where the kernel's parameters or its scratch's layout changed between the two: the
// arguments are the working tree's). A host whose speed moves by a quarter between runs cannot
// settle a change of a few per cent any other way.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { KERNELS_WASM as NEW } from '../../src/model/wasm-bytes.js';

const KERNELS = ['needs', 'sum5', 'commit', 'mobilise', 'benefitWeights', 'distribute', 'gini', 'trust', 'influence', 'buildings', 'sums'];
const [kernel, rev = 'HEAD'] = process.argv.slice(2);
if (!KERNELS.includes(kernel)) {
  console.error(`kernel: got "${kernel ?? ''}", expected one of ${KERNELS.join(', ')}`);
  process.exit(2);
}
let oldText: string;
try {
  oldText = execFileSync('git', ['show', `${rev}:src/model/wasm-bytes.ts`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
} catch {
  console.error(`rev: got "${rev}", expected a git revision that has src/model/wasm-bytes.ts`);
  process.exit(2);
}
const OLD = [...oldText.matchAll(/'([A-Za-z0-9+/=]+)'/g)].map((m) => m[1]).join('');

// Capture the memory and each export's last arguments while the model runs.
const Instance = WebAssembly.Instance;
const captured: Record<string, unknown[]> = {};
let memory: WebAssembly.Memory | null = null;
(WebAssembly as { Instance: unknown }).Instance = function (module: WebAssembly.Module, imports: { env: { memory: WebAssembly.Memory } }) {
  const instance = new Instance(module, imports as unknown as WebAssembly.Imports);
  memory = imports.env.memory;
  const exports: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(instance.exports)) {
    exports[name] = typeof value === 'function' ? (...args: unknown[]) => ((captured[name] = args), (value as (...a: unknown[]) => unknown)(...args)) : value;
  }
  return { exports };
};
const { createCoprod } = await import('../../src/index.js');
const sim = createCoprod('k-community', { seed: 1, ticks: 520, kernels: 'wasm' });
sim.run(50);
(WebAssembly as { Instance: unknown }).Instance = Instance;

const mem = memory!;
const instantiate = (b64: string) => new Instance(new WebAssembly.Module(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))), { env: { memory: mem } }).exports as Record<string, (...a: unknown[]) => unknown>;
const versions = { old: instantiate(OLD), new: instantiate(NEW) };
if (typeof versions.old[kernel] !== 'function') {
  console.error(`kernel: "${kernel}" is not among the kernels at ${rev}`);
  process.exit(2);
}
if (!captured[kernel]) {
  console.error(`kernel: "${kernel}" did not run in the K community's first 50 ticks`);
  process.exit(2);
}
const args = captured[kernel];
const stream = (captured.setStream ?? [0.1, 0.2, 0.3, 1]) as number[];
const n = (kernel === 'gini' ? args[1] : args[0]) as number;
const before = new Uint8Array(mem.buffer).slice();
const times: Record<'old' | 'new', number[]> = { old: [], new: [] };
// The memory and the result each version leaves after its last call, compared byte for byte at the end.
const after: Record<string, { memory: Uint8Array; result: string }> = {};
for (let r = 0; r < 80; r++) {
  for (const which of r % 2 ? (['new', 'old'] as const) : (['old', 'new'] as const)) {
    new Uint8Array(mem.buffer).set(before);
    const x = versions[which];
    x.setStream(...stream);
    const t0 = performance.now();
    const result = x[kernel](...args);
    times[which].push(performance.now() - t0);
    if (r >= 78) after[which] = { memory: new Uint8Array(mem.buffer).slice(), result: String(result) };
  }
}
// Told apart: a kernel whose scratch is laid out anew leaves other bytes in its scratch, not other results.
const sameResult = after.old.result === after.new.result;
let differ = Math.abs(after.old.memory.length - after.new.memory.length);
for (let k = 0, end = Math.min(after.old.memory.length, after.new.memory.length); k < end; k++) if (after.old.memory[k] !== after.new.memory[k]) differ++;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ns = (xs: number[]) => ((median(xs) * 1e6) / n).toFixed(1);
console.log(`${kernel}: ${rev} ${ns(times.old)} ns/resident, working tree ${ns(times.new)}; working tree / ${rev} = ${(median(times.new) / median(times.old)).toFixed(3)}; same result: ${sameResult}; same memory: ${differ === 0 ? 'true' : `false (${differ} bytes differ)`}`);
