/**
 * Plain-TS reference of resample_ohlcv (assembly/resample/ohlcv.ts): per row, the running
 * aggregate of the row's epoch-aligned k-minute bin over that bin's rows so far.
 */

export interface RunningBins {
  bin: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  count: Float64Array;
}

export function resampleRunning(
  ts: Float64Array, open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, minutes: number,
): RunningBins {
  const n = ts.length;
  const r: RunningBins = {
    bin: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n),
    close: new Float64Array(n), volume: new Float64Array(n), count: new Float64Array(n),
  };
  const span = minutes * 60_000;
  let bin = NaN, o = NaN, h = NaN, l = NaN, c = NaN, vol = 0, comp = 0, count = 0;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (t !== t) {
      for (const a of Object.values(r)) (a as Float64Array)[i] = NaN;
      continue;
    }
    const b = Math.floor(t / span) * span;
    if (b !== bin) {
      bin = b;
      o = h = l = c = NaN;
      vol = comp = count = 0;
    }
    if (o !== o) o = open[i]!;
    const hv = high[i]!;
    if (hv > h || h !== h) h = hv;
    const lv = low[i]!;
    if (lv < l || l !== l) l = lv;
    const cv = close[i]!;
    if (cv === cv) c = cv;
    const vv = volume[i]!;
    if (vv === vv) {
      // Kahan, as pandas' groupby sum.
      const y = vv - comp;
      const s = vol + y;
      comp = s - vol - y;
      vol = s;
    }
    count++;
    r.bin[i] = bin;
    r.open[i] = o;
    r.high[i] = h;
    r.low[i] = l;
    r.close[i] = c;
    r.volume[i] = vol;
    r.count[i] = count;
  }
  return r;
}
