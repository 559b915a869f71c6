/** Seeded bar-like data for benchmarks (a log random walk with OHLC and volume). */
import type { OhlcvColumns } from '../src/sources/types.js';

export type BenchBars = OhlcvColumns;

export function syntheticBars(n: number, seed: number): BenchBars {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const b: BenchBars = {
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let c = 100;
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const o = c;
    c = o * Math.exp((rnd() - 0.5) * 0.004);
    b.ts[i] = t0 + i * 60_000;
    b.open[i] = o;
    b.close[i] = c;
    b.high[i] = Math.max(o, c) * (1 + rnd() * 0.001);
    b.low[i] = Math.min(o, c) * (1 - rnd() * 0.001);
    b.volume[i] = 10 + 100 * rnd() * (1 + Math.abs(c - o) / o * 100);
  }
  return b;
}
