/** Seeded bar-like test data: consistent OHLCV with optional empty bins (NaN prices, volume 0). */
import { seededRandom } from './compare.js';

export interface RandomBars {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/**
 * A log random walk: open = previous close, high/low beyond both, positive volume; a share
 * `nanShare` of bars are empty like resampled gaps (NaN open/high/low/close, volume 0). Closes are
 * rounded to 4 decimals so some returns are exactly 0 (flat bars).
 */
export function randomBars(n: number, seed: number, nanShare = 0): RandomBars {
  const r = seededRandom(seed);
  const b: RandomBars = { open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  let c = 100;
  for (let i = 0; i < n; i++) {
    const o = c;
    c = Math.round(o * Math.exp((r() - 0.5) * 0.01) * 1e4) / 1e4;
    b.open[i] = o;
    b.close[i] = c;
    b.high[i] = Math.max(o, c) * (1 + r() * 0.002);
    b.low[i] = Math.min(o, c) * (1 - r() * 0.002);
    b.volume[i] = 1 + r() * 100;
    if (nanShare > 0 && r() < nanShare) {
      b.open[i] = b.high[i] = b.low[i] = b.close[i] = NaN;
      b.volume[i] = 0;
    }
  }
  return b;
}
