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
// A scan is fed point ranges in order (`scanRangeFast`: 8 points per step, handing steps with a
// zero value or a zero slope to the scalar `scanRange`, which owns those rules) and closed with
// `scanFinish`. It writes the maxima and minima positions (i32, ascending) to two lists whose
// slot 0 is reserved for the one extremum that can only be known at the end (the run at the
// start of the array). State lives in module globals (one kernel instance per worker).

import { meanSubtract } from './envelope';

let maxList: usize = 0;
let minList: usize = 0;
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

/** i32 slots a list needs for n points: the extrema, slot 0, and 8 of slack for block writes. */
@inline export function listSlots(n: i32): i32 {
  return (n >> 1) + 16;
}

/** np.round(k / 2.0) for an integer k >= 0 (half to even). */
@inline function halfRound(k: i32): i32 {
  const q = k >> 1;
  return q + (k & 1 & q);
}

/** Start a scan of n points writing the lists (listSlots(n) i32 each). */
export function scanStart(n: i32, maxL: usize, minL: usize): void {
  maxList = maxL;
  minList = minL;
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
}

@inline function pushMin(pos: i32): void {
  store<i32>(minList + (<usize>(nMin + 1) << 2), pos);
  nMin++;
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

/** Scan points [from, to) of h, one at a time (the caller feeds consecutive ranges from 0). */
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
    // A strict extremum at i-1 (needs two slopes), branch-free: the slots are written
    // unconditionally and the counts advance only for an extremum.
    const p = dp * d;
    const ext = i32(p < 0.0) & i32(i >= 2);
    const pos = i - 1;
    store<i32>(maxList + (<usize>(cMax + 1) << 2), pos);
    store<i32>(minList + (<usize>(cMin + 1) << 2), pos);
    cMax += ext & i32(dp > 0.0);
    cMin += ext & i32(dp < 0.0);
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

/** Offsets (bytes) of the set bits of every 8-bit mask, in order: the compress table. */
const COMPRESS = memory.data<u64>([
  0x0000000000000000, 0x0000000000000000, 0x0000000000000001, 0x0000000000000100,
  0x0000000000000002, 0x0000000000000200, 0x0000000000000201, 0x0000000000020100,
  0x0000000000000003, 0x0000000000000300, 0x0000000000000301, 0x0000000000030100,
  0x0000000000000302, 0x0000000000030200, 0x0000000000030201, 0x0000000003020100,
  0x0000000000000004, 0x0000000000000400, 0x0000000000000401, 0x0000000000040100,
  0x0000000000000402, 0x0000000000040200, 0x0000000000040201, 0x0000000004020100,
  0x0000000000000403, 0x0000000000040300, 0x0000000000040301, 0x0000000004030100,
  0x0000000000040302, 0x0000000004030200, 0x0000000004030201, 0x0000000403020100,
  0x0000000000000005, 0x0000000000000500, 0x0000000000000501, 0x0000000000050100,
  0x0000000000000502, 0x0000000000050200, 0x0000000000050201, 0x0000000005020100,
  0x0000000000000503, 0x0000000000050300, 0x0000000000050301, 0x0000000005030100,
  0x0000000000050302, 0x0000000005030200, 0x0000000005030201, 0x0000000503020100,
  0x0000000000000504, 0x0000000000050400, 0x0000000000050401, 0x0000000005040100,
  0x0000000000050402, 0x0000000005040200, 0x0000000005040201, 0x0000000504020100,
  0x0000000000050403, 0x0000000005040300, 0x0000000005040301, 0x0000000504030100,
  0x0000000005040302, 0x0000000504030200, 0x0000000504030201, 0x0000050403020100,
  0x0000000000000006, 0x0000000000000600, 0x0000000000000601, 0x0000000000060100,
  0x0000000000000602, 0x0000000000060200, 0x0000000000060201, 0x0000000006020100,
  0x0000000000000603, 0x0000000000060300, 0x0000000000060301, 0x0000000006030100,
  0x0000000000060302, 0x0000000006030200, 0x0000000006030201, 0x0000000603020100,
  0x0000000000000604, 0x0000000000060400, 0x0000000000060401, 0x0000000006040100,
  0x0000000000060402, 0x0000000006040200, 0x0000000006040201, 0x0000000604020100,
  0x0000000000060403, 0x0000000006040300, 0x0000000006040301, 0x0000000604030100,
  0x0000000006040302, 0x0000000604030200, 0x0000000604030201, 0x0000060403020100,
  0x0000000000000605, 0x0000000000060500, 0x0000000000060501, 0x0000000006050100,
  0x0000000000060502, 0x0000000006050200, 0x0000000006050201, 0x0000000605020100,
  0x0000000000060503, 0x0000000006050300, 0x0000000006050301, 0x0000000605030100,
  0x0000000006050302, 0x0000000605030200, 0x0000000605030201, 0x0000060503020100,
  0x0000000000060504, 0x0000000006050400, 0x0000000006050401, 0x0000000605040100,
  0x0000000006050402, 0x0000000605040200, 0x0000000605040201, 0x0000060504020100,
  0x0000000006050403, 0x0000000605040300, 0x0000000605040301, 0x0000060504030100,
  0x0000000605040302, 0x0000060504030200, 0x0000060504030201, 0x0006050403020100,
  0x0000000000000007, 0x0000000000000700, 0x0000000000000701, 0x0000000000070100,
  0x0000000000000702, 0x0000000000070200, 0x0000000000070201, 0x0000000007020100,
  0x0000000000000703, 0x0000000000070300, 0x0000000000070301, 0x0000000007030100,
  0x0000000000070302, 0x0000000007030200, 0x0000000007030201, 0x0000000703020100,
  0x0000000000000704, 0x0000000000070400, 0x0000000000070401, 0x0000000007040100,
  0x0000000000070402, 0x0000000007040200, 0x0000000007040201, 0x0000000704020100,
  0x0000000000070403, 0x0000000007040300, 0x0000000007040301, 0x0000000704030100,
  0x0000000007040302, 0x0000000704030200, 0x0000000704030201, 0x0000070403020100,
  0x0000000000000705, 0x0000000000070500, 0x0000000000070501, 0x0000000007050100,
  0x0000000000070502, 0x0000000007050200, 0x0000000007050201, 0x0000000705020100,
  0x0000000000070503, 0x0000000007050300, 0x0000000007050301, 0x0000000705030100,
  0x0000000007050302, 0x0000000705030200, 0x0000000705030201, 0x0000070503020100,
  0x0000000000070504, 0x0000000007050400, 0x0000000007050401, 0x0000000705040100,
  0x0000000007050402, 0x0000000705040200, 0x0000000705040201, 0x0000070504020100,
  0x0000000007050403, 0x0000000705040300, 0x0000000705040301, 0x0000070504030100,
  0x0000000705040302, 0x0000070504030200, 0x0000070504030201, 0x0007050403020100,
  0x0000000000000706, 0x0000000000070600, 0x0000000000070601, 0x0000000007060100,
  0x0000000000070602, 0x0000000007060200, 0x0000000007060201, 0x0000000706020100,
  0x0000000000070603, 0x0000000007060300, 0x0000000007060301, 0x0000000706030100,
  0x0000000007060302, 0x0000000706030200, 0x0000000706030201, 0x0000070603020100,
  0x0000000000070604, 0x0000000007060400, 0x0000000007060401, 0x0000000706040100,
  0x0000000007060402, 0x0000000706040200, 0x0000000706040201, 0x0000070604020100,
  0x0000000007060403, 0x0000000706040300, 0x0000000706040301, 0x0000070604030100,
  0x0000000706040302, 0x0000070604030200, 0x0000070604030201, 0x0007060403020100,
  0x0000000000070605, 0x0000000007060500, 0x0000000007060501, 0x0000000706050100,
  0x0000000007060502, 0x0000000706050200, 0x0000000706050201, 0x0000070605020100,
  0x0000000007060503, 0x0000000706050300, 0x0000000706050301, 0x0000070605030100,
  0x0000000706050302, 0x0000070605030200, 0x0000070605030201, 0x0007060503020100,
  0x0000000007060504, 0x0000000706050400, 0x0000000706050401, 0x0000070605040100,
  0x0000000706050402, 0x0000070605040200, 0x0000070605040201, 0x0007060504020100,
  0x0000000706050403, 0x0000070605040300, 0x0000070605040301, 0x0007060504030100,
  0x0000070605040302, 0x0007060504030200, 0x0007060504030201, 0x0706050403020100,
]);

/** f64x2.splat(0.5), loaded (a constant is rematerialised in every loop iteration). */
const HALF = memory.data<f64>([0.5, 0.5]);

/** Append base + (offsets of the set bits of m) to a list at count cnt (writes 8 slots). */
@inline function compress(list: usize, cnt: i32, m: i32, base: v128): void {
  const w = i16x8.extend_low_i8x16_u(v128.load64_zero(COMPRESS + (<usize>m << 3)));
  const q = list + (<usize>(cnt + 1) << 2);
  v128.store(q, i32x4.add(i32x4.extend_low_i16x8_u(w), base));
  v128.store(q, i32x4.add(i32x4.extend_high_i16x8_u(w), base), 16);
}

/** [a.1, b.0]: the previous point (or slope) of each lane of b. */
@inline function prevLanes(a: v128, b: v128): v128 {
  return v128.shuffle<u8>(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
}

@inline function pairMask(v: v128): i32 {
  return i64x2.bitmask(v);
}

/**
 * Scan points [from, to) of h (ranges in order from 0), 8 points per step from the first multiple
 * of 8 that is >= 8. A step with a zero value or a zero slope, or inside a flat run, goes to the
 * scalar scan. Per step: slopes d, extremum lanes (d_prev * d < 0, the type from the sign of d),
 * positions compressed into the lists through the table, zero crossings (v_prev * v < 0) counted.
 */
export function scanRangeFast(h: usize, from: i32, to: i32): void {
  scanCore(h, 0, 0, 0, from, to, false);
}

/**
 * h_new = h_old - 0.5*(U + L) on points [from, to) (envelope values at U + 8i and L + 8i;
 * ./envelope.ts meanSubtract's operations), written to hn and scanned in the same pass.
 */
export function meanScanRange(ho: usize, hn: usize, U: usize, L: usize, from: i32, to: i32): void {
  scanCore(hn, ho, U, L, from, to, true);
}

@inline function scanCore(h: usize, ho: usize, U: usize, L: usize, from: i32, to: i32, mean: bool): void {
  let i = from;
  let head = i < 8 ? 8 - i : (8 - (i & 7)) & 7;
  if (head > to - i) head = to - i;
  if (head > 0) {
    if (mean) meanSubtract(ho, h, U, L, i, i + head);
    scanRange(h, i, i + head);
    i += head;
  }
  if (i + 8 > to) {
    if (i < to) {
      if (mean) meanSubtract(ho, h, U, L, i, to);
      scanRange(h, i, to);
    }
    return;
  }
  let cMax = nMax, cMin = nMin;
  let pv = f64x2.splat(vPrev);
  let pd = f64x2.splat(dPrev);
  let zacc = i64x2.splat(0);
  let run = inRun;
  const maxL = maxList, minL = minList;
  const zero = f64x2.splat(0.0);
  const half = v128.load(HALF);
  for (; i + 8 <= to; i += 8) {
    const o = <usize>i << 3;
    const p = h + o;
    // Two points per step, streaming (few live registers); lanes are positions i-1 .. i+6.
    let pv1 = pv, pd1 = pd;
    let zs = zero;
    let zb = i64x2.splat(0);
    let ext = 0, neg = 0;
    {
      // Points i+0, i+1: their values v, previous values q, slopes in (d) and before (e).
      let v: v128;
      if (mean) {
        v = f64x2.sub(v128.load(ho + o, 0), f64x2.mul(half, f64x2.add(v128.load(U + o, 0), v128.load(L + o, 0))));
        v128.store(p, v, 0);
      } else {
        v = v128.load(p, 0);
      }
      const q = prevLanes(pv1, v);
      const d = f64x2.sub(v, q);
      const e = prevLanes(pd1, d);
      zs = v128.or(zs, v128.or(f64x2.eq(d, zero), f64x2.eq(v, zero)));
      ext |= pairMask(f64x2.lt(f64x2.mul(e, d), zero));
      neg |= pairMask(d);
      zb = i64x2.sub(zb, f64x2.lt(f64x2.mul(q, v), zero));
      pv1 = v;
      pd1 = d;
    }
    {
      // Points i+2, i+3: their values v, previous values q, slopes in (d) and before (e).
      let v: v128;
      if (mean) {
        v = f64x2.sub(v128.load(ho + o, 16), f64x2.mul(half, f64x2.add(v128.load(U + o, 16), v128.load(L + o, 16))));
        v128.store(p, v, 16);
      } else {
        v = v128.load(p, 16);
      }
      const q = prevLanes(pv1, v);
      const d = f64x2.sub(v, q);
      const e = prevLanes(pd1, d);
      zs = v128.or(zs, v128.or(f64x2.eq(d, zero), f64x2.eq(v, zero)));
      ext |= pairMask(f64x2.lt(f64x2.mul(e, d), zero)) << 2;
      neg |= pairMask(d) << 2;
      zb = i64x2.sub(zb, f64x2.lt(f64x2.mul(q, v), zero));
      pv1 = v;
      pd1 = d;
    }
    {
      // Points i+4, i+5: their values v, previous values q, slopes in (d) and before (e).
      let v: v128;
      if (mean) {
        v = f64x2.sub(v128.load(ho + o, 32), f64x2.mul(half, f64x2.add(v128.load(U + o, 32), v128.load(L + o, 32))));
        v128.store(p, v, 32);
      } else {
        v = v128.load(p, 32);
      }
      const q = prevLanes(pv1, v);
      const d = f64x2.sub(v, q);
      const e = prevLanes(pd1, d);
      zs = v128.or(zs, v128.or(f64x2.eq(d, zero), f64x2.eq(v, zero)));
      ext |= pairMask(f64x2.lt(f64x2.mul(e, d), zero)) << 4;
      neg |= pairMask(d) << 4;
      zb = i64x2.sub(zb, f64x2.lt(f64x2.mul(q, v), zero));
      pv1 = v;
      pd1 = d;
    }
    {
      // Points i+6, i+7: their values v, previous values q, slopes in (d) and before (e).
      let v: v128;
      if (mean) {
        v = f64x2.sub(v128.load(ho + o, 48), f64x2.mul(half, f64x2.add(v128.load(U + o, 48), v128.load(L + o, 48))));
        v128.store(p, v, 48);
      } else {
        v = v128.load(p, 48);
      }
      const q = prevLanes(pv1, v);
      const d = f64x2.sub(v, q);
      const e = prevLanes(pd1, d);
      zs = v128.or(zs, v128.or(f64x2.eq(d, zero), f64x2.eq(v, zero)));
      ext |= pairMask(f64x2.lt(f64x2.mul(e, d), zero)) << 6;
      neg |= pairMask(d) << 6;
      zb = i64x2.sub(zb, f64x2.lt(f64x2.mul(q, v), zero));
      pv1 = v;
      pd1 = d;
    }
    // The step's extrema go to the lists before the zero test (slots past the counts are free to
    // write, and the scalar path rewrites them): the masks are then consumed in straight-line
    // code, which keeps V8 from sinking their computation past the branch and spilling the slopes
    // (one-off paired A/B, not part of bench/: EMD 1–1.5 % faster at n = 32,000–129,600, CEEMDAN
    // t20 1.5–4.6 % at n = 8,000–32,000; same bytes).
    const maxM = ext & neg;
    const minM = ext & ~neg;
    const base = i32x4.splat(i - 1);
    compress(maxL, cMax, maxM, base);
    compress(minL, cMin, minM, base);
    if (run || v128.any_true(zs)) {
      nMax = cMax;
      nMin = cMin;
      vPrev = f64x2.extract_lane(pv, 1);
      dPrev = f64x2.extract_lane(pd, 1);
      scanRange(h, i, i + 8);
      cMax = nMax;
      cMin = nMin;
      run = inRun;
      pv = f64x2.splat(vPrev);
      pd = f64x2.splat(dPrev);
      continue;
    }
    zacc = i64x2.add(zacc, zb);
    cMax += popcnt<i32>(maxM);
    cMin += popcnt<i32>(minM);
    pv = pv1;
    pd = pd1;
  }
  zc += <i32>(i64x2.extract_lane(zacc, 0) + i64x2.extract_lane(zacc, 1));
  nMax = cMax;
  nMin = cMin;
  vPrev = f64x2.extract_lane(pv, 1);
  dPrev = f64x2.extract_lane(pd, 1);
  if (i < to) {
    if (mean) meanSubtract(ho, h, U, L, i, to);
    scanRange(h, i, to);
  }
}

/** Close the scan: the deferred run at the start, the zero-crossing count. */
export function scanFinish(): void {
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
      }
    } else if (frontAfter > 0.0) {
      store<i32>(minList, mid);
      exMinBase = 0;
      nMin++;
    }
  }
  exNMax = nMax;
  exNMin = nMin;
  exNZero = zc + zruns;
}

/** Scan a whole array. */
export function scanAll(h: usize, n: i32, maxL: usize, minL: usize): void {
  scanStart(n, maxL, minL);
  scanRangeFast(h, 0, n);
  scanFinish();
}
