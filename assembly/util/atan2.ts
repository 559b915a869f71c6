// atan2 on two lanes at once (f64x2), for the Hilbert phase: scalar `Math.atan2` (musl) is over
// half of the analytic-signal time at n = 129,600. Cephes' atan (rational P(z)/Q(z) on
// |a| ≤ 0.66, shifted by π/4 above; peak relative error 2.2e-16) on a = min(|x|,|y|)/max(|x|,|y|),
// then the octant and quadrant fix-ups with π/2 and π split into high and low parts. Within a few
// ulps of the libm result (test/emd/hilbert.test.ts); signs of zero follow IEEE atan2. Lanes with
// x = y = 0 or a non-finite value take the scalar Math.atan2.

const P0: f64 = -8.750608600031904122785e-1;
const P1: f64 = -1.615753718733365076637e1;
const P2: f64 = -7.500855792314704667340e1;
const P3: f64 = -1.228866684490136173410e2;
const P4: f64 = -6.485021904942025371773e1;
const Q0: f64 = 2.485846490142306297962e1;
const Q1: f64 = 1.650270098316988542046e2;
const Q2: f64 = 4.328810604912902668951e2;
const Q3: f64 = 4.853903996359136964868e2;
const Q4: f64 = 1.945506571482613964425e2;
const PIO4: f64 = 7.85398163397448309616e-1;
const PIO2: f64 = 1.57079632679489661923;
const PI: f64 = 3.14159265358979323846;
/** π/2 − PIO2 (the low part of π/2). */
const MOREBITS: f64 = 6.123233995736765886130e-17;

@inline function scalarLanes(y: v128, x: v128): v128 {
  return f64x2(Math.atan2(f64x2.extract_lane(y, 0), f64x2.extract_lane(x, 0)), Math.atan2(f64x2.extract_lane(y, 1), f64x2.extract_lane(x, 1)));
}

/** (atan2(y0, x0), atan2(y1, x1)). */
@inline export function atan2x2(y: v128, x: v128): v128 {
  const ax = f64x2.abs(x);
  const ay = f64x2.abs(y);
  const hi = f64x2.max(ax, ay);
  const lo = f64x2.min(ax, ay);
  // Both zero, or inf/NaN anywhere: the scalar function knows every special case.
  if (v128.any_true(v128.or(f64x2.eq(hi, f64x2.splat(0.0)), v128.not(f64x2.lt(hi, f64x2.splat(Infinity)))))) return scalarLanes(y, x);
  // a = lo/hi in [0, 1]; above 0.66 the argument is (a − 1)/(a + 1) = (lo − hi)/(lo + hi): one
  // division either way.
  const big = f64x2.gt(lo, f64x2.mul(hi, f64x2.splat(0.66)));
  const t = f64x2.div(v128.bitselect(f64x2.sub(lo, hi), lo, big), v128.bitselect(f64x2.add(lo, hi), hi, big));
  const z = f64x2.mul(t, t);
  let p = f64x2.add(f64x2.mul(f64x2.splat(P0), z), f64x2.splat(P1));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P2));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P3));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P4));
  let q = f64x2.add(z, f64x2.splat(Q0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q1));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q2));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q3));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q4));
  let r = f64x2.add(f64x2.mul(t, f64x2.div(f64x2.mul(z, p), q)), t);
  // atan(a) = π/4 + atan((a − 1)/(a + 1)) above 0.66.
  r = v128.bitselect(f64x2.add(f64x2.splat(PIO4), f64x2.add(r, f64x2.splat(0.5 * MOREBITS))), r, big);
  // |y| > |x|: atan(|y|/|x|) = π/2 − atan(|x|/|y|).
  r = v128.bitselect(f64x2.add(f64x2.sub(f64x2.splat(PIO2), r), f64x2.splat(MOREBITS)), r, f64x2.gt(ay, ax));
  // x < 0 (or −0): π − angle.
  const signMask = i64x2.splat(0x8000000000000000);
  const xNeg = i64x2.shr_s(x, 63);
  r = v128.bitselect(f64x2.add(f64x2.sub(f64x2.splat(PI), r), f64x2.splat(2.0 * MOREBITS)), r, xNeg);
  // The sign of y (so atan2(−0, x) = −0 or −π).
  return v128.or(v128.andnot(r, signMask), v128.and(y, signMask));
}
