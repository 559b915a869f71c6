// Percentile knots of a whole series (baselines §4.11: p01 … p99 of a metric's finite values),
// numpy `percentile(..., method='linear')` exactly: virtual index (m−1)·q, and numpy's `_lerp`,
// which computes a + (b−a)·γ for γ < 0.5 and b − (b−a)·(1−γ) otherwise. A non-registry export:
// one set of knots per series, not one value per row.
import { sortValues } from './sort';

/**
 * Knots of the finite values of x[0..n) at the fractions qs[0..nq) (each in [0, 1]) into out[0..nq).
 * scratch: 16·n bytes. Returns the number of finite values m; all knots are NaN when m is 0.
 */
export function percentiles(x: usize, n: i32, qs: usize, nq: i32, out: usize, scratch: usize): i32 {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (isFinite(v)) {
      store<f64>(scratch + (<usize>m << 3), v);
      m++;
    }
  }
  const sorted = sortValues(scratch, scratch + (<usize>n << 3), m);
  for (let k = 0; k < nq; k++) {
    const q = load<f64>(qs + (<usize>k << 3));
    store<f64>(out + (<usize>k << 3), m == 0 || !(q >= 0.0 && q <= 1.0) ? NaN : knot(sorted, m, q));
  }
  return m;
}

@inline function knot(sorted: usize, m: i32, q: f64): f64 {
  const vi = <f64>(m - 1) * q;
  if (vi >= <f64>(m - 1)) return load<f64>(sorted + (<usize>(m - 1) << 3));
  const prev = Math.floor(vi);
  const lo = <i32>prev;
  const g = vi - prev;
  const a = load<f64>(sorted + (<usize>lo << 3));
  const b = load<f64>(sorted + (<usize>(lo + 1) << 3));
  const diff = b - a;
  return g >= 0.5 ? b - diff * (1.0 - g) : a + diff * g;
}
