// numpy's legacy `RandomState` stream, bit for bit: MT19937 seeded by `init_genrand(seed)`,
// `random_sample` as 53-bit doubles from two 32-bit outputs, and the legacy polar (Marsaglia)
// Gaussian with its one-value cache. PyEMD's CEEMDAN draws its noise matrix from
// `RandomState(seed).normal(size=(trials, n))`, i.e. one row-major stream of these draws.
//
// No allocation: the generator state lives in caller memory (RNG_STATE_BYTES, 8-byte aligned):
//   bytes    0..2495  mt[624]   u32 key words
//   bytes 2496..2499  pos       i32 next word index (624 = regenerate before the next draw)
//   bytes 2500..2503  has_gauss i32 1 when a cached Gaussian is waiting
//   bytes 2504..2511  gauss     f64 the cached Gaussian
//   bytes 2512..3023  r² of the pairs of the batch being drawn (scratch during a fill)
//   bytes 3024..4095  reserved (zero)
//
// The Gaussian's log is glibc's x86-64 FMA `log` replayed exactly (./log_fma.ts): AssemblyScript's
// `Math.log` (musl, no FMA) would put a wrong last bit on ~4 of every 100,000 draws.
import { glibcLogFma, glibcLogFma2, logFmaMainPath } from './log_fma';

export const RNG_STATE_BYTES: i32 = 4096;

const MT_N: i32 = 624;
const MT_M: i32 = 397;
const MATRIX_A: u32 = 0x9908b0df;
const UPPER_MASK: u32 = 0x80000000;
const LOWER_MASK: u32 = 0x7fffffff;

const OFF_POS: usize = 2496;
const OFF_HAS_GAUSS: usize = 2500;
const OFF_GAUSS: usize = 2504;

/** `RandomState(seed)`: MT19937 init_genrand, position at the end (first draw regenerates). */
export function rng_seed(state: usize, seed: u32): void {
  let s = seed;
  for (let i = 0; i < MT_N; i++) {
    store<u32>(state + (<usize>i << 2), s);
    s = 1812433253 * (s ^ (s >> 30)) + <u32>(i + 1);
  }
  store<i32>(state + OFF_POS, MT_N);
  store<i32>(state + OFF_HAS_GAUSS, 0);
  store<f64>(state + OFF_GAUSS, 0.0);
  memory.fill(state + OFF_GAUSS + 8, 0, <usize>RNG_STATE_BYTES - (OFF_GAUSS + 8));
}

@inline function twistWord(cur: u32, next: u32, far: u32): u32 {
  const y = (cur & UPPER_MASK) | (next & LOWER_MASK);
  return far ^ (y >> 1) ^ (-(y & 1) & MATRIX_A);
}

@inline function twist4(cur: v128, next: v128, far: v128): v128 {
  const y = v128.or(v128.and(cur, i32x4.splat(<i32>UPPER_MASK)), v128.and(next, i32x4.splat(<i32>LOWER_MASK)));
  const odd = i32x4.sub(i32x4.splat(0), v128.and(y, i32x4.splat(1)));
  return v128.xor(v128.xor(far, i32x4.shr_u(y, 1)), v128.and(odd, i32x4.splat(<i32>MATRIX_A)));
}

/**
 * Regenerate all 624 words (mt19937_gen). Word k reads old words k+1 and k+397 (k < 227) or the
 * already updated word k-227, so 4 consecutive words can be twisted at once: every read of a block
 * happens before that block's store, exactly as in the scalar order.
 */
function regenerate(mt: usize): void {
  let k = 0;
  for (; k + 4 <= MT_N - MT_M; k += 4) {
    const p = mt + (<usize>k << 2);
    v128.store(p, twist4(v128.load(p), v128.load(p + 4), v128.load(p + (<usize>MT_M << 2))));
  }
  for (; k < MT_N - MT_M; k++) {
    const p = mt + (<usize>k << 2);
    store<u32>(p, twistWord(load<u32>(p), load<u32>(p + 4), load<u32>(p + (<usize>MT_M << 2))));
  }
  const back: usize = <usize>(MT_N - MT_M) << 2;
  for (; k + 4 <= MT_N - 1; k += 4) {
    const p = mt + (<usize>k << 2);
    v128.store(p, twist4(v128.load(p), v128.load(p + 4), v128.load(p - back)));
  }
  for (; k < MT_N - 1; k++) {
    const p = mt + (<usize>k << 2);
    store<u32>(p, twistWord(load<u32>(p), load<u32>(p + 4), load<u32>(p - back)));
  }
  const last = mt + (<usize>(MT_N - 1) << 2);
  store<u32>(last, twistWord(load<u32>(last), load<u32>(mt), load<u32>(mt + (<usize>(MT_M - 1) << 2))));
}

@inline function temper(y: u32): u32 {
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return y ^ (y >> 18);
}

// The word index of the block being drawn from, loaded from the caller's block at the start of a
// fill and stored back at its end. A wasm global is private to each instance (thread), so nothing
// is shared between workers and no state outlives a call outside the caller's block.
let pos: i32 = 0;

@inline function next32(mt: usize): u32 {
  if (pos >= MT_N) {
    regenerate(mt);
    pos = 0;
  }
  const y = load<u32>(mt + (<usize>pos << 2));
  pos++;
  return temper(y);
}

/** legacy_double: (a >> 5) * 2^26 + (b >> 6), over 2^53. */
@inline function nextDouble(mt: usize): f64 {
  const a = next32(mt) >> 5;
  const b = next32(mt) >> 6;
  return (<f64>a * 67108864.0 + <f64>b) / 9007199254740992.0;
}

/** `count` successive `random_sample()` draws into f64 `out` (the Gaussian cache is untouched). */
export function rng_fill_uniform(state: usize, out: usize, count: i32): void {
  pos = load<i32>(state + OFF_POS);
  for (let i = 0; i < count; i++) {
    store<f64>(out + (<usize>i << 3), nextDouble(state));
  }
  store<i32>(state + OFF_POS, pos);
}

/** Pairs drawn per batch; their r² values wait in the state block's reserved bytes. */
const BATCH: i32 = 64;
const OFF_R2: usize = 2512; // BATCH f64 (512 B), inside the reserved area

/** f = sqrt(−2·log(r²)/r²) for the polar pair, scalar. */
@inline function polarFactor(r2: f64): f64 {
  return Math.sqrt(-2.0 * glibcLogFma(r2) / r2);
}

/**
 * `count` successive `normal(0, 1)` draws (legacy_gauss; `0 + 1·g` is `g`). A pair is drawn by the
 * polar method; `f·x2` is returned first and `f·x1` cached for the next draw, across calls too.
 * Pairs are drawn in batches (same word order as one at a time): x2, x1 go straight to their
 * output slots, r² to the state block, then the logs run two lanes at a time (same IEEE results
 * per lane as the scalar code) and the slots are scaled by f.
 */
export function rng_fill_normal(state: usize, out: usize, count: i32): void {
  pos = load<i32>(state + OFF_POS);
  let hasGauss = load<i32>(state + OFF_HAS_GAUSS);
  let gauss = load<f64>(state + OFF_GAUSS);
  let i = 0;
  if (count > 0 && hasGauss != 0) {
    store<f64>(out, gauss);
    hasGauss = 0;
    gauss = 0.0;
    i = 1;
  }
  const r2s = state + OFF_R2;
  while (i < count) {
    let pairs = (count - i + 1) >> 1;
    if (pairs > BATCH) pairs = BATCH;
    const base = out + (<usize>i << 3);
    // The last pair of an odd tail has no slot for f·x1: it becomes the cached Gaussian.
    const lastHasSlot = i + 2 * pairs <= count;
    let spareX1: f64 = 0;
    for (let j = 0; j < pairs; j++) {
      let x1: f64, x2: f64, r2: f64;
      do {
        x1 = 2.0 * nextDouble(state) - 1.0;
        x2 = 2.0 * nextDouble(state) - 1.0;
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1.0 || r2 == 0.0);
      store<f64>(r2s + (<usize>j << 3), r2);
      store<f64>(base + (<usize>j << 4), x2);
      if (j < pairs - 1 || lastHasSlot) store<f64>(base + (<usize>j << 4), x1, 8);
      else spareX1 = x1;
    }
    const full = lastHasSlot ? pairs : pairs - 1; // pairs whose two slots are both in `out`
    let j = 0;
    for (; j + 2 <= full; j += 2) {
      const ra = load<f64>(r2s + (<usize>j << 3));
      const rb = load<f64>(r2s + (<usize>j << 3), 8);
      let fa: f64, fb: f64;
      if (logFmaMainPath(ra) && logFmaMainPath(rb)) {
        const r = f64x2(ra, rb);
        const f = f64x2.sqrt(f64x2.div(f64x2.mul(f64x2.splat(-2.0), glibcLogFma2(r)), r));
        fa = f64x2.extract_lane(f, 0);
        fb = f64x2.extract_lane(f, 1);
      } else {
        fa = polarFactor(ra);
        fb = polarFactor(rb);
      }
      const p = base + (<usize>j << 4);
      v128.store(p, f64x2.mul(v128.load(p), f64x2.splat(fa)));
      v128.store(p, f64x2.mul(v128.load(p, 16), f64x2.splat(fb)), 16);
    }
    for (; j < full; j++) {
      const p = base + (<usize>j << 4);
      v128.store(p, f64x2.mul(v128.load(p), f64x2.splat(polarFactor(load<f64>(r2s + (<usize>j << 3))))));
    }
    if (!lastHasSlot) {
      const p = base + (<usize>j << 4);
      const f = polarFactor(load<f64>(r2s + (<usize>j << 3)));
      store<f64>(p, f * load<f64>(p));
      gauss = f * spareX1;
      hasGauss = 1;
    }
    i += 2 * pairs;
  }
  store<i32>(state + OFF_POS, pos);
  store<i32>(state + OFF_HAS_GAUSS, hasGauss);
  store<f64>(state + OFF_GAUSS, gauss);
}

/** The log the Gaussian uses (glibc `__log_fma`), exported for tests against the TS reference. */
export function rng_log(x: f64): f64 {
  return glibcLogFma(x);
}
