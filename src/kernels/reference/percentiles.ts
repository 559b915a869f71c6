/** Plain-TS reference of the percentile knots export (assembly/rolling/percentiles.ts): numpy 'linear'. */

/** numpy `percentile(finite values, 100·q)` for each fraction q; NaN knots when nothing is finite. */
export function percentileKnotsRef(x: Float64Array, qs: readonly number[]): Float64Array {
  const v = Float64Array.from(x.filter((a) => Number.isFinite(a))).sort();
  const m = v.length;
  return Float64Array.from(qs, (q) => {
    if (m === 0 || !(q >= 0 && q <= 1)) return NaN;
    const vi = (m - 1) * q;
    if (vi >= m - 1) return v[m - 1]!;
    const prev = Math.floor(vi);
    const g = vi - prev;
    const a = v[prev]!;
    const b = v[prev + 1]!;
    const diff = b - a;
    // numpy's _lerp: the b-anchored form for γ ≥ 0.5 keeps the result monotone in γ.
    return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
  });
}
