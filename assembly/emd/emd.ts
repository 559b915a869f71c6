// PyEMD 1.10.2's EMD.emd as a resumable row generator: each `emdNext` call produces the next row
// of the output (an IMF, or the final residue) so a long decomposition can be advanced one IMF at
// a time (CEEMDAN's noise realisations advance one IMF per stage). The rules reproduced:
//  * IMF k sifts the residue S - (IMF_0 + ... + IMF_{k-1}) (sum taken in row order, as
//    np.sum(axis=0) does);
//  * after each IMF the decomposition ends when the new residue's range < range_thr, or
//    sum|residue| < total_power_thr (pairwise), or max_imf IMFs exist;
//  * "trend": when the array about to be sifted has <= 2 extrema, that IMF is not kept, and the
//    last IMF is also dropped when the final sifting left <= 2 extrema (PyEMD's `extNo <= 2` test
//    after the loop);
//  * the residue S - sum(IMFs) is appended unless it is allclose to 0 (every |r| <= 1e-8).
//
// Generator state (caller memory, EMD_STATE_BYTES): i32 n, maxImf, imfNo, phase, S ptr, acc ptr,
// siftings of the last IMF, rows emitted; f64 total siftings, total knots splined.
import { L_H0, L_H1, L_LEAF, L_LS1, layoutFor } from './layout';
import { pwCombine, pwLeaves, pwFold } from './pairwise';
import { CFG_RANGE_THR, CFG_TOTAL_POWER_THR, ERR_ARGS, scanBuffer, siftImf, siftIters, siftKnots, siftLastExtNo, siftOut, siftTrend } from './sift';

export const EMD_STATE_BYTES: i32 = 64;
const ST_N: usize = 0;
const ST_MAXIMF: usize = 4;
const ST_IMFNO: usize = 8;
const ST_PHASE: usize = 12;
const ST_S: usize = 16;
const ST_ACC: usize = 20;
const ST_LASTSIFTS: usize = 24;
const ST_ROWS: usize = 28;
const ST_SIFTS: usize = 32;
const ST_KNOTS: usize = 40;

const PHASE_IMF: i32 = 0;
const PHASE_RESIDUE: i32 = 1;
const PHASE_DONE: i32 = 2;

/** Start a decomposition of S (n samples) with `acc` (n f64) as the running sum of IMFs. */
export function emdInit(state: usize, S: usize, acc: usize, n: i32, maxImf: i32): void {
  store<i32>(state + ST_N, n);
  store<i32>(state + ST_MAXIMF, maxImf);
  store<i32>(state + ST_IMFNO, 0);
  store<i32>(state + ST_PHASE, PHASE_IMF);
  store<u32>(state + ST_S, <u32>S);
  store<u32>(state + ST_ACC, <u32>acc);
  store<i32>(state + ST_LASTSIFTS, 0);
  store<i32>(state + ST_ROWS, 0);
  store<f64>(state + ST_SIFTS, 0.0);
  store<f64>(state + ST_KNOTS, 0.0);
}

/** out <- S - acc (or S when no IMF was kept yet); returns true when allclose(out, 0). */
function residueInto(S: usize, acc: usize, useAcc: bool, n: i32, out: usize): bool {
  // Two points per f64x2 step (the same subtraction per point); `big` collects lanes with |r| > 1e-8 or NaN.
  const tol = f64x2.splat(1e-8);
  let big = v128.splat<i64>(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    const r = useAcc ? f64x2.sub(v128.load(S + o), v128.load(acc + o)) : v128.load(S + o);
    v128.store(out + o, r);
    big = v128.or(big, v128.not(f64x2.le(f64x2.abs(r), tol)));
  }
  let small = !v128.any_true(big);
  if (i < n) {
    const o = <usize>i << 3;
    const r = useAcc ? load<f64>(S + o) - load<f64>(acc + o) : load<f64>(S + o);
    store<f64>(out + o, r);
    small = small && Math.abs(r) <= 1e-8;
  }
  return small;
}

/** The end condition after a new IMF: range and pairwise sum|S - (acc + imf)|. */
function endCondition(S: usize, acc: usize, imf: usize, first: bool, n: i32, c: usize): bool {
  const leaves = pwLeaves(n, L_LEAF);
  let mx = -Infinity;
  let mn = Infinity;
  for (let l = 0; l < leaves; l++) {
    const a = load<i32>(L_LEAF + (<usize>l << 2));
    const b = load<i32>(L_LEAF + (<usize>(l + 1) << 2));
    const m = b - a;
    // Leaf of np.sum(np.abs(tmp)), tmp = S - sum(IMFs).
    let res: f64 = -0.0;
    if (m < 8) {
      for (let i = a; i < b; i++) {
        const t = tmpAt(S, acc, imf, first, i);
        if (t > mx) mx = t;
        if (t < mn) mn = t;
        res += Math.abs(t);
      }
    } else {
      let r01 = f64x2.splat(0.0), r23 = r01, r45 = r01, r67 = r01;
      const main = a + (m - (m & 7));
      let i = a;
      let vmx = f64x2.splat(-Infinity), vmn = f64x2.splat(Infinity);
      for (; i < main; i += 8) {
        const t01 = tmp2(S, acc, imf, first, i), t23 = tmp2(S, acc, imf, first, i + 2);
        const t45 = tmp2(S, acc, imf, first, i + 4), t67 = tmp2(S, acc, imf, first, i + 6);
        vmx = f64x2.max(vmx, f64x2.max(f64x2.max(t01, t23), f64x2.max(t45, t67)));
        vmn = f64x2.min(vmn, f64x2.min(f64x2.min(t01, t23), f64x2.min(t45, t67)));
        const v01 = f64x2.abs(t01), v23 = f64x2.abs(t23), v45 = f64x2.abs(t45), v67 = f64x2.abs(t67);
        if (i == a) {
          r01 = v01; r23 = v23; r45 = v45; r67 = v67;
        } else {
          r01 = f64x2.add(r01, v01); r23 = f64x2.add(r23, v23); r45 = f64x2.add(r45, v45); r67 = f64x2.add(r67, v67);
        }
      }
      mx = Math.max(mx, Math.max(f64x2.extract_lane(vmx, 0), f64x2.extract_lane(vmx, 1)));
      mn = Math.min(mn, Math.min(f64x2.extract_lane(vmn, 0), f64x2.extract_lane(vmn, 1)));
      res = pwFold(r01, r23, r45, r67);
      for (; i < b; i++) {
        const t = tmpAt(S, acc, imf, first, i);
        if (t > mx) mx = t;
        if (t < mn) mn = t;
        res += Math.abs(t);
      }
    }
    store<f64>(L_LS1 + (<usize>l << 3), res);
  }
  if (mx - mn < load<f64>(c + (<usize>CFG_RANGE_THR << 3))) return true;
  return pwCombine(n, L_LS1) < load<f64>(c + (<usize>CFG_TOTAL_POWER_THR << 3));
}

/** tmp at points i, i+1 (the same operations per point as tmpAt). */
@inline function tmp2(S: usize, acc: usize, imf: usize, first: bool, i: i32): v128 {
  const o = <usize>i << 3;
  const a = first ? v128.load(imf + o) : f64x2.add(v128.load(acc + o), v128.load(imf + o));
  return f64x2.sub(v128.load(S + o), a);
}

@inline function tmpAt(S: usize, acc: usize, imf: usize, first: bool, i: i32): f64 {
  const o = <usize>i << 3;
  const a = first ? load<f64>(imf + o) : load<f64>(acc + o) + load<f64>(imf + o);
  return load<f64>(S + o) - a;
}

/**
 * Produce the next output row into `out` (n f64). Returns 1 (a row was written), 0 (no more
 * rows) or a negative status. `scratch` holds emdScratchBytes(n).
 */
export function emdNext(state: usize, c: usize, out: usize, scratch: usize): i32 {
  const n = load<i32>(state + ST_N);
  if (n < 1) return ERR_ARGS;
  const S = <usize>load<u32>(state + ST_S);
  const acc = <usize>load<u32>(state + ST_ACC);
  const imfNo = load<i32>(state + ST_IMFNO);
  const phase = load<i32>(state + ST_PHASE);
  if (phase == PHASE_DONE) return 0;
  if (phase == PHASE_RESIDUE) {
    store<i32>(state + ST_PHASE, PHASE_DONE);
    if (residueInto(S, acc, imfNo > 0, n, out)) return 0;
    store<i32>(state + ST_ROWS, load<i32>(state + ST_ROWS) + 1);
    return 1;
  }
  layoutFor(scratch, n);
  // The residue to sift, scanned for extrema.
  residueInto(S, acc, imfNo > 0, n, L_H0);
  scanBuffer(0, n);
  const knots0 = siftKnots;
  const st = siftImf(n, c);
  if (st != 0) return st;
  store<i32>(state + ST_LASTSIFTS, siftIters);
  store<f64>(state + ST_SIFTS, load<f64>(state + ST_SIFTS) + <f64>siftIters);
  store<f64>(state + ST_KNOTS, load<f64>(state + ST_KNOTS) + (siftKnots - knots0));
  const imf = siftOut == 0 ? L_H0 : L_H1;
  if (siftTrend) {
    // The residue is a trend: no IMF; it is the last row (unless ~0).
    store<i32>(state + ST_PHASE, PHASE_DONE);
    if (residueInto(S, acc, imfNo > 0, n, out)) return 0;
    store<i32>(state + ST_ROWS, load<i32>(state + ST_ROWS) + 1);
    return 1;
  }
  const maxImf = load<i32>(state + ST_MAXIMF);
  const count = imfNo + 1;
  // Pure tests: PyEMD evaluates end_condition first, the max_imf check makes it moot.
  const end = count == maxImf || endCondition(S, acc, imf, imfNo == 0, n, c);
  if (end && siftLastExtNo <= 2) {
    // PyEMD drops this last IMF; the residue (without it) is the last row.
    store<i32>(state + ST_PHASE, PHASE_DONE);
    if (residueInto(S, acc, imfNo > 0, n, out)) return 0;
    store<i32>(state + ST_ROWS, load<i32>(state + ST_ROWS) + 1);
    return 1;
  }
  // Keep the IMF: acc += imf (acc = imf for the first), emit it.
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    const v = v128.load(imf + o);
    v128.store(acc + o, imfNo == 0 ? v : f64x2.add(v128.load(acc + o), v));
    v128.store(out + o, v);
  }
  if (i < n) {
    const o = <usize>i << 3;
    const v = load<f64>(imf + o);
    store<f64>(acc + o, imfNo == 0 ? v : load<f64>(acc + o) + v);
    store<f64>(out + o, v);
  }
  store<i32>(state + ST_IMFNO, count);
  store<i32>(state + ST_PHASE, end ? PHASE_RESIDUE : PHASE_IMF);
  store<i32>(state + ST_ROWS, load<i32>(state + ST_ROWS) + 1);
  return 1;
}

/** Total siftings and knots of a generator so far (work measures for benchmarks). */
export function emdSifts(state: usize): f64 {
  return load<f64>(state + ST_SIFTS);
}
export function emdKnots(state: usize): f64 {
  return load<f64>(state + ST_KNOTS);
}
export function emdImfs(state: usize): i32 {
  return load<i32>(state + ST_IMFNO);
}
export function emdLastSifts(state: usize): i32 {
  return load<i32>(state + ST_LASTSIFTS);
}
