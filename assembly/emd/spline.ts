// PyEMD 1.10.2's cubic envelopes, with scipy's arithmetic:
//  * more than 3 knots: scipy.interpolate.CubicSpline(x, y) with not-a-knot ends. Slopes s come
//    from the tridiagonal system CubicSpline builds (rows 1..K-2:
//    dx[i]*s[i-1] + 2(dx[i-1]+dx[i])*s[i] + dx[i-1]*s[i+1] = 3(dx[i]*m[i-1] + dx[i-1]*m[i]),
//    m = secant slopes; first/last rows from the not-a-knot condition), solved as LAPACK dgtsv
//    does (NRHS = 1: Gaussian elimination with partial pivoting, a row swap when |sub| > |diag|
//    filling a second superdiagonal kept in dl, true divisions, then back substitution
//    x[i] = ((b[i] - du[i]*x[i+1]) - dl[i]*x[i+2]) / d[i]); then CubicHermiteSpline's
//    coefficients per segment j (h = dx[j]):
//      t = (s[j] + s[j+1] - 2 m[j]) / h, c0 = t / h, c1 = (m[j] - s[j]) / h - t, c2 = s[j], c3 = y[j]
//    and PPoly's evaluation at distance u from the segment start (./envelope.ts):
//      ((c3 + c2*u) + c1*(u*u)) + c0*((u*u)*u).
//  * exactly 3 knots: PyEMD's own `cubic_spline_3pts` (a natural spline through the 3 points).
//  * fewer than 3 knots: PyEMD raises; cgq interpolates linearly (2 knots) or holds the value (1).
// Knot positions are integers (sample indices, mirrored).
//
// The solve is fused and runs both envelopes (e = 0 upper, e = 1 lower) together, as the two
// lanes of f64x2 (every lane gets exactly the scalar operations):
//  * elimination: each step builds the next row of the system from the knots; a step where
//    either lane pivots or meets a zero pivot is done lane by lane in scalar code;
//  * back substitution: each step also computes its finished segment's coefficients; the rows
//    of the two envelopes pair up while both have rows left (row jA of the upper, jB of the lower
//    system in one step; their systems end at different rows).
// The independent work (secant slopes, rows, coefficients: four of the six divisions per knot)
// runs in the shadow of the two dependent division chains. Long systems run each chain as two
// (vecRunSplit, backPairSplit): a second chain started speculatively mid-way converges onto the
// exact values, which is checked bit for bit before its results stand, so the bits never change;
// with two chains in flight the divider's throughput, not its latency, bounds the solve.
//
// Memory: knot positions are interleaved by envelope as i32 (XI2: position k of envelope e at
// XI2 + 8k + 4e), knot values are per envelope (YA, YB), the systems' work arrays are
// interleaved f64 (value k of envelope e at p + 16k + 8e: M2 secant slopes, DL2/D2/DU2/B2 the
// dgtsv arrays), and the results are per envelope (S = slopes = c2, C0, C1) so that the
// evaluation loads two neighbouring segments with one v128 load. Positions are integers, so
// x_a - x_b is computed exactly as <f64>(a - b). Bind the arrays with splineWork first.

// Bound arrays and the solver's state block (forward: field f of envelope e at FST + 16f + 8e;
// back: the last two slopes of both envelopes as f64x2 and the next rows).
let XI2: usize = 0;
let YA: usize = 0;
let YB: usize = 0;
let SA: usize = 0;
let SB: usize = 0;
let C0A: usize = 0;
let C0B: usize = 0;
let C1A: usize = 0;
let C1B: usize = 0;
let M2: usize = 0;
let DL2: usize = 0;
let D2: usize = 0;
let DU2: usize = 0;
let B2: usize = 0;
let FST: usize = 0;

const F_DI: usize = 0; // pivot of the row being eliminated
const F_BI: usize = 16; // its right-hand side
const F_DUI: usize = 32; // its super-diagonal (changed by a pivoting step)
const F_P: usize = 48; // dx of the previous segment
const F_MP: usize = 64; // secant slope of the previous segment
const F_XR: usize = 80; // position of the current knot
const F_YR: usize = 96; // value of the current knot
const B_S0: usize = 112; // slopes of rows jA + 1 (lane 0), jB + 1 (lane 1)
const B_S1: usize = 128; // slopes of rows jA + 2, jB + 2
const B_JA: usize = 144; // next row of the upper system's back substitution
const B_JB: usize = 148;

/** The second elimination chain's forward state (vecRunSplit below): the F_* fields from here. */
const F_CHAIN_B: usize = 160;

/** Bytes of the solver's state block. */
export const SPLINE_STATE_BYTES: i32 = 272;

/**
 * Bind the knots (positions XI2, values ya / yb), the results (slopes sa / sb, coefficients
 * c0a, c1a / c0b, c1b), the work arrays (16 bytes per knot) and the state block.
 */
export function splineWork(
  xi2: usize, ya: usize, sa: usize, c0a: usize, c1a: usize, yb: usize, sb: usize, c0b: usize, c1b: usize,
  m2: usize, dl2: usize, d2: usize, du2: usize, b2: usize, fst: usize,
): void {
  XI2 = xi2;
  YA = ya;
  SA = sa;
  C0A = c0a;
  C1A = c1a;
  YB = yb;
  SB = sb;
  C0B = c0b;
  C1B = c1b;
  M2 = m2;
  DL2 = dl2;
  D2 = d2;
  DU2 = du2;
  B2 = b2;
  FST = fst;
}

@inline function ldd(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function std(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Knot k's position and value, envelope e. */
@inline function xAt(k: i32, e: i32): f64 {
  return <f64>load<i32>(XI2 + (<usize>k << 3) + (<usize>e << 2));
}

@inline function ixAt(k: i32, e: i32): i32 {
  return load<i32>(XI2 + (<usize>k << 3) + (<usize>e << 2));
}

@inline function yAt(k: i32, e: i32): f64 {
  return load<f64>((e == 0 ? YA : YB) + (<usize>k << 3));
}

// Hot loops copy the bound arrays into locals first (a wasm global is a memory load on every
// use) and use these.

/** Knot k's positions / values of both envelopes as f64x2. */
@inline function xvAt(xi2: usize, k: i32): v128 {
  return f64x2.convert_low_i32x4_s(v128.load64_zero(xi2 + (<usize>k << 3)));
}

@inline function yvAt(ya: usize, yb: usize, k: i32): v128 {
  return v128.load64_lane(yb + (<usize>k << 3), v128.load64_splat(ya + (<usize>k << 3)), 1);
}

/** Row jA of lane 0 and row jB of lane 1 of an interleaved array. */
@inline function g2(p: usize, jA: i32, jB: i32): v128 {
  return v128.load64_lane(p + (<usize>jB << 4) + 8, v128.load64_splat(p + (<usize>jA << 4)), 1);
}

/** Segment lengths x[j+1] - x[j] of segment jA (lane 0) and jB (lane 1), as f64x2. */
@inline function h2(xi2: usize, jA: i32, jB: i32): v128 {
  const pA = xi2 + (<usize>jA << 3);
  const pB = xi2 + (<usize>jB << 3) + 4;
  return f64x2.convert_low_i32x4_s(i32x4.replace_lane(i32x4.splat(load<i32>(pA, 8) - load<i32>(pA)), 1, load<i32>(pB, 8) - load<i32>(pB)));
}

/** Value k of envelope e in an interleaved array. */
@inline function l2(p: usize, k: i32, e: i32): f64 {
  return load<f64>(p + (<usize>k << 4) + (<usize>e << 3));
}

@inline function s2(p: usize, k: i32, e: i32, v: f64): void {
  store<f64>(p + (<usize>k << 4) + (<usize>e << 3), v);
}

@inline function w2(p: usize, k: i32, v: v128): void {
  v128.store(p + (<usize>k << 4), v);
}

@inline function imin(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** Segment j's CubicHermiteSpline coefficients c0, c1 (envelope e) from slopes sj, sj1. */
@inline function hermite(e: i32, j: i32, sj: f64, sj1: f64): void {
  const h = <f64>(ixAt(j + 1, e) - ixAt(j, e));
  const mj = l2(M2, j, e);
  const t = (sj + sj1 - 2.0 * mj) / h;
  std(e == 0 ? C0A : C0B, j, t / h);
  std(e == 0 ? C1A : C1B, j, (mj - sj) / h - t);
}

// ---------------------------------------------------------------------------------------------
// Elimination, one envelope (scalar): the reference for the f64x2 steps below.

/** Row 0 (not-a-knot) of envelope e and the carried values of row 1, into the state block. */
function fwdSetup(e: i32): void {
  const st = FST + (<usize>e << 3);
  const x0 = xAt(0, e), x1 = xAt(1, e), x2 = xAt(2, e);
  const y1 = yAt(1, e);
  const P = x1 - x0;
  const mP = (y1 - yAt(0, e)) / P;
  s2(M2, 0, e, mP);
  const dx1 = x2 - x1;
  const dd = x2 - x0;
  const m1 = (yAt(2, e) - y1) / dx1;
  store<f64>(st + F_DI, dx1);
  store<f64>(st + F_DUI, dd);
  store<f64>(st + F_BI, (((P + 2.0 * dd) * dx1) * mP + (P * P) * m1) / dd);
  store<f64>(st + F_P, P);
  store<f64>(st + F_MP, mP);
  store<f64>(st + F_XR, x1);
  store<f64>(st + F_YR, y1);
}

/**
 * Elimination step i (1 <= i + 1 <= K - 2) of envelope e: build interior row i + 1, eliminate
 * row i with it (dgtsv's step). Returns 0, or i + 1 when the pivot is exactly zero.
 */
function fwdStep(e: i32, i: i32): i32 {
  const st = FST + (<usize>e << 3);
  const di = load<f64>(st + F_DI);
  const bi = load<f64>(st + F_BI);
  const dui = load<f64>(st + F_DUI);
  const P = load<f64>(st + F_P);
  const mP = load<f64>(st + F_MP);
  const xn = xAt(i + 2, e);
  const yn = yAt(i + 2, e);
  const Q = xn - load<f64>(st + F_XR);
  const mQ = (yn - load<f64>(st + F_YR)) / Q;
  s2(M2, i + 1, e, mQ);
  const li = Q;
  let dn = 2.0 * (P + Q);
  let duN = P;
  let bn = 3.0 * (Q * mP + P * mQ);
  if (Math.abs(di) >= Math.abs(li)) {
    if (di == 0.0) return i + 1;
    const fact = li / di;
    dn = dn - fact * dui;
    bn = bn - fact * bi;
    s2(D2, i, e, di);
    s2(B2, i, e, bi);
    s2(DU2, i, e, dui);
    s2(DL2, i, e, 0.0);
  } else {
    const fact = di / li;
    s2(D2, i, e, li);
    const temp = dn;
    dn = dui - fact * temp;
    s2(DL2, i, e, duN);
    duN = -fact * duN;
    s2(DU2, i, e, temp);
    s2(B2, i, e, bn);
    bn = bi - fact * bn;
  }
  store<f64>(st + F_DI, dn);
  store<f64>(st + F_BI, bn);
  store<f64>(st + F_DUI, duN);
  store<f64>(st + F_P, Q);
  store<f64>(st + F_MP, mQ);
  store<f64>(st + F_XR, xn);
  store<f64>(st + F_YR, yn);
  return 0;
}

/** The last row (not-a-knot) of envelope e, its elimination step K - 2 and the last pivot. */
function fwdLast(e: i32, K: i32): i32 {
  const st = FST + (<usize>e << 3);
  const di = load<f64>(st + F_DI);
  const bi = load<f64>(st + F_BI);
  const dui = load<f64>(st + F_DUI);
  const i = K - 2;
  const dxL = xAt(K - 1, e) - xAt(K - 2, e);
  const dxL1 = xAt(K - 2, e) - xAt(K - 3, e);
  const dd = xAt(K - 1, e) - xAt(K - 3, e);
  const li = dd;
  let dn = dxL1;
  let bn = ((dxL * dxL) * l2(M2, K - 3, e) + ((2.0 * dd + dxL) * dxL1) * l2(M2, K - 2, e)) / dd;
  if (Math.abs(di) >= Math.abs(li)) {
    if (di == 0.0) return i + 1;
    const fact = li / di;
    dn = dn - fact * dui;
    bn = bn - fact * bi;
    s2(D2, i, e, di);
    s2(B2, i, e, bi);
    s2(DU2, i, e, dui);
  } else {
    const fact = di / li;
    s2(D2, i, e, li);
    const temp = dn;
    dn = dui - fact * temp;
    s2(DU2, i, e, temp);
    s2(B2, i, e, bn);
    bn = bi - fact * bn;
  }
  if (dn == 0.0) return K;
  s2(D2, K - 1, e, dn);
  s2(B2, K - 1, e, bn);
  return 0;
}

/** Eliminate envelope e from step `from` to the end. */
function fwdFinish(e: i32, K: i32, from: i32): i32 {
  for (let i = from; i < K - 2; i++) {
    const st = fwdStep(e, i);
    if (st != 0) return st;
  }
  return fwdLast(e, K);
}

// ---------------------------------------------------------------------------------------------
// Elimination, both envelopes

/** Row 0 of both envelopes (the fwdSetup operations, per lane) into the state block. */
function vecInit(): void {
  const x0 = xvAt(XI2, 0), x1 = xvAt(XI2, 1), x2 = xvAt(XI2, 2);
  const y1 = yvAt(YA, YB, 1);
  const P = f64x2.sub(x1, x0);
  const mP = f64x2.div(f64x2.sub(y1, yvAt(YA, YB, 0)), P);
  w2(M2, 0, mP);
  const dx1 = f64x2.sub(x2, x1);
  const dd = f64x2.sub(x2, x0);
  const m1 = f64x2.div(f64x2.sub(yvAt(YA, YB, 2), y1), dx1);
  const two = f64x2.splat(2.0);
  v128.store(FST + F_DI, dx1);
  v128.store(FST + F_DUI, dd);
  v128.store(FST + F_BI, f64x2.div(f64x2.add(f64x2.mul(f64x2.mul(f64x2.add(P, f64x2.mul(two, dd)), dx1), mP), f64x2.mul(f64x2.mul(P, P), m1)), dd));
  v128.store(FST + F_P, P);
  v128.store(FST + F_MP, mP);
  v128.store(FST + F_XR, x1);
  v128.store(FST + F_YR, y1);
}

/**
 * Elimination steps from .. to-1 of both envelopes as f64x2 lanes (the fwdStep operations, per
 * lane), resuming from and returning to the state block. A step where either lane pivots or meets
 * a zero pivot is done lane by lane. Returns 0 or the status (the lower envelope's + 0x10000000).
 */
function vecRun(from: i32, to: i32): i32 {
  const xi2 = XI2, ya = YA, yb = YB, m2 = M2, d2 = D2, b2 = B2, du2 = DU2, dl2 = DL2;
  let di = v128.load(FST + F_DI);
  let bi = v128.load(FST + F_BI);
  let dui = v128.load(FST + F_DUI);
  let P = v128.load(FST + F_P);
  let mP = v128.load(FST + F_MP);
  let xr = v128.load(FST + F_XR);
  let yr = v128.load(FST + F_YR);
  const two = f64x2.splat(2.0);
  const three = f64x2.splat(3.0);
  const zero = f64x2.splat(0.0);
  for (let i = from; i < to; i++) {
    const xn = xvAt(xi2, i + 2);
    const yn = yvAt(ya, yb, i + 2);
    const Q = f64x2.sub(xn, xr);
    const ok = v128.and(f64x2.ge(f64x2.abs(di), f64x2.abs(Q)), f64x2.ne(di, zero));
    if (!i64x2.all_true(ok)) {
      storeFwd(FST, di, bi, dui, P, mP, xr, yr);
      let st = fwdStep(0, i);
      if (st != 0) return st;
      st = fwdStep(1, i);
      if (st != 0) return 0x10000000 + st;
      di = v128.load(FST + F_DI);
      bi = v128.load(FST + F_BI);
      dui = v128.load(FST + F_DUI);
      P = v128.load(FST + F_P);
      mP = v128.load(FST + F_MP);
      xr = v128.load(FST + F_XR);
      yr = v128.load(FST + F_YR);
      continue;
    }
    const mQ = f64x2.div(f64x2.sub(yn, yr), Q);
    const fact = f64x2.div(Q, di);
    eliminated(m2, d2, b2, du2, dl2, i, mQ, di, bi, dui, zero);
    const dn = nextPivot(two, P, Q, fact, dui);
    const bn = nextRhs(three, P, Q, mP, mQ, fact, bi);
    di = dn;
    bi = bn;
    dui = P;
    P = Q;
    mP = mQ;
    xr = xn;
    yr = yn;
  }
  storeFwd(FST, di, bi, dui, P, mP, xr, yr);
  return 0;
}

/** Elimination step i's finished row (pivot di, right-hand side bi, super-diagonal dui) and secant slope i + 1. */
@inline function eliminated(m2: usize, d2: usize, b2: usize, du2: usize, dl2: usize, i: i32, mQ: v128, di: v128, bi: v128, dui: v128, zero: v128): void {
  w2(m2, i + 1, mQ);
  w2(d2, i, di);
  w2(b2, i, bi);
  w2(du2, i, dui);
  w2(dl2, i, zero);
}

/** Row i + 1's pivot after eliminating row i (fact = Q / d_i): 2(P + Q) - fact*du_i. */
@inline function nextPivot(two: v128, P: v128, Q: v128, fact: v128, dui: v128): v128 {
  return f64x2.sub(f64x2.mul(two, f64x2.add(P, Q)), f64x2.mul(fact, dui));
}

/** Row i + 1's right-hand side after eliminating row i: 3(Q*m_i + P*m_{i+1}) - fact*b_i. */
@inline function nextRhs(three: v128, P: v128, Q: v128, mP: v128, mQ: v128, fact: v128, bi: v128): v128 {
  return f64x2.sub(f64x2.mul(three, f64x2.add(f64x2.mul(Q, mP), f64x2.mul(P, mQ))), f64x2.mul(fact, bi));
}

/** Steps below which a chain is not split (the speculative start's warm-up would not pay). */
let SPLIT_MIN: i32 = 512;
/** Steps the speculative second chain runs before the point where its state must match the first's. */
let SPLIT_WARM: i32 = 64;
/** Chains split, and splits whose second chain did not match (finished as one chain), since the instance started. */
export let splitCount: f64 = 0.0;
export let splitFallbacks: f64 = 0.0;

/**
 * Set when a solve's chains are split (for tests and tuning; the bits are the same either way):
 * at least `minSteps` steps (clamped so both chains outlast the warm-up), `warm` warm-up steps (>= 1).
 */
export function setSolveSplit(minSteps: i32, warm: i32): void {
  SPLIT_WARM = warm < 1 ? 1 : warm > 1 << 20 ? 1 << 20 : warm; // bounded so 2 * warm cannot overflow
  SPLIT_MIN = minSteps < 2 * SPLIT_WARM + 2 ? 2 * SPLIT_WARM + 2 : minSteps;
}

/**
 * vecRun(from, to) as two interleaved dependency chains, the same bits as one. Each step's pivot
 * and right-hand side depend on the step before through a division, so one chain is bound by the
 * divider's latency. The recurrence contracts (a difference in the carried pivot or right-hand side
 * shrinks by about Q/d ≈ 0.27 per step), so a second chain started SPLIT_WARM steps before the
 * midpoint from the undamped row converges onto the exact values: chain A runs [from, mid), chain B
 * [mid - SPLIT_WARM, to) in the same loop, and B's carried state at mid is compared, bit for bit,
 * with A's. Equal: every later step is the exact one (same inputs, same operations). Not equal, or
 * any step that needs the scalar path (a pivot): the rest runs as one chain from A's exact state.
 * B's early writes (steps mid - SPLIT_WARM .. mid - 1) are overwritten by A's later ones.
 */
function vecRunSplit(from: i32, to: i32): i32 {
  const xi2 = XI2, ya = YA, yb = YB, m2 = M2, d2 = D2, b2 = B2, du2 = DU2, dl2 = DL2;
  const fstA = FST, fstB = FST + F_CHAIN_B;
  const mid = (from + to + SPLIT_WARM) >> 1;
  const s = mid - SPLIT_WARM;
  // Chain A: the exact state at `from`.
  let di = v128.load(fstA + F_DI);
  let bi = v128.load(fstA + F_BI);
  let dui = v128.load(fstA + F_DUI);
  let P = v128.load(fstA + F_P);
  let mP = v128.load(fstA + F_MP);
  let xr = v128.load(fstA + F_XR);
  let yr = v128.load(fstA + F_YR);
  const two = f64x2.splat(2.0);
  const three = f64x2.splat(3.0);
  const zero = f64x2.splat(0.0);
  // Chain B at step s: the knot-derived fields exactly (chain A's operations for them), the
  // carried pivot and right-hand side as row s before elimination.
  const xs = xvAt(xi2, s), xs1 = xvAt(xi2, s + 1);
  const ys = yvAt(ya, yb, s), ys1 = yvAt(ya, yb, s + 1);
  let Pb = f64x2.sub(xs1, xs);
  let duib = f64x2.sub(xs, xvAt(xi2, s - 1));
  let mPb = f64x2.div(f64x2.sub(ys1, ys), Pb);
  const mPrev = f64x2.div(f64x2.sub(ys, yvAt(ya, yb, s - 1)), duib);
  let dib = f64x2.mul(two, f64x2.add(duib, Pb));
  let bib = f64x2.mul(three, f64x2.add(f64x2.mul(Pb, mPrev), f64x2.mul(duib, mPb)));
  let xrb = xs1;
  let yrb = ys1;
  let dAtMid = zero, bAtMid = zero, uAtMid = zero;
  const lenA = mid - from;
  let k = 0;
  let ok = true;
  for (; k < lenA; k++) {
    if (k == SPLIT_WARM) {
      dAtMid = dib;
      bAtMid = bib;
      uAtMid = duib;
    }
    const i = from + k;
    const ib = s + k;
    const xn = xvAt(xi2, i + 2);
    const yn = yvAt(ya, yb, i + 2);
    const xnb = xvAt(xi2, ib + 2);
    const ynb = yvAt(ya, yb, ib + 2);
    const Q = f64x2.sub(xn, xr);
    const Qb = f64x2.sub(xnb, xrb);
    const okA = v128.and(f64x2.ge(f64x2.abs(di), f64x2.abs(Q)), f64x2.ne(di, zero));
    const okB = v128.and(f64x2.ge(f64x2.abs(dib), f64x2.abs(Qb)), f64x2.ne(dib, zero));
    if (!i64x2.all_true(v128.and(okA, okB))) {
      // A pivoting (or zero-pivot) step in either chain: this step of both, lane by lane (fwdStep).
      // Chain B first: a zero pivot there (its guessed start) ends the speculation before A moves.
      storeFwd(fstB, dib, bib, duib, Pb, mPb, xrb, yrb);
      FST = fstB;
      const stB = fwdStep(0, ib) | fwdStep(1, ib);
      FST = fstA;
      if (stB != 0) {
        ok = false;
        break;
      }
      storeFwd(fstA, di, bi, dui, P, mP, xr, yr);
      let st = fwdStep(0, i);
      if (st != 0) return st;
      st = fwdStep(1, i);
      if (st != 0) return 0x10000000 + st;
      di = v128.load(fstA + F_DI); bi = v128.load(fstA + F_BI); dui = v128.load(fstA + F_DUI);
      P = v128.load(fstA + F_P); mP = v128.load(fstA + F_MP); xr = v128.load(fstA + F_XR); yr = v128.load(fstA + F_YR);
      dib = v128.load(fstB + F_DI); bib = v128.load(fstB + F_BI); duib = v128.load(fstB + F_DUI);
      Pb = v128.load(fstB + F_P); mPb = v128.load(fstB + F_MP); xrb = v128.load(fstB + F_XR); yrb = v128.load(fstB + F_YR);
      continue;
    }
    const mQ = f64x2.div(f64x2.sub(yn, yr), Q);
    const mQb = f64x2.div(f64x2.sub(ynb, yrb), Qb);
    const fact = f64x2.div(Q, di);
    const factb = f64x2.div(Qb, dib);
    eliminated(m2, d2, b2, du2, dl2, ib, mQb, dib, bib, duib, zero);
    eliminated(m2, d2, b2, du2, dl2, i, mQ, di, bi, dui, zero);
    const dn = nextPivot(two, P, Q, fact, dui);
    const bn = nextRhs(three, P, Q, mP, mQ, fact, bi);
    const dnb = nextPivot(two, Pb, Qb, factb, duib);
    const bnb = nextRhs(three, Pb, Qb, mPb, mQb, factb, bib);
    di = dn;
    bi = bn;
    dui = P;
    P = Q;
    mP = mQ;
    xr = xn;
    yr = yn;
    dib = dnb;
    bib = bnb;
    duib = Pb;
    Pb = Qb;
    mPb = mQb;
    xrb = xnb;
    yrb = ynb;
  }
  // Chain A's exact state at from + k.
  storeFwd(fstA, di, bi, dui, P, mP, xr, yr);
  const same = v128.and(v128.and(i64x2.eq(dAtMid, di), i64x2.eq(bAtMid, bi)), i64x2.eq(uAtMid, dui));
  splitCount += 1.0;
  if (!ok || !i64x2.all_true(same)) {
    splitFallbacks += 1.0;
    return vecRun(from + k, to);
  }
  // B's carried state matched A's at mid, so its state at s + k is the exact one: finish from it.
  storeFwd(fstA, dib, bib, duib, Pb, mPb, xrb, yrb);
  return vecRun(s + k, to);
}

@inline function storeFwd(st: usize, di: v128, bi: v128, dui: v128, P: v128, mP: v128, xr: v128, yr: v128): void {
  v128.store(st + F_DI, di);
  v128.store(st + F_BI, bi);
  v128.store(st + F_DUI, dui);
  v128.store(st + F_P, P);
  v128.store(st + F_MP, mP);
  v128.store(st + F_XR, xr);
  v128.store(st + F_YR, yr);
}

/**
 * The splines of the envelopes with more than 3 knots (ka, kb knots; an envelope with <= 3 is
 * skipped): slopes and coefficients into the bound result arrays. Returns 0, or the dgtsv status
 * (the lower envelope's + 0x10000000).
 */
export function splineSolve(ka: i32, kb: i32): i32 {
  let st = 0;
  if (ka > 3 && kb > 3) {
    vecInit();
    const common = imin(ka, kb) - 2;
    st = common >= SPLIT_MIN ? vecRunSplit(0, common) : vecRun(0, common);
    if (st != 0) return st;
    st = fwdFinish(0, ka, common);
    if (st != 0) return st;
    st = fwdFinish(1, kb, common);
    if (st != 0) return 0x10000000 + st;
  } else if (ka > 3) {
    fwdSetup(0);
    st = fwdFinish(0, ka, 0);
    if (st != 0) return st;
  } else if (kb > 3) {
    fwdSetup(1);
    st = fwdFinish(1, kb, 0);
    if (st != 0) return 0x10000000 + st;
  }
  if (ka > 3) backStart(0, ka);
  if (kb > 3) backStart(1, kb);
  // Rows K-3 .. 0 of each: paired while both have rows, then the longer one alone.
  const cA = ka > 3 ? ka - 2 : 0;
  const cB = kb > 3 ? kb - 2 : 0;
  const both = imin(cA, cB);
  if (both > 0) backPairSplit(both);
  if (cA > both) backOne(0, cA - both);
  if (cB > both) backOne(1, cB - both);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Back substitution (dgtsv's, per envelope) with each finished segment's coefficients

/** The last two rows of envelope e's back substitution and the last segment's coefficients. */
function backStart(e: i32, K: i32): void {
  const s1 = l2(B2, K - 1, e) / l2(D2, K - 1, e);
  std(e == 0 ? SA : SB, K - 1, s1);
  const s0 = (l2(B2, K - 2, e) - l2(DU2, K - 2, e) * s1) / l2(D2, K - 2, e);
  std(e == 0 ? SA : SB, K - 2, s0);
  hermite(e, K - 2, s0, s1);
  store<f64>(FST + B_S0 + (<usize>e << 3), s0);
  store<f64>(FST + B_S1 + (<usize>e << 3), s1);
  store<i32>(FST + (e == 0 ? B_JA : B_JB), K - 3);
}

/**
 * `count` rows of both envelopes as f64x2 lanes (row jA of the upper system, row jB of the lower;
 * the scalar operations per lane), each with its segment's coefficients.
 */
function backPair(count: i32): void {
  const xi2 = XI2, m2 = M2, d2 = D2, b2 = B2, du2 = DU2, dl2 = DL2;
  const sa = SA, sb = SB, c0a = C0A, c0b = C0B, c1a = C1A, c1b = C1B;
  let s0v = v128.load(FST + B_S0);
  let s1v = v128.load(FST + B_S1);
  let jA = load<i32>(FST + B_JA);
  let jB = load<i32>(FST + B_JB);
  const two = f64x2.splat(2.0);
  for (let k = 0; k < count; k++) {
    const sj = backRow(b2, du2, dl2, d2, jA, jB, s0v, s1v);
    segmentOut(xi2, m2, sa, sb, c0a, c0b, c1a, c1b, jA, jB, sj, s0v, two);
    s1v = s0v;
    s0v = sj;
    jA--;
    jB--;
  }
  v128.store(FST + B_S0, s0v);
  v128.store(FST + B_S1, s1v);
  store<i32>(FST + B_JA, jA);
  store<i32>(FST + B_JB, jB);
}

/**
 * backPair(count) as two interleaved dependency chains, the same bits as one (the idea of
 * vecRunSplit): each row's slope needs the next row's through a division, and an error in a carried
 * slope shrinks by about du/d per row, so chain B, started SPLIT_WARM rows above the midpoint from
 * zero slopes, converges onto the exact ones. Chain A runs rows [0, mid), chain B [mid - SPLIT_WARM,
 * count) of this call in one loop; B's two carried slopes at mid must equal A's bit for bit, else
 * the rest runs as one chain from A's exact state. A writes B's early rows again, later.
 */
function backPairSplit(count: i32): void {
  if (count < SPLIT_MIN) {
    backPair(count);
    return;
  }
  const xi2 = XI2, m2 = M2, d2 = D2, b2 = B2, du2 = DU2, dl2 = DL2;
  const sa = SA, sb = SB, c0a = C0A, c0b = C0B, c1a = C1A, c1b = C1B;
  const mid = (count + SPLIT_WARM) >> 1;
  let s0v = v128.load(FST + B_S0);
  let s1v = v128.load(FST + B_S1);
  let jA = load<i32>(FST + B_JA);
  let jB = load<i32>(FST + B_JB);
  const start = mid - SPLIT_WARM;
  let s0b = f64x2.splat(0.0);
  let s1b = s0b;
  let jAb = jA - start;
  let jBb = jB - start;
  let s0AtMid = s0b, s1AtMid = s1b;
  const two = f64x2.splat(2.0);
  for (let k = 0; k < mid; k++) {
    if (k == SPLIT_WARM) {
      s0AtMid = s0b;
      s1AtMid = s1b;
    }
    const sj = backRow(b2, du2, dl2, d2, jA, jB, s0v, s1v);
    const sjb = backRow(b2, du2, dl2, d2, jAb, jBb, s0b, s1b);
    segmentOut(xi2, m2, sa, sb, c0a, c0b, c1a, c1b, jAb, jBb, sjb, s0b, two);
    segmentOut(xi2, m2, sa, sb, c0a, c0b, c1a, c1b, jA, jB, sj, s0v, two);
    s1v = s0v;
    s0v = sj;
    jA--;
    jB--;
    s1b = s0b;
    s0b = sjb;
    jAb--;
    jBb--;
  }
  const same = v128.and(i64x2.eq(s0AtMid, s0v), i64x2.eq(s1AtMid, s1v));
  const exact = i64x2.all_true(same);
  splitCount += 1.0;
  if (!exact) splitFallbacks += 1.0;
  v128.store(FST + B_S0, exact ? s0b : s0v);
  v128.store(FST + B_S1, exact ? s1b : s1v);
  store<i32>(FST + B_JA, exact ? jAb : jA);
  store<i32>(FST + B_JB, exact ? jBb : jB);
  backPair(exact ? count - start - mid : count - mid);
}

/** dgtsv's back substitution of row jA (lane 0) / jB (lane 1): ((b - du*s0) - dl*s1) / d with the next two slopes. */
@inline function backRow(b2: usize, du2: usize, dl2: usize, d2: usize, jA: i32, jB: i32, s0: v128, s1: v128): v128 {
  return f64x2.div(f64x2.sub(f64x2.sub(g2(b2, jA, jB), f64x2.mul(g2(du2, jA, jB), s0)), f64x2.mul(g2(dl2, jA, jB), s1)), g2(d2, jA, jB));
}

/** Store row jA (lane 0) / jB (lane 1)'s slope sj and its segment's coefficients (next slope s0). */
@inline function segmentOut(xi2: usize, m2: usize, sa: usize, sb: usize, c0a: usize, c0b: usize, c1a: usize, c1b: usize,
  jA: i32, jB: i32, sj: v128, s0: v128, two: v128): void {
  v128.store64_lane(sa + (<usize>jA << 3), sj, 0);
  v128.store64_lane(sb + (<usize>jB << 3), sj, 1);
  const h = h2(xi2, jA, jB);
  const mj = g2(m2, jA, jB);
  const t = f64x2.div(f64x2.sub(f64x2.add(sj, s0), f64x2.mul(two, mj)), h);
  const c0 = f64x2.div(t, h);
  const c1 = f64x2.sub(f64x2.div(f64x2.sub(mj, sj), h), t);
  v128.store64_lane(c0a + (<usize>jA << 3), c0, 0);
  v128.store64_lane(c0b + (<usize>jB << 3), c0, 1);
  v128.store64_lane(c1a + (<usize>jA << 3), c1, 0);
  v128.store64_lane(c1b + (<usize>jB << 3), c1, 1);
}

/** `count` rows of envelope e alone. */
function backOne(e: i32, count: i32): void {
  const S = e == 0 ? SA : SB;
  const so = FST + (<usize>e << 3);
  const jo = FST + (e == 0 ? B_JA : B_JB);
  let s0 = load<f64>(so + B_S0);
  let s1 = load<f64>(so + B_S1);
  let j = load<i32>(jo);
  for (let k = 0; k < count; k++) {
    const s = (l2(B2, j, e) - l2(DU2, j, e) * s0 - l2(DL2, j, e) * s1) / l2(D2, j, e);
    std(S, j, s);
    hermite(e, j, s, s0);
    s1 = s0;
    s0 = s;
    j--;
  }
  store<f64>(so + B_S0, s0);
  store<f64>(so + B_S1, s1);
  store<i32>(jo, j);
}

// ---------------------------------------------------------------------------------------------
// Envelopes of <= 3 knots (whole-array evaluation; rare, near the trend)

/**
 * PyEMD's cubic_spline_3pts through 3 knots (positions at XI as i32, 8 bytes apart), evaluated at 0..n-1: slopes k
 * from the 3x3 system M k = v (natural end conditions), solved here by Gaussian elimination with
 * partial pivoting (numpy inverts M with LAPACK; the results can differ in the last bit), then per
 * segment q = (1-t) y_a + t y_b + t (1-t) (a (1-t) + b t) with t = (x - x_a) / (x_b - x_a).
 * Points left of x1 use the first segment, the others the second.
 */
export function spline3Eval(XI: usize, Y: usize, n: i32, out: usize): void {
  const x0 = <f64>load<i32>(XI), x1 = <f64>load<i32>(XI, 8), x2 = <f64>load<i32>(XI, 16);
  const y0 = ldd(Y, 0), y1 = ldd(Y, 1), y2 = ldd(Y, 2);
  const x1x0 = x1 - x0, x2x1 = x2 - x1;
  const y1y0 = y1 - y0, y2y1 = y2 - y1;
  const i10 = 1.0 / x1x0, i21 = 1.0 / x2x1;
  // M = [[2 i10, i10, 0], [i10, 2 (i10 + i21), i21], [0, i21, 2 i21]], v as PyEMD builds it.
  let a00 = 2.0 * i10, a01 = i10, a02 = 0.0;
  let a10 = i10, a11 = 2.0 * (i10 + i21), a12 = i21;
  let a20 = 0.0, a21 = i21, a22 = 2.0 * i21;
  const v1 = 3.0 * y1y0 * i10 * i10;
  const v3 = 3.0 * y2y1 * i21 * i21;
  let r0 = v1, r1 = v1 + v3, r2 = v3;
  // Column 0 pivot among rows 0, 1 (row 2 has a zero there).
  if (Math.abs(a10) > Math.abs(a00)) {
    let t = a00; a00 = a10; a10 = t;
    t = a01; a01 = a11; a11 = t;
    t = a02; a02 = a12; a12 = t;
    t = r0; r0 = r1; r1 = t;
  }
  let f = a10 / a00;
  a11 -= f * a01;
  a12 -= f * a02;
  r1 -= f * r0;
  f = a20 / a00;
  a21 -= f * a01;
  a22 -= f * a02;
  r2 -= f * r0;
  if (Math.abs(a21) > Math.abs(a11)) {
    let t = a11; a11 = a21; a21 = t;
    t = a12; a12 = a22; a22 = t;
    t = r1; r1 = r2; r2 = t;
  }
  f = a21 / a11;
  a22 -= f * a12;
  r2 -= f * r1;
  const k2 = r2 / a22;
  const k1 = (r1 - a12 * k2) / a11;
  const k0 = (r0 - a01 * k1 - a02 * k2) / a00;
  const a1 = k0 * x1x0 - y1y0;
  const b1 = -k1 * x1x0 + y1y0;
  const a2 = k1 * x2x1 - y2y1;
  const b2 = -k2 * x2x1 + y2y1;
  for (let i = 0; i < n; i++) {
    const x = <f64>i;
    let q: f64;
    if (x < x1) {
      const t1 = (x - x0) / x1x0;
      const t11 = 1.0 - t1;
      q = t11 * y0 + t1 * y1 + t1 * t11 * (a1 * t11 + b1 * t1);
    } else {
      const t2 = (x - x1) / x2x1;
      const t22 = 1.0 - t2;
      q = t22 * y1 + t2 * y2 + t2 * t22 * (a2 * t22 + b2 * t2);
    }
    std(out, i, q);
  }
}

/** Fewer than 3 knots (PyEMD fails there): a line through 2 knots, or the single knot's value (positions as in spline3Eval). */
export function splineFewEval(K: i32, XI: usize, Y: usize, n: i32, out: usize): void {
  if (K == 1) {
    const y = ldd(Y, 0);
    for (let i = 0; i < n; i++) std(out, i, y);
    return;
  }
  const x0 = <f64>load<i32>(XI), y0 = ldd(Y, 0);
  const slope = (ldd(Y, 1) - y0) / (<f64>load<i32>(XI, 8) - x0);
  for (let i = 0; i < n; i++) std(out, i, y0 + slope * (<f64>i - x0));
}
