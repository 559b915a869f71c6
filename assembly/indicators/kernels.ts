// Every registry kernel of assembly/indicators (re-exported by ../index.ts): the wasm export of
// registry kernel `x` is `k_x` (src/kernels/specs/indicators.ts).
export { k_ema } from './ema';
export { k_sma } from './sma';
export { k_wilder } from './wilder';
export { k_rsi } from './rsi';
export { k_true_range } from './true_range';
export { k_atr } from './atr';
export { k_adx } from './adx';
export { k_macd } from './macd';
export { k_bollinger } from './bollinger';
export { k_stochastic } from './stochastic';
export { k_obv } from './obv';
export { k_roc } from './roc';
export { k_log_return } from './log_return';
export {
  k_cci, k_vwap, k_vwap_pos_share, k_range_intensity, k_quote_volume, k_rv_close, k_ret_share, k_run_max, k_volume_shares,
  k_vol_spike, k_parkinson, k_garman_klass, k_yang_zhang,
} from './trailing';
export { k_window_metrics } from './window_metrics';
