/** Plain-TS references of the element-wise transforms (assembly/transforms/elementwise.ts). */

/** ln(1 + max(x, 0)); non-finite → NaN (data_pipeline §4.12; CoinGlass log1p_pos). */
export function log1pPos(x: Float64Array): Float64Array {
  return x.map((v) => (Number.isFinite(v) ? Math.log1p(v > 0 ? v : 0) : NaN));
}

/** sign(x)·ln(1 + |x|) (core._asl); asl(±0) = +0; non-finite → NaN. */
export function asl(x: Float64Array): Float64Array {
  return x.map((v) => {
    if (!Number.isFinite(v)) return NaN;
    const m = Math.log1p(Math.abs(v));
    return v > 0 ? m : v < 0 ? -m : 0;
  });
}
