import { sums } from './reporters.js';
import { benefitWeights, buildingKernel, commitmentKernel, distributionKernel, gini, influenceKernel, mobiliseKernel, needsKernel, sum5, trustKernel } from './phases.js';

/**
 * The model's passes over residents (its hot loops), as one set of functions. Two implementations give
 * the same results, bit for bit: the JavaScript kernels of src/model/phases.ts and reporters.ts, and
 * the WebAssembly kernels of src/model/wasm.ts (compiled from src/wasm/kernels.ts), which are faster and
 * run wherever WebAssembly with SIMD does. A model uses one set for its whole life:
 * `createCoprod(…, { kernels: 'js' })` chooses the JavaScript set; by default a model takes WebAssembly
 * when it is available.
 *
 * @example
 * createCoprod('baseline').model.kernels.name; // 'wasm' (or 'js' where WebAssembly is unavailable)
 */
export interface Kernels {
  /** 'js' or 'wasm'. */
  readonly name: KernelsName;
  readonly needs: typeof needsKernel;
  readonly sum5: typeof sum5;
  readonly commitment: typeof commitmentKernel;
  readonly benefitWeights: typeof benefitWeights;
  readonly distribute: typeof distributionKernel;
  readonly gini: (values: Parameters<typeof gini>[0] & ArrayBufferView, n: number, max: number) => number;
  /**
   * Start `gini` where a second thread can run it beside the next shared pass (the trust phase's) rather
   * than now: true if started, and then `giniTaken` gives its value (the same bits as `gini` would have),
   * which must be taken before anything writes the values. Absent, or false, where there is no second thread.
   */
  readonly giniAhead?: (values: Parameters<typeof gini>[0] & ArrayBufferView, n: number, max: number) => boolean;
  /** The Gini that giniAhead started (undefined if none), from the other thread or computed here. */
  readonly giniTaken?: () => number | undefined;
  readonly trust: typeof trustKernel;
  readonly influence: typeof influenceKernel;
  /** The party's mobilisation (the party-coordination rule). */
  readonly mobilise: typeof mobiliseKernel;
  readonly buildings: typeof buildingKernel;
  readonly sums: typeof sums;
  /**
   * Start `sums` on these arguments ahead of time, where a second thread can run it while this one goes on
   * (the tick's commit); the next `sums` call takes the result if its arguments are the same. A hint: the
   * JavaScript set, and the WebAssembly set without a thread, do nothing.
   */
  readonly sumsAhead: (...args: DropLast<Parameters<typeof sums>>) => void;
}

type DropLast<T extends unknown[]> = T extends [...infer Head, unknown] ? Head : never;

/** The implementations of {@link Kernels}. */
export type KernelsName = 'js' | 'wasm';

/** The JavaScript kernels: the reference, and what runs where WebAssembly does not. */
export const JS_KERNELS: Kernels = {
  name: 'js',
  needs: needsKernel,
  sum5,
  commitment: commitmentKernel,
  benefitWeights,
  distribute: distributionKernel,
  gini,
  trust: trustKernel,
  influence: influenceKernel,
  mobilise: mobiliseKernel,
  buildings: buildingKernel,
  sums,
  sumsAhead: () => {},
};
