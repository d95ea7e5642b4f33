import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { WasmMemory } from '../arena.js';
import { type KernelLink, type KernelThread, LIBRARY_THREADS, RANGED_CALL } from '../model/threads.js';

// The control block both threads read and write (Int32, with Atomics):
const POSTED = 0; // the number of the batch posted last
const DONE = 1; // the number of the batch run last
const CALLS = 2; // the batch's calls, or −1: attach (the model's module and memory wait on the port)
const LINK = 3; // the link the batch is for
const PARKED = 4; // 1 while the thread sleeps in Atomics.wait (the poster then wakes it)
const STATUS = 5; // the batch's outcome: 0 ran, 1 threw (the message waits on the port), 2 not attached
// Who has the batch posted last: its number once the thread took it, minus its number once the model's
// thread took it back (cancel); set by one compare-and-exchange either way, so only one of them runs it.
const TAKEN = 6;
const RESULT = 0; // (Float64) the batch's last return value
/** How long the thread sleeps with a model's instance before it lets it go. */
const DROP_AFTER_MS = 200;
/** How long an attach waits for the thread before it gives up. */
const ATTACH_TIMEOUT_MS = 30_000;
/** Batch arguments (f64) the block has room for: the largest batch, commitment's, takes 47. */
const ARGS = 256;

// The thread: it spins on the control block while calls come (microseconds apart within a tick), sleeps
// after some milliseconds without a call, and after sleeping 200 ms drops the instance (and with it the
// model's memory) and sleeps on until woken. Each batch runs the exports by index with the arguments as
// given. (Sleeping at the end of each tick instead, woken by the next batch or ahead of it, made the
// needs' half start late: the K community took longer.)
const WORKER = `
const { workerData, receiveMessageOnPort } = process.getBuiltinModule('node:worker_threads');
const { control, args, result, port } = workerData;
const C = new Int32Array(control);
const A = new Float64Array(args);
const R = new Float64Array(result);
const rangedCall = ${RANGED_CALL};
let fns = null;
let memory = null;
let words = null;
let linked = 0;
const argv = [];
let last = 0;
for (;;) {
  let seq;
  let spins = 0;
  while ((seq = Atomics.load(C, ${POSTED})) === last) {
    if (++spins === 1 << 24) {
      Atomics.store(C, ${PARKED}, 1);
      if (Atomics.wait(C, ${POSTED}, last, ${DROP_AFTER_MS}) === 'timed-out') {
        // Idle: let the model's memory go (the model attaches again when it next posts).
        fns = null;
        memory = null;
        words = null;
        linked = 0;
        Atomics.wait(C, ${POSTED}, last);
      }
      Atomics.store(C, ${PARKED}, 0);
      spins = 0;
    }
  }
  last = seq;
  // Take the batch, unless the model's thread took it back (it runs the calls itself: see Link.cancel).
  const taken = Atomics.load(C, ${TAKEN});
  if (taken === -seq || Atomics.compareExchange(C, ${TAKEN}, taken, seq) !== taken) continue;
  let status = 0;
  let value = 0;
  try {
    const calls = C[${CALLS}];
    if (calls < 0) {
      const m = receiveMessageOnPort(port).message;
      const x = new WebAssembly.Instance(m.module, { env: { memory: m.memory } }).exports;
      fns = m.names.map((name) => x[name]);
      memory = m.memory;
      words = new Int32Array(memory.buffer);
      linked = C[${LINK}];
    } else if (linked !== C[${LINK}]) status = 2;
    else {
      for (let c = 0, p = 0; c < calls; c++) {
        const n = A[p + 1];
        if (A[p] < 0) {
          // A shared pass: blocks from the back until the model's thread, taking from the front, meets them.
          if (words.byteLength < A[p + 2] + 4) words = new Int32Array(memory.buffer);
          value = rangedCall(fns[-1 - A[p]], A, p, words, argv, Infinity, -Infinity);
        } else {
          // Arguments through one array kept for the purpose: a call allocates nothing but boxed numbers.
          argv.length = n;
          for (let k = 0; k < n; k++) argv[k] = A[p + 2 + k];
          value = fns[A[p]].apply(null, argv);
        }
        p += 2 + n;
      }
    }
  } catch (e) {
    status = 1;
    port.postMessage(String(e && e.stack ? e.stack : e));
  }
  R[${RESULT}] = typeof value === 'number' ? value : 0;
  C[${STATUS}] = status;
  Atomics.store(C, ${DONE}, seq);
  // An attach is waited for with Atomics.wait (the thread may be starting): wake it.
  if (C[${CALLS}] < 0) Atomics.notify(C, ${DONE});
}
`;

interface Shared {
  worker: Worker;
  port: MessagePort;
  control: Int32Array;
  args: Float64Array;
  result: Float64Array;
  seq: number;
  links: number;
  /** The link whose batch was posted last and not yet waited for (0: none). */
  inFlight: number;
  /** Outcomes of batches that another link's post had to wait for, by link, until their own wait. */
  settled: Map<number, Outcome>;
}

/** How a batch ended: STATUS, its last call's value, and the thread's message if it threw. */
interface Outcome {
  status: number;
  result: number;
  message?: unknown;
}

/**
 * A second thread for the WebAssembly kernels (see {@link KernelThread}): one per JavaScript thread,
 * started on first use and shared by every model that takes it. It does not keep the process alive.
 *
 * @example
 * const sim = createCoprod('k-community', { thread: kernelThread() });
 * sim.runToEnd(); // the same rows as without the thread
 */
export function kernelThread(): KernelThread {
  return THREAD;
}

let shared: Shared | null = null;

function start(): Shared {
  if (shared) return shared;
  const control = new Int32Array(new SharedArrayBuffer(64));
  const args = new Float64Array(new SharedArrayBuffer(8 * ARGS));
  const result = new Float64Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  // Without the process's flags: the thread runs this script only (a loader such as tsx, or
  // --input-type=module, has nothing to do there).
  const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { control: control.buffer, args: args.buffer, result: result.buffer, port: port2 }, transferList: [port2] });
  worker.unref();
  port1.unref();
  // Should the thread die (it catches what the kernels throw, so only for want of memory), the next wait
  // would spin for ever: a dead thread marks every batch as run, with an error.
  worker.on('exit', () => {
    if (shared?.worker === worker) shared = null;
    control[STATUS] = 1;
    Atomics.store(control, DONE, Atomics.load(control, POSTED));
  });
  shared = { worker, port: port1, control, args, result, seq: 0, links: 0, inFlight: 0, settled: new Map() };
  return shared;
}

/**
 * Post a batch already written to the arguments. A batch still in flight is waited for first, and its
 * outcome kept for its link: the thread runs one batch at a time, from one block of arguments.
 */
function send(t: Shared, calls: number, link: number): void {
  drain(t);
  const C = t.control;
  C[CALLS] = calls;
  C[LINK] = link;
  Atomics.store(C, POSTED, ++t.seq);
  if (Atomics.load(C, PARKED) === 1) Atomics.notify(C, POSTED);
}

/** Wait for a batch still in flight, keeping its outcome for its link's wait. */
function drain(t: Shared): void {
  if (t.inFlight !== 0) t.settled.set(t.inFlight, collect(t));
}

/** Wait for the batch posted last and take its outcome. */
function collect(t: Shared): Outcome {
  const C = t.control;
  while (Atomics.load(C, DONE) !== t.seq) {
    // spin: the batch takes some microseconds to a few milliseconds
  }
  t.inFlight = 0;
  const status = C[STATUS];
  return { status, result: t.result[RESULT], message: status === 1 ? receiveMessageOnPort(t.port)?.message : undefined };
}

function failure(message: unknown): Error {
  return new Error(`coprod: the kernel thread failed${message !== undefined ? `: ${String(message)}` : ' (it exited)'}`);
}

const THREAD: KernelThread = {
  attach(module: object, memory: WasmMemory, names: readonly string[]): KernelLink {
    const t = start();
    const link = new Link(t, ++t.links, module, memory, [...names]);
    link.attach();
    return link;
  },
};
LIBRARY_THREADS.add(THREAD);

/**
 * One model's link to the thread. Its state in fields and its code in methods every link shares: V8 keeps
 * optimised code per function, and functions made per model lose theirs when the model is collected.
 */
class Link implements KernelLink {
  // The batch posted last (its calls and arguments), kept to post again should the thread have let this
  // model go meanwhile.
  private count = 0;
  private readonly saved = new Float64Array(ARGS);
  private savedLength = 0;

  constructor(
    private readonly t: Shared,
    private readonly id: number,
    private readonly module: object,
    private readonly memory: WasmMemory,
    private readonly names: string[],
  ) {}

  attach(): void {
    const t = this.t;
    t.port.postMessage({ module: this.module, memory: this.memory, names: this.names });
    send(t, -1, this.id);
    // Sleep rather than spin: a thread just started takes some tens of milliseconds to answer, and one
    // that failed to start never does (its exit cannot be heard while this thread waits).
    // (DONE may lag behind more than one batch: batches taken back are never marked run.)
    for (let waited = 0, done = Atomics.load(t.control, DONE); done !== t.seq; waited += 50, done = Atomics.load(t.control, DONE)) {
      if (waited >= ATTACH_TIMEOUT_MS) throw new Error(`coprod: the kernel thread did not answer within ${ATTACH_TIMEOUT_MS / 1000} s (it failed to start, or has stopped)`);
      Atomics.wait(t.control, DONE, done, 50);
    }
    if (t.control[STATUS] !== 0) throw failure(receiveMessageOnPort(t.port)?.message);
  }

  private postSaved(): void {
    const t = this.t;
    // Whatever is in flight is waited for before the block is written (send would do it after).
    drain(t);
    t.args.set(this.saved.subarray(0, this.savedLength));
    send(t, this.count, this.id);
    t.inFlight = this.id;
  }

  post(calls: readonly number[]): void {
    if (calls.length > ARGS) throw new RangeError(`kernel thread: a batch of ${calls.length} arguments, expected at most ${ARGS}`);
    this.saved.set(calls);
    this.savedLength = calls.length;
    // An outcome this model never waited for is superseded by its next batch.
    this.t.settled.delete(this.id);
    let count = 0;
    for (let p = 0; p < calls.length; p += 2 + calls[p + 1]) count++;
    this.count = count;
    this.postSaved();
  }

  done(): boolean {
    const t = this.t;
    return t.inFlight !== this.id || Atomics.load(t.control, DONE) === t.seq;
  }

  cancel(): boolean {
    const t = this.t;
    if (t.inFlight !== this.id) return false;
    const C = t.control;
    const taken = Atomics.load(C, TAKEN);
    // The thread has it (or had it: a dead thread marks its batch run), or takes it as this runs.
    if (taken === t.seq || Atomics.load(C, DONE) === t.seq || Atomics.compareExchange(C, TAKEN, taken, -t.seq) !== taken) return false;
    t.inFlight = 0;
    return true;
  }

  wait(): number {
    const t = this.t;
    let outcome = t.settled.get(this.id);
    if (outcome) t.settled.delete(this.id);
    else if (t.inFlight === this.id) outcome = collect(t);
    else return 0; // nothing posted
    if (outcome.status === 2) {
      // The thread had let this model go (idle, or another model used it): attach again and post the
      // batch again.
      this.attach();
      this.postSaved();
      outcome = collect(t);
    }
    if (outcome.status !== 0) throw failure(outcome.message);
    return outcome.result;
  }
}
