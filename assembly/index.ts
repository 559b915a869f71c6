// The kernel module: every export the engine can call. Registry kernels are exported as
// `k_<registry name>` with the ABI of ./abi.ts; src/kernels/registry.ts is the list of them.

/** Where the module's static data ends; the JS arena must start above it. */
export function heapBase(): usize {
  return __heap_base;
}

export { k_ema } from './indicators/ema';
export { k_rolling_mean, k_rolling_var, k_rolling_std } from './rolling/moments';
export { k_rolling_min, k_rolling_max } from './rolling/minmax';
