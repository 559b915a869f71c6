/**
 * Plain-TS reference of the distance exports (assembly/distance/pairwise.ts), in the kernel's exact
 * summation order so results are bit-identical: for the first ⌊d/4⌋·4 dimensions, four partial sums
 * s_r over dims ≡ r (mod 4); total = (s0 + s2) + (s1 + s3); then the remaining dims added in order.
 */

export function sqDistRef(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const d4 = d & ~3;
  let k = 0;
  for (; k < d4; k += 4) {
    const x0 = a[ai + k]! - b[bi + k]!;
    const x1 = a[ai + k + 1]! - b[bi + k + 1]!;
    const x2 = a[ai + k + 2]! - b[bi + k + 2]!;
    const x3 = a[ai + k + 3]! - b[bi + k + 3]!;
    s0 += x0 * x0;
    s1 += x1 * x1;
    s2 += x2 * x2;
    s3 += x3 * x3;
  }
  let s = (s0 + s2) + (s1 + s3);
  for (; k < d; k++) {
    const t = a[ai + k]! - b[bi + k]!;
    s += t * t;
  }
  return s;
}

/** n×n matrix of distances between the rows of x (n×d, row-major). */
export function pairwiseRef(x: Float64Array, n: number, d: number, squared = false): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = sqDistRef(x, i * d, x, j * d, d);
      out[i * n + j] = out[j * n + i] = squared ? s : Math.sqrt(s);
    }
  }
  return out;
}

/** na×nb matrix of distances between the rows of a and the rows of b. */
export function crossRef(a: Float64Array, na: number, b: Float64Array, nb: number, d: number, squared = false): Float64Array {
  const out = new Float64Array(na * nb);
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      const s = sqDistRef(a, i * d, b, j * d, d);
      out[i * nb + j] = squared ? s : Math.sqrt(s);
    }
  }
  return out;
}
