// Resampling 1-minute bars to k-minute bars on UTC/epoch-aligned buckets: bin = floor(t / k min).
// open = first non-NaN open, high = max, low = min (NaNs skipped), close = last non-NaN close,
// volume = Kahan sum in time order (pandas' groupby sum, bit for bit), count = rows in the bin.
//
// Output shape (the ABI keeps output length = input length): row i holds the aggregate of row i's
// bin over the rows of that bin up to and including row i (a running aggregate). The last row of
// each bin therefore holds the finished bin; src/kernels/resample.ts collects those rows and adds
// the empty bins in between (NaN prices, volume 0, count 0 — DECISIONS B17). The open bin is
// carried in the state, so a bin that straddles a chunk (day) boundary gives the batch result.
// Rows with a NaN timestamp output NaN and leave the bin untouched.
import { STATUS_OK, badParam, col, intParam, ld, st, sget, sset } from '../abi';

const S_ACTIVE = 0;
const S_BIN = 1;
const S_OPEN = 2;
const S_HIGH = 3;
const S_LOW = 4;
const S_CLOSE = 5;
const S_VOL = 6;
const S_COMP = 7;
const S_COUNT = 8;
export const RESAMPLE_STATE_LEN: i32 = 9;

/** Largest bucket: 366 days of minutes. */
const MAX_MINUTES: i32 = 527040;

/** ins: ts (epoch ms), open, high, low, close, volume. outs: bin, open, high, low, close, volume, count. params: minutes. */
export function k_resample_ohlcv(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const minutes = intParam(params, 0, 1, MAX_MINUTES);
  if (minutes < 0) return badParam(0);
  const span = <f64>minutes * 60000.0;
  const ts = col(ins, 0);
  const op = col(ins, 1);
  const hp = col(ins, 2);
  const lp = col(ins, 3);
  const cp = col(ins, 4);
  const vp = col(ins, 5);
  const oBin = col(outs, 0);
  const oOpen = col(outs, 1);
  const oHigh = col(outs, 2);
  const oLow = col(outs, 3);
  const oClose = col(outs, 4);
  const oVol = col(outs, 5);
  const oCount = col(outs, 6);

  let active = sget(state, S_ACTIVE) != 0.0;
  let bin = sget(state, S_BIN);
  let o = sget(state, S_OPEN);
  let h = sget(state, S_HIGH);
  let l = sget(state, S_LOW);
  let c = sget(state, S_CLOSE);
  let vol = sget(state, S_VOL);
  let comp = sget(state, S_COMP);
  let count = sget(state, S_COUNT);

  for (let i = 0; i < n; i++) {
    const t = ld(ts, i);
    if (t != t) {
      st(oBin, i, NaN);
      st(oOpen, i, NaN);
      st(oHigh, i, NaN);
      st(oLow, i, NaN);
      st(oClose, i, NaN);
      st(oVol, i, NaN);
      st(oCount, i, NaN);
      continue;
    }
    const b = Math.floor(t / span) * span;
    if (!active || b != bin) {
      active = true;
      bin = b;
      o = NaN;
      h = NaN;
      l = NaN;
      c = NaN;
      vol = 0.0;
      comp = 0.0;
      count = 0.0;
    }
    const ov = ld(op, i);
    if (o != o) o = ov;
    const hv = ld(hp, i);
    if (hv > h || h != h) h = hv;
    const lv = ld(lp, i);
    if (lv < l || l != l) l = lv;
    const cv = ld(cp, i);
    if (cv == cv) c = cv;
    const vv = ld(vp, i);
    if (vv == vv) {
      const y = vv - comp;
      const s = vol + y;
      comp = s - vol - y;
      vol = s;
    }
    count += 1.0;
    st(oBin, i, bin);
    st(oOpen, i, o);
    st(oHigh, i, h);
    st(oLow, i, l);
    st(oClose, i, c);
    st(oVol, i, vol);
    st(oCount, i, count);
  }
  sset(state, S_ACTIVE, active ? 1.0 : 0.0);
  sset(state, S_BIN, bin);
  sset(state, S_OPEN, o);
  sset(state, S_HIGH, h);
  sset(state, S_LOW, l);
  sset(state, S_CLOSE, c);
  sset(state, S_VOL, vol);
  sset(state, S_COMP, comp);
  sset(state, S_COUNT, count);
  return STATUS_OK;
}
