// Euclidean distance matrices for the clustering inner loops (HDBSCAN, KMeans, DBSCAN): rows of a
// row-major n×d f64 matrix, differences accumulated with f64x2 SIMD, four dimensions per step in
// two accumulators. The summation order is fixed (documented in src/kernels/reference/distance.ts,
// which mirrors it), so the TS reference gives bit-identical distances. Direct differences, not
// the |a|²+|b|²−2a·b expansion: no cancellation for close points. Non-registry exports.

/** Squared distance of rows a and b (d dims): lanes hold dims ≡ 0,1 (acc0) and 2,3 (acc1) mod 4. */
@inline function sqDist(a: usize, b: usize, d: i32): f64 {
  let acc0 = f64x2.splat(0.0);
  let acc1 = f64x2.splat(0.0);
  const d4 = d & ~3;
  let k = 0;
  for (; k < d4; k += 4) {
    const off = <usize>k << 3;
    const x0 = f64x2.sub(v128.load(a + off), v128.load(b + off));
    const x1 = f64x2.sub(v128.load(a + off, 16), v128.load(b + off, 16));
    acc0 = f64x2.add(acc0, f64x2.mul(x0, x0));
    acc1 = f64x2.add(acc1, f64x2.mul(x1, x1));
  }
  const acc = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; k < d; k++) {
    const off = <usize>k << 3;
    const t = load<f64>(a + off) - load<f64>(b + off);
    s += t * t;
  }
  return s;
}

/**
 * out[i·n + j] = distance between rows i and j of x (n×d), squared when `squared` is non-zero.
 * Symmetric: each pair is computed once and mirrored; the diagonal is 0.
 */
export function dist_pairwise(x: usize, n: i32, d: i32, out: usize, squared: i32): void {
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const ri = x + <usize>i * rowBytes;
    store<f64>(out + ((<usize>i * <usize>n + <usize>i) << 3), 0.0);
    for (let j = i + 1; j < n; j++) {
      let s = sqDist(ri, x + <usize>j * rowBytes, d);
      if (!squared) s = Math.sqrt(s);
      store<f64>(out + ((<usize>i * <usize>n + <usize>j) << 3), s);
      store<f64>(out + ((<usize>j * <usize>n + <usize>i) << 3), s);
    }
  }
}

/** out[i·nb + j] = distance between row i of a (na×d) and row j of b (nb×d), squared when `squared`. */
export function dist_cross(a: usize, na: i32, b: usize, nb: i32, d: i32, out: usize, squared: i32): void {
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < na; i++) {
    const ri = a + <usize>i * rowBytes;
    const o = out + ((<usize>i * <usize>nb) << 3);
    for (let j = 0; j < nb; j++) {
      let s = sqDist(ri, b + <usize>j * rowBytes, d);
      if (!squared) s = Math.sqrt(s);
      store<f64>(o + (<usize>j << 3), s);
    }
  }
}
