// Running a rolling kernel's exact code path from inside another kernel (SMA = rolling_mean,
// Bollinger's rolling mean/std, Stochastic's rolling min/max), rather than copying it. The moments
// loops are called directly; rolling min/max are entered through their ABI, whose tables
// (column offsets, params) go into a small frame the caller reserves in its own state block or
// scratch (rewritten on every call, so carrying state between chunks is unaffected). Every
// delegated rolling kernel keeps its own state sub-block.
import { resolveMinPeriods, rollingSumMean, rollingVarLoop } from '../rolling/moments';
import { k_rolling_min, k_rolling_max } from '../rolling/minmax';

/** f64 slots a frame takes: 2 column tables of 2 u32 each (16 B) and 3 f64 params. */
export const FRAME_SLOTS: i32 = 6;

export const ROLL_MEAN: i32 = 0;
export const ROLL_STD: i32 = 1;
export const ROLL_MIN: i32 = 2;
export const ROLL_MAX: i32 = 3;

/** State slots of a rolling kernel at `window` (moments: 8 + window; min/max: 4 + 3·window). */
export function rollingStateSlots(kind: i32, window: i32): i32 {
  return kind == ROLL_MIN || kind == ROLL_MAX ? 4 + 3 * window : 8 + window;
}

/**
 * Run rolling kernel `kind` over x[0..n) into out[0..n) (out may equal x) with params (window,
 * min_periods[, ddof = 1]) and its carried state at `sub`. Returns the callee's status.
 */
export function callRolling(kind: i32, frame: usize, x: usize, out: usize, n: i32, window: i32, minPeriods: i32, sub: usize): i32 {
  if (kind == ROLL_MEAN || kind == ROLL_STD) {
    const minp = resolveMinPeriods(minPeriods, window);
    if (kind == ROLL_MEAN) rollingSumMean(x, out, n, window, minp, sub, false);
    else rollingVarLoop(x, out, n, window, minp, 1, sub, true);
    return 0;
  }
  store<u32>(frame, <u32>x);
  store<u32>(frame + 8, <u32>out);
  const params = frame + 16;
  store<f64>(params, <f64>window);
  store<f64>(params + 8, <f64>minPeriods);
  store<f64>(params + 16, 1.0);
  if (kind == ROLL_MIN) return k_rolling_min(frame, frame + 8, n, params, sub, 0);
  return k_rolling_max(frame, frame + 8, n, params, sub, 0);
}
