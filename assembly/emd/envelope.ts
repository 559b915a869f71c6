// The mean-envelope subtraction of a sifting: h_new = h_old - (upper + lower)/2, with PyEMD's
// operation order (mean = 0.5*(upper + lower); h - mean) and scipy's PPoly evaluation of each
// spline record ([x_j, c0, c1, c2, c3], ./spline.ts): ((c3 + c2*u) + c1*(u*u)) + c0*((u*u)*u) at
// u = x - x_j. Each point's segment comes from the knot flags of h_old (bit 0: upper knot, bit 1:
// lower knot at that point, ./extrema.ts and the mirrored knots added by ./sift.ts): the running
// count of knots up to the point is its segment, so no search and no branch per point.

import { REC_BYTES, recEval } from './spline';

const REC = REC_BYTES;

/** Running spline segment of the upper (A) and lower (B) envelope at the last point done. */
let segA: i32 = 0;
let segB: i32 = 0;

/** Start a pass: the envelopes' first segments are segA0 + 1 and segB0 + 1 at point 0. */
export function envelopeStart(segA0: i32, segB0: i32): void {
  segA = segA0;
  segB = segB0;
}

/** Both lanes' PPoly values of records r0 (lane 0) and r1 (lane 1) at points xv (scipy's order). */
@inline function ppoly2(r0: usize, r1: usize, xv: v128): v128 {
  const x = v128.load64_lane(r1, v128.load64_splat(r0), 1);
  const c0 = v128.load64_lane(r1 + 8, v128.load64_splat(r0 + 8), 1);
  const c1 = v128.load64_lane(r1 + 16, v128.load64_splat(r0 + 16), 1);
  const c2 = v128.load64_lane(r1 + 24, v128.load64_splat(r0 + 24), 1);
  const c3 = v128.load64_lane(r1 + 32, v128.load64_splat(r0 + 32), 1);
  const u = f64x2.sub(xv, x);
  const u2 = f64x2.mul(u, u);
  return f64x2.add(f64x2.add(f64x2.add(c3, f64x2.mul(c2, u)), f64x2.mul(c1, u2)), f64x2.mul(c0, f64x2.mul(u2, u)));
}

/**
 * h_new = h_old - (upper + lower)/2 on points [from, to) (ranges in order from 0). With `fast`,
 * the envelopes are the PPoly records recA / recB, each point's segment advanced by the knot flags
 * `fo` of h_old; otherwise their values are in envU / envL. Two points per f64x2 step.
 */
export function siftRange(ho: usize, hn: usize, fo: usize, from: i32, to: i32, fast: bool, recA: usize, recB: usize, envU: usize, envL: usize): void {
  if (!fast) {
    const half = f64x2.splat(0.5);
    let i = from;
    for (; i + 1 < to; i += 2) {
      const o = <usize>i << 3;
      v128.store(hn + o, f64x2.sub(v128.load(ho + o), f64x2.mul(half, f64x2.add(v128.load(envU + o), v128.load(envL + o)))));
    }
    if (i < to) siftPoint(ho, hn, fo, i, false, recA, recB, envU, envL);
    return;
  }
  let i = from;
  if (i & 1) {
    siftPoint(ho, hn, fo, i, true, recA, recB, envU, envL);
    i++;
  }
  let sA = segA, sB = segB;
  let xv = f64x2.replace_lane(f64x2.splat(<f64>i), 1, <f64>(i + 1));
  for (; i + 1 < to; i += 2) {
    const o = <usize>i << 3;
    const f = <i32>load<u16>(fo + <usize>i);
    const a0 = sA + (f & 1);
    const a1 = a0 + ((f >> 8) & 1);
    const b0 = sB + ((f >> 1) & 1);
    const b1 = b0 + ((f >> 9) & 1);
    sA = a1;
    sB = b1;
    const u = ppoly2(recA + <usize>a0 * REC, recA + <usize>a1 * REC, xv);
    const w = ppoly2(recB + <usize>b0 * REC, recB + <usize>b1 * REC, xv);
    v128.store(hn + o, f64x2.sub(v128.load(ho + o), f64x2.mul(f64x2.splat(0.5), f64x2.add(u, w))));
    xv = f64x2.add(xv, f64x2.splat(2.0));
  }
  segA = sA;
  segB = sB;
  if (i < to) siftPoint(ho, hn, fo, i, true, recA, recB, envU, envL);
}

/** One point of the sifting (scalar), advancing the segment counts. */
function siftPoint(ho: usize, hn: usize, fo: usize, i: i32, fast: bool, recA: usize, recB: usize, envU: usize, envL: usize): void {
  const o = <usize>i << 3;
  let u: f64, w: f64;
  if (fast) {
    const f = <i32>load<u8>(fo + <usize>i);
    segA += f & 1;
    segB += (f >> 1) & 1;
    u = recEval(recA + <usize>segA * REC, <f64>i);
    w = recEval(recB + <usize>segB * REC, <f64>i);
  } else {
    u = load<f64>(envU + o);
    w = load<f64>(envL + o);
  }
  store<f64>(hn + o, load<f64>(ho + o) - 0.5 * (u + w));
}

