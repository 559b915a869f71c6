/**
 * Plain-TS references of the trailing-window kernels: at every bar, the whole-window statistic
 * (./window-stats.ts) of the last `window` bars (fewer at the start when min_bars allows; NaN
 * while fewer than min_bars bars exist). O(window) per bar, like the kernels.
 */
import {
  cciOf, garmanKlassOf, parkinsonOf, quoteVolumeOf, rangeIntensityOf, retSharePosOf, runMaxOf, rvCloseOf,
  volSpikeShareOf, volumeSharesOf, vwapDeviation, vwapOf, vwapPosShareOf, yangZhangOf,
} from './window-stats.js';

type Stat = (off: number, len: number) => number[];

/** Evaluate `stat` on every trailing window; `outputs` values per bar. */
export function trailing(n: number, window: number, minBars: number, outputs: number, stat: Stat): Float64Array[] {
  const mb = minBars === -1 ? window : minBars;
  const outs = Array.from({ length: outputs }, () => new Float64Array(n).fill(NaN));
  for (let i = 0; i < n; i++) {
    const len = Math.min(i + 1, window);
    if (len < mb) continue;
    const vals = stat(i - len + 1, len);
    for (let k = 0; k < outputs; k++) outs[k]![i] = vals[k]!;
  }
  return outs;
}

type F = Float64Array;

export const cciRef = (h: F, l: F, c: F, period: number, minBars: number) => trailing(c.length, period, minBars, 1, (o, n) => [cciOf(h, l, c, o, n)]);

export const vwapRef = (h: F, l: F, c: F, v: F, window: number, minBars: number) =>
  trailing(c.length, window, minBars, 2, (o, n) => {
    const vw = vwapOf(h, l, c, v, o, n);
    return [vw, vwapDeviation(c[o + n - 1]!, vw)];
  });

export const vwapPosShareRef = (h: F, l: F, c: F, v: F, window: number, minBars: number, legacy: number) =>
  trailing(c.length, window, minBars, 1, (o, n) => [vwapPosShareOf(h, l, c, v, o, n, legacy)]);

export const rangeIntensityRef = (h: F, l: F, c: F, v: F, window: number, minBars: number, basis: number) =>
  trailing(c.length, window, minBars, 1, (o, n) => [rangeIntensityOf(h, l, c, v, o, n, basis)]);

export const quoteVolumeRef = (c: F, v: F, window: number, minBars: number) => trailing(c.length, window, minBars, 1, (o, n) => [quoteVolumeOf(c, v, o, n)]);

export const rvCloseRef = (c: F, window: number, minBars: number) => trailing(c.length, window, minBars, 1, (o, n) => [rvCloseOf(c, o, n)]);

export const retShareRef = (c: F, window: number, minBars: number, legacy: number) =>
  trailing(c.length, window, minBars, 1, (o, n) => [retSharePosOf(c, o, n, legacy)]);

export const runMaxRef = (c: F, window: number, minBars: number) => trailing(c.length, window, minBars, 2, (o, n) => runMaxOf(c, o, n));

export const volumeSharesRef = (c: F, v: F, window: number, minBars: number, legacy: number) =>
  trailing(c.length, window, minBars, 2, (o, n) => volumeSharesOf(c, v, o, n, legacy));

export const volSpikeRef = (v: F, window: number, minBars: number) => trailing(v.length, window, minBars, 1, (o, n) => [volSpikeShareOf(v, o, n)]);

export const parkinsonRef = (h: F, l: F, window: number, minBars: number, legacy: number) =>
  trailing(h.length, window, minBars, 1, (o, n) => [parkinsonOf(h, l, o, n, legacy)]);

export const garmanKlassRef = (op: F, h: F, l: F, c: F, window: number, minBars: number, legacy: number) =>
  trailing(c.length, window, minBars, 1, (o, n) => [garmanKlassOf(op, h, l, c, o, n, legacy)]);

export const yangZhangRef = (op: F, h: F, l: F, c: F, window: number, minBars: number, legacy: number) =>
  trailing(c.length, window, minBars, 1, (o, n) => [yangZhangOf(op, h, l, c, o, n, legacy)]);
