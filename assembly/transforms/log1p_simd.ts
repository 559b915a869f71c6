// log1p on two lanes at once (f64x2): musl's log1p (the algorithm of AssemblyScript's scalar
// Math.log1p) for finite x ≥ 0, with both of its paths computed and the right one selected per lane.
// The operations and their order are the scalar code's, so every lane is bit-identical to
// Math.log1p(x) (tested). Callers give only finite, non-negative lanes (+0 for the rest).

const LN2_HI = reinterpret<f64>(0x3FE62E42FEE00000);
const LN2_LO = reinterpret<f64>(0x3DEA39EF35793C76);
const LG1 = reinterpret<f64>(0x3FE5555555555593);
const LG2 = reinterpret<f64>(0x3FD999999997FA04);
const LG3 = reinterpret<f64>(0x3FD2492494229359);
const LG4 = reinterpret<f64>(0x3FCC71C51D8E78AF);
const LG5 = reinterpret<f64>(0x3FC7466496CB03DE);
const LG6 = reinterpret<f64>(0x3FC39A09D078C69F);
const LG7 = reinterpret<f64>(0x3FC2F112DF3E5244);
/** 2^52 as a double and as bits: k + bits(2^52) reinterpreted, minus 2^52, is k as a double (0 ≤ k < 2^51). */
const TWO52: f64 = 4503599627370496.0;
const TWO52_BITS: i64 = 0x4330000000000000;

@inline export function log1pNonNegX2(y: v128): v128 {
  const one = f64x2.splat(1.0);
  const hx = i64x2.shr_u(y, 32);
  // musl: hx < 0x3FDA827A (1 + x < sqrt(2)) → k = 0, c = 0, f = x; else the reduction below.
  const small = i64x2.lt_s(hx, i64x2.splat(0x3FDA827A));
  const tiny = i64x2.lt_s(hx, i64x2.splat(0x3CA00000)); // x < 2^-53: log1p(x) = x

  const uf = f64x2.add(one, y);
  let hu = i64x2.add(i64x2.shr_u(uf, 32), i64x2.splat(0x3FF00000 - 0x3FE6A09E));
  const k = i64x2.sub(i64x2.shr_u(hu, 20), i64x2.splat(0x3FF));
  const cBig = f64x2.sub(one, f64x2.sub(uf, y)); // k ≥ 2
  const cLow = f64x2.sub(y, f64x2.sub(uf, one)); // k < 2
  let c = v128.bitselect(cBig, cLow, i64x2.gt_s(k, i64x2.splat(1)));
  c = f64x2.div(c, uf);
  c = v128.and(c, i64x2.lt_s(k, i64x2.splat(54))); // k ≥ 54: c = 0
  hu = i64x2.add(v128.and(hu, i64x2.splat(0x000FFFFF)), i64x2.splat(0x3FE6A09E));
  const u = v128.or(i64x2.shl(hu, 32), v128.and(uf, i64x2.splat(0xFFFFFFFF)));
  const fBig = f64x2.sub(u, one);

  const f = v128.bitselect(y, fBig, small);
  c = v128.andnot(c, small);
  const kk = v128.andnot(k, small);
  const dk = f64x2.sub(i64x2.add(kk, i64x2.splat(TWO52_BITS)), f64x2.splat(TWO52));

  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(LG2), f64x2.mul(w, f64x2.add(f64x2.splat(LG4), f64x2.mul(w, f64x2.splat(LG6))))));
  const t2 = f64x2.mul(z, f64x2.add(f64x2.splat(LG1), f64x2.mul(w, f64x2.add(f64x2.splat(LG3), f64x2.mul(w, f64x2.add(f64x2.splat(LG5), f64x2.mul(w, f64x2.splat(LG7))))))));
  const r = f64x2.add(t2, t1);
  // s·(hfsq + r) + (dk·ln2_lo + c) − hfsq + f + dk·ln2_hi, left to right as in the scalar code.
  let res = f64x2.mul(s, f64x2.add(hfsq, r));
  res = f64x2.add(res, f64x2.add(f64x2.mul(dk, f64x2.splat(LN2_LO)), c));
  res = f64x2.sub(res, hfsq);
  res = f64x2.add(res, f);
  res = f64x2.add(res, f64x2.mul(dk, f64x2.splat(LN2_HI)));
  return v128.bitselect(y, res, tiny);
}
