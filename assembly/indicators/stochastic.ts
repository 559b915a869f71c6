// Stochastic oscillator of the original's `_stochastic_kd` (spec §4.5): LL / HH = rolling(period)
// min of low / max of high (min_periods = period; the rolling_min / rolling_max kernels' code
// paths), %K = (c - LL)/(HH - LL)·100 with a zero range giving NaN, %D = rolling(d_period,
// min_periods 1) mean of %K (so %D can be finite where %K is NaN).
import { STATUS_OK, badParam, col, intParam, ld, st, MAX_WINDOW } from '../abi';
import { FRAME_SLOTS, ROLL_MAX, ROLL_MEAN, ROLL_MIN, callRolling, rollingStateSlots } from './frame';

// State: the frame, then rolling_min's, rolling_max's and rolling_mean's states.
export function k_stochastic(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const period = intParam(params, 0, 1, MAX_WINDOW);
  if (period < 0) return badParam(0);
  const dp = intParam(params, 1, 1, MAX_WINDOW);
  if (dp < 0) return badParam(1);
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), oK = col(outs, 0), oD = col(outs, 1);
  const frame = state;
  const subMin = frame + (<usize>FRAME_SLOTS << 3);
  const subMax = subMin + (<usize>rollingStateSlots(ROLL_MIN, period) << 3);
  const subMean = subMax + (<usize>rollingStateSlots(ROLL_MAX, period) << 3);
  callRolling(ROLL_MIN, frame, l, oK, n, period, period, subMin);
  callRolling(ROLL_MAX, frame, h, oD, n, period, period, subMax);
  for (let i = 0; i < n; i++) {
    const ll = ld(oK, i);
    const den = ld(oD, i) - ll;
    st(oK, i, den == 0.0 ? NaN : ((ld(c, i) - ll) / den) * 100.0);
  }
  callRolling(ROLL_MEAN, frame, oK, oD, n, dp, 1, subMean);
  return STATUS_OK;
}
