// PyEMD's "simple" extrema detection and zero-crossing count, as one streaming scan
// (EMD._find_extrema_simple in PyEMD 1.10.2):
//  * with d = diff(S): a minimum at i when d[i-1]*d[i] < 0 and d[i-1] < 0, a maximum when
//    d[i-1]*d[i] < 0 and d[i-1] > 0 (the products are computed, so an underflow to 0 hides an
//    extremum exactly as in numpy);
//  * flat runs (d[debs..fins-1] == 0) give one extremum at round((debs+fins)/2) (half to even) when
//    the slope before the run (d[debs-1]) is > 0 and the one after (d[fins]) < 0 (a maximum), or
//    d[debs-1] <= 0 and d[fins] > 0 (a minimum). PyEMD's quirks are kept: a run starting at
//    d-index 1 is dropped (a 1-based test ported to 0-based), a run starting at 0 reads
//    d[-1] = the LAST slope of the array, and a run reaching the end is dropped;
//  * zero crossings: #(S[i]*S[i+1] < 0) plus, when S has zeros, the number of runs of zeros.
// A scan is fed point ranges in order (`scanRange`) and closed with `scanFinish`. It writes
//  * the maxima and minima positions (i32, ascending) to two lists whose slot 0 is reserved for
//    the one extremum that can only be known at the end (the run at the start of the array);
//  * one flag byte per point (bit 0: maximum, bit 1: minimum), which the next envelope
//    evaluation turns into running knot counts.
// State lives in module globals (one kernel instance per worker).

let maxList: usize = 0;
let minList: usize = 0;
let flags: usize = 0;
let nMax: i32 = 0;
let nMin: i32 = 0;
let zc: i32 = 0;
let zruns: i32 = 0;
let vPrev: f64 = 0.0;
let dPrev: f64 = 0.0;
let inRun: bool = false;
let runStart: i32 = 0;
let dBefore: f64 = 0.0;
let frontFins: i32 = -1;
let frontAfter: f64 = 0.0;
let scanN: i32 = 0;

/** Results of the last finished scan. */
export let exMaxBase: i32 = 1;
export let exMinBase: i32 = 1;
export let exNMax: i32 = 0;
export let exNMin: i32 = 0;
/** Zero crossings as PyEMD counts them (len(indzer)). */
export let exNZero: i32 = 0;

/** np.round(k / 2.0) for an integer k >= 0 (half to even). */
@inline function halfRound(k: i32): i32 {
  const q = k >> 1;
  return q + (k & 1 & q);
}

/** Start a scan of n points writing lists and flags (lists hold n/2 + 2 i32 each). */
export function scanStart(n: i32, maxL: usize, minL: usize, fl: usize): void {
  maxList = maxL;
  minList = minL;
  flags = fl;
  scanN = n;
  nMax = 0;
  nMin = 0;
  zc = 0;
  zruns = 0;
  inRun = false;
  frontFins = -1;
  vPrev = 0.0;
  dPrev = 0.0;
}

@inline function pushMax(pos: i32): void {
  store<i32>(maxList + (<usize>(nMax + 1) << 2), pos);
  nMax++;
  store<u8>(flags + <usize>pos, load<u8>(flags + <usize>pos) | 1);
}

@inline function pushMin(pos: i32): void {
  store<i32>(minList + (<usize>(nMin + 1) << 2), pos);
  nMin++;
  store<u8>(flags + <usize>pos, load<u8>(flags + <usize>pos) | 2);
}

/** A flat run [debs, fins] of equal values ended at slope dAfter = d[fins] != 0. */
function runEnded(debs: i32, fins: i32, dAfter: f64): void {
  if (debs == 1) return;
  if (debs == 0) {
    frontFins = fins;
    frontAfter = dAfter;
    return;
  }
  const mid = halfRound(debs + fins);
  if (dBefore > 0.0) {
    if (dAfter < 0.0) pushMax(mid);
  } else if (dAfter > 0.0) {
    pushMin(mid);
  }
}

/** Scan points [from, to) of h (the caller feeds consecutive ranges starting at 0). */
export function scanRange(h: usize, from: i32, to: i32): void {
  let i = from;
  let vp = vPrev;
  let dp = dPrev;
  let cMax = nMax;
  let cMin = nMin;
  let z = zc;
  let zr = zruns;
  if (i == 0 && to > 0) {
    vp = load<f64>(h);
    zr += i32(vp == 0.0);
    i = 1;
  }
  for (; i < to; i++) {
    const v = load<f64>(h + (<usize>i << 3));
    const d = v - vp;
    z += i32(vp * v < 0.0);
    zr += i32(v == 0.0) & i32(vp != 0.0);
    // A strict extremum at i-1 (needs two slopes). Written branch-free: most points of a noisy
    // series are extrema, so a branch here would mispredict constantly.
    const p = dp * d;
    const ext = i32(p < 0.0) & i32(i >= 2);
    const isMin = ext & i32(dp < 0.0);
    const isMax = ext & i32(dp > 0.0);
    const pos = i - 1;
    store<i32>(maxList + (<usize>(cMax + 1) << 2), pos);
    store<i32>(minList + (<usize>(cMin + 1) << 2), pos);
    cMax += isMax;
    cMin += isMin;
    store<u8>(flags + <usize>pos, <u8>(isMax | (isMin << 1)));
    if (d == 0.0) {
      if (!inRun) {
        inRun = true;
        runStart = i - 1;
        dBefore = dp;
      }
    } else if (inRun) {
      inRun = false;
      nMax = cMax;
      nMin = cMin;
      runEnded(runStart, i - 1, d);
      cMax = nMax;
      cMin = nMin;
    }
    dp = d;
    vp = v;
  }
  vPrev = vp;
  dPrev = dp;
  nMax = cMax;
  nMin = cMin;
  zc = z;
  zruns = zr;
}

/** Close the scan: last flag byte, the deferred run at the start, the zero-crossing count. */
export function scanFinish(): void {
  const n = scanN;
  if (n > 0) store<u8>(flags + <usize>(n - 1), 0);
  exMaxBase = 1;
  exMinBase = 1;
  if (frontFins >= 0) {
    // d[debs - 1] with debs = 0 is numpy's d[-1]: the last slope of the array.
    const mid = halfRound(frontFins);
    if (dPrev > 0.0) {
      if (frontAfter < 0.0) {
        store<i32>(maxList, mid);
        exMaxBase = 0;
        nMax++;
        store<u8>(flags + <usize>mid, load<u8>(flags + <usize>mid) | 1);
      }
    } else if (frontAfter > 0.0) {
      store<i32>(minList, mid);
      exMinBase = 0;
      nMin++;
      store<u8>(flags + <usize>mid, load<u8>(flags + <usize>mid) | 2);
    }
  }
  exNMax = nMax;
  exNMin = nMin;
  exNZero = zc + zruns;
}

/** Scan a whole array. */
export function scanAll(h: usize, n: i32, maxL: usize, minL: usize, fl: usize): void {
  scanStart(n, maxL, minL, fl);
  scanRange(h, 0, n);
  scanFinish();
}
