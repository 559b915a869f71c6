/**
 * Sizes of the order-statistics engine (assembly/rolling/orderstat.ts) that the registry declares
 * for its kernels. They mirror the AssemblyScript formulas exactly; a test compares them with the
 * module's own `orderstat_scratch_bytes` export.
 */

/** Smallest block of rows the engine processes at once (OS_MIN_BLOCK), and blocks per window. */
export const OS_MIN_BLOCK = 256;
export const OS_BLOCK_FACTOR = 4;

/** radixSortPairs' digit counts (RADIX_HIST_BYTES). */
const RADIX_HIST_BYTES = 2 * 256 * 4;
const align8 = (x: number) => Math.ceil(x / 8) * 8;
function nextPow2(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}

/** Carried state: rows seen, count, and the sorted window (values and row numbers). */
export const orderStatStateLen = (window: number) => 2 + 2 * window;

/** Scratch bytes per call: cursors, the block's merged values, slots, tie runs, bitmap, tree, sort buffers. */
export function orderStatScratchBytes(window: number): number {
  const b = Math.max(window * OS_BLOCK_FACTOR, OS_MIN_BLOCK);
  const u = window + b;
  const words = nextPow2(Math.ceil(u / 64));
  return 64 + RADIX_HIST_BYTES + u * 8 + align8(u * 4) * 4 + words * 8 + align8((words + 1) * 4) + b * 8 * 2 + align8(b * 4) * 2;
}
