// Complex FFT of any length, in place on interleaved f64 (re, im) pairs, with no allocation: the
// plan (factors, twiddles, work buffers) lives in caller scratch of `fft_scratch_bytes(n)` bytes.
//
//  * n whose prime factors are all ≤ 61: mixed-radix Stockham autosort (no bit reversal), radix 4,
//    2, 3, 5 butterflies and a direct DFT for primes 7..61. One complex number is one v128, so
//    every butterfly and twiddle product runs on f64x2 lanes.
//  * any other n: Bluestein's chirp-z over the smallest 5-smooth m ≥ 2n − 1 (itself Stockham).
//
// Forward: X_k = Σ x_j e^{−2πi jk/n}. Inverse: x_j = (1/n) Σ X_k e^{+2πi jk/n}, by conjugation.
// `fft_plan(n, scratch)` must run before `fft_forward`/`fft_inverse` on that scratch; they check the
// plan's header (magic and n) and return FFT_STATUS_NO_PLAN otherwise. Anything else that writes
// into the scratch invalidates the plan without changing the header: re-plan when in doubt.
//
// Scratch layout of a direct (Stockham) plan of length L at `base`:
//   0 magic u32 | 4 L | 8 mode 0 | 12 stages | 16 work offset | 64 + 8s: (radix, twiddle offset)
//   1024..2047: the generic radix's input vector (≤ 61 complex)
//   2048..: twiddles, 32 B each stored as (wr, wr, −wi, wi) so a product is 2 mul + 1 add + 1
//   shuffle; stage s holds Ns·(R−1) of them (+ R roots of unity for a generic radix); then the
//   ping-pong work buffer, 16·L bytes.
// A Bluestein plan: 2048 B header, chirp (32·n), FFT of the chirp filter (32·m), buffer (16·m),
// then a direct plan of length m.
import { STATUS_OK, STATUS_BAD_LENGTH } from '../abi';

/** The scratch holds no plan for this n (call fft_plan first). */
export const FFT_STATUS_NO_PLAN: i32 = 3;
/** Longest transform accepted (2^24 points; scratch stays within wasm32's 4 GiB). */
export const FFT_MAX_N: i32 = 1 << 24;
/** Largest prime run as a direct radix; a larger prime factor means Bluestein. */
export const FFT_MAX_DIRECT_RADIX: i32 = 61;

const MAGIC: u32 = 0x31544646; // "FFT1"
const H_MAGIC: usize = 0;
const H_N: usize = 4;
const H_MODE: usize = 8;
const H_STAGES: usize = 12; // direct: stage count | Bluestein: m
const H_WORK: usize = 16; // direct: work buffer | Bluestein: chirp
const H_BHAT: usize = 20;
const H_BUF: usize = 24;
const H_INNER: usize = 28;
const H_STAGE_TABLE: usize = 64;
const H_GENERIC: usize = 1024;
const HEADER_BYTES: usize = 2048;

const TWO_PI: f64 = 6.283185307179586;

// ---------------------------------------------------------------------------------------------
// complex helpers on v128 = (re, im)

@inline function swapRI(a: v128): v128 {
  return v128.shuffle<f64>(a, a, 1, 0);
}

/** a·w for a twiddle stored as (wr, wr), (−wi, wi) at `tw`. */
@inline function cmulT(a: v128, tw: usize): v128 {
  return f64x2.add(f64x2.mul(a, v128.load(tw)), f64x2.mul(swapRI(a), v128.load(tw, 16)));
}

/** −i·a = (im, −re). */
@inline function mulNegI(a: v128): v128 {
  return f64x2.mul(swapRI(a), f64x2(1.0, -1.0));
}

@inline function storeTwiddle(p: usize, angle: f64): void {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  v128.store(p, f64x2(c, c));
  v128.store(p, f64x2(-s, s), 16);
}

// ---------------------------------------------------------------------------------------------
// planning

/** Writes the radices of n into `table` (8 B per stage) and returns their count, or −1 when a prime factor exceeds FFT_MAX_DIRECT_RADIX. */
function factorize(n: i32, table: usize): i32 {
  let m = n;
  let s = 0;
  while (m % 4 == 0) {
    store<i32>(table + (<usize>s << 3), 4);
    s++;
    m /= 4;
  }
  if (m % 2 == 0) {
    store<i32>(table + (<usize>s << 3), 2);
    s++;
    m /= 2;
  }
  for (let p = 3; m > 1; p += 2) {
    if (p > FFT_MAX_DIRECT_RADIX) return -1;
    while (m % p == 0) {
      store<i32>(table + (<usize>s << 3), p);
      s++;
      m /= p;
    }
  }
  return s;
}

/** Twiddle entries (32 B each) of a direct plan of length n with the given radices. */
function twiddleEntries(n: i32): f64 {
  let m = n;
  let ns: f64 = 1;
  let total: f64 = 0;
  // Same order as factorize; only the products matter.
  while (m % 4 == 0) {
    total += ns * 3;
    ns *= 4;
    m /= 4;
  }
  if (m % 2 == 0) {
    total += ns;
    ns *= 2;
    m /= 2;
  }
  for (let p = 3; m > 1; p += 2) {
    while (m % p == 0) {
      total += ns * <f64>(p - 1);
      if (p > 5) total += <f64>p;
      ns *= <f64>p;
      m /= p;
    }
  }
  return total;
}

function isDirect(n: i32): bool {
  let m = n;
  while (m % 2 == 0) m >>= 1;
  for (let p = 3; m > 1; p += 2) {
    if (p > FFT_MAX_DIRECT_RADIX) return false;
    while (m % p == 0) m /= p;
  }
  return true;
}

@inline function align64(x: f64): f64 {
  return Math.ceil(x / 64.0) * 64.0;
}

function directBytes(n: i32): f64 {
  return <f64>HEADER_BYTES + align64(32.0 * twiddleEntries(n)) + align64(16.0 * <f64>n);
}

/** Smallest 2^a·3^b·5^c ≥ n. */
function smooth235(n: i32): i32 {
  let best: i64 = i64.MAX_VALUE;
  for (let a: i64 = 1; a < <i64>n * 2 + 2; a *= 2) {
    for (let b = a; b < <i64>n * 2 + 2; b *= 3) {
      let c = b;
      while (c < <i64>n) c *= 5;
      if (c < best) best = c;
    }
  }
  return <i32>best;
}

function bluesteinBytes(n: i32): f64 {
  const m = smooth235(2 * n - 1);
  return <f64>HEADER_BYTES + align64(32.0 * <f64>n) + align64(32.0 * <f64>m) + align64(16.0 * <f64>m) + directBytes(m);
}

/** Bytes of scratch a plan of length n needs, or −1 when n is out of range. */
export function fft_scratch_bytes(n: i32): f64 {
  if (n < 1 || n > FFT_MAX_N) return -1;
  return isDirect(n) ? directBytes(n) : bluesteinBytes(n);
}

function planDirect(n: i32, base: usize): void {
  const table = base + H_STAGE_TABLE;
  const stages = factorize(n, table);
  let tw = base + HEADER_BYTES;
  let ns = 1;
  for (let s = 0; s < stages; s++) {
    const R = load<i32>(table + (<usize>s << 3));
    store<u32>(table + (<usize>s << 3), <u32>(tw - base), 4);
    const span = <f64>ns * <f64>R;
    for (let k = 0; k < ns; k++) {
      for (let r = 1; r < R; r++) {
        storeTwiddle(tw, (-TWO_PI * <f64>(r * k)) / span);
        tw += 32;
      }
    }
    if (R > 5) {
      for (let q = 0; q < R; q++) {
        storeTwiddle(tw, (-TWO_PI * <f64>q) / <f64>R);
        tw += 32;
      }
    }
    ns *= R;
  }
  store<u32>(base + H_MAGIC, MAGIC);
  store<i32>(base + H_N, n);
  store<i32>(base + H_MODE, 0);
  store<i32>(base + H_STAGES, stages);
  store<u32>(base + H_WORK, <u32>(<f64>HEADER_BYTES + align64(32.0 * twiddleEntries(n))));
}

function planBluestein(n: i32, base: usize): void {
  const m = smooth235(2 * n - 1);
  const chirp = <usize>HEADER_BYTES;
  const bhat = chirp + <usize>align64(32.0 * <f64>n);
  const buf = bhat + <usize>align64(32.0 * <f64>m);
  const inner = buf + <usize>align64(16.0 * <f64>m);
  planDirect(m, base + inner);
  const twoN = <i64>n * 2;
  for (let k = 0; k < n; k++) {
    // e^{−πi k²/n} with k² reduced mod 2n exactly in integers.
    const kk = (<i64>k * <i64>k) % twoN;
    storeTwiddle(base + chirp + (<usize>k << 5), (-Math.PI * <f64>kk) / <f64>n);
  }
  // Filter b_k = conj(chirp_k) at k and m − k, zero elsewhere; keep its FFT (as twiddles).
  const b = base + buf;
  memory.fill(b, 0, <usize>m << 4);
  for (let k = 0; k < n; k++) {
    const p = base + chirp + (<usize>k << 5);
    const v = f64x2(f64x2.extract_lane(v128.load(p), 0), -f64x2.extract_lane(v128.load(p, 16), 1));
    v128.store(b + (<usize>k << 4), v);
    if (k > 0) v128.store(b + (<usize>(m - k) << 4), v);
  }
  runDirect(b, base + inner);
  for (let k = 0; k < m; k++) {
    const v = v128.load(b + (<usize>k << 4));
    const re = f64x2.extract_lane(v, 0);
    const im = f64x2.extract_lane(v, 1);
    const p = base + bhat + (<usize>k << 5);
    v128.store(p, f64x2(re, re));
    v128.store(p, f64x2(-im, im), 16);
  }
  store<u32>(base + H_MAGIC, MAGIC);
  store<i32>(base + H_N, n);
  store<i32>(base + H_MODE, 1);
  store<i32>(base + H_STAGES, m);
  store<u32>(base + H_WORK, <u32>chirp);
  store<u32>(base + H_BHAT, <u32>bhat);
  store<u32>(base + H_BUF, <u32>buf);
  store<u32>(base + H_INNER, <u32>inner);
}

/** Build the plan for length n in `scratch` (fft_scratch_bytes(n) bytes). */
export function fft_plan(n: i32, scratch: usize): i32 {
  if (n < 1 || n > FFT_MAX_N) return STATUS_BAD_LENGTH;
  if (isDirect(n)) planDirect(n, scratch);
  else planBluestein(n, scratch);
  return STATUS_OK;
}

// ---------------------------------------------------------------------------------------------
// execution

function stage2(x: usize, y: usize, n: i32, ns: i32, tw: usize): void {
  const stride = <usize>(n >> 1) << 4;
  const groups = (n >> 1) / ns;
  let j: usize = 0;
  for (let q = 0; q < groups; q++) {
    let out = y + (<usize>(q * ns * 2) << 4);
    let t = tw;
    for (let k = 0; k < ns; k++) {
      const p = x + j;
      const v0 = v128.load(p);
      const v1 = cmulT(v128.load(p + stride), t);
      v128.store(out, f64x2.add(v0, v1));
      v128.store(out + (<usize>ns << 4), f64x2.sub(v0, v1));
      out += 16;
      t += 32;
      j += 16;
    }
  }
}

function stage4(x: usize, y: usize, n: i32, ns: i32, tw: usize): void {
  const stride = <usize>(n >> 2) << 4;
  const groups = (n >> 2) / ns;
  const os = <usize>ns << 4;
  let j: usize = 0;
  for (let q = 0; q < groups; q++) {
    let out = y + (<usize>(q * ns * 4) << 4);
    let t = tw;
    for (let k = 0; k < ns; k++) {
      const p = x + j;
      const v0 = v128.load(p);
      const v1 = cmulT(v128.load(p + stride), t);
      const v2 = cmulT(v128.load(p + 2 * stride), t + 32);
      const v3 = cmulT(v128.load(p + 3 * stride), t + 64);
      const a = f64x2.add(v0, v2);
      const b = f64x2.sub(v0, v2);
      const c = f64x2.add(v1, v3);
      const d = mulNegI(f64x2.sub(v1, v3));
      v128.store(out, f64x2.add(a, c));
      v128.store(out + os, f64x2.add(b, d));
      v128.store(out + 2 * os, f64x2.sub(a, c));
      v128.store(out + 3 * os, f64x2.sub(b, d));
      out += 16;
      t += 96;
      j += 16;
    }
  }
}

function stage3(x: usize, y: usize, n: i32, ns: i32, tw: usize): void {
  const stride = <usize>(n / 3) << 4;
  const groups = n / 3 / ns;
  const os = <usize>ns << 4;
  const half = f64x2.splat(0.5);
  const s = f64x2.splat(0.8660254037844386); // sin(2π/3)
  let j: usize = 0;
  for (let q = 0; q < groups; q++) {
    let out = y + (<usize>(q * ns * 3) << 4);
    let t = tw;
    for (let k = 0; k < ns; k++) {
      const p = x + j;
      const v0 = v128.load(p);
      const v1 = cmulT(v128.load(p + stride), t);
      const v2 = cmulT(v128.load(p + 2 * stride), t + 32);
      const t1 = f64x2.add(v1, v2);
      const t2 = f64x2.sub(v0, f64x2.mul(half, t1));
      const t3 = f64x2.mul(s, mulNegI(f64x2.sub(v1, v2)));
      v128.store(out, f64x2.add(v0, t1));
      v128.store(out + os, f64x2.add(t2, t3));
      v128.store(out + 2 * os, f64x2.sub(t2, t3));
      out += 16;
      t += 64;
      j += 16;
    }
  }
}

function stage5(x: usize, y: usize, n: i32, ns: i32, tw: usize): void {
  const stride = <usize>(n / 5) << 4;
  const groups = n / 5 / ns;
  const os = <usize>ns << 4;
  const c1 = f64x2.splat(0.30901699437494745); // cos(2π/5)
  const c2 = f64x2.splat(-0.8090169943749473); // cos(4π/5)
  const s1 = f64x2.splat(0.9510565162951535); // sin(2π/5)
  const s2 = f64x2.splat(0.5877852522924732); // sin(4π/5)
  let j: usize = 0;
  for (let q = 0; q < groups; q++) {
    let out = y + (<usize>(q * ns * 5) << 4);
    let t = tw;
    for (let k = 0; k < ns; k++) {
      const p = x + j;
      const v0 = v128.load(p);
      const v1 = cmulT(v128.load(p + stride), t);
      const v2 = cmulT(v128.load(p + 2 * stride), t + 32);
      const v3 = cmulT(v128.load(p + 3 * stride), t + 64);
      const v4 = cmulT(v128.load(p + 4 * stride), t + 96);
      const a1 = f64x2.add(v1, v4);
      const a2 = f64x2.add(v2, v3);
      const b1 = f64x2.sub(v1, v4);
      const b2 = f64x2.sub(v2, v3);
      const t1 = f64x2.add(v0, f64x2.add(f64x2.mul(c1, a1), f64x2.mul(c2, a2)));
      const t2 = f64x2.add(v0, f64x2.add(f64x2.mul(c2, a1), f64x2.mul(c1, a2)));
      const u1 = mulNegI(f64x2.add(f64x2.mul(s1, b1), f64x2.mul(s2, b2)));
      const u2 = mulNegI(f64x2.sub(f64x2.mul(s2, b1), f64x2.mul(s1, b2)));
      v128.store(out, f64x2.add(v0, f64x2.add(a1, a2)));
      v128.store(out + os, f64x2.add(t1, u1));
      v128.store(out + 4 * os, f64x2.sub(t1, u1));
      v128.store(out + 2 * os, f64x2.add(t2, u2));
      v128.store(out + 3 * os, f64x2.sub(t2, u2));
      out += 16;
      t += 128;
      j += 16;
    }
  }
}

/** Direct DFT of a prime radix R (7..61) per butterfly; roots of unity follow the twiddles. */
function stageGeneric(x: usize, y: usize, n: i32, ns: i32, R: i32, tw: usize, vec: usize): void {
  const stride = <usize>(n / R) << 4;
  const groups = n / R / ns;
  const os = <usize>ns << 4;
  const roots = tw + (<usize>(ns * (R - 1)) << 5);
  let j: usize = 0;
  for (let q = 0; q < groups; q++) {
    let out = y + (<usize>(q * ns * R) << 4);
    let t = tw;
    for (let k = 0; k < ns; k++) {
      const p = x + j;
      v128.store(vec, v128.load(p));
      for (let r = 1; r < R; r++) {
        v128.store(vec + (<usize>r << 4), cmulT(v128.load(p + <usize>r * stride), t));
        t += 32;
      }
      for (let f = 0; f < R; f++) {
        let acc = v128.load(vec);
        let idx = f;
        for (let r = 1; r < R; r++) {
          acc = f64x2.add(acc, cmulT(v128.load(vec + (<usize>r << 4)), roots + (<usize>idx << 5)));
          idx += f;
          if (idx >= R) idx -= R;
        }
        v128.store(out + <usize>f * os, acc);
      }
      out += 16;
      j += 16;
    }
  }
}

/** Forward transform with a direct plan at `base` (its length), in place at `data`. */
function runDirect(data: usize, base: usize): void {
  const n = load<i32>(base + H_N);
  const stages = load<i32>(base + H_STAGES);
  const work = base + <usize>load<u32>(base + H_WORK);
  const table = base + H_STAGE_TABLE;
  let x = data;
  let y = work;
  let ns = 1;
  for (let s = 0; s < stages; s++) {
    const R = load<i32>(table + (<usize>s << 3));
    const tw = base + <usize>load<u32>(table + (<usize>s << 3), 4);
    if (R == 4) stage4(x, y, n, ns, tw);
    else if (R == 2) stage2(x, y, n, ns, tw);
    else if (R == 3) stage3(x, y, n, ns, tw);
    else if (R == 5) stage5(x, y, n, ns, tw);
    else stageGeneric(x, y, n, ns, R, tw, base + H_GENERIC);
    const z = x;
    x = y;
    y = z;
    ns *= R;
  }
  if (x != data) memory.copy(data, x, <usize>n << 4);
}

function runBluestein(data: usize, base: usize): void {
  const n = load<i32>(base + H_N);
  const m = load<i32>(base + H_STAGES);
  const chirp = base + <usize>load<u32>(base + H_WORK);
  const bhat = base + <usize>load<u32>(base + H_BHAT);
  const buf = base + <usize>load<u32>(base + H_BUF);
  const inner = base + <usize>load<u32>(base + H_INNER);
  for (let k = 0; k < n; k++) {
    v128.store(buf + (<usize>k << 4), cmulT(v128.load(data + (<usize>k << 4)), chirp + (<usize>k << 5)));
  }
  memory.fill(buf + (<usize>n << 4), 0, <usize>(m - n) << 4);
  runDirect(buf, inner);
  // Convolution by the filter, then its inverse as conj(fft(conj(·)))/m.
  const conj = f64x2(1.0, -1.0);
  for (let k = 0; k < m; k++) {
    const p = buf + (<usize>k << 4);
    v128.store(p, f64x2.mul(cmulT(v128.load(p), bhat + (<usize>k << 5)), conj));
  }
  runDirect(buf, inner);
  const s = f64x2(1.0 / <f64>m, -1.0 / <f64>m);
  for (let k = 0; k < n; k++) {
    const v = f64x2.mul(v128.load(buf + (<usize>k << 4)), s);
    v128.store(data + (<usize>k << 4), cmulT(v, chirp + (<usize>k << 5)));
  }
}

@inline function planFor(n: i32, scratch: usize): bool {
  return load<u32>(scratch + H_MAGIC) == MAGIC && load<i32>(scratch + H_N) == n;
}

function forward(data: usize, scratch: usize): void {
  if (load<i32>(scratch + H_MODE) == 0) runDirect(data, scratch);
  else runBluestein(data, scratch);
}

/** In-place forward FFT of n complex values at `data` (interleaved re, im). */
export function fft_forward(data: usize, n: i32, scratch: usize): i32 {
  if (n < 1 || n > FFT_MAX_N) return STATUS_BAD_LENGTH;
  if (!planFor(n, scratch)) return FFT_STATUS_NO_PLAN;
  forward(data, scratch);
  return STATUS_OK;
}

/** Multiply every complex value by (sr + i·si) lane-wise: (re·sr, im·si). */
export function fftScaleLanes(data: usize, n: i32, sr: f64, si: f64): void {
  const s = f64x2(sr, si);
  for (let k = 0; k < n; k++) {
    const p = data + (<usize>k << 4);
    v128.store(p, f64x2.mul(v128.load(p), s));
  }
}

/** In-place inverse FFT (scaled by 1/n), as conj(fft(conj(x)))/n. */
export function fft_inverse(data: usize, n: i32, scratch: usize): i32 {
  if (n < 1 || n > FFT_MAX_N) return STATUS_BAD_LENGTH;
  if (!planFor(n, scratch)) return FFT_STATUS_NO_PLAN;
  fftScaleLanes(data, n, 1.0, -1.0);
  forward(data, scratch);
  fftScaleLanes(data, n, 1.0 / <f64>n, -1.0 / <f64>n);
  return STATUS_OK;
}
