/** Plain-TS reference of pandas `ewm(adjust=False, ignore_na=False)` (spec §1.4). */
export function ewmAdjustFalse(x: Float64Array, alpha: number, minPeriods: number): Float64Array {
  const out = new Float64Array(x.length);
  let seeded = false;
  let w = NaN;
  let ow = 1;
  let nobs = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!seeded) {
      if (v === v) {
        seeded = true;
        w = v;
        ow = 1;
        nobs = 1;
      }
    } else {
      ow *= 1 - alpha;
      if (v === v) {
        if (v !== w) w = (ow * w + alpha * v) / (ow + alpha);
        ow = 1;
        nobs++;
      }
    }
    out[i] = seeded && nobs >= minPeriods ? w : NaN;
  }
  return out;
}

export function ema(x: Float64Array, span: number, minPeriods = 0): Float64Array {
  return ewmAdjustFalse(x, 2 / (span + 1), minPeriods);
}
