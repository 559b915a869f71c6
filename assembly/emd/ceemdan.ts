// Kernel entry points of EMD and CEEMDAN (exported from assembly/index.ts as emd_* / ceemdan_*).
// All memory is the caller's: `scratch` holds emd_scratch_bytes(n) (see ./layout.ts), `cfg` the
// CFG_SLOTS f64 stopping settings (./sift.ts), generator states EMD_STATE_BYTES (./emd.ts).
// Negative returns are failure statuses (./sift.ts ERR_*).
//
// CEEMDAN (PyEMD 1.10.2, Colominas 2014 variant) is orchestrated in TS (src/emd/ceemdan.ts); the
// kernels here are its units of work:
//  * a noise realisation advances by one row per stage with emd_next on its own generator;
//  * a trial decomposes  x = prev + coef * (noise_row / s0)  with max_imf = 1 and returns the row
//    the stage needs (row 0 for the first IMF, the last row for the local mean of later ones);
//  * the stop test decomposes the residue with max_imf = 1 and reports how many rows it gave.
import { EMD_STATE_BYTES, emdImfs, emdInit, emdKnots, emdNext, emdSifts } from './emd';
import { L_ACC, L_MAX0, L_MIN0, L_ROW, L_SIG, L_SMALL, emdScratchBytes, layoutFor } from './layout';
import { exMaxBase, exMinBase, exNMax, exNMin, exNZero, scanAll } from './extrema';
import { npStd, pwSum, pwSumAbs } from './pairwise';
import { CFG_SLOTS, ERR_ARGS, ERR_ROWS } from './sift';
import { setSolveSplit, splitCount, splitFallbacks } from './spline';

let lastSifts: f64 = 0.0;
let lastKnots: f64 = 0.0;
let lastImfs: i32 = 0;

@inline function tempState(): usize {
  return L_SMALL + 128;
}

function noteStats(state: usize): void {
  lastSifts = emdSifts(state);
  lastKnots = emdKnots(state);
  lastImfs = emdImfs(state);
}

/** Bytes of scratch an EMD of n samples needs. */
export function emd_scratch_bytes(n: i32): usize {
  return emdScratchBytes(n);
}

/** Bytes of one generator state. */
export function emd_state_bytes(): i32 {
  return EMD_STATE_BYTES;
}

/** f64 slots of the stopping-settings block. */
export function emd_cfg_slots(): i32 {
  return CFG_SLOTS;
}

/** Siftings and knots of the last emd_rows / ceemdan_trial / ceemdan_test call. */
export function emd_last_sifts(): f64 {
  return lastSifts;
}
export function emd_last_knots(): f64 {
  return lastKnots;
}
/** IMFs (rows before the residue) of the last emd_rows call. */
export function emd_last_imfs(): i32 {
  return lastImfs;
}

/** Start a generator over S (n) with acc (n) as its running IMF sum. */
export function emd_init(state: usize, S: usize, acc: usize, n: i32, maxImf: i32): void {
  emdInit(state, S, acc, n, maxImf);
}

/** Next row of a generator into out: 1 written, 0 finished, < 0 failure. */
export function emd_next(state: usize, cfg: usize, out: usize, scratch: usize): i32 {
  const r = emdNext(state, cfg, out, scratch);
  noteStats(state);
  return r;
}

/** Siftings / knots a generator has made so far. */
export function emd_state_sifts(state: usize): f64 {
  return emdSifts(state);
}
export function emd_state_knots(state: usize): f64 {
  return emdKnots(state);
}

/**
 * Full EMD of x (n) into out (maxRows rows of n, row-major: IMFs then the residue). Returns the
 * row count or a negative status (ERR_ROWS when more than maxRows rows would be needed).
 */
export function emd_rows(x: usize, n: i32, maxImf: i32, cfg: usize, out: usize, maxRows: i32, scratch: usize): i32 {
  if (n < 1) return ERR_ARGS;
  layoutFor(scratch, n);
  const state = tempState();
  emdInit(state, x, L_ACC, n, maxImf);
  let rows = 0;
  while (true) {
    const dst = rows < maxRows ? out + <usize>rows * (<usize>n << 3) : L_ROW;
    const r = emdNext(state, cfg, dst, scratch);
    if (r < 0) return r;
    if (r == 0) break;
    if (rows >= maxRows) return ERR_ROWS;
    rows++;
  }
  noteStats(state);
  return rows;
}

/**
 * One CEEMDAN trial: x = prev + coef * (noise / s0) (x = prev when noise is 0), EMD with
 * max_imf = 1; writes row 0 (mode 0) or the last row (mode 1) to out. Returns the number of rows
 * the EMD gave (0 = none, out untouched) or a negative status.
 */
export function ceemdan_trial(prev: usize, noise: usize, n: i32, s0: f64, coef: f64, mode: i32, out: usize, cfg: usize, scratch: usize): i32 {
  if (n < 1) return ERR_ARGS;
  layoutFor(scratch, n);
  const sig = L_SIG;
  if (noise != 0) {
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 3;
      store<f64>(sig + o, load<f64>(prev + o) + coef * (load<f64>(noise + o) / s0));
    }
  } else {
    memory.copy(sig, prev, <usize>n << 3);
  }
  const state = tempState();
  emdInit(state, sig, L_ACC, n, 1);
  const r1 = emdNext(state, cfg, mode == 0 ? out : L_ROW, scratch);
  if (r1 <= 0 || mode == 0) {
    noteStats(state);
    return r1;
  }
  const r2 = emdNext(state, cfg, out, scratch);
  noteStats(state);
  if (r2 < 0) return r2;
  if (r2 == 0) memory.copy(out, L_ROW, <usize>n << 3);
  return 1 + r2;
}

/** CEEMDAN's stop test: rows of EMD(R, max_imf = 1) (the stage stops when this is 1). */
export function ceemdan_test(R: usize, n: i32, cfg: usize, scratch: usize): i32 {
  if (n < 1) return ERR_ARGS;
  layoutFor(scratch, n);
  const state = tempState();
  emdInit(state, R, L_ACC, n, 1);
  const r1 = emdNext(state, cfg, L_ROW, scratch);
  if (r1 <= 0) {
    noteStats(state);
    return r1;
  }
  const r2 = emdNext(state, cfg, L_ROW, scratch);
  noteStats(state);
  if (r2 < 0) return r2;
  return 1 + r2;
}

/** np.std(x) (population), numpy's pairwise order. */
export function emd_std(x: usize, n: i32): f64 {
  return npStd(x, n);
}

/** np.sum(x), numpy's pairwise order. */
export function emd_sum(x: usize, n: i32): f64 {
  return pwSum(x, n);
}

/** np.sum(np.abs(x)), numpy's pairwise order. */
export function emd_sum_abs(x: usize, n: i32): f64 {
  return pwSumAbs(x, n);
}

/**
 * PyEMD's simple extrema and zero crossings of x (n >= 1): writes i32 [nMax, nMin, nZero], then
 * the maxima positions, then the minima positions, to out (3 + n i32 is always enough).
 */
export function emd_find_extrema(x: usize, n: i32, out: usize, scratch: usize): void {
  layoutFor(scratch, n);
  scanAll(x, n, L_MAX0, L_MIN0);
  store<i32>(out, exNMax);
  store<i32>(out, exNMin, 4);
  store<i32>(out, exNZero, 8);
  memory.copy(out + 12, L_MAX0 + (<usize>exMaxBase << 2), <usize>exNMax << 2);
  memory.copy(out + 12 + (<usize>exNMax << 2), L_MIN0 + (<usize>exMinBase << 2), <usize>exNMin << 2);
}

/**
 * How the envelope solves split their dependency chains (./spline.ts setSolveSplit; the output
 * bits never depend on it): chains of at least `minSteps` steps, `warm` warm-up steps.
 */
export function emd_set_solve_split(minSteps: i32, warm: i32): void {
  setSolveSplit(minSteps, warm);
}

/** Solve chains split so far in this instance (which 0), or of those the ones finished as one chain (which 1). */
export function emd_solve_splits(which: i32): f64 {
  return which == 0 ? splitCount : splitFallbacks;
}
