// Allocation-free sorting on caller memory. Inputs must hold no NaN (callers filter them out).
//  - sortValues: bottom-up merge sort (insertion-sorted runs, then branch-free merges that
//    ping-pong between two buffers). Stable, O(n log n), no recursion.
//  - radixSortPairs: LSD radix sort of (value, index) pairs, O(n) per varying byte of the key.

const RUN: i32 = 16;

@inline function ldv(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function stv(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Sort n values ascending; (b) is a buffer of the same size. Returns the buffer holding the result. */
export function sortValues(a: usize, b: usize, n: i32): usize {
  for (let s = 0; s < n; s += RUN) {
    const e = min(s + RUN, n);
    for (let i = s + 1; i < e; i++) {
      const v = ldv(a, i);
      let j = i - 1;
      while (j >= s) {
        const u = ldv(a, j);
        if (u <= v) break;
        stv(a, j + 1, u);
        j--;
      }
      stv(a, j + 1, v);
    }
  }
  let src = a;
  let dst = b;
  for (let width = RUN; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      const mid = min(lo + width, n);
      const hi = min(lo + (width << 1), n);
      let i = lo;
      let j = mid;
      let k = lo;
      if (mid < hi) {
        while (i < mid && j < hi) {
          const x = ldv(src, i);
          const y = ldv(src, j);
          const takeY = y < x;
          stv(dst, k, select<f64>(y, x, takeY));
          j += <i32>takeY;
          i += <i32>!takeY;
          k++;
        }
      }
      while (i < mid) {
        stv(dst, k, ldv(src, i));
        i++;
        k++;
      }
      while (j < hi) {
        stv(dst, k, ldv(src, j));
        j++;
        k++;
      }
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/** Bytes of the histogram scratch radixSortPairs needs. */
export const RADIX_HIST_BYTES: usize = 2 * 256 * 4;

/** f64 → u64 whose unsigned order is the numeric order (−0 just below +0). */
@inline function orderKey(v: f64): u64 {
  const b = reinterpret<u64>(v);
  return b >> 63 ? ~b : b | (<u64>1 << 63);
}

@inline function fromOrderKey(k: u64): f64 {
  return reinterpret<f64>(k >> 63 ? k & ~(<u64>1 << 63) : ~k);
}

/**
 * Sort n (value, index) pairs ascending by value with an LSD radix sort on 8-bit digits of the
 * order-preserving 64-bit key. Digits that are the same for every key are skipped (prices share
 * their sign, exponent and leading mantissa bits), and each scatter pass also counts the next
 * digit, so a typical block takes 2 + (varying digits) passes. Stable. The pairs start in
 * (va, ia); (vb, ib) is a buffer of the same size; `hist` holds RADIX_HIST_BYTES. Returns true
 * when the sorted result is in (va, ia), false when in (vb, ib).
 */
export function radixSortPairs(va: usize, ia: usize, vb: usize, ib: usize, n: i32, hist: usize): bool {
  let andAll: u64 = ~(<u64>0);
  let orAll: u64 = 0;
  for (let i = 0; i < n; i++) {
    const p = va + (<usize>i << 3);
    const k = orderKey(load<f64>(p));
    store<u64>(p, k);
    andAll &= k;
    orAll |= k;
  }
  const varying = andAll ^ orAll;
  // The digits to sort by, least significant first.
  let digits: u64 = 0; // 8 nibbles: digit numbers
  let nd = 0;
  for (let d = 0; d < 8; d++) {
    if (((varying >> (<u64>d << 3)) & 0xff) != 0) {
      digits |= <u64>d << (<u64>nd << 2);
      nd++;
    }
  }
  const hCur = hist;
  const hNext = hist + 1024;
  let inA = true;
  if (nd > 0) {
    memory.fill(hCur, 0, 1024);
    const s0 = (digits & 0xf) << 3;
    for (let i = 0; i < n; i++) {
      const hp = hCur + (<usize>((load<u64>(va + (<usize>i << 3)) >> s0) & 0xff) << 2);
      store<u32>(hp, load<u32>(hp) + 1);
    }
  }
  for (let q = 0; q < nd; q++) {
    const shift = ((digits >> (<u64>q << 2)) & 0xf) << 3;
    const last = q == nd - 1;
    const nshift = last ? shift : ((digits >> (<u64>(q + 1) << 2)) & 0xf) << 3;
    // Counts → starting offsets; clear the next digit's counts.
    let sum: u32 = 0;
    for (let b = 0; b < 256; b++) {
      const hp = hCur + (<usize>b << 2);
      const c = load<u32>(hp);
      store<u32>(hp, sum);
      sum += c;
    }
    memory.fill(hNext, 0, 1024);
    const sv = inA ? va : vb;
    const si = inA ? ia : ib;
    const dv = inA ? vb : va;
    const di = inA ? ib : ia;
    for (let i = 0; i < n; i++) {
      const k = load<u64>(sv + (<usize>i << 3));
      const hp = hCur + (<usize>((k >> shift) & 0xff) << 2);
      const pos = load<u32>(hp);
      store<u32>(hp, pos + 1);
      store<u64>(dv + (<usize>pos << 3), k);
      store<i32>(di + (<usize>pos << 2), load<i32>(si + (<usize>i << 2)));
      const hn = hNext + (<usize>((k >> nshift) & 0xff) << 2);
      store<u32>(hn, load<u32>(hn) + 1);
    }
    memory.copy(hCur, hNext, 1024);
    inA = !inA;
  }
  const rv = inA ? va : vb;
  for (let i = 0; i < n; i++) {
    const p = rv + (<usize>i << 3);
    store<f64>(p, fromOrderKey(load<u64>(p)));
  }
  return inA;
}
