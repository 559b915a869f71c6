// numpy/pandas reductions used by the whole-window statistics, on raw f64 arrays, so kernels
// reproduce the original's numbers bit for bit (fixtures README, "Numeric conventions" item 4):
//  * numpy pairwise summation (8 interleaved accumulators up to 128 values, halving above), done
//    with f64x2 lanes: each lane performs exactly the scalar accumulator's additions;
//  * pandas skips NaN by summing the whole array with NaN replaced by 0 in place, then dividing by
//    the non-NaN count; variance is two-pass, (avg - x)^2 again with NaN as 0;
//  * median = numpy's (mean of the two middle values for an even count), by quickselect.
import { intParam, param, ld, st } from '../abi';

export const EPS: f64 = 1e-9;
export const LOG_FLOOR: f64 = 1e-9;

/** Keep a lane's value when it is not NaN, else +0.0 (what np.putmask(values, mask, 0) does). */
@inline function nz2(x: v128): v128 {
  return v128.and(x, f64x2.eq(x, x));
}

@inline function nz(x: f64): f64 {
  return x == x ? x : 0.0;
}

/** The transform applied to each element before summing. */
const T_PLAIN: i32 = 0; // x
const T_SQDEV: i32 = 1; // (c - x)^2
const T_ABSDEV: i32 = 2; // |x - c|
const T_SQ: i32 = 3; // x^2

@inline function tf(x: f64, c: f64, kind: i32): f64 {
  if (kind == T_SQDEV) {
    const d = c - x;
    return nz(d * d);
  }
  if (kind == T_ABSDEV) return nz(Math.abs(x - c));
  if (kind == T_SQ) return nz(x * x);
  return nz(x);
}

@inline function tf2(p: usize, cv: v128, kind: i32): v128 {
  const x = v128.load(p);
  if (kind == T_SQDEV) {
    const d = f64x2.sub(cv, x);
    return nz2(f64x2.mul(d, d));
  }
  if (kind == T_ABSDEV) return nz2(f64x2.abs(f64x2.sub(x, cv)));
  if (kind == T_SQ) return nz2(f64x2.mul(x, x));
  return nz2(x);
}

/**
 * numpy's pairwise_sum over tf(a[i]) for i < n ≤ 128 (NaN terms count as 0): left to right below
 * 8, else 8 interleaved accumulators (4 f64x2) combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)),
 * then the remainder. Inlined with a constant `kind`, so every transform gets its own loop.
 */
@inline function pairwiseBlock(p: usize, n: i32, c: f64, kind: i32): f64 {
  if (n < 8) {
    let r: f64 = 0.0;
    for (let i = 0; i < n; i++) r += tf(ld(p, i), c, kind);
    return r;
  }
  const cv = f64x2.splat(c);
  let a0 = tf2(p, cv, kind);
  let a1 = tf2(p + 16, cv, kind);
  let a2 = tf2(p + 32, cv, kind);
  let a3 = tf2(p + 48, cv, kind);
  const m = n - (n & 7);
  let i = 8;
  for (; i < m; i += 8) {
    const q = p + (<usize>i << 3);
    a0 = f64x2.add(a0, tf2(q, cv, kind));
    a1 = f64x2.add(a1, tf2(q + 16, cv, kind));
    a2 = f64x2.add(a2, tf2(q + 32, cv, kind));
    a3 = f64x2.add(a3, tf2(q + 48, cv, kind));
  }
  let res =
    ((f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1)) + (f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1))) +
    ((f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1)) + (f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1)));
  for (; i < n; i++) res += tf(ld(p, i), c, kind);
  return res;
}

/** Where numpy splits a block of more than 128 values: half, rounded down to a multiple of 8. */
@inline function split(n: i32): i32 {
  const n2 = n >> 1;
  return n2 - (n2 & 7);
}

function pwPlain(p: usize, n: i32): f64 {
  if (n <= 128) return pairwiseBlock(p, n, 0.0, T_PLAIN);
  const h = split(n);
  return pwPlain(p, h) + pwPlain(p + (<usize>h << 3), n - h);
}

function pwSqDev(p: usize, n: i32, c: f64): f64 {
  if (n <= 128) return pairwiseBlock(p, n, c, T_SQDEV);
  const h = split(n);
  return pwSqDev(p, h, c) + pwSqDev(p + (<usize>h << 3), n - h, c);
}

function pwAbsDev(p: usize, n: i32, c: f64): f64 {
  if (n <= 128) return pairwiseBlock(p, n, c, T_ABSDEV);
  const h = split(n);
  return pwAbsDev(p, h, c) + pwAbsDev(p + (<usize>h << 3), n - h, c);
}

function pwSq(p: usize, n: i32): f64 {
  if (n <= 128) return pairwiseBlock(p, n, 0.0, T_SQ);
  const h = split(n);
  return pwSq(p, h) + pwSq(p + (<usize>h << 3), n - h);
}

/** pandas sum: pairwise with NaN as 0 (0 for no values). */
export function sumNz(p: usize, n: i32): f64 {
  return pwPlain(p, n);
}

/** Pairwise sum of x^2 with NaN as 0. */
export function sumSqNz(p: usize, n: i32): f64 {
  return pwSq(p, n);
}

export function countValid(p: usize, n: i32): i32 {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = ld(p, i);
    if (v == v) k++;
  }
  return k;
}

/** pandas mean: NaN skipped, NaN for no values. */
export function meanNz(p: usize, n: i32): f64 {
  const k = countValid(p, n);
  return k > 0 ? sumNz(p, n) / <f64>k : NaN;
}

/** pandas var(ddof): two-pass, NaN as 0 in both passes; NaN when count ≤ ddof. */
export function varNz(p: usize, n: i32, ddof: i32): f64 {
  const k = countValid(p, n);
  if (k <= ddof) return NaN;
  const avg = sumNz(p, n) / <f64>k;
  return pwSqDev(p, n, avg) / <f64>(k - ddof);
}

/** mean(|x - m|) with NaN skipped (the CCI mean deviation). */
export function meanAbsDevNz(p: usize, n: i32, m: f64): f64 {
  const k = countValid(p, n);
  return k > 0 ? pwAbsDev(p, n, m) / <f64>k : NaN;
}

export function nanMin(p: usize, n: i32): f64 {
  let r: f64 = NaN;
  for (let i = 0; i < n; i++) {
    const v = ld(p, i);
    if (v == v && !(v >= r)) r = v;
  }
  return r;
}

export function nanMax(p: usize, n: i32): f64 {
  let r: f64 = NaN;
  for (let i = 0; i < n; i++) {
    const v = ld(p, i);
    if (v == v && !(v <= r)) r = v;
  }
  return r;
}

/** Hoare quickselect: after it, a[k] is the k-th smallest of a[0..n) (a is permuted). */
function selectKth(a: usize, n: i32, k: i32): f64 {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted and constant runs fast.
    const mid = lo + ((hi - lo) >> 1);
    let x = ld(a, lo), y = ld(a, mid), z = ld(a, hi);
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (ld(a, i) < pivot) i++;
      while (ld(a, j) > pivot) j--;
      if (i <= j) {
        const t = ld(a, i);
        st(a, i, ld(a, j));
        st(a, j, t);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return ld(a, k);
}

/**
 * numpy median of the non-NaN values of src[0..n) (NaN for none), using `tmp` (n f64) as scratch;
 * `center`/`absDev`: when absDev is true the values are |src - center| (the MAD's second median).
 */
export function medianNz(src: usize, n: i32, tmp: usize, center: f64, absDev: bool): f64 {
  let m = 0;
  for (let i = 0; i < n; i++) {
    let v = ld(src, i);
    if (absDev) v = Math.abs(v - center);
    if (v == v) st(tmp, m++, v);
  }
  if (m == 0) return NaN;
  const h = m >> 1;
  if (m & 1) return selectKth(tmp, m, h);
  const lo = selectKth(tmp, m, h - 1);
  // After selecting h-1, the upper part [h, m) holds the larger values: its minimum is a[h].
  let hi = ld(tmp, h);
  for (let i = h + 1; i < m; i++) {
    const v = ld(tmp, i);
    if (v < hi) hi = v;
  }
  return (lo + hi) / 2.0;
}

/** log(max(c, 1e-9)) with NaN kept. */
@inline export function flooredLog(c: f64): f64 {
  return c == c ? Math.log(c > LOG_FLOOR ? c : LOG_FLOOR) : NaN;
}

/** +Infinity marks a bar whose price is finite but not positive (the estimators then give NaN). */
export const BAD: f64 = Infinity;

/** Price validity of a bar for the log estimators: 0 ok, 1 NaN present (empty bin), 2 non-positive. */
@inline export function priceCode2(a: f64, b: f64): i32 {
  if (a > 0.0 && b > 0.0) return 0;
  if ((a == a && !(a > 0.0)) || (b == b && !(b > 0.0))) return 2;
  return 1;
}

@inline export function priceCode4(a: f64, b: f64, c: f64, d: f64): i32 {
  const x = priceCode2(a, b);
  const y = priceCode2(c, d);
  return x > y ? x : y;
}

/** A min_periods-style param k: -1 (auto) or an integer in [0, hi]; -2 when invalid (NaN, fractional, out of range). */
export function minPeriodsParam(params: usize, k: i32, hi: i32): i32 {
  if (param(params, k) == -1.0) return -1;
  const v = intParam(params, k, 0, hi);
  return v < 0 ? -2 : v;
}
