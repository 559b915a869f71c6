/**
 * numpy/pandas reductions the original tools use for whole-window statistics (fixtures README,
 * "Numeric conventions" item 4), written plainly: pairwise summation, NaN-skipping mean and
 * two-pass variance (NaN replaced by 0 in place, divided by the non-NaN count), median.
 */

/** The global epsilon of the original (`EPS = 1e-9`). */
export const EPS = 1e-9;
/** Closes are floored here before taking logs (`log(max(c, 1e-9))`). */
export const LOG_FLOOR = 1e-9;

/** numpy's pairwise summation of a[off .. off+n) (float64 add.reduce). */
export function pairwiseSum(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  if (n < 8) {
    let r = 0;
    for (let i = 0; i < n; i++) r += a[off + i]!;
    return r;
  }
  if (n <= 128) {
    let r0 = a[off]!, r1 = a[off + 1]!, r2 = a[off + 2]!, r3 = a[off + 3]!;
    let r4 = a[off + 4]!, r5 = a[off + 5]!, r6 = a[off + 6]!, r7 = a[off + 7]!;
    const m = n - (n % 8);
    let i = 8;
    for (; i < m; i += 8) {
      r0 += a[off + i]!; r1 += a[off + i + 1]!; r2 += a[off + i + 2]!; r3 += a[off + i + 3]!;
      r4 += a[off + i + 4]!; r5 += a[off + i + 5]!; r6 += a[off + i + 6]!; r7 += a[off + i + 7]!;
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[off + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, off, n2) + pairwiseSum(a, off + n2, n - n2);
}

/** A copy of a[off .. off+n) with NaN replaced by 0 (pandas' nanops fill before summing). */
export function nanToZero(a: ArrayLike<number>, off = 0, n = a.length - off): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[off + i]!;
    z[i] = v === v ? v : 0;
  }
  return z;
}

export function countValid(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (a[off + i]! === a[off + i]!) c++;
  return c;
}

/** pandas `Series.sum()` (NaN skipped; 0 for no values). */
export function nanSum(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  return pairwiseSum(nanToZero(a, off, n));
}

/** pandas `Series.mean()`: pairwise sum with NaN as 0, divided by the non-NaN count. */
export function nanMean(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  const c = countValid(a, off, n);
  return c > 0 ? nanSum(a, off, n) / c : NaN;
}

/** pandas `Series.var(ddof)`: two-pass, NaN as 0 in both passes, NaN when count ≤ ddof. */
export function nanVar(a: ArrayLike<number>, off = 0, n = a.length - off, ddof = 1): number {
  const c = countValid(a, off, n);
  if (c <= ddof) return NaN;
  const avg = nanSum(a, off, n) / c;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[off + i]!;
    sq[i] = v === v ? (avg - v) * (avg - v) : 0;
  }
  return pairwiseSum(sq) / (c - ddof);
}

export function nanStd(a: ArrayLike<number>, off = 0, n = a.length - off, ddof = 1): number {
  return Math.sqrt(nanVar(a, off, n, ddof));
}

/** numpy median of the non-NaN values (mean of the two middle ones for an even count). */
export function nanMedian(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  const s: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = a[off + i]!;
    if (v === v) s.push(v);
  }
  if (s.length === 0) return NaN;
  s.sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** nanmin / nanmax (NaN when no value). */
export function nanMin(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  let r = NaN;
  for (let i = 0; i < n; i++) {
    const v = a[off + i]!;
    if (v === v && !(v >= r)) r = v;
  }
  return r;
}

export function nanMax(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  let r = NaN;
  for (let i = 0; i < n; i++) {
    const v = a[off + i]!;
    if (v === v && !(v <= r)) r = v;
  }
  return r;
}

/** `log(max(c, 1e-9))`, NaN kept. */
export function flooredLog(c: number): number {
  return c === c ? Math.log(c > LOG_FLOOR ? c : LOG_FLOOR) : NaN;
}
