// One IMF's sifting, PyEMD 1.10.2 semantics (EMD.emd inner loop), in caller scratch:
//  * envelopes: PyEMD's `_prepare_points_simple` mirrors nbsym = 2 extrema at each end (with its
//    "mirror about the first/last extremum or about the end point" rules and the fallback when a
//    mirrored point lands inside the signal), consecutive duplicate knot positions are dropped
//    keeping the later one, then cubic splines (./spline.ts) through the upper and lower knots;
//  * h <- h - (upper + lower)/2, in one pass per pairwise-sum leaf (<= 128 points, L1-hot):
//    evaluate both envelopes, subtract, scan the new h for extrema and zero crossings
//    (./extrema.ts), and accumulate the stop-rule sums with numpy's pairwise order;
//  * stop rules, selectable:
//      pyemd    (default): PyEMD's check_imf (any upper knot < 0 or lower knot > 0 -> no;
//               sum(h^2) < 1e-10 -> no; scaled variance < svar_thr, or sum((dh/h)^2) < std_thr,
//               or energy ratio < energy_ratio_thr -> yes) AND |#extrema - #zero crossings| < 2,
//               at most MAX_ITERATION - 1 siftings;
//      s-number (libeemd): stop before a sifting once the counts of maxima, minima and zero
//               crossings changed by at most 1 in total for S consecutive siftings and the
//               extrema and zero-crossing counts differ by at most 1; at most max_siftings.
//    In both, <= 2 extrema before a sifting means the residue is a trend (no IMF).
import { pwCombine, pwFold, pwLeaves, pwSum } from './pairwise';
import { exMaxBase, exMinBase, exNMax, exNMin, exNZero, meanScanRange, scanAll, scanFinish, scanStart } from './extrema';
import { evalLeaf } from './envelope';
import { spline3Eval, splineFewEval, splineSolve, splineWork } from './spline';
import {
  L_AC0, L_AC1, L_AS, L_AY, L_B2, L_BC0, L_BC1, L_BS, L_BUFL, L_BUFU, L_BY, L_D2, L_DL2, L_DU2, L_ENVL, L_ENVU,
  L_FST, L_H0, L_H1, L_LEAF, L_LS1, L_LS2, L_LS3, L_LS4, L_M2, L_MAX0, L_MAX1, L_MIN0, L_MIN1, L_SMALL, L_XI2,
} from './layout';

// Config block (f64 slots, caller memory).
export const CFG_STOP: i32 = 0; // 0 = pyemd, 1 = s-number
export const CFG_MAX_ITER: i32 = 1; // PyEMD MAX_ITERATION (1000)
export const CFG_STD_THR: i32 = 2; // 0.2
export const CFG_SVAR_THR: i32 = 3; // 0.001
export const CFG_ENERGY_THR: i32 = 4; // 0.2
export const CFG_TOTAL_POWER_THR: i32 = 5; // EMD end condition, 0.005
export const CFG_RANGE_THR: i32 = 6; // EMD end condition, 0.001
export const CFG_S_NUMBER: i32 = 7; // 4
export const CFG_MAX_SIFTINGS: i32 = 8; // 50
export const CFG_SLOTS: i32 = 9;

// Failure statuses (negative kernel returns).
export const ERR_SINGULAR: i32 = -1;
export const ERR_KNOTS: i32 = -2;
export const ERR_EDGE: i32 = -3;
export const ERR_ROWS: i32 = -4;
export const ERR_ARGS: i32 = -5;
export const ERR_EXTREMA: i32 = -6;

const NBSYM: i32 = 2;

@inline function cfg(c: usize, k: i32): f64 {
  return load<f64>(c + (<usize>k << 3));
}

// Extrema of the two proto-IMF buffers.
let bMaxBase0: i32 = 1, bMinBase0: i32 = 1, bNMax0: i32 = 0, bNMin0: i32 = 0, bNZ0: i32 = 0;
let bMaxBase1: i32 = 1, bMinBase1: i32 = 1, bNMax1: i32 = 0, bNMin1: i32 = 0, bNZ1: i32 = 0;

function saveScan(buf: i32): void {
  if (buf == 0) {
    bMaxBase0 = exMaxBase; bMinBase0 = exMinBase; bNMax0 = exNMax; bNMin0 = exNMin; bNZ0 = exNZero;
  } else {
    bMaxBase1 = exMaxBase; bMinBase1 = exMinBase; bNMax1 = exNMax; bNMin1 = exNMin; bNZ1 = exNZero;
  }
}

@inline function hBuf(buf: i32): usize {
  return buf == 0 ? L_H0 : L_H1;
}
@inline function maxBuf(buf: i32): usize {
  return buf == 0 ? L_MAX0 : L_MAX1;
}
@inline function minBuf(buf: i32): usize {
  return buf == 0 ? L_MIN0 : L_MIN1;
}

/** Scan buffer `buf` (h already written) for extrema. */
export function scanBuffer(buf: i32, n: i32): void {
  scanAll(hBuf(buf), n, maxBuf(buf), minBuf(buf));
  saveScan(buf);
}

/** Extrema count and zero crossings of a scanned buffer. */
export function bufExtNo(buf: i32): i32 {
  return buf == 0 ? bNMax0 + bNMin0 : bNMax1 + bNMin1;
}
export function bufNZero(buf: i32): i32 {
  return buf == 0 ? bNZ0 : bNZ1;
}
function bufNMax(buf: i32): i32 {
  return buf == 0 ? bNMax0 : bNMax1;
}
function bufNMin(buf: i32): i32 {
  return buf == 0 ? bNMin0 : bNMin1;
}

// ---------------------------------------------------------------------------------------------
// Knots (PyEMD _prepare_points_simple)

// Small index lists in L_SMALL: lmax, lmin, rmax, rmin (4 slots each).
const SL_LMAX: usize = 0;
const SL_LMIN: usize = 16;
const SL_RMAX: usize = 32;
const SL_RMIN: usize = 48;
let nLmax: i32 = 0, nLmin: i32 = 0, nRmax: i32 = 0, nRmin: i32 = 0;

// Envelope results.
let KA: i32 = 0; // upper knots
let KB: i32 = 0; // lower knots
let signOk: bool = true; // no upper knot < 0 and no lower knot > 0

@inline function slot(list: usize, k: i32): i32 {
  return load<i32>(L_SMALL + list + (<usize>k << 2));
}

/** list <- reversed(src[from:to]) (+ extra appended when extra >= 0, before reversing). */
function setRev(list: usize, src: usize, base: i32, from: i32, to: i32, extra: i32): i32 {
  let k = 0;
  const p = L_SMALL + list;
  if (extra >= 0) {
    store<i32>(p, extra);
    k = 1;
  }
  for (let i = to - 1; i >= from; i--) {
    store<i32>(p + (<usize>k << 2), load<i32>(src + (<usize>(base + i) << 2)));
    k++;
  }
  return k;
}

/** list <- src[from:to] reversed, then with `tail` appended (PyEMD's np.append(...[::-1], 0)). */
function setRevThen(list: usize, src: usize, base: i32, from: i32, to: i32, tail: i32): i32 {
  let k = 0;
  const p = L_SMALL + list;
  for (let i = to - 1; i >= from; i--) {
    store<i32>(p + (<usize>k << 2), load<i32>(src + (<usize>(base + i) << 2)));
    k++;
  }
  store<i32>(p + (<usize>k << 2), tail);
  return k + 1;
}

@inline function imin(a: i32, b: i32): i32 {
  return a < b ? a : b;
}
@inline function imax(a: i32, b: i32): i32 {
  return a > b ? a : b;
}

let kCount: i32 = 0;
let kXI: usize = 0; // lane of the interleaved positions (8 bytes per knot)
let kY: usize = 0;

/** Append a knot, dropping the earlier of two equal positions (np.delete of duplicates). */
@inline function pushKnot(pos: i32, val: f64): bool {
  if (kCount > 0) {
    const last = load<i32>(kXI + (<usize>(kCount - 1) << 3));
    if (pos == last) {
      store<f64>(kY + (<usize>(kCount - 1) << 3), val);
      return true;
    }
    if (pos < last) return false;
  }
  store<i32>(kXI + (<usize>kCount << 3), pos);
  store<f64>(kY + (<usize>kCount << 3), val);
  kCount++;
  return true;
}

/**
 * Knots of one envelope (e: 0 upper, 1 lower): mirrored left list, the real extrema, mirrored
 * right list, as positions (i32, lane e of the interleaved XI2) and values Y. Returns the knot
 * count or a negative status.
 */
function assemble(h: usize, e: i32, Y: usize, lsym: i32, lList: usize, nl: i32, real: usize, rbase: i32, nreal: i32,
  rsym: i32, rList: usize, nr: i32, isUpper: bool): i32 {
  kCount = 0;
  const XI = L_XI2 + (<usize>e << 2);
  kXI = XI;
  kY = Y;
  let ok = true;
  for (let k = 0; k < nl; k++) {
    const idx = slot(lList, k);
    ok = ok && pushKnot(2 * lsym - idx, load<f64>(h + (<usize>idx << 3)));
  }
  // Real extrema: strictly increasing, so only the junction needs the duplicate/order check. The
  // copy also runs check_imf's sign test on the real knots (two per f64x2 step).
  const first = load<i32>(real + (<usize>rbase << 2));
  ok = ok && pushKnot(first, load<f64>(h + (<usize>first << 3)));
  let kc = kCount;
  const zero = f64x2.splat(0.0);
  let bad = zero;
  let k = 1;
  for (; k + 1 < nreal; k += 2) {
    const q = real + (<usize>(rbase + k) << 2);
    const i0 = load<i32>(q);
    const i1 = load<i32>(q, 4);
    const yv = v128.load64_lane(h + (<usize>i1 << 3), v128.load64_splat(h + (<usize>i0 << 3)), 1);
    store<i32>(XI + (<usize>kc << 3), i0);
    store<i32>(XI + (<usize>kc << 3), i1, 8);
    v128.store(Y + (<usize>kc << 3), yv);
    bad = v128.or(bad, isUpper ? f64x2.lt(yv, zero) : f64x2.gt(yv, zero));
    kc += 2;
  }
  for (; k < nreal; k++) {
    const idx = load<i32>(real + (<usize>(rbase + k) << 2));
    const v = load<f64>(h + (<usize>idx << 3));
    store<i32>(XI + (<usize>kc << 3), idx);
    store<f64>(Y + (<usize>kc << 3), v);
    if (isUpper ? v < 0.0 : v > 0.0) signOk = false;
    kc++;
  }
  if (v128.any_true(bad)) signOk = false;
  kCount = kc;
  for (let k = 0; k < nr; k++) {
    const idx = slot(rList, k);
    ok = ok && pushKnot(2 * rsym - idx, load<f64>(h + (<usize>idx << 3)));
  }
  if (!ok) return ERR_KNOTS;
  const K = kCount;
  // check_imf's sign test on the mirrored knots and the first real one (the rest done above).
  for (let k = 0; k < K; k++) {
    if (k == nl + 1) k = K - nr - 1 > k ? K - nr - 1 : k;
    const y = load<f64>(Y + (<usize>k << 3));
    if (isUpper ? y < 0.0 : y > 0.0) {
      signOk = false;
      break;
    }
  }
  return K;
}

/** prepare_points + splines for buffer `buf`. Returns 0 or a negative status. */
export function envelopes(buf: i32, n: i32): i32 {
  const h = hBuf(buf);
  const IM = maxBuf(buf);
  const IN = minBuf(buf);
  const bM = buf == 0 ? bMaxBase0 : bMaxBase1;
  const bN = buf == 0 ? bMinBase0 : bMinBase1;
  const endMax = bufNMax(buf);
  const endMin = bufNMin(buf);
  if (endMax < 1 || endMin < 1) return ERR_EXTREMA;
  const im0 = load<i32>(IM + (<usize>bM << 2));
  const in0 = load<i32>(IN + (<usize>bN << 2));
  const imL = load<i32>(IM + (<usize>(bM + endMax - 1) << 2));
  const inL = load<i32>(IN + (<usize>(bN + endMin - 1) << 2));
  const S0 = load<f64>(h);
  const SL = load<f64>(h + (<usize>(n - 1) << 3));
  let lsym: i32, rsym: i32;
  // Left bound: mirror nbsym points.
  if (im0 < in0) {
    if (S0 > load<f64>(h + (<usize>in0 << 3))) {
      nLmax = setRev(SL_LMAX, IM, bM, 1, imin(endMax, NBSYM + 1), -1);
      nLmin = setRev(SL_LMIN, IN, bN, 0, imin(endMin, NBSYM), -1);
      lsym = im0;
    } else {
      nLmax = setRev(SL_LMAX, IM, bM, 0, imin(endMax, NBSYM), -1);
      nLmin = setRevThen(SL_LMIN, IN, bN, 0, imin(endMin, NBSYM - 1), 0);
      lsym = 0;
    }
  } else {
    if (S0 < load<f64>(h + (<usize>im0 << 3))) {
      nLmax = setRev(SL_LMAX, IM, bM, 0, imin(endMax, NBSYM), -1);
      nLmin = setRev(SL_LMIN, IN, bN, 1, imin(endMin, NBSYM + 1), -1);
      lsym = in0;
    } else {
      nLmax = setRevThen(SL_LMAX, IM, bM, 0, imin(endMax, NBSYM - 1), 0);
      nLmin = setRev(SL_LMIN, IN, bN, 0, imin(endMin, NBSYM), -1);
      lsym = 0;
    }
  }
  // Right bound.
  if (imL < inL) {
    if (SL < load<f64>(h + (<usize>imL << 3))) {
      nRmax = setRev(SL_RMAX, IM, bM, imax(endMax - NBSYM, 0), endMax, -1);
      nRmin = setRev(SL_RMIN, IN, bN, imax(endMin - NBSYM - 1, 0), endMin - 1, -1);
      rsym = inL;
    } else {
      nRmax = setRev(SL_RMAX, IM, bM, imax(endMax - NBSYM + 1, 0), endMax, n - 1);
      nRmin = setRev(SL_RMIN, IN, bN, imax(endMin - NBSYM, 0), endMin, -1);
      rsym = n - 1;
    }
  } else {
    if (SL > load<f64>(h + (<usize>inL << 3))) {
      nRmax = setRev(SL_RMAX, IM, bM, imax(endMax - NBSYM - 1, 0), endMax - 1, -1);
      nRmin = setRev(SL_RMIN, IN, bN, imax(endMin - NBSYM, 0), endMin, -1);
      rsym = imL;
    } else {
      nRmax = setRev(SL_RMAX, IM, bM, imax(endMax - NBSYM, 0), endMax, -1);
      nRmin = setRev(SL_RMIN, IN, bN, imax(endMin - NBSYM + 1, 0), endMin, n - 1);
      rsym = n - 1;
    }
  }
  // "In case any array missing": an empty list becomes the whole extrema list (unreversed).
  if (nLmin == 0) nLmin = copyAll(SL_LMIN, IN, bN, endMin);
  if (nRmin == 0) nRmin = copyAll(SL_RMIN, IN, bN, endMin);
  if (nLmax == 0) nLmax = copyAll(SL_LMAX, IM, bM, endMax);
  if (nRmax == 0) nRmax = copyAll(SL_RMAX, IM, bM, endMax);
  if (nLmin < 0 || nRmin < 0 || nLmax < 0 || nRmax < 0) return ERR_EXTREMA;
  // Mirrored points must lie outside the signal; otherwise mirror about the end point.
  if (2 * lsym - slot(SL_LMIN, 0) > 0 || 2 * lsym - slot(SL_LMAX, 0) > 0) {
    if (lsym == im0) nLmax = setRev(SL_LMAX, IM, bM, 0, imin(endMax, NBSYM), -1);
    else nLmin = setRev(SL_LMIN, IN, bN, 0, imin(endMin, NBSYM), -1);
    if (lsym == 0) return ERR_EDGE;
    lsym = 0;
  }
  if (2 * rsym - slot(SL_RMIN, nRmin - 1) < n - 1 || 2 * rsym - slot(SL_RMAX, nRmax - 1) < n - 1) {
    if (rsym == imL) nRmax = setRev(SL_RMAX, IM, bM, imax(endMax - NBSYM, 0), endMax, -1);
    else nRmin = setRev(SL_RMIN, IN, bN, imax(endMin - NBSYM, 0), endMin, -1);
    if (rsym == n - 1) return ERR_EDGE;
    rsym = n - 1;
  }
  signOk = true;
  const ka = assemble(h, 0, L_AY, lsym, SL_LMAX, nLmax, IM, bM, endMax, rsym, SL_RMAX, nRmax, true);
  if (ka < 0) return ka;
  const kb = assemble(h, 1, L_BY, lsym, SL_LMIN, nLmin, IN, bN, endMin, rsym, SL_RMIN, nRmin, false);
  if (kb < 0) return kb;
  KA = ka;
  KB = kb;
  splineWork(L_XI2, L_AY, L_AS, L_AC0, L_AC1, L_BY, L_BS, L_BC0, L_BC1, L_M2, L_DL2, L_D2, L_DU2, L_B2, L_FST);
  if (splineSolve(ka, kb) != 0) return ERR_SINGULAR;
  // Envelopes of <= 3 knots are evaluated over the whole array here (rare: near the trend).
  if (ka <= 3) fewEval(ka, L_XI2, L_AY, n, L_ENVU);
  if (kb <= 3) fewEval(kb, L_XI2 + 4, L_BY, n, L_ENVL);
  return 0;
}

function copyAll(list: usize, src: usize, base: i32, count: i32): i32 {
  if (count > 4) return -1;
  for (let k = 0; k < count; k++) store<i32>(L_SMALL + list + (<usize>k << 2), load<i32>(src + (<usize>(base + k) << 2)));
  return count;
}

function fewEval(K: i32, XI: usize, Y: usize, n: i32, out: usize): void {
  if (K == 3) spline3Eval(XI, Y, n, out);
  else splineFewEval(K, XI, Y, n, out);
}

/** The segment of a K > 3 spline holding point 0: the last j <= K-2 with x_j <= 0 (or 0). */
function firstSegment(K: i32, XI: usize): i32 {
  let j = 0;
  while (j < K - 2 && load<i32>(XI + (<usize>(j + 1) << 3)) <= 0) j++;
  return j;
}

// ---------------------------------------------------------------------------------------------
// The sifting pass

// Leaf results of the stop-rule sums.
let oldMax: f64 = 0.0;
let oldMin: f64 = 0.0;
/**
 * Some point has |h_new - h_old| >= 2|h_new|, i.e. a term (dh/h_new)^2 >= 4 of PyEMD's
 * sum((dh/h_new)**2): the terms are >= 0 and rounding keeps a pairwise sum of non-negative terms
 * >= each of them, so the sum is >= 4 and its test (< std_thr <= 4) fails without computing it.
 */
let bigRatio: bool = false;

/** Sum leaves of one block: sum(hn^2), sum((hn-ho)^2), sum(ho^2), and min/max of ho. */
function leafSums(ho: usize, hn: usize, m: i32, l: i32): void {
  const o1 = L_LS1 + (<usize>l << 3);
  const o2 = L_LS2 + (<usize>l << 3);
  const o3 = L_LS3 + (<usize>l << 3);
  let mx = oldMax;
  let mn = oldMin;
  if (m < 8) {
    let s1: f64 = -0.0, s2: f64 = -0.0, s3: f64 = -0.0;
    for (let i = 0; i < m; i++) {
      const a = load<f64>(ho + (<usize>i << 3));
      const b = load<f64>(hn + (<usize>i << 3));
      const d = b - a;
      s1 += b * b;
      s2 += d * d;
      s3 += a * a;
      if (a > mx) mx = a;
      if (a < mn) mn = a;
      if (Math.abs(d) >= 2.0 * Math.abs(b)) bigRatio = true;
    }
    store<f64>(o1, s1);
    store<f64>(o2, s2);
    store<f64>(o3, s3);
    oldMax = mx;
    oldMin = mn;
    return;
  }
  let a01 = v128.load(ho), a23 = v128.load(ho, 16), a45 = v128.load(ho, 32), a67 = v128.load(ho, 48);
  let b01 = v128.load(hn), b23 = v128.load(hn, 16), b45 = v128.load(hn, 32), b67 = v128.load(hn, 48);
  let vmx = f64x2.max(f64x2.max(a01, a23), f64x2.max(a45, a67));
  let vmn = f64x2.min(f64x2.min(a01, a23), f64x2.min(a45, a67));
  let p01 = f64x2.mul(b01, b01), p23 = f64x2.mul(b23, b23), p45 = f64x2.mul(b45, b45), p67 = f64x2.mul(b67, b67);
  let d01 = f64x2.sub(b01, a01), d23 = f64x2.sub(b23, a23), d45 = f64x2.sub(b45, a45), d67 = f64x2.sub(b67, a67);
  let q01 = f64x2.mul(d01, d01), q23 = f64x2.mul(d23, d23), q45 = f64x2.mul(d45, d45), q67 = f64x2.mul(d67, d67);
  let r01 = f64x2.mul(a01, a01), r23 = f64x2.mul(a23, a23), r45 = f64x2.mul(a45, a45), r67 = f64x2.mul(a67, a67);
  let big = v128.or(v128.or(bigLanes(d01, b01), bigLanes(d23, b23)), v128.or(bigLanes(d45, b45), bigLanes(d67, b67)));
  const main = m - (m & 7);
  let i = 8;
  for (; i < main; i += 8) {
    const po = ho + (<usize>i << 3);
    const pn = hn + (<usize>i << 3);
    a01 = v128.load(po); a23 = v128.load(po, 16); a45 = v128.load(po, 32); a67 = v128.load(po, 48);
    b01 = v128.load(pn); b23 = v128.load(pn, 16); b45 = v128.load(pn, 32); b67 = v128.load(pn, 48);
    vmx = f64x2.max(vmx, f64x2.max(f64x2.max(a01, a23), f64x2.max(a45, a67)));
    vmn = f64x2.min(vmn, f64x2.min(f64x2.min(a01, a23), f64x2.min(a45, a67)));
    p01 = f64x2.add(p01, f64x2.mul(b01, b01));
    p23 = f64x2.add(p23, f64x2.mul(b23, b23));
    p45 = f64x2.add(p45, f64x2.mul(b45, b45));
    p67 = f64x2.add(p67, f64x2.mul(b67, b67));
    d01 = f64x2.sub(b01, a01); d23 = f64x2.sub(b23, a23); d45 = f64x2.sub(b45, a45); d67 = f64x2.sub(b67, a67);
    q01 = f64x2.add(q01, f64x2.mul(d01, d01));
    q23 = f64x2.add(q23, f64x2.mul(d23, d23));
    q45 = f64x2.add(q45, f64x2.mul(d45, d45));
    q67 = f64x2.add(q67, f64x2.mul(d67, d67));
    r01 = f64x2.add(r01, f64x2.mul(a01, a01));
    r23 = f64x2.add(r23, f64x2.mul(a23, a23));
    r45 = f64x2.add(r45, f64x2.mul(a45, a45));
    r67 = f64x2.add(r67, f64x2.mul(a67, a67));
    big = v128.or(big, v128.or(v128.or(bigLanes(d01, b01), bigLanes(d23, b23)), v128.or(bigLanes(d45, b45), bigLanes(d67, b67))));
  }
  if (v128.any_true(big)) bigRatio = true;
  let s1 = pwFold(p01, p23, p45, p67);
  let s2 = pwFold(q01, q23, q45, q67);
  let s3 = pwFold(r01, r23, r45, r67);
  const lmx = Math.max(f64x2.extract_lane(vmx, 0), f64x2.extract_lane(vmx, 1));
  const lmn = Math.min(f64x2.extract_lane(vmn, 0), f64x2.extract_lane(vmn, 1));
  if (lmx > mx) mx = lmx;
  if (lmn < mn) mn = lmn;
  for (; i < m; i++) {
    const a = load<f64>(ho + (<usize>i << 3));
    const b = load<f64>(hn + (<usize>i << 3));
    const d = b - a;
    s1 += b * b;
    s2 += d * d;
    s3 += a * a;
    if (a > mx) mx = a;
    if (a < mn) mn = a;
    if (Math.abs(d) >= 2.0 * Math.abs(b)) bigRatio = true;
  }
  store<f64>(o1, s1);
  store<f64>(o2, s2);
  store<f64>(o3, s3);
  oldMax = mx;
  oldMin = mn;
}

/** Lanes where |d| >= 2|b| (a ratio term >= 4). */
@inline function bigLanes(d: v128, b: v128): v128 {
  return f64x2.ge(f64x2.abs(d), f64x2.mul(f64x2.splat(2.0), f64x2.abs(b)));
}

/** Leaf of np.sum((dh / hn) ** 2). */
function leafRelSq(ho: usize, hn: usize, m: i32): f64 {
  if (m < 8) {
    let res: f64 = -0.0;
    for (let i = 0; i < m; i++) {
      const b = load<f64>(hn + (<usize>i << 3));
      const q = (b - load<f64>(ho + (<usize>i << 3))) / b;
      res += q * q;
    }
    return res;
  }
  let r01 = relSq2(ho, hn, 0), r23 = relSq2(ho, hn, 2), r45 = relSq2(ho, hn, 4), r67 = relSq2(ho, hn, 6);
  const main = m - (m & 7);
  let i = 8;
  for (; i < main; i += 8) {
    r01 = f64x2.add(r01, relSq2(ho, hn, i));
    r23 = f64x2.add(r23, relSq2(ho, hn, i + 2));
    r45 = f64x2.add(r45, relSq2(ho, hn, i + 4));
    r67 = f64x2.add(r67, relSq2(ho, hn, i + 6));
  }
  let res = pwFold(r01, r23, r45, r67);
  for (; i < m; i++) {
    const b = load<f64>(hn + (<usize>i << 3));
    const q = (b - load<f64>(ho + (<usize>i << 3))) / b;
    res += q * q;
  }
  return res;
}

@inline function relSq2(ho: usize, hn: usize, i: i32): v128 {
  const b = v128.load(hn + (<usize>i << 3));
  const q = f64x2.div(f64x2.sub(b, v128.load(ho + (<usize>i << 3))), b);
  return f64x2.mul(q, q);
}

let sumNew2: f64 = 0.0;
let sumDiff2: f64 = 0.0;
let sumOld2: f64 = 0.0;

/**
 * h_new = h_old - (upper + lower)/2 from buffer `src` into the other buffer, one pairwise-sum leaf
 * (<= 128 points) at a time: both envelopes evaluated into leaf buffers, then one loop forms
 * h_new and scans it (./extrema.ts meanScanRange), and the leaf's stop-rule sums are taken while
 * the block is in L1.
 */
export function siftPass(src: i32, n: i32, leaves: i32, wantSums: bool): void {
  const dst = 1 - src;
  const ho = hBuf(src);
  const hn = hBuf(dst);
  scanStart(n, maxBuf(dst), minBuf(dst));
  oldMax = -Infinity;
  oldMin = Infinity;
  bigRatio = false;
  const ka = KA, kb = KB;
  const splA = ka > 3, splB = kb > 3;
  const xiA = L_XI2, xiB = L_XI2 + 4;
  let segA = splA ? firstSegment(ka, xiA) : 0;
  let segB = splB ? firstSegment(kb, xiB) : 0;
  for (let l = 0; l < leaves; l++) {
    const a = load<i32>(L_LEAF + (<usize>l << 2));
    const b = load<i32>(L_LEAF + (<usize>(l + 1) << 2));
    // Envelope values at point i: U + 8i, L + 8i (a leaf buffer shifted by -8a, or the full array).
    let U = L_ENVU, L = L_ENVL;
    if (splA) {
      segA = evalLeaf(ka, xiA, L_AY, L_AS - L_AY, segA, a, b, L_BUFU);
      U = L_BUFU - (<usize>a << 3);
    }
    if (splB) {
      segB = evalLeaf(kb, xiB, L_BY, L_BS - L_BY, segB, a, b, L_BUFL);
      L = L_BUFL - (<usize>a << 3);
    }
    meanScanRange(ho, hn, U, L, a, b);
    if (wantSums) leafSums(ho + (<usize>a << 3), hn + (<usize>a << 3), b - a, l);
  }
  scanFinish();
  saveScan(dst);
  if (wantSums) {
    sumNew2 = pwCombine(n, L_LS1);
    sumDiff2 = pwCombine(n, L_LS2);
    sumOld2 = pwCombine(n, L_LS3);
  }
}

/** PyEMD check_imf on the pass just made (sign test already folded into signOk). */
function checkImf(src: i32, n: i32, leaves: i32, c: usize): bool {
  if (!signOk) return false;
  if (sumNew2 < 1e-10) return false;
  if (sumDiff2 / (oldMax - oldMin) < cfg(c, CFG_SVAR_THR)) return true;
  const stdThr = cfg(c, CFG_STD_THR);
  if (!(bigRatio && stdThr <= 4.0)) {
    if (relSqSum(src, n, leaves) < stdThr) return true;
  }
  return sumDiff2 / sumOld2 < cfg(c, CFG_ENERGY_THR);
}

/** np.sum(((h_new - h_old) / h_new) ** 2) in numpy's pairwise order. */
function relSqSum(src: i32, n: i32, leaves: i32): f64 {
  const ho = hBuf(src);
  const hn = hBuf(1 - src);
  for (let l = 0; l < leaves; l++) {
    const a = load<i32>(L_LEAF + (<usize>l << 2));
    const b = load<i32>(L_LEAF + (<usize>(l + 1) << 2));
    store<f64>(L_LS4 + (<usize>l << 3), leafRelSq(ho + (<usize>a << 3), hn + (<usize>a << 3), b - a));
  }
  return pwCombine(n, L_LS4);
}

// Sifting results.
export let siftOut: i32 = 0; // buffer holding the IMF
export let siftTrend: bool = false; // stopped because the residue has <= 2 extrema
export let siftLastExtNo: i32 = 0; // extrema count of the last array scanned (PyEMD's extNo)
export let siftIters: i32 = 0; // siftings made
export let siftKnots: f64 = 0.0; // knots splined (work measure)

/**
 * Sift buffer 0 (already written and scanned) into an IMF. Returns 0 or a negative status; the
 * IMF is in buffer `siftOut`.
 */
export function siftImf(n: i32, c: usize): i32 {
  const leaves = pwLeaves(n, L_LEAF);
  let cur = 0;
  let extNo = bufExtNo(0);
  siftTrend = false;
  siftIters = 0;
  if (<i32>cfg(c, CFG_STOP) == 1) {
    const sNum = <i32>cfg(c, CFG_S_NUMBER);
    const maxS = <i32>cfg(c, CFG_MAX_SIFTINGS);
    let counter = 0;
    let sCount = 0;
    let pMax = -1000000, pMin = -1000000, pZ = -1000000;
    while (maxS == 0 || counter < maxS) {
      counter++;
      if (extNo <= 2) {
        siftTrend = true;
        break;
      }
      const cMax = bufNMax(cur), cMin = bufNMin(cur), cZ = bufNZero(cur);
      if (sNum > 0) {
        const diff = abs<i32>(cMax - pMax) + abs<i32>(cMin - pMin) + abs<i32>(cZ - pZ);
        if (diff <= 1) {
          sCount++;
          if (sCount >= sNum && abs<i32>(extNo - cZ) <= 1) break;
        } else {
          sCount = 0;
        }
      }
      pMax = cMax;
      pMin = cMin;
      pZ = cZ;
      const st = envelopes(cur, n);
      if (st != 0) return st;
      siftKnots += <f64>(KA + KB);
      siftPass(cur, n, leaves, false);
      siftIters++;
      cur = 1 - cur;
      extNo = bufExtNo(cur);
    }
  } else {
    const maxIter = <i32>cfg(c, CFG_MAX_ITER);
    let it = 0;
    while (true) {
      it++;
      if (it >= maxIter) break;
      if (extNo <= 2) {
        siftTrend = true;
        break;
      }
      const st = envelopes(cur, n);
      if (st != 0) return st;
      siftKnots += <f64>(KA + KB);
      siftPass(cur, n, leaves, signOk);
      siftIters++;
      extNo = bufExtNo(1 - cur);
      const f2 = abs<i32>(extNo - bufNZero(1 - cur)) < 2;
      const f1 = f2 && checkImf(cur, n, leaves, c);
      cur = 1 - cur;
      if (f1 && f2) break;
    }
  }
  siftOut = cur;
  siftLastExtNo = extNo;
  return 0;
}

/** Pairwise total of a whole array (exported for the drivers). */
export function sumAll(p: usize, n: i32): f64 {
  return pwSum(p, n);
}
