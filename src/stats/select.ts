/** Order statistics without sorting (Theil–Sen's slope selection, medians of long series). */

/**
 * The k-th smallest of a[from..] moved to a[k] (quickselect, Hoare partition, median of three);
 * a[from..k) ≤ a[k] ≤ a[k+1..) afterwards. Earlier selections' positions below `from` stay put.
 */
export function selectInPlace(a: Float64Array, k: number, from: number): number {
  let lo = from;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as pivot.
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}
