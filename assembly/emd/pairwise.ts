// numpy's float64 sum, reproduced operation for operation: `np.sum` over a contiguous 1-D array
// runs `pairwise_sum` (numpy umath loops_utils.h) over all n items:
//   n < 8       -> -0.0 + x0 + x1 + ... (in order)
//   n <= 128    -> eight running lanes r[j] = x[j] + x[j+8] + ..., then
//                  ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the n % 8 tail in order
//   otherwise   -> sum(first n2) + sum(rest), n2 = n/2 rounded down to a multiple of 8.
// PyEMD's stopping rules and np.std go through these sums, so matching them bit for bit keeps
// every threshold decision identical to PyEMD's. Streaming passes work leaf by leaf: the
// recursion's leaves (blocks of at most 128 items) depend only on n, so a pass computes each
// leaf's sum while the block is hot in L1 and `pwCombine` adds the leaf sums in the tree's order.

export const PW_BLOCK: i32 = 128;

let leafCursor: i32 = 0;
let leafOut: usize = 0;

function leavesRec(off: i32, m: i32): void {
  if (m <= PW_BLOCK) {
    store<i32>(leafOut + (<usize>leafCursor << 2), off);
    leafCursor++;
    return;
  }
  let n2 = m >> 1;
  n2 -= n2 & 7;
  leavesRec(off, n2);
  leavesRec(off + n2, m - n2);
}

/**
 * Writes the start offsets of the leaves of an n-item pairwise sum to `out` (i32), followed by n
 * as the end sentinel; returns the leaf count L (out holds L + 1 values). Needs pwMaxLeaves(n) + 1
 * slots. n = 0 gives one empty leaf.
 */
export function pwLeaves(n: i32, out: usize): i32 {
  leafCursor = 0;
  leafOut = out;
  leavesRec(0, n);
  store<i32>(out + (<usize>leafCursor << 2), n);
  return leafCursor;
}

/** Upper bound on the leaf count (every leaf but the last holds more than 60 items). */
export function pwMaxLeaves(n: i32): i32 {
  return (n >> 5) + 2;
}

let combineCursor: i32 = 0;
let combineSums: usize = 0;

function combineRec(m: i32): f64 {
  if (m <= PW_BLOCK) {
    const v = load<f64>(combineSums + (<usize>combineCursor << 3));
    combineCursor++;
    return v;
  }
  let n2 = m >> 1;
  n2 -= n2 & 7;
  const a = combineRec(n2);
  return a + combineRec(m - n2);
}

/** The pairwise total of an n-item sum from its leaf sums (in leaf order). */
export function pwCombine(n: i32, sums: usize): f64 {
  combineCursor = 0;
  combineSums = sums;
  return combineRec(n);
}

/** Leaf sum of m <= 128 values already reduced into 8 lanes (r01..r67) with `tail` items left. */
@inline export function pwFold(r01: v128, r23: v128, r45: v128, r67: v128): f64 {
  return (f64x2.extract_lane(r01, 0) + f64x2.extract_lane(r01, 1) + (f64x2.extract_lane(r23, 0) + f64x2.extract_lane(r23, 1))) +
    (f64x2.extract_lane(r45, 0) + f64x2.extract_lane(r45, 1) + (f64x2.extract_lane(r67, 0) + f64x2.extract_lane(r67, 1)));
}

/** One leaf (m <= 128 items at p) of numpy's pairwise sum. */
export function pwLeafSum(p: usize, m: i32): f64 {
  if (m < 8) {
    let res: f64 = -0.0;
    for (let i = 0; i < m; i++) res += load<f64>(p + (<usize>i << 3));
    return res;
  }
  let r01 = v128.load(p);
  let r23 = v128.load(p, 16);
  let r45 = v128.load(p, 32);
  let r67 = v128.load(p, 48);
  const main = m - (m & 7);
  let i = 8;
  for (; i < main; i += 8) {
    const q = p + (<usize>i << 3);
    r01 = f64x2.add(r01, v128.load(q));
    r23 = f64x2.add(r23, v128.load(q, 16));
    r45 = f64x2.add(r45, v128.load(q, 32));
    r67 = f64x2.add(r67, v128.load(q, 48));
  }
  let res = pwFold(r01, r23, r45, r67);
  for (; i < m; i++) res += load<f64>(p + (<usize>i << 3));
  return res;
}

function pwSumRec(p: usize, m: i32): f64 {
  if (m <= PW_BLOCK) return pwLeafSum(p, m);
  let n2 = m >> 1;
  n2 -= n2 & 7;
  const a = pwSumRec(p, n2);
  return a + pwSumRec(p + (<usize>n2 << 3), m - n2);
}

/** np.sum(x) for n contiguous f64 at p. */
export function pwSum(p: usize, n: i32): f64 {
  return pwSumRec(p, n);
}

/** Leaf of np.sum((x - c) ** 2), the second pass of np.var. */
function pwLeafSqDev(p: usize, m: i32, c: f64): f64 {
  if (m < 8) {
    let res: f64 = -0.0;
    for (let i = 0; i < m; i++) {
      const d = load<f64>(p + (<usize>i << 3)) - c;
      res += d * d;
    }
    return res;
  }
  const cv = f64x2.splat(c);
  let d01 = f64x2.sub(v128.load(p), cv);
  let d23 = f64x2.sub(v128.load(p, 16), cv);
  let d45 = f64x2.sub(v128.load(p, 32), cv);
  let d67 = f64x2.sub(v128.load(p, 48), cv);
  let r01 = f64x2.mul(d01, d01);
  let r23 = f64x2.mul(d23, d23);
  let r45 = f64x2.mul(d45, d45);
  let r67 = f64x2.mul(d67, d67);
  const main = m - (m & 7);
  let i = 8;
  for (; i < main; i += 8) {
    const q = p + (<usize>i << 3);
    d01 = f64x2.sub(v128.load(q), cv);
    d23 = f64x2.sub(v128.load(q, 16), cv);
    d45 = f64x2.sub(v128.load(q, 32), cv);
    d67 = f64x2.sub(v128.load(q, 48), cv);
    r01 = f64x2.add(r01, f64x2.mul(d01, d01));
    r23 = f64x2.add(r23, f64x2.mul(d23, d23));
    r45 = f64x2.add(r45, f64x2.mul(d45, d45));
    r67 = f64x2.add(r67, f64x2.mul(d67, d67));
  }
  let res = pwFold(r01, r23, r45, r67);
  for (; i < m; i++) {
    const d = load<f64>(p + (<usize>i << 3)) - c;
    res += d * d;
  }
  return res;
}

function pwSqDevRec(p: usize, m: i32, c: f64): f64 {
  if (m <= PW_BLOCK) return pwLeafSqDev(p, m, c);
  let n2 = m >> 1;
  n2 -= n2 & 7;
  const a = pwSqDevRec(p, n2, c);
  return a + pwSqDevRec(p + (<usize>n2 << 3), m - n2, c);
}

/** Leaf of np.sum(np.abs(x)). */
function pwLeafAbs(p: usize, m: i32): f64 {
  if (m < 8) {
    let res: f64 = -0.0;
    for (let i = 0; i < m; i++) res += Math.abs(load<f64>(p + (<usize>i << 3)));
    return res;
  }
  let r01 = f64x2.abs(v128.load(p));
  let r23 = f64x2.abs(v128.load(p, 16));
  let r45 = f64x2.abs(v128.load(p, 32));
  let r67 = f64x2.abs(v128.load(p, 48));
  const main = m - (m & 7);
  let i = 8;
  for (; i < main; i += 8) {
    const q = p + (<usize>i << 3);
    r01 = f64x2.add(r01, f64x2.abs(v128.load(q)));
    r23 = f64x2.add(r23, f64x2.abs(v128.load(q, 16)));
    r45 = f64x2.add(r45, f64x2.abs(v128.load(q, 32)));
    r67 = f64x2.add(r67, f64x2.abs(v128.load(q, 48)));
  }
  let res = pwFold(r01, r23, r45, r67);
  for (; i < m; i++) res += Math.abs(load<f64>(p + (<usize>i << 3)));
  return res;
}

function pwAbsRec(p: usize, m: i32): f64 {
  if (m <= PW_BLOCK) return pwLeafAbs(p, m);
  let n2 = m >> 1;
  n2 -= n2 & 7;
  const a = pwAbsRec(p, n2);
  return a + pwAbsRec(p + (<usize>n2 << 3), m - n2);
}

/** np.sum(np.abs(x)). */
export function pwSumAbs(p: usize, n: i32): f64 {
  return pwAbsRec(p, n);
}

/** np.std(x) (population, ddof 0): sqrt(sum((x - sum(x)/n)**2) / n), numpy's operation order. */
export function npStd(p: usize, n: i32): f64 {
  const mean = pwSum(p, n) / <f64>n;
  return Math.sqrt(pwSqDevRec(p, n, mean) / <f64>n);
}
