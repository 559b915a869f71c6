// The mean-envelope subtraction of a sifting, h_new = h_old - (upper + lower)/2, with PyEMD's
// operation order (mean = 0.5*(upper + lower); h - mean) and scipy's PPoly evaluation of each
// spline segment j (knot x_j, coefficients c0..c3 in ./spline.ts's arrays: c0, c1, c2 = the
// slopes, c3 = the knot values): ((c3 + c2*u) + c1*(u*u)) + c0*((u*u)*u) at u = x - x_j.
//
// A pass works leaf by leaf (blocks of <= 128 points, ./pairwise.ts): each envelope is evaluated
// segment by segment into a small L1-resident buffer, then one loop forms h_new from the two
// buffers. Knots are integers, so a point x_j + k of segment j has u = k exactly: two short
// segments (<= 4 points each, the common case on noisy data) are evaluated together, one per
// f64x2 lane, at k = 0..3 with constant u, u*u, u*u*u; any other segment of <= 8 points at
// k = 0..7, four f64x2 steps with u, u*u, u*u*u from a table (a loop whose exit depends on the
// length mispredicts about once per segment); longer segments (and the one a leaf starts inside)
// two points per f64x2 step. Points past a segment's end are written too and then
// overwritten by the later segments they belong to (segments are written in order), so no step
// needs a data-dependent branch on the segment length. Outside [x_0, x_{K-1}) the first / last
// segment extrapolates, as scipy's PPoly does.

/** f64 slots of a leaf buffer: a leaf (<= 128 points) plus the overrun of the last writes. */
export const LEAF_BUF_SLOTS: i32 = 144;

/** Knot j's position (i32; positions are 8 bytes apart, ./spline.ts). */
@inline function ldi(p: usize, j: i32): i32 {
  return load<i32>(p + (<usize>j << 3));
}

/** u, u*u, u*u*u at u = 2 and 3 (lanes equal): loaded, not rematerialised in the loop. */
const KTAB = memory.data<f64>([2, 2, 4, 4, 8, 8, 3, 3, 9, 9, 27, 27]);

/** u, u*u, u*u*u at u = 0, 1 | 2, 3 | 4, 5 | 6, 7 (one f64x2 per pair): a segment of <= 8 points at fixed steps. */
const UTAB = memory.data<f64>([0, 1, 0, 1, 0, 1, 2, 3, 4, 9, 8, 27, 4, 5, 16, 25, 64, 125, 6, 7, 36, 49, 216, 343]);

/** One step of a fixed-length segment: points x_j + 2k, x_j + 2k + 1 (table row k) into q. */
@inline function evalStep(c0: v128, c1: v128, c2: v128, c3: v128, k: usize, q: usize): void {
  const t = UTAB + k * 48;
  const u = v128.load(t), u2 = v128.load(t, 16), u3 = v128.load(t, 32);
  v128.store(q + (k << 4), f64x2.add(f64x2.add(f64x2.add(c3, f64x2.mul(c2, u)), f64x2.mul(c1, u2)), f64x2.mul(c0, u3)));
}

/** Segment j (x_j at XI) at points p0, p0+1, ..., up to p1 (p1 - p0 rounded up to even) into buf (local index p - a). */
@inline function evalRun(XI: usize, Y: usize, st: usize, j: i32, p0: i32, p1: i32, a: i32, buf: usize): void {
  const y = Y + (<usize>j << 3);
  const c0 = v128.load64_splat(y + (st << 1));
  const c1 = v128.load64_splat(y + (st << 1) + st);
  const c2 = v128.load64_splat(y + st);
  const c3 = v128.load64_splat(y);
  const u0 = <f64>(p0 - ldi(XI, j));
  let u = f64x2.replace_lane(f64x2.splat(u0), 1, u0 + 1.0);
  const two = f64x2.splat(2.0);
  let q = buf + (<usize>(p0 - a) << 3);
  const end = buf + (<usize>(p1 - a) << 3);
  do {
    const u2 = f64x2.mul(u, u);
    const u3 = f64x2.mul(u2, u);
    v128.store(q, f64x2.add(f64x2.add(f64x2.add(c3, f64x2.mul(c2, u)), f64x2.mul(c1, u2)), f64x2.mul(c0, u3)));
    u = f64x2.add(u, two);
    q += 16;
  } while (q < end);
}

/**
 * One envelope (K > 3 knots, positions at XI, coefficient arrays) at points [a, b) into buf[0 .. b-a).
 * The coefficient arrays are addressed from one base and a stride: knot values (c3) at Y, slopes
 * (c2) at Y + st, c0 at Y + 2st, c1 at Y + 3st (./layout.ts allocates them in that order, one
 * size each). Four separate pointers left V8 too few registers in this loop; one base and a
 * stride ran EMD 1.5–3 % faster (one-off paired A/B, not part of bench/; same bytes).
 * `seg` is the segment holding a (the last j <= K-2 with x_j <= a, or 0); returns the one
 * holding b.
 */
export function evalLeaf(K: i32, XI: usize, Y: usize, st: usize, seg: i32, a: i32, b: i32, buf: usize): i32 {
  const last = K - 2;
  let j = seg;
  // The segment the leaf starts inside (or before the first knot).
  let e = b;
  if (j < last) {
    const xn = ldi(XI, j + 1);
    if (xn < b) e = xn;
  }
  evalRun(XI, Y, st, j, a, e, a, buf);
  j++;
  const zero = f64x2.splat(0.0);
  const k2 = v128.load(KTAB), k4 = v128.load(KTAB, 16), k8 = v128.load(KTAB, 32);
  const k3 = v128.load(KTAB, 48), k9 = v128.load(KTAB, 64), k27 = v128.load(KTAB, 80);
  while (j <= last) {
    const x0 = ldi(XI, j);
    if (x0 >= b) break;
    if (j < last) {
      const x1 = ldi(XI, j + 1);
      const x2 = ldi(XI, j + 2);
      if (j + 1 < last && x1 - x0 <= 4 && x2 - x1 <= 4) {
        // Segments j (lane 0) and j+1 (lane 1) at u = 0, 1, 2, 3.
        const o = <usize>j << 3;
        const y = Y + o;
        const c2 = v128.load(y + st);
        const c0 = v128.load(y + (st << 1));
        const c1 = v128.load(y + (st << 1) + st);
        const c3 = v128.load(y);
        const e0 = f64x2.add(f64x2.add(f64x2.add(c3, f64x2.mul(c2, zero)), f64x2.mul(c1, zero)), f64x2.mul(c0, zero));
        const e1 = f64x2.add(f64x2.add(f64x2.add(c3, c2), c1), c0);
        const e2 = f64x2.add(f64x2.add(f64x2.add(c3, f64x2.mul(c2, k2)), f64x2.mul(c1, k4)), f64x2.mul(c0, k8));
        const e3 = f64x2.add(f64x2.add(f64x2.add(c3, f64x2.mul(c2, k3)), f64x2.mul(c1, k9)), f64x2.mul(c0, k27));
        const q0 = buf + (<usize>(x0 - a) << 3);
        v128.store(q0, v128.shuffle<u8>(e0, e1, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
        v128.store(q0, v128.shuffle<u8>(e2, e3, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23), 16);
        const q1 = buf + (<usize>(x1 - a) << 3);
        v128.store(q1, v128.shuffle<u8>(e0, e1, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
        v128.store(q1, v128.shuffle<u8>(e2, e3, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31), 16);
        j += 2;
        continue;
      }
      if (x1 - x0 <= 8) {
        // A segment of <= 8 points: four fixed steps (measured 4 % faster on EMD at n = 129,600
        // than the loop, whose exit depends on the length; same bytes).
        const o = <usize>j << 3;
        const y = Y + o;
        const c2 = v128.load64_splat(y + st);
        const c0 = v128.load64_splat(y + (st << 1));
        const c1 = v128.load64_splat(y + (st << 1) + st);
        const c3 = v128.load64_splat(y);
        const q = buf + (<usize>(x0 - a) << 3);
        evalStep(c0, c1, c2, c3, 0, q);
        evalStep(c0, c1, c2, c3, 1, q);
        evalStep(c0, c1, c2, c3, 2, q);
        evalStep(c0, c1, c2, c3, 3, q);
        j++;
        continue;
      }
      evalRun(XI, Y, st, j, x0, x1 < b ? x1 : b, a, buf);
    } else {
      evalRun(XI, Y, st, j, x0, b, a, buf);
    }
    j++;
  }
  // The segment holding b: the last j <= K-2 with x_j <= b (j is past every knot < b now).
  let s = j < last ? j : last;
  while (s > 0 && ldi(XI, s) > b) s--;
  return s;
}

/**
 * h_new = h_old - 0.5*(U + L) on points [a, b) (a a multiple of 8 or the leaf's start), with the
 * envelope values at U + 8i and L + 8i.
 */
export function meanSubtract(ho: usize, hn: usize, U: usize, L: usize, a: i32, b: i32): void {
  const half = f64x2.splat(0.5);
  let i = a;
  for (; i + 1 < b; i += 2) {
    const o = <usize>i << 3;
    v128.store(hn + o, f64x2.sub(v128.load(ho + o), f64x2.mul(half, f64x2.add(v128.load(U + o), v128.load(L + o)))));
  }
  if (i < b) {
    const o = <usize>i << 3;
    store<f64>(hn + o, load<f64>(ho + o) - 0.5 * (load<f64>(U + o) + load<f64>(L + o)));
  }
}
