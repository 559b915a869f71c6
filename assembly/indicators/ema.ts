// EMA with pandas `ewm(span, adjust=False, ignore_na=False, min_periods)` semantics
// (spec data_pipeline.md §1.4): seeded with the first non-NaN value, the old weight decays on
// every step after the seed (NaN steps too), NaN positions output the held mean.
import { STATUS_OK, badParam, col, param, ld, st, sget, sset } from '../abi';

// Carried state slots.
const S_SEEDED = 0; // 1 once a non-NaN value was seen
const S_MEAN = 1;
const S_OLDW = 2;
const S_NOBS = 3;
export const EWM_STATE_LEN: i32 = 4;

/**
 * One pandas adjust=False update of a seeded mean with old weight `ow` (already decayed):
 * (ow·w + alpha·v)/(ow + alpha). pandas skips the update when the value equals the mean, so a
 * constant run stays exact. Without gaps ow + alpha is exactly 1.0 ((1-a)+a rounds to 1 for every
 * a in (0, 1]), and dividing by 1.0 is the identity, so the division (the loop's critical path) is
 * skipped then — bit-identical results.
 */
@inline export function ewmMean(w: f64, ow: f64, alpha: f64, v: f64): f64 {
  if (v == w) return w;
  const num = ow * w + alpha * v;
  const den = ow + alpha;
  return den == 1.0 ? num : num / den;
}

/** The shared EWM loop; `alpha` in (0, 1]. */
export function ewmAdjustFalse(x: usize, out: usize, n: i32, alpha: f64, minPeriods: f64, state: usize): void {
  let seeded = sget(state, S_SEEDED) != 0.0;
  let w = sget(state, S_MEAN);
  let ow = sget(state, S_OLDW);
  let nobs = sget(state, S_NOBS);
  const decay = 1.0 - alpha;
  for (let i = 0; i < n; i++) {
    const v = ld(x, i);
    if (!seeded) {
      if (v == v) {
        seeded = true;
        w = v;
        ow = 1.0;
        nobs = 1.0;
      }
    } else {
      ow *= decay;
      if (v == v) {
        w = ewmMean(w, ow, alpha, v);
        ow = 1.0;
        nobs += 1.0;
      }
    }
    st(out, i, seeded && nobs >= minPeriods ? w : NaN);
  }
  sset(state, S_SEEDED, seeded ? 1.0 : 0.0);
  sset(state, S_MEAN, w);
  sset(state, S_OLDW, ow);
  sset(state, S_NOBS, nobs);
}

/** params: span (≥ 1), min_periods (≥ 0). */
export function k_ema(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const span = param(params, 0);
  if (!(span >= 1.0) || !isFinite(span)) return badParam(0);
  const minp = param(params, 1);
  if (!(minp >= 0.0) || minp != Math.floor(minp)) return badParam(1);
  ewmAdjustFalse(col(ins, 0), col(outs, 0), n, 2.0 / (span + 1.0), minp, state);
  return STATUS_OK;
}
