// Order statistics over a sliding window of the last `w` rows in O(log w) per row, with carried
// state so chunked input gives exactly the batch result. Shared by rolling_quantile, rolling_rank,
// rolling_robust_z and causal_winsorize.
//
// How: the input is processed in blocks of B > w rows. At the start of a block, every value that
// can be in the window during the block — the sorted window carried in the state plus the block's
// own values (radix-sorted once) — is merged into one sorted array C. A row then only flips a bit in a
// presence bitmap over C (insert = set, removal = clear) and updates a Fenwick tree of per-word
// bit counts (log2(|C|/64) steps). The k-th smallest window value is a descent of that tree plus a
// select inside one 64-bit word; quantile queries mostly move a cursor by a bit or two instead
// (consecutive windows differ by one value). At the end of the block the values still in the
// window are written back to the state, already sorted. Per row: O(log w) tree work, one radix
// pass per varying key byte, O(1) amortised merging.
//
// Small windows (w ≤ OS_DIRECT_MAX) skip all of that: the sorted window in the state is updated in
// place (positions by an f64x2 compare-and-count, then one short move), which is faster than any
// tree at that size.
//
// Results depend only on the window's multiset of values, so block boundaries (and chunking)
// never change them. NaNs never enter C: they are counted out, as pandas does.
//
// Carried state (f64 slots): [0] rows seen, [1] m = valid values in the window,
// [2 .. 2+w) the window's valid values sorted ascending, [2+w .. 2+2w) their row numbers.
import { radixSortPairs, RADIX_HIST_BYTES } from './sort';

export const OS_HEADER: i32 = 2;
/** Blocks hold at least this many rows, and OS_BLOCK_FACTOR windows: the merge is amortised. */
export const OS_MIN_BLOCK: i32 = 256;
export const OS_BLOCK_FACTOR: i32 = 4;
/** Windows up to this size use the direct sorted-array mode. */
export const OS_DIRECT_MAX: i32 = 32;
/** Quantile cursors a kernel can keep (robust z uses three). */
const MAX_CURSORS: i32 = 4;
/** Word scans longer than this fall back to the tree (keeps the worst case logarithmic). */
const MAX_SCAN_WORDS: i32 = 4;

@inline function ldv(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function stv(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
@inline function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
@inline function sti(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}
@inline function ldw(i: i32): u64 {
  return load<u64>(bits + (<usize>i << 3));
}
@inline function stw(i: i32, v: u64): void {
  store<u64>(bits + (<usize>i << 3), v);
}
@inline function align8(x: usize): usize {
  return (x + 7) & ~(<usize>7);
}

export function osStateLen(w: i32): i32 {
  return OS_HEADER + 2 * w;
}

export function osBlockLen(w: i32): i32 {
  return max(w * OS_BLOCK_FACTOR, OS_MIN_BLOCK);
}

/** Words of the presence bitmap for window w: a power of two covering w + B positions. */
@inline function bitmapWords(w: i32): i32 {
  const u = w + osBlockLen(w);
  const words = (u + 63) >> 6;
  return words <= 1 ? 1 : 1 << (32 - clz(words - 1));
}

/** Scratch bytes one call needs for window w (mirrored by the registry's scratchBytes). */
export function osScratchBytes(w: i32): usize {
  const b = <usize>osBlockLen(w);
  const u = <usize>w + b;
  const nw = <usize>bitmapWords(w);
  return 64 + RADIX_HIST_BYTES + u * 8 + align8(u * 4) * 4 + nw * 8 + align8((nw + 1) * 4) + b * 8 * 2 + align8(b * 4) * 2;
}

// The current block's layout and counters (module globals: one instance per thread).
let cursors: usize = 0; // i32[2·MAX_CURSORS]: position and rank of each quantile cursor
let hist: usize = 0; // radix sort counts
let cVal: usize = 0; // f64[U]  merged sorted values
let cOrig: usize = 0; // i32[U]  row slot j of each entry (row number = first row of block − w + j)
let rankOf: usize = 0; // i32[w+B] position in C of row slot j, −1 when NaN or before the series
let tieLo: usize = 0; // i32[U]  first position of the run of equal values holding each entry
let tieHi: usize = 0; // i32[U]  last position of that run
let bits: usize = 0; // u64[NW] presence bitmap over positions in C
let wtree: usize = 0; // i32[NW+1] Fenwick tree of the words' bit counts
let sv: usize = 0;
let si: usize = 0;
let tv: usize = 0;
let ti: usize = 0;
let nWords: i32 = 1;
let cLen: i32 = 0;
let w_: i32 = 0;
let nCur: i32 = 0;
// Direct mode: the state's sorted arrays are the live window.
let direct: bool = false;
let dVal: usize = 0;
let dSeq: usize = 0;
let dX: usize = 0;
let dBase: f64 = 0; // row number of the block's first row
/** Ranks (1-based) of the run of window values equal to the current row's value: set by osRowRanks. */
export let osRankLo: i32 = 0;
export let osRankHi: i32 = 0;
/** Valid values currently in the window. */
export let osCount: i32 = 0;

function layout(scratch: usize, w: i32): void {
  const b = <usize>osBlockLen(w);
  const u = <usize>w + b;
  const nw = <usize>bitmapWords(w);
  let o = scratch;
  cursors = o;
  o += 64;
  hist = o;
  o += RADIX_HIST_BYTES;
  cVal = o;
  o += u * 8;
  cOrig = o;
  o += align8(u * 4);
  rankOf = o;
  o += align8(u * 4);
  tieLo = o;
  o += align8(u * 4);
  tieHi = o;
  o += align8(u * 4);
  bits = o;
  o += nw * 8;
  wtree = o;
  o += align8((nw + 1) * 4);
  sv = o;
  o += b * 8;
  tv = o;
  o += b * 8;
  si = o;
  o += align8(b * 4);
  ti = o;
  nWords = <i32>nw;
}

/**
 * Start a block of `len` rows at x (len ≤ osBlockLen(w)): merge the carried sorted window with the
 * block's sorted valid values; the carried values start present.
 */
export function osBegin(state: usize, scratch: usize, w: i32, x: usize, len: i32, needTies: bool, cursorsUsed: i32): void {
  w_ = w;
  nCur = cursorsUsed;
  const seen = load<f64>(state);
  const m = <i32>load<f64>(state + 8);
  const wVal = state + (<usize>OS_HEADER << 3);
  const wSeq = wVal + (<usize>w << 3);
  direct = w <= OS_DIRECT_MAX;
  if (direct) {
    dVal = wVal;
    dSeq = wSeq;
    dX = x;
    dBase = seen;
    osCount = m;
    return;
  }
  layout(scratch, w);
  const base = seen - <f64>w; // row number of slot j = 0

  // The block's valid values with their slots, sorted.
  let k = 0;
  for (let i = 0; i < len; i++) {
    const v = ldv(x, i);
    stv(sv, k, v);
    sti(si, k, w + i);
    k += <i32>(v == v);
  }
  let nv = sv;
  let ni = si;
  if (!radixSortPairs(sv, si, tv, ti, k, hist)) {
    nv = tv;
    ni = ti;
  }

  // Slots default to "not a value"; the bitmap starts empty.
  memory.fill(rankOf, 0xff, <usize>(w + len) << 2);
  memory.fill(bits, 0, <usize>nWords << 3);

  // Merge (carried window first on ties; any order gives the same statistics).
  let a = 0;
  let b = 0;
  let c = 0;
  while (a < m && b < k) {
    const va = ldv(wVal, a);
    const vb = ldv(nv, b);
    const takeB = vb < va;
    const ja = <i32>(ldv(wSeq, a) - base);
    const j = select<i32>(ldi(ni, b), ja, takeB);
    stv(cVal, c, select<f64>(vb, va, takeB));
    sti(cOrig, c, j);
    sti(rankOf, j, c);
    // A carried value is in the window at the start of the block.
    const wi = c >> 6;
    stw(wi, ldw(wi) | (<u64>(!takeB) << <u64>(c & 63)));
    b += <i32>takeB;
    a += <i32>!takeB;
    c++;
  }
  while (a < m) {
    stv(cVal, c, ldv(wVal, a));
    const j = <i32>(ldv(wSeq, a) - base);
    sti(cOrig, c, j);
    sti(rankOf, j, c);
    const wi = c >> 6;
    stw(wi, ldw(wi) | (<u64>1 << <u64>(c & 63)));
    a++;
    c++;
  }
  while (b < k) {
    stv(cVal, c, ldv(nv, b));
    const j = ldi(ni, b);
    sti(cOrig, c, j);
    sti(rankOf, j, c);
    b++;
    c++;
  }
  cLen = c;

  // Fenwick tree over the words' bit counts, built in O(words).
  const nw = nWords;
  for (let i = 0; i < nw; i++) sti(wtree, i + 1, <i32>popcnt(ldw(i)));
  for (let i = 1; i <= nw; i++) {
    const parent = i + (i & -i);
    if (parent <= nw) sti(wtree, parent, ldi(wtree, parent) + ldi(wtree, i));
  }
  osCount = m;
  for (let q = 0; q < MAX_CURSORS; q++) sti(cursors, 2 * q, -1);

  if (needTies) {
    let s = 0;
    for (let i = 1; i <= c; i++) {
      if (i == c || ldv(cVal, i) != ldv(cVal, s)) {
        for (let q = s; q < i; q++) {
          sti(tieLo, q, s);
          sti(tieHi, q, i - 1);
        }
        s = i;
      }
    }
  }
}

@inline function treeAdd(wi: i32, d: i32): void {
  const nw = nWords;
  let i = wi + 1;
  while (i <= nw) {
    sti(wtree, i, ldi(wtree, i) + d);
    i += i & -i;
  }
}

/**
 * Direct mode: number of window values < v (`orEqual`: ≤ v). A branch-free f64x2 count over the
 * whole (small) window: cheaper than a binary search's mispredicted branches at these sizes.
 */
function directBound(v: f64, orEqual: bool): i32 {
  const m = osCount;
  const vv = f64x2.splat(v);
  let acc = i64x2.splat(0);
  let p = 0;
  if (orEqual) {
    for (; p + 2 <= m; p += 2) acc = i64x2.sub(acc, f64x2.le(v128.load(dVal + (<usize>p << 3)), vv));
  } else {
    for (; p + 2 <= m; p += 2) acc = i64x2.sub(acc, f64x2.lt(v128.load(dVal + (<usize>p << 3)), vv));
  }
  let c = <i32>(i64x2.extract_lane(acc, 0) + i64x2.extract_lane(acc, 1));
  if (p < m) {
    const u = ldv(dVal, p);
    c += <i32>(orEqual ? u <= v : u < v);
  }
  return c;
}

/** Direct mode: osRankLo / osRankHi of value v in one pass (counts of values < v and ≤ v). */
function directRanks(v: f64): void {
  const m = osCount;
  const vv = f64x2.splat(v);
  let lt = i64x2.splat(0);
  let le = i64x2.splat(0);
  let p = 0;
  for (; p + 2 <= m; p += 2) {
    const a = v128.load(dVal + (<usize>p << 3));
    lt = i64x2.sub(lt, f64x2.lt(a, vv));
    le = i64x2.sub(le, f64x2.le(a, vv));
  }
  let cl = <i32>(i64x2.extract_lane(lt, 0) + i64x2.extract_lane(lt, 1));
  let ce = <i32>(i64x2.extract_lane(le, 0) + i64x2.extract_lane(le, 1));
  if (p < m) {
    const u = ldv(dVal, p);
    cl += <i32>(u < v);
    ce += <i32>(u <= v);
  }
  osRankLo = cl + 1;
  osRankHi = ce;
}

/**
 * Direct mode, one row's slide: the row w rows back leaves, row i enters. When both are values,
 * one move of the entries between the two positions replaces the old value with the new one.
 */
function directSlide(i: i32): void {
  const j = i - w_;
  const seqOld = dBase + <f64>j;
  // Position of the leaving row's entry, or -1.
  let r = -1;
  const m = osCount;
  if (j >= 0) {
    // The leaving row is in this block: start the search at its value.
    const u = ldv(dX, j);
    if (u == u) {
      r = directBound(u, false);
      while (ldv(dSeq, r) != seqOld) r++;
    }
  } else {
    for (let p = 0; p < m; p++) {
      if (ldv(dSeq, p) == seqOld) {
        r = p;
        break;
      }
    }
  }
  const v = ldv(dX, i);
  const seqNew = dBase + <f64>i;
  if (v != v) {
    if (r >= 0) {
      for (let q = r + 1; q < m; q++) {
        stv(dVal, q - 1, ldv(dVal, q));
        stv(dSeq, q - 1, ldv(dSeq, q));
      }
      osCount = m - 1;
    }
    return;
  }
  // Insertion point among the current entries (the leaving one still in place).
  const p = directBound(v, true);
  if (r < 0) {
    for (let q = m; q > p; q--) {
      stv(dVal, q, ldv(dVal, q - 1));
      stv(dSeq, q, ldv(dSeq, q - 1));
    }
    stv(dVal, p, v);
    stv(dSeq, p, seqNew);
    osCount = m + 1;
  } else if (p > r) {
    for (let q = r + 1; q < p; q++) {
      stv(dVal, q - 1, ldv(dVal, q));
      stv(dSeq, q - 1, ldv(dSeq, q));
    }
    stv(dVal, p - 1, v);
    stv(dSeq, p - 1, seqNew);
  } else {
    for (let q = r; q > p; q--) {
      stv(dVal, q, ldv(dVal, q - 1));
      stv(dSeq, q, ldv(dSeq, q - 1));
    }
    stv(dVal, p, v);
    stv(dSeq, p, seqNew);
  }
}

/** Row `i` of the block slides in and the row w rows before it slides out. */
@inline export function osSlide(i: i32): void {
  if (direct) {
    directSlide(i);
    return;
  }
  osRemove(i);
  osInsert(i);
}

/** Row `i` of the block leaves the window: the row w rows before it (block mode). */
@inline function osRemove(i: i32): void {
  const r = ldi(rankOf, i);
  if (r >= 0) {
    const wi = r >> 6;
    stw(wi, ldw(wi) & ~(<u64>1 << <u64>(r & 63)));
    treeAdd(wi, -1);
    osCount--;
    // Cursors below r keep their element; one of rank above r loses a rank; one on r is lost.
    for (let q = 0; q < nCur; q++) {
      const pos = ldi(cursors, 2 * q);
      if (pos > r) sti(cursors, 2 * q + 1, ldi(cursors, 2 * q + 1) - 1);
      else if (pos == r) sti(cursors, 2 * q, -1);
    }
  }
}

/** Row `i` of the block enters the window (block mode). */
@inline function osInsert(i: i32): void {
  const r = ldi(rankOf, w_ + i);
  if (r >= 0) {
    const wi = r >> 6;
    stw(wi, ldw(wi) | (<u64>1 << <u64>(r & 63)));
    treeAdd(wi, 1);
    osCount++;
    for (let q = 0; q < nCur; q++) {
      const pos = ldi(cursors, 2 * q);
      if (pos > r) sti(cursors, 2 * q + 1, ldi(cursors, 2 * q + 1) + 1);
    }
  }
}

/** Position of the k-th set bit (1-based k ≤ popcnt(word)) of a 64-bit word. */
@inline function selectInWord(word: u64, k: i32): i32 {
  let pos = 0;
  let wd = word;
  let rem = k;
  let s = 32;
  while (s > 0) {
    const c = <i32>popcnt(wd & ((<u64>1 << <u64>s) - 1));
    const skip = c < rem;
    rem = select<i32>(rem - c, rem, skip);
    wd = select<u64>(wd >> <u64>s, wd, skip);
    pos = select<i32>(pos + s, pos, skip);
    s >>= 1;
  }
  return pos;
}

/** Position in C of the k-th smallest value in the window (1 ≤ k ≤ osCount). */
export function osKth(k: i32): i32 {
  let pos = 0;
  let rem = k;
  if (nWords > 1) {
    // Largest word prefix holding fewer than k values (the tree's root covers every word).
    let step = nWords;
    while (step > 1) {
      step >>= 1;
      const np = pos + step;
      const t = ldi(wtree, np);
      const take = t < rem;
      pos = select<i32>(np, pos, take);
      rem = select<i32>(rem - t, rem, take);
    }
  }
  return (pos << 6) + selectInWord(ldw(pos), rem);
}

/** Number of window values at positions < r. */
export function osCountBelow(r: i32): i32 {
  if (r >= nWords << 6) return osCount;
  const wi = r >> 6;
  let s = <i32>popcnt(ldw(wi) & ((<u64>1 << <u64>(r & 63)) - 1));
  let i = wi;
  while (i > 0) {
    s += ldi(wtree, i);
    i &= i - 1;
  }
  return s;
}

/** Position of the next window value after position r (one must exist). */
export function osNext(r: i32): i32 {
  let wi = r >> 6;
  const rest = (ldw(wi) >> <u64>(r & 63)) >> 1;
  if (rest != 0) return r + 1 + <i32>ctz(rest);
  const stop = min(wi + MAX_SCAN_WORDS, nWords - 1);
  while (wi < stop) {
    wi++;
    const wd = ldw(wi);
    if (wd != 0) return (wi << 6) + <i32>ctz(wd);
  }
  return osKth(osCountBelow(r + 1) + 1);
}

/** Position of the previous window value before position r (one must exist). */
export function osPrev(r: i32): i32 {
  let wi = r >> 6;
  const rest = (ldw(wi) << <u64>(63 - (r & 63))) << 1;
  if (rest != 0) return r - 1 - <i32>clz(rest);
  const stop = max(wi - MAX_SCAN_WORDS, 0);
  while (wi > stop) {
    wi--;
    const wd = ldw(wi);
    if (wd != 0) return (wi << 6) + 63 - <i32>clz(wd);
  }
  return osKth(osCountBelow(r));
}

/** Position of the k-th smallest window value, moving quantile cursor `q` there. */
@inline function cursorTo(q: i32, k: i32): i32 {
  let pos = ldi(cursors, 2 * q);
  let rank = ldi(cursors, 2 * q + 1);
  if (pos < 0 || abs(rank - k) > 4) {
    pos = osKth(k);
    rank = k;
  }
  while (rank < k) {
    pos = osNext(pos);
    rank++;
  }
  while (rank > k) {
    pos = osPrev(pos);
    rank--;
  }
  sti(cursors, 2 * q, pos);
  sti(cursors, 2 * q + 1, rank);
  return pos;
}

/**
 * For block row i (after it entered the window): set osRankLo / osRankHi to the 1-based lowest and
 * highest rank of the window values equal to x_i. Returns false when x_i is NaN.
 */
export function osRowRanks(i: i32): bool {
  if (direct) {
    const v = ldv(dX, i);
    if (v != v) return false;
    directRanks(v);
    return true;
  }
  const r = ldi(rankOf, w_ + i);
  if (r < 0) return false;
  osRankLo = osCountBelow(ldi(tieLo, r)) + 1;
  osRankHi = osCountBelow(ldi(tieHi, r) + 1);
  return true;
}

/**
 * The q-quantile of the window's valid values with linear interpolation, exactly as pandas
 * `roll_quantile` computes it: idx = q·(nobs−1), v_lo + (v_hi − v_lo)·frac. Needs osCount ≥ 1.
 * `cursor` (0 .. cursorsUsed−1 of osBegin) names the quantile level's cursor; one per level.
 */
@inline export function osQuantile(cursor: i32, q: f64): f64 {
  const cnt = osCount;
  const idxf = q * <f64>(cnt - 1);
  const idx = <i32>idxf;
  if (direct) {
    const lo = ldv(dVal, idx);
    if (idxf == <f64>idx) return lo;
    return lo + (ldv(dVal, idx + 1) - lo) * (idxf - <f64>idx);
  }
  const r = cursorTo(cursor, idx + 1);
  const lo = ldv(cVal, r);
  if (idxf == <f64>idx) return lo;
  const hi = ldv(cVal, osNext(r));
  return lo + (hi - lo) * (idxf - <f64>idx);
}

/** End the block of `len` rows: write the window's values back to the state, sorted. */
export function osEnd(state: usize, len: i32): void {
  const w = w_;
  const seen = load<f64>(state);
  if (direct) {
    store<f64>(state, seen + <f64>len);
    store<f64>(state + 8, <f64>osCount);
    return;
  }
  const base = seen - <f64>w;
  const wVal = state + (<usize>OS_HEADER << 3);
  const wSeq = wVal + (<usize>w << 3);
  // Entries still in the window after the block are those with slot j ≥ len. Compact them
  // branch-free into the sort buffers (room for w + 1 entries), then copy to the state.
  let m = 0;
  const c = cLen;
  for (let q = 0; q < c; q++) {
    const j = ldi(cOrig, q);
    stv(sv, m, ldv(cVal, q));
    stv(tv, m, base + <f64>j);
    m += <i32>(j >= len);
  }
  memory.copy(wVal, sv, <usize>m << 3);
  memory.copy(wSeq, tv, <usize>m << 3);
  store<f64>(state, seen + <f64>len);
  store<f64>(state + 8, <f64>m);
}
