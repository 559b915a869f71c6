// Where every EMD work array lives inside the caller's scratch block (no allocation anywhere).
// For n samples (Kc = n/2 + 8 knot slots per envelope, L = n/32 + 4 leaf slots), in bytes:
//   2 proto-IMF buffers            2 * 8n
//   4 extrema lists (2 per buffer) 4 * 4(n/2+16)
//   per envelope (2): knot values, slopes, coefficients c0, c1 (4 * 8Kc)
//   both envelopes, interleaved: knot positions (i32, 8Kc), secants, dl, d, du, b (5 * 16Kc), 112
//   2 envelope value buffers       2 * 8n         (rare path: <= 3 knots)
//   2 leaf envelope buffers        2 * 8 * 144
//   leaf table + 4 leaf-sum arrays 4L + 4 * 8L
//   mirror work area               256
//   trial signal, sum of IMFs, spare row   3 * 8n (CEEMDAN trials and one-shot EMDs)
// emdScratchBytes(n) is the total, about 141·n bytes (18 MB at n = 129,600); every region starts
// on a 64-byte boundary.

import { listSlots } from './extrema';
import { LEAF_BUF_SLOTS } from './envelope';
import { SPLINE_STATE_BYTES } from './spline';

@inline function up64(x: usize): usize {
  return (x + 63) & ~<usize>63;
}

export let L_H0: usize = 0;
export let L_H1: usize = 0;
export let L_MAX0: usize = 0;
export let L_MIN0: usize = 0;
export let L_MAX1: usize = 0;
export let L_MIN1: usize = 0;
// Envelope A = upper (maxima), B = lower (minima): knot positions (i32), values, and the
// spline's slopes and coefficients c0, c1 (./spline.ts).
export let L_AY: usize = 0;
export let L_AS: usize = 0;
export let L_AC0: usize = 0;
export let L_AC1: usize = 0;
export let L_BY: usize = 0;
export let L_BS: usize = 0;
export let L_BC0: usize = 0;
export let L_BC1: usize = 0;
// Both envelopes' knot positions (i32) and spline systems, interleaved, and the solver's state.
export let L_XI2: usize = 0;
export let L_M2: usize = 0;
export let L_DL2: usize = 0;
export let L_D2: usize = 0;
export let L_DU2: usize = 0;
export let L_B2: usize = 0;
export let L_FST: usize = 0;
export let L_ENVU: usize = 0;
export let L_ENVL: usize = 0;
export let L_BUFU: usize = 0;
export let L_BUFL: usize = 0;
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
  const lists = <usize>listSlots(n) << 2;
  const lc = <usize>leafCap(n);
  let p = up64(base);
  L_H0 = p; p = up64(p + n8);
  L_H1 = p; p = up64(p + n8);
  L_MAX0 = p; p = up64(p + lists);
  L_MIN0 = p; p = up64(p + lists);
  L_MAX1 = p; p = up64(p + lists);
  L_MIN1 = p; p = up64(p + lists);
  // Each envelope's Y, S, C0, C1 in this order and of one size: ./envelope.ts evalLeaf addresses
  // them as a base and a stride.
  L_AY = p; p = up64(p + kc);
  L_AS = p; p = up64(p + kc);
  L_AC0 = p; p = up64(p + kc);
  L_AC1 = p; p = up64(p + kc);
  L_BY = p; p = up64(p + kc);
  L_BS = p; p = up64(p + kc);
  L_BC0 = p; p = up64(p + kc);
  L_BC1 = p; p = up64(p + kc);
  L_XI2 = p; p = up64(p + kc);
  L_M2 = p; p = up64(p + (kc << 1));
  L_DL2 = p; p = up64(p + (kc << 1));
  L_D2 = p; p = up64(p + (kc << 1));
  L_DU2 = p; p = up64(p + (kc << 1));
  L_B2 = p; p = up64(p + (kc << 1));
  L_FST = p; p = up64(p + <usize>SPLINE_STATE_BYTES);
  L_ENVU = p; p = up64(p + n8);
  L_ENVL = p; p = up64(p + n8);
  L_BUFU = p; p = up64(p + (<usize>LEAF_BUF_SLOTS << 3));
  L_BUFL = p; p = up64(p + (<usize>LEAF_BUF_SLOTS << 3));
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
