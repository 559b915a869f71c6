/**
 * What the registry says about a kernel. The CLI (`cgq kernels list/run`), the tests and the
 * benchmarks all read this metadata; none keeps a list of its own.
 */

export type KernelParams = Readonly<Record<string, number>>;

export interface ParamSpec {
  name: string;
  /** Default value (the original tool's where it has one). */
  default: number;
  /** Inclusive range; integer params must also be integral. */
  min: number;
  max: number;
  integer: boolean;
  /** Extra accepted values outside [min, max] (e.g. -1 = "same as window"). */
  special?: readonly number[];
  doc: string;
}

export interface KernelSpec {
  /** Registry name; the wasm export is `k_<name>`. */
  name: string;
  summary: string;
  /** Folder under assembly/ the kernel lives in. */
  group: 'indicators' | 'rolling' | 'resample' | 'transforms' | 'distance';
  /** Input column names (f64 each), in ABI order. */
  inputs: readonly string[];
  params: readonly ParamSpec[];
  /** Output column names (f64 each, length n), in ABI order. */
  outputs: readonly string[];
  /** f64 slots of carried state; absent = stateless (chunking needs no state). */
  stateLen?: (p: KernelParams) => number;
  /** Bytes of temporary scratch per call; absent = none. */
  scratchBytes?: (n: number, p: KernelParams) => number;
  /** Leading positions that are NaN by construction (warm-up) on gap-free input. */
  lookback: (p: KernelParams) => number;
  /** Length-dependent rule a call must satisfy; returns the reason when violated. */
  checkLength?: (n: number, p: KernelParams) => string | undefined;
  /** Parameters `cgq bench kernels` uses when they differ from the defaults (e.g. window 1440). */
  benchParams?: KernelParams;
  /** Plain-TS reference: the same definition, used by tests and benchmarks as a cross-check. */
  reference: (inputs: readonly Float64Array[], p: KernelParams) => Float64Array[];
}
