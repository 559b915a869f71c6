/**
 * Theil–Sen line of y over x = 0..n−1, exactly scipy.stats.theilslopes' answer, in O(n log n)
 * expected time and O(n) memory (never the n × n slope matrix the original built).
 *
 * Semantics: slope = median of every pairwise slope v_ij = (y_j − y_i)/(j − i), i < j, each a
 * double computed exactly as scipy does (for an even pair count, the mean of the two middle ones);
 * intercept = median(y) − slope·median(x). NaN values of y are missing: dropped together with
 * their index (the line is fitted on the remaining points, detrending leaves NaN there); ±Inf is a
 * typed error. Fewer than 2 points give slope and intercept NaN. A zero slope is reported as +0.
 *
 * Algorithm (slope selection, after Matoušek 1991 and Dillencourt–Mount–Netanyahu 1992): for a
 * threshold t, sorting the points by u_k = y_k − t·x_k and counting inversions counts the pairs
 * with slope below t (merge sort, O(n log n)); the pairs whose slope lies between two thresholds
 * are the inversions between the two orders, which can be enumerated or sampled by rank. Rounds:
 * sample random pairs (seeded), keep a bracket [lo, hi] around the target order statistics, and
 * narrow it until at most CAP = 4n + 4096 pairs remain, which are enumerated and selected exactly.
 *
 * Exactness with floating point: keys are only approximately y − t·x, so the thresholds are moved
 * outwards by a rigorous error margin Δ (below); every pair is then either certainly below lo,
 * certainly above hi, or enumerated and classified with its exact scipy slope. Exact ties at 0
 * (flat stretches: y_j = y_i) are counted exactly from y alone, without enumeration. The only slow
 * case left is Θ(n²) pairs whose slopes agree to within a few ulps while not being exactly equal
 * to 0 (a series linear to the last bit): they are counted by exact histogram passes, O(n) memory
 * but O(n²) time. The seed only changes the work, never the result.
 *
 * TypeScript rather than AssemblyScript: the work is branchy control flow (randomised rounds,
 * validity checks, fallbacks) around merge sorts, with nothing for SIMD; it runs once per series
 * and only under `--detrend`; and every buffer still lives in one preallocated scratch whose size
 * is the formula `theilSenScratchBytes(n)`.
 */
import { Prng } from '../stats/prng.js';
import { productError } from '../stats/dekker.js';
import { selectInPlace } from '../stats/select.js';
import { CgqError } from '../errors.js';

export interface TheilSenFit {
  slope: number;
  intercept: number;
  /** Points used (non-NaN values). */
  points: number;
}

export interface TheilSenOptions {
  /** Seed of the pair sampling (changes the work, never the result). */
  seed?: number;
  /** Reuse a scratch (for series of at most its length). */
  scratch?: TheilSenScratch;
}

export const THEILSEN_DEFAULT_SEED = 1337;

const EPS = 2 ** -53;
const TINY = 2 ** -1060;
/** Larger magnitudes could overflow a slope or the error margins. */
const MAX_ABS_Y = 2 ** 1000;
/** Half width of the exact histogram window (in units of the spacing of doubles at its centre). */
const HIST_HALF = 4096;

/** Pairs enumerated and selected exactly at the end (and the sample size of each round). */
export function theilSenCapacity(n: number): number {
  return 4 * n + 4096;
}

/**
 * Bytes of scratch for series of length n: per point 4 f64 (x, y, two sort-key buffers) and 9 i32
 * (two sort-id buffers, four permutations, one rank table, two inversion-sequence buffers), two
 * f64 arrays of CAP (candidates or samples, and sampled ranks) and the histogram.
 */
export function theilSenScratchBytes(n: number): number {
  return n * (4 * 8 + 9 * 4) + 2 * 8 * theilSenCapacity(n) + 8 * (2 * HIST_HALF + 1);
}

/** All working memory of one Theil–Sen fit, carved out of one ArrayBuffer. */
export class TheilSenScratch {
  readonly buffer: ArrayBuffer;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly keyA: Float64Array;
  readonly keyB: Float64Array;
  readonly cand: Float64Array;
  readonly ranks: Float64Array;
  readonly hist: Float64Array;
  readonly idA: Int32Array;
  readonly idB: Int32Array;
  readonly perms: [Int32Array, Int32Array, Int32Array, Int32Array];
  readonly rank: Int32Array;
  readonly seq: Int32Array;
  readonly seqTmp: Int32Array;

  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n < 0) throw new CgqError('INTERNAL', `theilsen: bad scratch length ${n}`);
    this.buffer = new ArrayBuffer(theilSenScratchBytes(n));
    const cap = theilSenCapacity(n);
    let off = 0;
    const f64 = (len: number) => {
      const a = new Float64Array(this.buffer, off, len);
      off += 8 * len;
      return a;
    };
    const i32 = (len: number) => {
      const a = new Int32Array(this.buffer, off, len);
      off += 4 * len;
      return a;
    };
    this.xs = f64(n);
    this.ys = f64(n);
    this.keyA = f64(n);
    this.keyB = f64(n);
    this.cand = f64(cap);
    this.ranks = f64(cap);
    this.hist = f64(2 * HIST_HALF + 1);
    this.idA = i32(n);
    this.idB = i32(n);
    this.perms = [i32(n), i32(n), i32(n), i32(n)];
    this.rank = i32(n);
    this.seq = i32(n);
    this.seqTmp = i32(n);
    if (off !== this.buffer.byteLength) throw new CgqError('INTERNAL', 'theilsen: scratch layout does not match its size formula');
  }
}


/** A separator: points sorted by y − t·x, equal keys in index order or (`rev`) reversed. */
interface Sep {
  t: number;
  rev: boolean;
}

interface Bracket {
  lo: number;
  hi: number;
  parent?: Bracket;
  /** Flip count of the parent when this bracket was cut from it (progress check). */
  parentM: number;
  /** The parent's sample value at the target (centre of an exact histogram if narrowing stalls). */
  centre: number;
  /** An exact pivot inside [lo, hi] (see Selector.exactPivot), or NaN. */
  pivot: number;
}

/** The flips between two consecutive separators' orders: pairs whose slope lies between them. */
interface Part {
  a: Int32Array;
  b: Int32Array;
  count: number;
}

interface Evaluation {
  /** Pairs certainly below lo (inversions of the lower separator). */
  below: number;
  parts: Part[];
  /** Pairs whose slope is exactly the pivot, counted not enumerated. */
  ties: number;
  pivot: number;
  /** Index in `parts` where the ties sit (parts before hold slopes ≤ pivot, after ≥ pivot). */
  tiesAt: number;
  enumerated: number;
  total: number;
}

/** Error-free: is a·b exactly a double? (Dekker's product error is 0.) */
function productIsExact(a: number, b: number): boolean {
  return productError(a, b, a * b) === 0;
}

/** Error-free: is a − b exactly a double? (2Sum's error is 0.) */
function differenceIsExact(a: number, b: number): boolean {
  const d = a - b;
  const z = d - a;
  return a - (d - z) + (-b - z) === 0;
}


class Selector {
  private readonly m: number;
  private readonly pairs: number;
  private readonly yMax: number;
  private readonly xMax: number;
  private readonly cap: number;

  constructor(
    private readonly s: TheilSenScratch,
    m: number,
    private readonly rng: Prng,
  ) {
    this.m = m;
    this.pairs = (m * (m - 1)) / 2;
    this.cap = Math.min(theilSenCapacity(m), s.cand.length);
    let ym = 0;
    for (let k = 0; k < m; k++) ym = Math.max(ym, Math.abs(s.ys[k]!));
    this.yMax = ym;
    this.xMax = s.xs[m - 1]!;
  }

  private slope(a: number, b: number): number {
    const { xs, ys } = this.s;
    return a < b ? (ys[b]! - ys[a]!) / (xs[b]! - xs[a]!) : (ys[a]! - ys[b]!) / (xs[a]! - xs[b]!);
  }

  /**
   * Whether z is an exact pivot: every key y_k − z·x_k is computed without rounding, and every
   * pair whose exact slope is z has the double slope fl(fl(z·d)/d) = z (d = x_j − x_i, 1..xMax).
   * Then sorting by the keys splits the pairs exactly into slope < z, = z, > z: monotone rounding
   * gives v < z ⇒ s < z and s ≤ z ⇒ v ≤ z. Always true for z = 0 (flat stretches).
   */
  private exactPivot(z: number): boolean {
    if (z === 0) return true;
    if (!Number.isFinite(z)) return false;
    const { xs, ys } = this.s;
    for (let k = 0; k < this.m; k++) {
      if (!productIsExact(z, xs[k]!) || !differenceIsExact(ys[k]!, z * xs[k]!)) return false;
    }
    for (let d = 1; d <= this.xMax; d++) if ((z * d) / d !== z) return false;
    return true;
  }

  /** Rigorous margin: keys and slopes near [lo, hi] are off by less than this (see the file header). */
  private margin(lo: number, hi: number): number {
    const t = Math.max(Number.isFinite(lo) ? Math.abs(lo) : 0, Number.isFinite(hi) ? Math.abs(hi) : 0);
    return 8 * EPS * (this.yMax + t * (this.xMax + 2)) + TINY;
  }

  /**
   * Sort the points by y − t·x (stable; `rev` puts equal keys in reverse index order) into `perm`
   * and return the inversion count: pairs i < j with key_j < key_i (or ≤ with rev).
   */
  private order(sep: Sep, perm: Int32Array): number {
    const m = this.m;
    const { xs, ys } = this.s;
    let key = this.s.keyA;
    let id = this.s.idA;
    let key2 = this.s.keyB;
    let id2 = this.s.idB;
    const t = sep.t;
    for (let k = 0; k < m; k++) {
      key[k] = ys[k]! - t * xs[k]!;
      id[k] = k;
    }
    let inv = 0;
    const rev = sep.rev;
    for (let w = 1; w < m; w *= 2) {
      for (let lo = 0; lo < m; lo += 2 * w) {
        const mid = Math.min(lo + w, m);
        const hi = Math.min(lo + 2 * w, m);
        let i = lo;
        let j = mid;
        let o = lo;
        while (i < mid && j < hi) {
          const kr = key[j]!;
          const kl = key[i]!;
          if (rev ? kr <= kl : kr < kl) {
            inv += mid - i;
            key2[o] = kr;
            id2[o++] = id[j++]!;
          } else {
            key2[o] = kl;
            id2[o++] = id[i++]!;
          }
        }
        while (i < mid) {
          key2[o] = key[i]!;
          id2[o++] = id[i++]!;
        }
        while (j < hi) {
          key2[o] = key[j]!;
          id2[o++] = id[j++]!;
        }
      }
      const k0 = key;
      key = key2;
      key2 = k0;
      const i0 = id;
      id = id2;
      id2 = i0;
    }
    perm.set(id.subarray(0, m));
    return inv;
  }

  private identity(perm: Int32Array, reversed: boolean): void {
    for (let k = 0; k < this.m; k++) perm[k] = reversed ? this.m - 1 - k : k;
  }

  /**
   * Count and arrange the bracket's pairs: `below` are certainly under lo; the parts hold every
   * other pair up to hi (plus a few just outside, classified later); ties at an exact pivot inside
   * the bracket are only counted.
   */
  private evaluate(br: Bracket): Evaluation {
    const [p0, p1, p2, p3] = this.s.perms;
    const z = br.lo <= 0 && br.hi >= 0 ? 0 : br.pivot >= br.lo && br.pivot <= br.hi ? br.pivot : NaN;
    const split = !Number.isNaN(z);
    const d = this.margin(br.lo, br.hi);
    let below: number;
    if (br.lo === -Infinity) {
      this.identity(p0, false);
      below = 0;
    } else below = this.order(split && br.lo === z ? { t: z, rev: false } : { t: br.lo - d, rev: false }, p0);
    const upper = (perm: Int32Array): number => {
      if (br.hi === Infinity) {
        this.identity(perm, true);
        return this.pairs;
      }
      return this.order(split && br.hi === z ? { t: z, rev: true } : { t: br.hi + d, rev: false }, perm);
    };
    if (!split) {
      const up = upper(p1);
      return { below, parts: [{ a: p0, b: p1, count: up - below }], ties: 0, pivot: NaN, tiesAt: 1, enumerated: up - below, total: up - below };
    }
    const parts: Part[] = [];
    let under = below; // pairs with slope < z
    if (br.lo < z) {
      under = this.order({ t: z, rev: false }, p1);
      parts.push({ a: p0, b: p1, count: under - below });
    }
    const tiesAt = parts.length;
    let upTo: number; // pairs with slope ≤ z
    if (br.hi > z) {
      upTo = this.order({ t: z, rev: true }, p2);
      const up = upper(p3);
      parts.push({ a: p2, b: p3, count: up - upTo });
    } else upTo = upper(p2);
    const enumerated = parts.reduce((acc, p) => acc + p.count, 0);
    return { below, parts, ties: upTo - under, pivot: z, tiesAt, enumerated, total: enumerated + upTo - under };
  }

  /**
   * Visit the inversions between the orders `a` and `b` (pairs in a different relative order), in
   * a fixed enumeration order. With `ranks` (sorted, within [base, base + count)), visit only
   * those ranks. `visit` gets the two point ids.
   */
  private flips(part: Part, visit: (p: number, q: number) => void, ranks?: { list: Float64Array; from: number; to: number; base: number }): void {
    const m = this.m;
    const { a, b } = part;
    const rank = this.s.rank;
    for (let k = 0; k < m; k++) rank[b[k]!] = k;
    let seq = this.s.seq;
    let tmp = this.s.seqTmp;
    for (let k = 0; k < m; k++) seq[k] = rank[a[k]!]!;
    let seen = 0; // inversions enumerated so far
    let r = ranks ? ranks.from : 0;
    for (let w = 1; w < m; w *= 2) {
      for (let lo = 0; lo < m; lo += 2 * w) {
        const mid = Math.min(lo + w, m);
        const hi = Math.min(lo + 2 * w, m);
        let i = lo;
        let j = mid;
        let o = lo;
        while (i < mid && j < hi) {
          if (seq[j]! < seq[i]!) {
            // seq[j] is below every left element still waiting: one inversion with each.
            const block = mid - i;
            const q = b[seq[j]!]!;
            if (ranks) {
              const end = seen + block;
              while (r < ranks.to && ranks.list[r]! - ranks.base < end) {
                visit(b[seq[i + (ranks.list[r]! - ranks.base - seen)]!]!, q);
                r++;
              }
            } else {
              for (let k = i; k < mid; k++) visit(b[seq[k]!]!, q);
            }
            seen += block;
            tmp[o++] = seq[j++]!;
          } else tmp[o++] = seq[i++]!;
        }
        while (i < mid) tmp[o++] = seq[i++]!;
        while (j < hi) tmp[o++] = seq[j++]!;
      }
      const s0 = seq;
      seq = tmp;
      tmp = s0;
    }
    if (seen !== part.count) throw new CgqError('INTERNAL', `theilsen: ${seen} flips between two orders, expected ${part.count}`);
  }

  /** Exact selection among at most CAP enumerated pairs; undefined when the bracket misses a target. */
  private exact(br: Bracket, ev: Evaluation, k1: number, k2: number): [number, number] | undefined {
    const cand = this.s.cand;
    let n = 0;
    let below = ev.below;
    let before = 0; // stored values from parts before the ties (all ≤ pivot)
    const { lo, hi } = br;
    ev.parts.forEach((part, pi) => {
      this.flips(part, (p, q) => {
        const v = this.slope(p, q);
        if (v < lo) below++;
        else if (v <= hi) {
          cand[n++] = v;
          if (pi < ev.tiesAt) before++;
        }
      });
    });
    const inBracket = n + ev.ties;
    if (!(below <= k1 && k2 < below + inBracket)) return undefined;
    // Rank among the candidates → index among the stored values (ties at the pivot are implicit).
    const stored = cand.subarray(0, n);
    let from = 0;
    const at = (k: number): number => {
      const r = k - below;
      if (r >= before && r < before + ev.ties) return ev.pivot;
      const idx = r < before ? r : r - ev.ties;
      const v = selectInPlace(stored, idx, from);
      from = idx + 1;
      return v;
    };
    const a = at(k1);
    return [a, k2 === k1 ? a : at(k2)];
  }

  /** `size` sorted uniform random ranks in [0, total), from ordered exponential spacings (no sort). */
  private sortedRanks(size: number, total: number): Float64Array {
    const ranks = this.s.ranks.subarray(0, size);
    let acc = 0;
    for (let k = 0; k < size; k++) {
      acc -= Math.log(1 - this.rng.uniform());
      ranks[k] = acc;
    }
    acc -= Math.log(1 - this.rng.uniform());
    for (let k = 0; k < size; k++) ranks[k] = Math.min(total - 1, Math.floor((ranks[k]! / acc) * total));
    return ranks;
  }

  /** A uniform sample (with replacement) of the bracket's candidate slopes into cand (unsorted). */
  private sample(ev: Evaluation | undefined, size: number): Float64Array {
    const cand = this.s.cand;
    const rng = this.rng;
    if (!ev) {
      for (let k = 0; k < size; k++) {
        const p = rng.int(this.m);
        let q = rng.int(this.m - 1);
        if (q >= p) q++;
        cand[k] = this.slope(p, q);
      }
      return cand.subarray(0, size);
    }
    const ranks = this.sortedRanks(size, ev.total);
    let n = 0;
    let base = 0;
    let r = 0;
    const visit = (p: number, q: number) => {
      cand[n++] = this.slope(p, q);
    };
    const ties = () => {
      while (r < size && ranks[r]! < base + ev.ties) {
        cand[n++] = ev.pivot;
        r++;
      }
      base += ev.ties;
    };
    ev.parts.forEach((part, pi) => {
      if (pi === ev.tiesAt) ties();
      let to = r;
      while (to < size && ranks[to]! < base + part.count) to++;
      if (to > r) this.flips(part, visit, { list: ranks, from: r, to, base });
      r = to;
      base += part.count;
    });
    if (ev.tiesAt === ev.parts.length) ties();
    return cand.subarray(0, n);
  }

  /**
   * Exact histogram pass when narrowing stalls (many slopes within a few ulps): counts every
   * candidate by its offset from `centre` in units of the spacing of doubles there. Returns the
   * targets' values, or a narrower bracket that excludes the window, or undefined if the bracket
   * misses a target.
   */
  private histogram(br: Bracket, ev: Evaluation, k1: number, k2: number): { values?: [number, number]; next?: Bracket; split?: boolean } | undefined {
    const w = br.centre;
    const unit = spacingBelow(w);
    const hist = this.s.hist;
    hist.fill(0);
    let below = ev.below;
    let lowOut = 0;
    let highOut = 0;
    const { lo, hi } = br;
    const put = (v: number, count: number) => {
      const d = (v - w) / unit;
      if (d >= -HIST_HALF && d <= HIST_HALF) {
        if (!Number.isInteger(d)) throw new CgqError('INTERNAL', `theilsen: slope ${v} is not on the grid of ${w}`);
        hist[d + HIST_HALF]! += count;
      } else if (v < w) lowOut += count;
      else highOut += count;
    };
    for (const part of ev.parts) {
      this.flips(part, (p, q) => {
        const v = this.slope(p, q);
        if (v < lo) below++;
        else if (v <= hi) put(v, 1);
      });
    }
    if (ev.ties > 0) put(ev.pivot, ev.ties);
    let inBracket = lowOut + highOut;
    for (let k = 0; k < hist.length; k++) inBracket += hist[k]!;
    if (!(below <= k1 && k2 < below + inBracket)) return undefined;
    const locate = (k: number): number | 'low' | 'high' => {
      let c = below + lowOut;
      if (k < c) return 'low';
      for (let d = 0; d < hist.length; d++) {
        c += hist[d]!;
        if (k < c) return w + (d - HIST_HALF) * unit;
      }
      return 'high';
    };
    const a = locate(k1);
    const b = locate(k2);
    if (typeof a === 'number' && typeof b === 'number') return { values: [a, b] };
    const child = (lo2: number, hi2: number): Bracket => ({ lo: lo2, hi: hi2, parent: br, parentM: ev.total, centre: NaN, pivot: NaN });
    if (a === 'low' && b === 'low') return { next: child(lo, w - HIST_HALF * unit) };
    if (a === 'high' && b === 'high') return { next: child(w + HIST_HALF * unit, hi) };
    return { split: true };
  }

  /** The k1-th and k2-th smallest slopes (0-based). */
  select(k1: number, k2: number): [number, number] {
    const root: Bracket = { lo: -Infinity, hi: Infinity, parentM: Infinity, centre: NaN, pivot: NaN };
    let br: Bracket = root;
    let devMul = 1;
    for (let round = 0; ; round++) {
      if (round > 200) throw new CgqError('INTERNAL', 'theilsen: slope selection did not converge');
      let ev: Evaluation | undefined;
      let below = 0;
      let total = this.pairs;
      if (br !== root) {
        ev = this.evaluate(br);
        below = ev.below;
        total = ev.total;
        const retreat = () => {
          br = br.parent ?? root;
          devMul *= 2;
        };
        if (!(below <= k1 && k2 < below + total)) {
          retreat();
          continue;
        }
        if (ev.enumerated <= this.cap) {
          const res = this.exact(br, ev, k1, k2);
          if (res) return res;
          retreat();
          continue;
        }
        if (total > 0.5 * br.parentM && Number.isFinite(br.centre)) {
          const h = this.histogram(br, ev, k1, k2);
          if (!h) {
            retreat();
            continue;
          }
          if (h.values) return h.values;
          if (h.split) return [this.select(k1, k1)[0], this.select(k2, k2)[0]];
          br = h.next!;
          continue;
        }
      } else if (this.pairs <= this.cap) {
        return this.all(k1, k2);
      }
      // Narrow: the targets' ranks in a uniform sample, ± 5 binomial standard deviations.
      const v = this.sample(ev, this.cap);
      const size = v.length;
      const dev = devMul * (2.5 * Math.sqrt(size) + 2);
      const at = (k: number) => ((k - below) / total) * size;
      const i1 = Math.floor(at(k1) - dev);
      const i2 = Math.ceil(at(k2) + dev);
      const im = Math.min(size - 1, Math.max(0, Math.floor(at(k1))));
      const lo = Math.max(br.lo, i1 >= 0 ? selectInPlace(v, i1, 0) : br.lo);
      const mid = selectInPlace(v, im, Math.max(0, i1 + 1));
      const hi = Math.min(br.hi, i2 < size ? selectInPlace(v, i2, im + 1) : br.hi);
      br = { lo, hi, parent: br, parentM: total, centre: mid, pivot: this.exactPivot(mid) ? mid : NaN };
    }
  }

  /** Few pairs: compute them all and sort. */
  private all(k1: number, k2: number): [number, number] {
    const cand = this.s.cand;
    let n = 0;
    for (let i = 0; i < this.m; i++) for (let j = i + 1; j < this.m; j++) cand[n++] = this.slope(i, j);
    const sorted = cand.subarray(0, n).sort();
    return [sorted[k1]!, sorted[k2]!];
  }
}

/** The spacing of doubles just below |w| (a power of two), so w ± d·spacing are exact doubles for small d. */
function spacingBelow(w: number): number {
  const a = Math.abs(w);
  if (a < 2 ** -1021) return 2 ** -1074;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 53);
}

function medianSorted(a: Float64Array): number {
  const n = a.length;
  const m = n >> 1;
  return n % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
}

/** The Theil–Sen line of y over x = 0..n−1 (NaN values dropped). */
export function theilSen(y: Float64Array, opts: TheilSenOptions = {}): TheilSenFit {
  const n = y.length;
  const seed = opts.seed ?? THEILSEN_DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new CgqError('KERNEL_PARAM', `theilsen: seed must be an integer in [0, 4294967295] (got ${seed})`);
  }
  const s = opts.scratch ?? new TheilSenScratch(n);
  if (s.n < n) throw new CgqError('INTERNAL', `theilsen: scratch for ${s.n} points cannot fit ${n}`);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (Number.isNaN(v)) continue;
    if (!(Math.abs(v) <= MAX_ABS_Y)) {
      throw new CgqError('INPUT_NONFINITE', `theilsen: y[${i}] is ${v}; only finite values with |y| ≤ 2^1000 (NaN = missing) are accepted`);
    }
    s.xs[m] = i;
    s.ys[m] = v;
    m++;
  }
  if (m < 2) return { slope: NaN, intercept: NaN, points: m };
  const pairs = (m * (m - 1)) / 2;
  const k1 = Math.floor((pairs - 1) / 2);
  const k2 = Math.floor(pairs / 2);
  const [a, b] = new Selector(s, m, new Prng(seed, "theilsen")).select(k1, k2);
  const slope = (k1 === k2 ? a : (a + b) / 2) + 0;
  const ySorted = s.keyA.subarray(0, m);
  ySorted.set(s.ys.subarray(0, m));
  ySorted.sort();
  const xMedian = medianSorted(s.xs.subarray(0, m));
  return { slope, intercept: medianSorted(ySorted) - slope * xMedian, points: m };
}

/** y − (intercept + slope·x) with the Theil–Sen line of y (NaN stays NaN). */
export function theilSenDetrend(y: Float64Array, opts: TheilSenOptions = {}): { detrended: Float64Array; fit: TheilSenFit } {
  const fit = theilSen(y, opts);
  const detrended = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) detrended[i] = y[i]! - (fit.intercept + fit.slope * i);
  return { detrended, fit };
}
