// The one ABI every registry kernel exports (its name is `k_<registry name>`):
//
//   (ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize) => i32 status
//
// ins / outs  point to arrays of u32 byte offsets, one per input / output column (f64 unless the
//             registry says otherwise); every output has length n, warm-up positions are NaN.
// params      points to f64 values in registry order.
// state       points to the kernel's carried state (f64 slots, all zero = fresh) or is 0 for
//             stateless kernels; feeding a series in chunks with the same state block gives
//             exactly the batch result.
// scratch     points to temporary bytes (registry `scratchBytes`) or is 0.
//
// Kernels allocate nothing (runtime stub on shared memory) and never trap on bad parameters:
// they return a status the TS wrapper turns into a typed error naming the kernel and parameter.

export const STATUS_OK: i32 = 0;
/** A parameter is out of range; the parameter's index is in bits 8..15. */
export const STATUS_BAD_PARAM: i32 = 1;
/** The length is unusable for this kernel (e.g. window > n where that is undefined). */
export const STATUS_BAD_LENGTH: i32 = 2;

@inline export function badParam(index: i32): i32 {
  return STATUS_BAD_PARAM | (index << 8);
}

/** Byte offset of input/output column k. */
@inline export function col(table: usize, k: i32): usize {
  return <usize>load<u32>(table + (<usize>k << 2));
}

/** Parameter k (f64). */
@inline export function param(params: usize, k: i32): f64 {
  return load<f64>(params + (<usize>k << 3));
}

/** An integer parameter: finite, integral and within [lo, hi]; returns -1 when not. */
@inline export function intParam(params: usize, k: i32, lo: i32, hi: i32): i32 {
  const v = param(params, k);
  if (!isFinite(v) || v != Math.floor(v) || v < <f64>lo || v > <f64>hi) return -1;
  return <i32>v;
}

@inline export function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline export function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Reads and writes of carried-state slots. */
@inline export function sget(state: usize, k: i32): f64 {
  return load<f64>(state + (<usize>k << 3));
}

@inline export function sset(state: usize, k: i32, v: f64): void {
  store<f64>(state + (<usize>k << 3), v);
}

/** Largest window any kernel accepts (keeps state blocks and scratch bounded). */
export const MAX_WINDOW: i32 = 1 << 24;
