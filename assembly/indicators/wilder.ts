// Wilder smoothing: pandas ewm(alpha = 1/period, adjust=False), seeded with the first value — the
// smoothing inside RSI, ATR and ADX (spec §1.4, min_periods = period there).
import { STATUS_OK, badParam, col, intParam, MAX_WINDOW } from '../abi';
import { ewmAdjustFalse } from './ema';
import { minPeriodsParam } from './numeric';

/** params: period (≥ 1), min_periods (-1 = period). State: the EWM's 4 slots. */
export function k_wilder(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const period = intParam(params, 0, 1, MAX_WINDOW);
  if (period < 0) return badParam(0);
  let minp = minPeriodsParam(params, 1, MAX_WINDOW);
  if (minp < -1) return badParam(1);
  if (minp == -1) minp = period;
  ewmAdjustFalse(col(ins, 0), col(outs, 0), n, 1.0 / <f64>period, <f64>minp, state);
  return STATUS_OK;
}
