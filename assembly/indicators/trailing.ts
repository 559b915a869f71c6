// Trailing-window kernels of the original's whole-window statistics (CCI, VWAP, realized
// volatility family, range intensity, volume shares, volume spikes, return shares and runs, quote
// volume): output[i] is the statistic of the window of the last `window` bars ending at bar i
// (fewer at the start of a series when min_bars allows), computed exactly as the original computes
// it for one window (./window_stats.ts), so the value at a window's last bar equals the original's
// metric for that window. Cost is O(window) per bar.
//
// State: [0] bars seen, [1] ring slot of the next bar, then kernel carries, then one mirrored ring
// (2·window f64) per term: each term is stored at slot and slot + window, so the last L terms are
// always contiguous — the window statistics run on them in place, and chunked calls see exactly
// the batch's windows.
//
// The window cursor below holds what every kernel shares — the window and min_bars params, the
// ring bookkeeping and the state's header — so a kernel states only its terms and its statistic:
//   openWindow → per bar: push each term, L = admit(), the statistic on last(ring, L) when L > 0,
//   advance() → closeWindow.
import { STATUS_OK, badParam, col, intParam, param, ld, st, sget, sset, MAX_WINDOW } from '../abi';
import { flooredLog, nanMax, nanMin, priceCode2, priceCode4, BAD, sumNz } from './numeric';
import {
  cciStat, garmanKlassStat, parkinsonStat, rangeIntensity, retShareStat, runMaxStat, rvCloseStat, second,
  volumeSharesStat, vwapDeviation, vwapPosShareStat, vwapStat, yangZhangLegacyStat, yangZhangStat,
} from './window_stats';

const S_SEEN = 0;
const S_SLOT = 1;

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

// ---------------------------------------------------------------- the window cursor

// One call's window, as module globals: AssemblyScript has no closures to hand the loop to, and
// one wasm instance runs one kernel call at a time.
let W: i32 = 0; // window length
let minLen: i32 = 0; // min_bars
let flag = false; // the 0/1 flag param, for kernels that take one
let seen: f64 = 0; // bars seen, over all calls (f64 as stored in the state)
let slot: i32 = 0; // ring slot of the current bar
let rings: usize = 0; // term ring 0

/**
 * Read params window (0), min_bars (1) and, with `withFlag`, the 0/1 flag (2) into the cursor, in
 * that order, and load the state header; term rings start after `carries` kernel slots. Returns
 * STATUS_OK or the rejected param's status.
 */
function openWindow(params: usize, state: usize, carries: i32, withFlag: bool): i32 {
  const w = intParam(params, 0, 1, MAX_WINDOW);
  if (w < 0) return badParam(0);
  const mb = minBars(params, 1, w);
  if (mb < 0) return badParam(1);
  let f = 0;
  if (withFlag) {
    f = flagParam(params, 2);
    if (f < 0) return badParam(2);
  }
  W = w;
  minLen = mb;
  flag = f == 1;
  seen = sget(state, S_SEEN);
  slot = <i32>sget(state, S_SLOT);
  rings = state + (<usize>(2 + carries) << 3);
  return STATUS_OK;
}

/** Mirrored ring of term k. */
@inline function ring(k: i32): usize {
  return rings + (((<usize>k << 1) * <usize>W) << 3);
}

/** The current bar's term, at slot and at its mirror. */
@inline function push(r: usize, v: f64): void {
  st(r, slot, v);
  st(r, slot + W, v);
}

/** Count the bar whose terms were pushed: its window length L, or 0 while L < min_bars (NaN out). */
@inline function admit(): i32 {
  seen += 1.0;
  const L = seen < <f64>W ? <i32>seen : W;
  return L >= minLen ? L : 0;
}

/** Start of ring r's last L terms, the current bar's last. */
@inline function last(r: usize, L: i32): usize {
  return r + (<usize>(slot + W - L + 1) << 3);
}

/** Move to the next bar's slot. */
@inline function advance(): void {
  slot = slot + 1 == W ? 0 : slot + 1;
}

/** Store the state header for the next call (carries are the kernel's); STATUS_OK. */
function closeWindow(state: usize): i32 {
  sset(state, S_SEEN, seen);
  sset(state, S_SLOT, <f64>slot);
  return STATUS_OK;
}

// ---------------------------------------------------------------- CCI

/** params: period, min_bars. Ring: typical price. */
export function k_cci(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const status = openWindow(params, state, 0, false);
  if (status != STATUS_OK) return status;
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), out = col(outs, 0);
  const rTp = ring(0);
  for (let i = 0; i < n; i++) {
    push(rTp, (ld(h, i) + ld(l, i) + ld(c, i)) / 3.0);
    const L = admit();
    st(out, i, L ? cciStat(last(rTp, L), L) : NaN);
    advance();
  }
  return closeWindow(state);
}

// ---------------------------------------------------------------- VWAP family

/** params: window, min_bars. Rings: tp·v, v. Outputs: vwap, deviation of the bar's close. */
export function k_vwap(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const status = openWindow(params, state, 0, false);
  if (status != STATUS_OK) return status;
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), v = col(ins, 3);
  const oV = col(outs, 0), oD = col(outs, 1);
  const rTpv = ring(0), rV = ring(1);
  for (let i = 0; i < n; i++) {
    const x = ld(c, i), vol = ld(v, i);
    push(rTpv, ((ld(h, i) + ld(l, i) + x) / 3.0) * vol);
    push(rV, vol);
    const L = admit();
    let vw: f64 = NaN;
    if (L) vw = vwapStat(last(rTpv, L), last(rV, L), L);
    st(oV, i, vw);
    st(oD, i, L ? vwapDeviation(x, vw) : NaN);
    advance();
  }
  return closeWindow(state);
}

/** params: window, min_bars, legacy. Rings: close, tp·v, v. */
export function k_vwap_pos_share(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const status = openWindow(params, state, 0, true);
  if (status != STATUS_OK) return status;
  const legacy = flag;
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), v = col(ins, 3), out = col(outs, 0);
  const rC = ring(0), rTpv = ring(1), rV = ring(2);
  for (let i = 0; i < n; i++) {
    const x = ld(c, i), vol = ld(v, i);
    push(rC, x);
    push(rTpv, ((ld(h, i) + ld(l, i) + x) / 3.0) * vol);
    push(rV, vol);
    const L = admit();
    let r: f64 = NaN;
    if (L) r = vwapPosShareStat(last(rC, L), L, vwapStat(last(rTpv, L), last(rV, L), L), legacy);
    st(out, i, r);
    advance();
  }
  return closeWindow(state);
}

/** params: window, min_bars, basis (0: vwap, 1: |last close|). Rings: high, low, tp·v, v. */
export function k_range_intensity(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const status = openWindow(params, state, 0, true);
  if (status != STATUS_OK) return status;
  const byClose = flag;
  const h = col(ins, 0), l = col(ins, 1), c = col(ins, 2), v = col(ins, 3), out = col(outs, 0);
  const rH = ring(0), rL = ring(1), rTpv = ring(2), rV = ring(3);
  for (let i = 0; i < n; i++) {
    const hi = ld(h, i), lo = ld(l, i), x = ld(c, i), vol = ld(v, i);
    push(rH, hi);
    push(rL, lo);
    push(rTpv, ((hi + lo + x) / 3.0) * vol);
    push(rV, vol);
    const L = admit();
    let r: f64 = NaN;
    if (L) {
      const span = nanMax(last(rH, L), L) - nanMin(last(rL, L), L);
      if (byClose) r = rangeIntensity(span, Math.abs(x));
      else {
        const vw = vwapStat(last(rTpv, L), last(rV, L), L);
        r = isFinite(vw) ? rangeIntensity(span, vw) : NaN;
      }
    }
    st(out, i, r);
    advance();
  }
  return closeWindow(state);
}

/** params: window, min_bars. Ring: c·v. */
export function k_quote_volume(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const status = openWindow(params, state, 0, false);
  if (status != STATUS_OK) return status;
  const c = col(ins, 0), v = col(ins, 1), out = col(outs, 0);
  const rCv = ring(0);
  for (let i = 0; i < n; i++) {
    push(rCv, ld(c, i) * ld(v, i));
    const L = admit();
    st(out, i, L ? sumNz(last(rCv, L), L) : NaN);
    advance();
  }
  return closeWindow(state);
}

// ---------------------------------------------------------------- return-based

/** Which statistic returnsKernel computes. */
const R_RV = 0;
const R_SHARE = 1;
const R_RUNS = 2;
const R_VOLUME = 3;

/** Run a statistic on returns whose first (out-of-window) entry is masked to NaN, then restore it. */
@inline function maskFirst(p: usize): f64 {
  const saved = ld(p, 0);
  st(p, 0, NaN);
  return saved;
}

/**
 * Shared loop of the kernels over the log-return ring (carry: the previous floored log close):
 * rv_close (params window, min_bars), ret_share (+ legacy), run_max (two outputs), volume_shares
 * (+ legacy; a second ring of volumes, scratch of window f64; outputs up, down).
 */
function returnsKernel(kind: i32, ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const status = openWindow(params, state, 1, kind == R_SHARE || kind == R_VOLUME);
  if (status != STATUS_OK) return status;
  const legacy = flag;
  const two = kind == R_RUNS || kind == R_VOLUME;
  const c = col(ins, 0), v = kind == R_VOLUME ? col(ins, 1) : 0;
  const o0 = col(outs, 0), o1 = two ? col(outs, 1) : 0;
  const rR = ring(0), rV = ring(1);
  let prev = seen > 0.0 ? sget(state, 2) : NaN;
  for (let i = 0; i < n; i++) {
    const lc = flooredLog(ld(c, i));
    push(rR, lc - prev);
    if (kind == R_VOLUME) push(rV, ld(v, i));
    prev = lc;
    const L = admit();
    let a: f64 = NaN, b: f64 = NaN;
    if (L) {
      const p = last(rR, L);
      const saved = maskFirst(p);
      if (kind == R_RV) a = rvCloseStat(p, L);
      else if (kind == R_SHARE) a = retShareStat(p, L, legacy);
      else {
        a = kind == R_RUNS ? runMaxStat(p, L) : volumeSharesStat(p, last(rV, L), L, legacy, scratch);
        b = second;
      }
      st(p, 0, saved);
    }
    st(o0, i, a);
    if (two) st(o1, i, b);
    advance();
  }
  sset(state, 2, prev);
  return closeWindow(state);
}

export function k_rv_close(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return returnsKernel(R_RV, ins, outs, n, params, state, scratch);
}

export function k_ret_share(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return returnsKernel(R_SHARE, ins, outs, n, params, state, scratch);
}

export function k_run_max(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return returnsKernel(R_RUNS, ins, outs, n, params, state, scratch);
}

export function k_volume_shares(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  return returnsKernel(R_VOLUME, ins, outs, n, params, state, scratch);
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
 * State: [0] bars seen, [1] ring slot, [2] valid values held, then one ring's room, not mirrored:
 * the window's `window` inputs, then the sorted values.
 */
export function k_vol_spike(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const status = openWindow(params, state, 1, false);
  if (status != STATUS_OK) return status;
  const v = col(ins, 0), out = col(outs, 0);
  const held = ring(0);
  const sorted = held + (<usize>W << 3);
  let m = <i32>sget(state, 2);
  for (let i = 0; i < n; i++) {
    if (seen >= <f64>W) {
      const old = ld(held, slot);
      if (old == old) {
        // remove one occurrence of old: the last index with a value ≤ old holds one
        const k = upperBound(sorted, m, old) - 1;
        memory.copy(sorted + (<usize>k << 3), sorted + (<usize>(k + 1) << 3), <usize>(m - k - 1) << 3);
        m--;
      }
    }
    const x = ld(v, i);
    st(held, slot, x);
    if (x == x) {
      const k = upperBound(sorted, m, x);
      memory.copy(sorted + (<usize>(k + 1) << 3), sorted + (<usize>k << 3), <usize>(m - k) << 3);
      st(sorted, k, x);
      m++;
    }
    const L = admit();
    let r: f64 = NaN;
    if (L) {
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
    advance();
  }
  sset(state, 2, <f64>m);
  return closeWindow(state);
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
  const status = openWindow(params, state, 0, true);
  if (status != STATUS_OK) return status;
  const legacy = flag;
  const h = col(ins, 0), l = col(ins, 1), out = col(outs, 0);
  const rT = ring(0);
  for (let i = 0; i < n; i++) {
    push(rT, hlTerm(ld(h, i), ld(l, i)));
    const L = admit();
    st(out, i, L ? parkinsonStat(last(rT, L), L, legacy) : NaN);
    advance();
  }
  return closeWindow(state);
}

/** params: window, min_bars, legacy. Rings: ln(h/l)^2, ln(c/o)^2, marked together over o, h, l, c. */
export function k_garman_klass(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const status = openWindow(params, state, 0, true);
  if (status != STATUS_OK) return status;
  const legacy = flag;
  const o = col(ins, 0), h = col(ins, 1), l = col(ins, 2), c = col(ins, 3), out = col(outs, 0);
  const r1 = ring(0), r2 = ring(1);
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
    push(r1, t1);
    push(r2, t2);
    const L = admit();
    st(out, i, L ? garmanKlassStat(last(r1, L), last(r2, L), L, legacy) : NaN);
    advance();
  }
  return closeWindow(state);
}

/**
 * Push the bar's Yang-Zhang terms, given the previous bar's open and close:
 * legacy: oo, cc, co², oc² (+Inf unless o, c > 0), hl² into rings 0..4; standard: co, oc, rs (NaN
 * for a skipped period, +Inf in co for a non-positive price) into rings 0..2.
 */
@inline function yzTerms(legacy: bool, o: f64, h: f64, l: f64, c: f64, po: f64, pc: f64): void {
  if (legacy) {
    push(ring(0), Math.log(o / po));
    push(ring(1), Math.log(c / pc));
    const co = Math.log(o / pc);
    push(ring(2), co * co);
    let oc2: f64 = BAD;
    if (o > 0.0 && c > 0.0) {
      const oc = Math.log(c / o);
      oc2 = oc * oc;
    }
    push(ring(3), oc2);
    const hl = Math.log(h / l);
    push(ring(4), hl * hl);
  } else {
    const code = priceCode4(o, h, l, c) > priceCode2(pc, 1.0) ? priceCode4(o, h, l, c) : priceCode2(pc, 1.0);
    let co: f64 = NaN, oc: f64 = NaN, rs: f64 = NaN;
    if (code == 0) {
      co = Math.log(o / pc);
      oc = Math.log(c / o);
      rs = Math.log(h / c) * Math.log(h / o) + Math.log(l / c) * Math.log(l / o);
    } else if (code == 2) co = BAD;
    push(ring(0), co);
    push(ring(1), oc);
    push(ring(2), rs);
  }
}

/**
 * params: window, min_bars, legacy. Carries: previous open, close. 5 rings (3 used by the
 * standard); the terms that need the previous bar skip their window's first entry (+ 8).
 */
export function k_yang_zhang(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const status = openWindow(params, state, 2, true);
  if (status != STATUS_OK) return status;
  const legacy = flag;
  const o = col(ins, 0), h = col(ins, 1), l = col(ins, 2), c = col(ins, 3), out = col(outs, 0);
  let po = NaN, pc = NaN;
  if (seen > 0.0) {
    po = sget(state, 2);
    pc = sget(state, 3);
  }
  for (let i = 0; i < n; i++) {
    const oo = ld(o, i), cc = ld(c, i);
    yzTerms(legacy, oo, ld(h, i), ld(l, i), cc, po, pc);
    po = oo;
    pc = cc;
    const L = admit();
    let r: f64 = NaN;
    if (L) {
      const p0 = last(ring(0), L) + 8, p1 = last(ring(1), L) + 8, p2 = last(ring(2), L) + 8;
      if (legacy) r = yangZhangLegacyStat(p0, p1, p2, last(ring(3), L), last(ring(4), L), L);
      else r = yangZhangStat(p0, p1, p2, L - 1);
    }
    st(out, i, r);
    advance();
  }
  sset(state, 2, po);
  sset(state, 3, pc);
  return closeWindow(state);
}
