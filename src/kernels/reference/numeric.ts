/**
 * numpy/pandas reductions the original tools use for whole-window statistics (fixtures README,
 * "Numeric conventions" item 4), written plainly: pairwise summation, NaN-skipping mean and
 * two-pass variance (NaN replaced by 0 in place, divided by the non-NaN count), median.
 */

/** The global epsilon of the original (`EPS = 1e-9`). */
export const EPS = 1e-9;
/** Closes are floored here before taking logs (`log(max(c, 1e-9))`). */
export const LOG_FLOOR = 1e-9;

const T_PLAIN = 0; // x
const T_NZ = 1; // x, NaN as 0
const T_SQDEV = 2; // (c - x)^2, NaN as 0
const T_ABSDEV = 3; // |x - c|, NaN as 0

function term(x: number, kind: number, c: number): number {
  if (kind === T_PLAIN) return x;
  if (x !== x) return 0;
  if (kind === T_SQDEV) return (c - x) * (c - x);
  if (kind === T_ABSDEV) return Math.abs(x - c);
  return x;
}

/** numpy's pairwise summation (float64 add.reduce) of term(a[i]) over a[off .. off+n). */
function pairwise(a: ArrayLike<number>, off: number, n: number, kind: number, c: number): number {
  if (n < 8) {
    let r = 0;
    for (let i = 0; i < n; i++) r += term(a[off + i]!, kind, c);
    return r;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => term(a[off + j]!, kind, c));
    const m = n - (n % 8);
    let i = 8;
    for (; i < m; i += 8) for (let j = 0; j < 8; j++) r[j] += term(a[off + i + j]!, kind, c);
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += term(a[off + i]!, kind, c);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, off, n2, kind, c) + pairwise(a, off + n2, n - n2, kind, c);
}

/** numpy's pairwise summation of a[off .. off+n) (float64 add.reduce). */
export function pairwiseSum(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  return pairwise(a, off, n, T_PLAIN, 0);
}

export function countValid(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (a[off + i]! === a[off + i]!) c++;
  return c;
}

/** pandas `Series.sum()`: the pairwise sum of the array with NaN replaced by 0 (0 for no values). */
export function nanSum(a: ArrayLike<number>, off = 0, n = a.length - off): number {
  return pairwise(a, off, n, T_NZ, 0);
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
  return pairwise(a, off, n, T_SQDEV, avg) / (c - ddof);
}

/** mean(|x - m|) with NaN skipped. */
export function nanMeanAbsDev(a: ArrayLike<number>, m: number, off = 0, n = a.length - off): number {
  const c = countValid(a, off, n);
  return c > 0 ? pairwise(a, off, n, T_ABSDEV, m) / c : NaN;
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
