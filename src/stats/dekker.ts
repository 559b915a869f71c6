/**
 * Error-free transformation of a product (Dekker/Veltkamp): for finite a, b whose product neither
 * overflows nor underflows, `productError(a, b, a * b)` is exactly `a·b − fl(a·b)`.
 */
const SPLIT = 134217729; // 2^27 + 1

export function productError(a: number, b: number, p: number): number {
  const sa = SPLIT * a;
  const ah = sa - (sa - a);
  const al = a - ah;
  const sb = SPLIT * b;
  const bh = sb - (sb - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}
