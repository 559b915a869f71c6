// Simple moving average = pandas rolling(period, min_periods).mean(): the rolling_mean kernel's
// exact code path, called through a frame in this kernel's state block (./frame.ts).
import { badParam, col, intParam, MAX_WINDOW } from '../abi';
import { FRAME_SLOTS, ROLL_MEAN, callRolling } from './frame';
import { minPeriodsParam } from './numeric';

/** params: period (≥ 1), min_periods (-1 = period). State: frame, then rolling_mean's state. */
export function k_sma(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const period = intParam(params, 0, 1, MAX_WINDOW);
  if (period < 0) return badParam(0);
  const minp = minPeriodsParam(params, 1, period);
  if (minp < -1) return badParam(1);
  return callRolling(ROLL_MEAN, state, col(ins, 0), col(outs, 0), n, period, minp, state + (<usize>FRAME_SLOTS << 3));
}

