// PyEMD 1.10.2's cubic envelopes, with scipy's arithmetic:
//  * more than 3 knots: scipy.interpolate.CubicSpline(x, y) with not-a-knot ends. Slopes s come
//    from the tridiagonal system CubicSpline builds (rows 1..K-2:
//    dx[i]*s[i-1] + 2(dx[i-1]+dx[i])*s[i] + dx[i-1]*s[i+1] = 3(dx[i]*m[i-1] + dx[i-1]*m[i]),
//    m = secant slopes; first/last rows from the not-a-knot condition), solved by dgtsv; then
//    CubicHermiteSpline's coefficients per segment j (h = dx[j]):
//      t = (s[j] + s[j+1] - 2 m[j]) / h, c0 = t / h, c1 = (m[j] - s[j]) / h - t, c2 = s[j], c3 = y[j]
//    and PPoly's evaluation at distance u from the segment start:
//      ((c3 + c2*u) + c1*(u*u)) + c0*((u*u)*u).
//  * exactly 3 knots: PyEMD's own `cubic_spline_3pts` (a natural spline through the 3 points).
//  * fewer than 3 knots: PyEMD raises; cgq interpolates linearly (2 knots) or holds the value (1).
// Knot positions are integers (sample indices, mirrored), held as f64.
//
// A coefficient record is REC_BYTES: [x_j, c0, c1, c2, c3].
import { gtsv, gtsvPair } from '../util/tridiag';

export const REC_BYTES: i32 = 40;

@inline function ldd(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function std(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/**
 * Secant slopes m and the not-a-knot system (dl, d, du, b) of K >= 4 knots. Two segments/rows per
 * f64x2 step: each lane does exactly the scalar operations.
 */
export function splineSystem(K: i32, X: usize, Y: usize, m: usize, dl: usize, d: usize, du: usize, b: usize): void {
  let j = 0;
  for (; j + 1 < K - 1; j += 2) {
    const o = <usize>j << 3;
    const dy = f64x2.sub(v128.load(Y + o + 8), v128.load(Y + o));
    v128.store(m + o, f64x2.div(dy, f64x2.sub(v128.load(X + o + 8), v128.load(X + o))));
  }
  for (; j < K - 1; j++) std(m, j, (ldd(Y, j + 1) - ldd(Y, j)) / (ldd(X, j + 1) - ldd(X, j)));
  const dx0 = ldd(X, 1) - ldd(X, 0);
  const dx1 = ldd(X, 2) - ldd(X, 1);
  let dd = ldd(X, 2) - ldd(X, 0);
  std(d, 0, dx1);
  std(du, 0, dd);
  std(b, 0, (((dx0 + 2.0 * dd) * dx1) * ldd(m, 0) + (dx0 * dx0) * ldd(m, 1)) / dd);
  // Rows 1..K-2: dx_{i-1}, dx_i, m_{i-1}, m_i from unaligned pairs.
  const two = f64x2.splat(2.0);
  const three = f64x2.splat(3.0);
  let i = 1;
  for (; i + 1 < K - 1; i += 2) {
    const o = <usize>i << 3;
    const xm = v128.load(X + o - 8);
    const x0 = v128.load(X + o);
    const x1 = v128.load(X + o + 8);
    const dxPrev = f64x2.sub(x0, xm);
    const dxi = f64x2.sub(x1, x0);
    v128.store(dl + o - 8, dxi);
    v128.store(d + o, f64x2.mul(two, f64x2.add(dxPrev, dxi)));
    v128.store(du + o, dxPrev);
    v128.store(b + o, f64x2.mul(three, f64x2.add(f64x2.mul(dxi, v128.load(m + o - 8)), f64x2.mul(dxPrev, v128.load(m + o)))));
  }
  for (; i < K - 1; i++) {
    const dxPrev = ldd(X, i) - ldd(X, i - 1);
    const dxi = ldd(X, i + 1) - ldd(X, i);
    std(dl, i - 1, dxi);
    std(d, i, 2.0 * (dxPrev + dxi));
    std(du, i, dxPrev);
    std(b, i, 3.0 * (dxi * ldd(m, i - 1) + dxPrev * ldd(m, i)));
  }
  const dxL = ldd(X, K - 1) - ldd(X, K - 2);
  const dxL1 = ldd(X, K - 2) - ldd(X, K - 3);
  dd = ldd(X, K - 1) - ldd(X, K - 3);
  std(dl, K - 2, dd);
  std(d, K - 1, dxL1);
  std(b, K - 1, ((dxL * dxL) * ldd(m, K - 3) + ((2.0 * dd + dxL) * dxL1) * ldd(m, K - 2)) / dd);
}

/**
 * CubicHermiteSpline coefficient records from knots, secant slopes m and solved slopes s, two
 * segments per f64x2 step (the same operations per lane as the scalar tail).
 */
export function splineRecords(K: i32, X: usize, Y: usize, m: usize, s: usize, rec: usize): void {
  const two = f64x2.splat(2.0);
  let j = 0;
  for (; j + 1 < K - 1; j += 2) {
    const o = <usize>j << 3;
    const x0 = v128.load(X + o);
    const h = f64x2.sub(v128.load(X + o + 8), x0);
    const mj = v128.load(m + o);
    const sj = v128.load(s + o);
    const t = f64x2.div(f64x2.sub(f64x2.add(sj, v128.load(s + o + 8)), f64x2.mul(two, mj)), h);
    const c0 = f64x2.div(t, h);
    const c1 = f64x2.sub(f64x2.div(f64x2.sub(mj, sj), h), t);
    const y = v128.load(Y + o);
    const r = rec + <usize>j * REC_BYTES;
    v128.store64_lane(r, x0, 0);
    v128.store64_lane(r, c0, 0, 8);
    v128.store64_lane(r, c1, 0, 16);
    v128.store64_lane(r, sj, 0, 24);
    v128.store64_lane(r, y, 0, 32);
    v128.store64_lane(r, x0, 1, REC_BYTES);
    v128.store64_lane(r, c0, 1, REC_BYTES + 8);
    v128.store64_lane(r, c1, 1, REC_BYTES + 16);
    v128.store64_lane(r, sj, 1, REC_BYTES + 24);
    v128.store64_lane(r, y, 1, REC_BYTES + 32);
  }
  for (; j < K - 1; j++) {
    const h = ldd(X, j + 1) - ldd(X, j);
    const mj = ldd(m, j);
    const sj = ldd(s, j);
    const t = (sj + ldd(s, j + 1) - 2.0 * mj) / h;
    const r = rec + <usize>j * REC_BYTES;
    store<f64>(r, ldd(X, j));
    store<f64>(r, t / h, 8);
    store<f64>(r, (mj - sj) / h - t, 16);
    store<f64>(r, sj, 24);
    store<f64>(r, ldd(Y, j), 32);
  }
}

/** Solve one envelope's system; returns the dgtsv status. */
export function splineSolve(K: i32, X: usize, Y: usize, m: usize, dl: usize, d: usize, du: usize, b: usize, rec: usize): i32 {
  splineSystem(K, X, Y, m, dl, d, du, b);
  const st = gtsv(K, dl, d, du, b);
  if (st != 0) return st;
  splineRecords(K, X, Y, m, b, rec);
  return 0;
}

/** Both envelopes at once (K >= 4 each), solves interleaved. */
export function splineSolvePair(
  Ka: i32, Xa: usize, Ya: usize, ma: usize, dla: usize, da: usize, dua: usize, ba: usize, reca: usize,
  Kb: i32, Xb: usize, Yb: usize, mb: usize, dlb: usize, db: usize, dub: usize, bb: usize, recb: usize,
): i32 {
  splineSystem(Ka, Xa, Ya, ma, dla, da, dua, ba);
  splineSystem(Kb, Xb, Yb, mb, dlb, db, dub, bb);
  const st = gtsvPair(Ka, dla, da, dua, ba, Kb, dlb, db, dub, bb);
  if (st != 0) return st;
  splineRecords(Ka, Xa, Ya, ma, ba, reca);
  splineRecords(Kb, Xb, Yb, mb, bb, recb);
  return 0;
}

/** PPoly value of record r at point x. */
@inline export function recEval(r: usize, x: f64): f64 {
  const u = x - load<f64>(r);
  const u2 = u * u;
  return ((load<f64>(r, 32) + load<f64>(r, 24) * u) + load<f64>(r, 16) * u2) + load<f64>(r, 8) * (u2 * u);
}

/**
 * Evaluate K >= 4 knots' records at 0..n-1 into out, finding each point's segment as scipy does
 * (x_j <= point < x_{j+1}; the ends extrapolate with the first/last segment).
 */
export function recEvalAll(K: i32, rec: usize, n: i32, out: usize): void {
  let j = 0;
  const last = K - 2;
  for (let i = 0; i < n; i++) {
    const x = <f64>i;
    while (j < last && load<f64>(rec + <usize>(j + 1) * REC_BYTES) <= x) j++;
    std(out, i, recEval(rec + <usize>j * REC_BYTES, x));
  }
}

/**
 * PyEMD's cubic_spline_3pts through 3 knots, evaluated at 0..n-1: slopes k from the 3x3 system
 * M k = v (natural end conditions), solved here by Gaussian elimination with partial pivoting
 * (numpy inverts M with LAPACK; the results can differ in the last bit), then per segment
 * q = (1-t) y_a + t y_b + t (1-t) (a (1-t) + b t) with t = (x - x_a) / (x_b - x_a).
 * Points left of x1 use the first segment, the others the second.
 */
export function spline3Eval(X: usize, Y: usize, n: i32, out: usize): void {
  const x0 = ldd(X, 0), x1 = ldd(X, 1), x2 = ldd(X, 2);
  const y0 = ldd(Y, 0), y1 = ldd(Y, 1), y2 = ldd(Y, 2);
  const x1x0 = x1 - x0, x2x1 = x2 - x1;
  const y1y0 = y1 - y0, y2y1 = y2 - y1;
  const i10 = 1.0 / x1x0, i21 = 1.0 / x2x1;
  // M = [[2 i10, i10, 0], [i10, 2 (i10 + i21), i21], [0, i21, 2 i21]], v as PyEMD builds it.
  let a00 = 2.0 * i10, a01 = i10, a02 = 0.0;
  let a10 = i10, a11 = 2.0 * (i10 + i21), a12 = i21;
  let a20 = 0.0, a21 = i21, a22 = 2.0 * i21;
  const v1 = 3.0 * y1y0 * i10 * i10;
  const v3 = 3.0 * y2y1 * i21 * i21;
  let r0 = v1, r1 = v1 + v3, r2 = v3;
  // Column 0 pivot among rows 0, 1 (row 2 has a zero there).
  if (Math.abs(a10) > Math.abs(a00)) {
    let t = a00; a00 = a10; a10 = t;
    t = a01; a01 = a11; a11 = t;
    t = a02; a02 = a12; a12 = t;
    t = r0; r0 = r1; r1 = t;
  }
  let f = a10 / a00;
  a11 -= f * a01;
  a12 -= f * a02;
  r1 -= f * r0;
  f = a20 / a00;
  a21 -= f * a01;
  a22 -= f * a02;
  r2 -= f * r0;
  if (Math.abs(a21) > Math.abs(a11)) {
    let t = a11; a11 = a21; a21 = t;
    t = a12; a12 = a22; a22 = t;
    t = r1; r1 = r2; r2 = t;
  }
  f = a21 / a11;
  a22 -= f * a12;
  r2 -= f * r1;
  const k2 = r2 / a22;
  const k1 = (r1 - a12 * k2) / a11;
  const k0 = (r0 - a01 * k1 - a02 * k2) / a00;
  const a1 = k0 * x1x0 - y1y0;
  const b1 = -k1 * x1x0 + y1y0;
  const a2 = k1 * x2x1 - y2y1;
  const b2 = -k2 * x2x1 + y2y1;
  for (let i = 0; i < n; i++) {
    const x = <f64>i;
    let q: f64;
    if (x < x1) {
      const t1 = (x - x0) / x1x0;
      const t11 = 1.0 - t1;
      q = t11 * y0 + t1 * y1 + t1 * t11 * (a1 * t11 + b1 * t1);
    } else {
      const t2 = (x - x1) / x2x1;
      const t22 = 1.0 - t2;
      q = t22 * y1 + t2 * y2 + t2 * t22 * (a2 * t22 + b2 * t2);
    }
    std(out, i, q);
  }
}

/** Fewer than 3 knots (PyEMD fails there): a line through 2 knots, or the single knot's value. */
export function splineFewEval(K: i32, X: usize, Y: usize, n: i32, out: usize): void {
  if (K == 1) {
    const y = ldd(Y, 0);
    for (let i = 0; i < n; i++) std(out, i, y);
    return;
  }
  const x0 = ldd(X, 0), y0 = ldd(Y, 0);
  const slope = (ldd(Y, 1) - y0) / (ldd(X, 1) - x0);
  for (let i = 0; i < n; i++) std(out, i, y0 + slope * (<f64>i - x0));
}
