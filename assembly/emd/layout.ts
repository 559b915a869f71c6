// Where every EMD work array lives inside the caller's scratch block (no allocation anywhere).
// For n samples (Kc = n/2 + 8 knot slots per envelope, L = n/32 + 4 leaf slots), in bytes:
//   2 proto-IMF buffers            2 * 8n
//   2 flag arrays                  2 * n          (rounded up to 64)
//   4 extrema lists (2 per buffer) 4 * 4(n/2+4)
//   per envelope (2): knots x, y, secant slopes, dl, d, du, b (7 * 8Kc) + records (40Kc)
//   2 envelope value buffers       2 * 8n         (rare paths: <= 3 knots, uncovered ends)
//   leaf table + 4 leaf-sum arrays 4L + 4 * 8L
//   mirror work area               256
//   trial signal, sum of IMFs, spare row   3 * 8n (CEEMDAN trials and one-shot EMDs)
// emdScratchBytes(n) is the total, about 163·n bytes (21 MB at n = 129,600); every region starts
// on a 64-byte boundary.

@inline function up64(x: usize): usize {
  return (x + 63) & ~<usize>63;
}

export let L_H0: usize = 0;
export let L_H1: usize = 0;
export let L_F0: usize = 0;
export let L_F1: usize = 0;
export let L_MAX0: usize = 0;
export let L_MIN0: usize = 0;
export let L_MAX1: usize = 0;
export let L_MIN1: usize = 0;
// Envelope A = upper (maxima), B = lower (minima).
export let L_AX: usize = 0;
export let L_AY: usize = 0;
export let L_AM: usize = 0;
export let L_ADL: usize = 0;
export let L_AD: usize = 0;
export let L_ADU: usize = 0;
export let L_AB: usize = 0;
export let L_AREC: usize = 0;
export let L_BX: usize = 0;
export let L_BY: usize = 0;
export let L_BM: usize = 0;
export let L_BDL: usize = 0;
export let L_BD: usize = 0;
export let L_BDU: usize = 0;
export let L_BB: usize = 0;
export let L_BREC: usize = 0;
export let L_ENVU: usize = 0;
export let L_ENVL: usize = 0;
export let L_LEAF: usize = 0;
export let L_LS1: usize = 0;
export let L_LS2: usize = 0;
export let L_LS3: usize = 0;
export let L_LS4: usize = 0;
export let L_SMALL: usize = 0;
export let L_SIG: usize = 0;
export let L_ACC: usize = 0;
export let L_ROW: usize = 0;
let layoutEnd: usize = 0;

/** Knot slots per envelope. */
@inline export function knotCap(n: i32): i32 {
  return (n >> 1) + 8;
}

/** Leaf slots (pairwise-sum leaves + sentinel). */
@inline export function leafCap(n: i32): i32 {
  return (n >> 5) + 4;
}

/** Lay the regions out from `base` for n samples; returns the end offset. */
export function layoutFor(base: usize, n: i32): usize {
  const n8 = <usize>n << 3;
  const kc = <usize>knotCap(n) << 3;
  const lists = <usize>((n >> 1) + 4) << 2;
  const lc = <usize>leafCap(n);
  let p = up64(base);
  L_H0 = p; p = up64(p + n8);
  L_H1 = p; p = up64(p + n8);
  L_F0 = p; p = up64(p + <usize>n);
  L_F1 = p; p = up64(p + <usize>n);
  L_MAX0 = p; p = up64(p + lists);
  L_MIN0 = p; p = up64(p + lists);
  L_MAX1 = p; p = up64(p + lists);
  L_MIN1 = p; p = up64(p + lists);
  L_AX = p; p = up64(p + kc);
  L_AY = p; p = up64(p + kc);
  L_AM = p; p = up64(p + kc);
  L_ADL = p; p = up64(p + kc);
  L_AD = p; p = up64(p + kc);
  L_ADU = p; p = up64(p + kc);
  L_AB = p; p = up64(p + kc);
  L_AREC = p; p = up64(p + kc * 5);
  L_BX = p; p = up64(p + kc);
  L_BY = p; p = up64(p + kc);
  L_BM = p; p = up64(p + kc);
  L_BDL = p; p = up64(p + kc);
  L_BD = p; p = up64(p + kc);
  L_BDU = p; p = up64(p + kc);
  L_BB = p; p = up64(p + kc);
  L_BREC = p; p = up64(p + kc * 5);
  L_ENVU = p; p = up64(p + n8);
  L_ENVL = p; p = up64(p + n8);
  L_LEAF = p; p = up64(p + (lc << 2));
  L_LS1 = p; p = up64(p + (lc << 3));
  L_LS2 = p; p = up64(p + (lc << 3));
  L_LS3 = p; p = up64(p + (lc << 3));
  L_LS4 = p; p = up64(p + (lc << 3));
  L_SMALL = p; p = up64(p + 256);
  L_SIG = p; p = up64(p + n8);
  L_ACC = p; p = up64(p + n8);
  L_ROW = p; p = up64(p + n8);
  layoutEnd = p;
  return p;
}

/** Scratch bytes an EMD of n samples needs (including up to 63 bytes of alignment slack). */
export function emdScratchBytes(n: i32): usize {
  return layoutFor(0, n) + 64;
}
