// The kernel module: every export the engine can call. Registry kernels are exported as
// `k_<registry name>` with the ABI of ./abi.ts; src/kernels/registry.ts is the list of them.

/** Where the module's static data ends; the JS arena must start above it. */
export function heapBase(): usize {
  return __heap_base;
}

export * from './indicators/kernels';
export { k_rolling_mean, k_rolling_sum, k_rolling_var, k_rolling_std } from './rolling/moments';
export { k_rolling_min, k_rolling_max } from './rolling/minmax';
export { k_rolling_quantile, k_rolling_rank, k_rolling_robust_z, k_causal_winsorize } from './rolling/quantile';
export { k_causal_zscore } from './rolling/zscore';
export { osScratchBytes as orderstat_scratch_bytes } from './rolling/orderstat';
export { percentiles } from './rolling/percentiles';
export { k_log1p_pos, k_asl } from './transforms/elementwise';
export { k_resample_ohlcv } from './resample/ohlcv';
export { dist_pairwise, dist_cross } from './distance/pairwise';
export { RNG_STATE_BYTES, rng_seed, rng_fill_normal, rng_fill_uniform, rng_log } from './util/rng';
export { FFT_MAX_N, fft_scratch_bytes, fft_plan, fft_forward, fft_inverse } from './emd/fft';
export { hilbert_scratch_bytes, hilbert_plan, hilbert_analytic, hilbert_features, hilbert_atan2 } from './emd/hilbert';
export { emd_probe_div } from './emd/probe';
export { emd_scratch_bytes, emd_state_bytes, emd_cfg_slots, emd_last_sifts, emd_last_knots, emd_last_imfs, emd_init, emd_next, emd_state_sifts, emd_state_knots, emd_rows, ceemdan_trial, ceemdan_test, emd_std, emd_sum, emd_sum_abs, emd_find_extrema, emd_set_solve_split, emd_solve_splits } from './emd/ceemdan';
