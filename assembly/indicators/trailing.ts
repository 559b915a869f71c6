// Trailing-window kernels of the original's whole-window statistics (CCI, VWAP, realized
// volatility family, range intensity, volume shares, volume spikes, return shares and runs, quote
// volume): output[i] is the statistic of the window of the last `window` bars ending at bar i
// (fewer at the start of a series when min_bars allows), computed exactly as the original computes
// it for one window (./window_stats.ts), so the value at a window's last bar equals the original's
// metric for that window. Cost is O(window) per bar.
//
// State: [0] bars seen, [1] ring slot of the newest bar, then kernel carries, then one mirrored
// ring (2·window f64) per term: each term is stored at slot and slot + window, so the last L terms
// are always contiguous — the window statistics run on them in place, and chunked calls see exactly
// the batch's windows.
import { STATUS_OK, badParam, col, intParam, param, ld, st, sget, sset, MAX_WINDOW } from '../abi';
import { flooredLog, nanMax, nanMin, priceCode2, priceCode4, BAD, sumNz } from './numeric';
import {
  cciStat, garmanKlassStat, parkinsonStat, rangeIntensity, retShareStat, runMaxStat, rvCloseStat, second,
  volumeSharesStat, vwapDeviation, vwapPosShareStat, vwapStat, yangZhangLegacyStat, yangZhangStat,
} from './window_stats';

const S_SEEN = 0;
const S_SLOT = 1;

/** Offset of term ring k after `header` slots. */
@inline function ringAt(state: usize, header: i32, k: i32, W: i32): usize {
  return state + ((<usize>header + (<usize>k << 1) * <usize>W) << 3);
}

@inline function put(ring: usize, W: i32, slot: i32, v: f64): void {
  st(ring, slot, v);
  st(ring, slot + W, v);
}

/** Start of the last L terms, the newest at `slot`. */
@inline function win(ring: usize, W: i32, slot: i32, L: i32): usize {
  return ring + (<usize>(slot + W - L + 1) << 3);
}

/** min_bars param k: -1 = window; otherwise 1..window; returns -1 when invalid. */
function minBars(params: usize, k: i32, W: i32): i32 {
  if (param(params, k) == -1.0) return W;
  return intParam(params, k, 1, W);
}

/** A 0/1 flag param; returns -1 when invalid. */
export function flagParam(params: usize, k: i32): i32 {
  const v = param(params, k);
  return v == 0.0 ? 0 : v == 1.0 ? 1 : -1;
}

/** Run a statistic on returns whose first (out-of-window) entry is masked to NaN, then restore it. */
@inline function maskFirst(p: usize): f64 {
  const saved = ld(p, 0);
  st(p, 0, NaN);
  return saved;
}

// ---------------------------------------------------------------- CCI

/** params: period, min_bars. Ring: typical price. */
export function k_cci(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), out = col(outs, 0);
  const rTp = ringAt(state, 2, 0, W);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    put(rTp, W, slot, (ld(h, i) + ld(l, i) + ld(c, i)) / 3.0);
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    st(out, i, L >= mb ? cciStat(win(rTp, W, slot, L), L) : NaN);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  return STATUS_OK;
}

// ---------------------------------------------------------------- VWAP family

/** params: window, min_bars. Rings: tp·v, v. Outputs: vwap, deviation of the bar's close. */
export function k_vwap(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), v = col(ins, 3);
  const oV = col(outs, 0), oD = col(outs, 1);
  const rTpv = ringAt(state, 2, 0, W), rV = ringAt(state, 2, 1, W);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    const x = ld(c, i), vol = ld(v, i);
    put(rTpv, W, slot, ((ld(h, i) + ld(l, i) + x) / 3.0) * vol);
    put(rV, W, slot, vol);
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    let vw: f64 = NaN;
    if (L >= mb) vw = vwapStat(win(rTpv, W, slot, L), win(rV, W, slot, L), L);
    st(oV, i, vw);
    st(oD, i, L >= mb ? vwapDeviation(x, vw) : NaN);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  return STATUS_OK;
}

/** params: window, min_bars, legacy. Rings: close, tp·v, v. */
export function k_vwap_pos_share(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  const legacy = flagParam(params, 2);
  if (legacy < 0) return badParam(2);
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), v = col(ins, 3), out = col(outs, 0);
  const rC = ringAt(state, 2, 0, W), rTpv = ringAt(state, 2, 1, W), rV = ringAt(state, 2, 2, W);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    const x = ld(c, i), vol = ld(v, i);
    put(rC, W, slot, x);
    put(rTpv, W, slot, ((ld(h, i) + ld(l, i) + x) / 3.0) * vol);
    put(rV, W, slot, vol);
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    let r: f64 = NaN;
    if (L >= mb) {
      const vw = vwapStat(win(rTpv, W, slot, L), win(rV, W, slot, L), L);
      r = vwapPosShareStat(win(rC, W, slot, L), L, vw, legacy == 1);
    }
    st(out, i, r);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  return STATUS_OK;
}

/** params: window, min_bars, basis (0: vwap, 1: |last close|). Rings: high, low, tp·v, v. */
export function k_range_intensity(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  const basis = flagParam(params, 2);
  if (basis < 0) return badParam(2);
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), v = col(ins, 3), out = col(outs, 0);
  const rH = ringAt(state, 2, 0, W), rL = ringAt(state, 2, 1, W), rTpv = ringAt(state, 2, 2, W), rV = ringAt(state, 2, 3, W);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    const hi = ld(h, i), lo = ld(l, i), x = ld(c, i), vol = ld(v, i);
    put(rH, W, slot, hi);
    put(rL, W, slot, lo);
    put(rTpv, W, slot, ((hi + lo + x) / 3.0) * vol);
    put(rV, W, slot, vol);
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    let r: f64 = NaN;
    if (L >= mb) {
      const span = nanMax(win(rH, W, slot, L), L) - nanMin(win(rL, W, slot, L), L);
      if (basis == 1) r = rangeIntensity(span, Math.abs(x));
      else {
        const vw = vwapStat(win(rTpv, W, slot, L), win(rV, W, slot, L), L);
        r = isFinite(vw) ? rangeIntensity(span, vw) : NaN;
      }
    }
    st(out, i, r);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  return STATUS_OK;
}

/** params: window, min_bars. Ring: c·v. */
export function k_quote_volume(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  const c = col(ins, 0), v = col(ins, 1), out = col(outs, 0);
  const rCv = ringAt(state, 2, 0, W);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    put(rCv, W, slot, ld(c, i) * ld(v, i));
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    st(out, i, L >= mb ? sumNz(win(rCv, W, slot, L), L) : NaN);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  return STATUS_OK;
}

// ---------------------------------------------------------------- return-based

/** Which return statistic k_returns_stat computes. */
const R_RV = 0;
const R_SHARE = 1;
const R_RUNS = 2;

/**
 * Shared loop of the kernels over the log-return ring (carry: the previous floored log close):
 * rv_close (params window, min_bars), ret_share (+ legacy), run_max (two outputs).
 */
function returnsKernel(kind: i32, ins: usize, outs: usize, n: i32, params: usize, state: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  let legacy = 0;
  if (kind == R_SHARE) {
    legacy = flagParam(params, 2);
    if (legacy < 0) return badParam(2);
  }
  const c = col(ins, 0), o0 = col(outs, 0);
  const o1 = kind == R_RUNS ? col(outs, 1) : 0;
  const rR = ringAt(state, 3, 0, W);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  let prev = seen > 0.0 ? sget(state, 2) : NaN;
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    const lc = flooredLog(ld(c, i));
    put(rR, W, slot, lc - prev);
    prev = lc;
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    let a: f64 = NaN, b: f64 = NaN;
    if (L >= mb) {
      const p = win(rR, W, slot, L);
      const saved = maskFirst(p);
      if (kind == R_RV) a = rvCloseStat(p, L);
      else if (kind == R_SHARE) a = retShareStat(p, L, legacy == 1);
      else {
        a = runMaxStat(p, L);
        b = second;
      }
      st(p, 0, saved);
    }
    st(o0, i, a);
    if (kind == R_RUNS) st(o1, i, b);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  sset(state, 2, prev);
  return STATUS_OK;
}

export function k_rv_close(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return returnsKernel(R_RV, ins, outs, n, params, state);
}

export function k_ret_share(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return returnsKernel(R_SHARE, ins, outs, n, params, state);
}

export function k_run_max(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return returnsKernel(R_RUNS, ins, outs, n, params, state);
}

/** params: window, min_bars, legacy. Rings: returns, volume. Scratch: window f64. Outputs: up, down. */
export function k_volume_shares(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  const legacy = flagParam(params, 2);
  if (legacy < 0) return badParam(2);
  const c = col(ins, 0), v = col(ins, 1), oU = col(outs, 0), oD = col(outs, 1);
  const rR = ringAt(state, 3, 0, W), rV = ringAt(state, 3, 1, W);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  let prev = seen > 0.0 ? sget(state, 2) : NaN;
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    const lc = flooredLog(ld(c, i));
    put(rR, W, slot, lc - prev);
    put(rV, W, slot, ld(v, i));
    prev = lc;
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    let up: f64 = NaN, dn: f64 = NaN;
    if (L >= mb) {
      const p = win(rR, W, slot, L);
      const saved = maskFirst(p);
      up = volumeSharesStat(p, win(rV, W, slot, L), L, legacy == 1, scratch);
      dn = second;
      st(p, 0, saved);
    }
    st(oU, i, up);
    st(oD, i, dn);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  sset(state, 2, prev);
  return STATUS_OK;
}

/** First index in sorted a[0..m) whose value is > x (upper bound). */
@inline function upperBound(a: usize, m: i32, x: f64): i32 {
  let lo = 0, hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ld(a, mid) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * params: window, min_bars. The window's valid volumes are kept sorted (insert / remove by binary
 * search and a block move), so per bar: median in O(1), MAD by walking outwards from the median
 * (deviations come out in increasing order from both sides), the count above the threshold by
 * binary search — the same values numpy's medians give (volSpikeStat), without selection.
 * State: [0] bars seen, [1] ring slot, [2] valid values held, ring of `window` inputs, sorted values.
 */
export function k_vol_spike(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  const v = col(ins, 0), out = col(outs, 0);
  const ring = state + 24;
  const sorted = ring + (<usize>W << 3);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  let m = <i32>sget(state, 2);
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    if (seen >= fW) {
      const old = ld(ring, slot);
      if (old == old) {
        // remove one occurrence of old: the last index with a value ≤ old holds one
        const k = upperBound(sorted, m, old) - 1;
        memory.copy(sorted + (<usize>k << 3), sorted + (<usize>(k + 1) << 3), <usize>(m - k - 1) << 3);
        m--;
      }
    }
    const x = ld(v, i);
    st(ring, slot, x);
    if (x == x) {
      const k = upperBound(sorted, m, x);
      memory.copy(sorted + (<usize>(k + 1) << 3), sorted + (<usize>k << 3), <usize>(m - k) << 3);
      st(sorted, k, x);
      m++;
    }
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    let r: f64 = NaN;
    if (L >= mb) {
      let med: f64 = NaN, mad: f64 = NaN;
      if (m > 0) {
        const h = m >> 1;
        med = m & 1 ? ld(sorted, h) : (ld(sorted, h - 1) + ld(sorted, h)) / 2.0;
        // |v - med| in increasing order: med - s[a] going down, s[b] - med going up.
        let a = m & 1 ? h : h - 1;
        let b = a + 1;
        const k2 = h; // the h-th smallest deviation (0-based); an even count also needs the (h-1)-th
        let prev: f64 = NaN, cur: f64 = NaN;
        for (let t = 0; t <= k2; t++) {
          const dl: f64 = a >= 0 ? med - ld(sorted, a) : Infinity;
          const dr: f64 = b < m ? ld(sorted, b) - med : Infinity;
          prev = cur;
          if (dl <= dr) { cur = dl; a--; } else { cur = dr; b++; }
        }
        mad = m & 1 ? cur : (prev + cur) / 2.0;
      }
      const thr = med + 3.0 * (1.4826 * mad);
      const above = thr == thr ? m - upperBound(sorted, m, thr) : 0;
      r = <f64>above / <f64>L;
    }
    st(out, i, r);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  sset(state, 2, <f64>m);
  return STATUS_OK;
}

// ---------------------------------------------------------------- range-based volatility

/** ln(h/l)^2 with the markers: NaN for a NaN price, +Inf for a non-positive one. */
@inline export function hlTerm(h: f64, l: f64): f64 {
  const code = priceCode2(h, l);
  if (code == 0) {
    const x = Math.log(h / l);
    return x * x;
  }
  return code == 1 ? NaN : BAD;
}

/** params: window, min_bars, legacy. Ring: ln(h/l)^2. */
export function k_parkinson(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  const legacy = flagParam(params, 2);
  if (legacy < 0) return badParam(2);
  const h = col(ins, 0), l = col(ins, 1), out = col(outs, 0);
  const rT = ringAt(state, 2, 0, W);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    put(rT, W, slot, hlTerm(ld(h, i), ld(l, i)));
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    st(out, i, L >= mb ? parkinsonStat(win(rT, W, slot, L), L, legacy == 1) : NaN);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  return STATUS_OK;
}

/** params: window, min_bars, legacy. Rings: ln(h/l)^2, ln(c/o)^2, marked together over o, h, l, c. */
export function k_garman_klass(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  const legacy = flagParam(params, 2);
  if (legacy < 0) return badParam(2);
  const o = col(ins, 0), h = col(ins, 1), l = col(ins, 2), c = col(ins, 3), out = col(outs, 0);
  const r1 = ringAt(state, 2, 0, W), r2 = ringAt(state, 2, 1, W);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    const oo = ld(o, i), hh = ld(h, i), ll = ld(l, i), cc = ld(c, i);
    const code = priceCode4(oo, hh, ll, cc);
    let t1: f64, t2: f64;
    if (code == 0) {
      const a = Math.log(hh / ll);
      const b = Math.log(cc / oo);
      t1 = a * a;
      t2 = b * b;
    } else {
      t1 = t2 = code == 1 ? NaN : BAD;
    }
    put(r1, W, slot, t1);
    put(r2, W, slot, t2);
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    st(out, i, L >= mb ? garmanKlassStat(win(r1, W, slot, L), win(r2, W, slot, L), L, legacy == 1) : NaN);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  return STATUS_OK;
}

/**
 * Per-bar Yang-Zhang terms into 5 rings, given the previous bar's open and close:
 * legacy: oo, cc, co², oc² (+Inf unless o, c > 0), hl²; standard: co, oc, rs (NaN for a skipped
 * period, +Inf in co for a non-positive price) in rings 0..2.
 */
@inline function yzTerms(legacy: bool, rings: usize, W: i32, slot: i32, o: f64, h: f64, l: f64, c: f64, po: f64, pc: f64): void {
  const stride = (<usize>W << 4);
  if (legacy) {
    put(rings, W, slot, Math.log(o / po));
    put(rings + stride, W, slot, Math.log(c / pc));
    const co = Math.log(o / pc);
    put(rings + 2 * stride, W, slot, co * co);
    let oc2: f64 = BAD;
    if (o > 0.0 && c > 0.0) {
      const oc = Math.log(c / o);
      oc2 = oc * oc;
    }
    put(rings + 3 * stride, W, slot, oc2);
    const hl = Math.log(h / l);
    put(rings + 4 * stride, W, slot, hl * hl);
  } else {
    const code = priceCode4(o, h, l, c) > priceCode2(pc, 1.0) ? priceCode4(o, h, l, c) : priceCode2(pc, 1.0);
    let co: f64 = NaN, oc: f64 = NaN, rs: f64 = NaN;
    if (code == 0) {
      co = Math.log(o / pc);
      oc = Math.log(c / o);
      rs = Math.log(h / c) * Math.log(h / o) + Math.log(l / c) * Math.log(l / o);
    } else if (code == 2) co = BAD;
    put(rings, W, slot, co);
    put(rings + stride, W, slot, oc);
    put(rings + 2 * stride, W, slot, rs);
  }
}

/** params: window, min_bars, legacy. Carries: previous open, close. 5 rings (3 used by the standard). */
export function k_yang_zhang(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const W = intParam(params, 0, 1, MAX_WINDOW);
  if (W < 0) return badParam(0);
  const mb = minBars(params, 1, W);
  if (mb < 0) return badParam(1);
  const lg = flagParam(params, 2);
  if (lg < 0) return badParam(2);
  const legacy = lg == 1;
  const o = col(ins, 0), h = col(ins, 1), l = col(ins, 2), c = col(ins, 3), out = col(outs, 0);
  const rings = ringAt(state, 4, 0, W);
  const stride = (<usize>W << 4);
  let seen = sget(state, S_SEEN);
  let slot = <i32>sget(state, S_SLOT);
  let po = NaN, pc = NaN;
  if (seen > 0.0) {
    po = sget(state, 2);
    pc = sget(state, 3);
  }
  const fW = <f64>W;
  for (let i = 0; i < n; i++) {
    const oo = ld(o, i), cc = ld(c, i);
    yzTerms(legacy, rings, W, slot, oo, ld(h, i), ld(l, i), cc, po, pc);
    po = oo;
    pc = cc;
    seen += 1.0;
    const L = seen < fW ? <i32>seen : W;
    let r: f64 = NaN;
    if (L >= mb) {
      const p0 = win(rings, W, slot, L);
      if (legacy) r = yangZhangLegacyStat(p0 + 8, p0 + stride + 8, p0 + 2 * stride + 8, p0 + 3 * stride, p0 + 4 * stride, L);
      else r = yangZhangStat(p0 + 8, p0 + stride + 8, p0 + 2 * stride + 8, L - 1);
    }
    st(out, i, r);
    slot = slot + 1 == W ? 0 : slot + 1;
  }
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  sset(state, 2, po);
  sset(state, 3, pc);
  return STATUS_OK;
}
