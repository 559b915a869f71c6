// The analytic signal by FFT (scipy.signal.hilbert: full length, no padding) and the instantaneous
// amplitude, phase and frequency derived from it, with no allocation.
//
//   z = ifft(fft(x)·h), h = [1, 2, …, 2, 1 (n even), 0, …]: h_0 = 1; h_k = 2 for 0 < k < n/2;
//   h_{n/2} = 1 when n is even; 0 above.
//   amplitude_i = |z_i| = sqrt(re² + im²)
//   phase       = numpy.unwrap(angle(z)) (discont π, period 2π; the first value is angle(z_0));
//                 angle by a two-lane atan2 (../util/atan2.ts), within 2 ulps of libm's
//   frequency_i = (phase_{i+1} − phase_i)/(2π) in cycles per sample for i < n − 1, and
//                 frequency_{n−1} = frequency_{n−2} (the last difference repeated, as the original
//                 pads its instantaneous period); NaN everywhere when n = 1.
//
// Scratch (hilbert_scratch_bytes(n)): a complex buffer of n values (16·n bytes, 64-aligned) then an
// FFT plan of length n, built by hilbert_plan. hilbert_* return FFT_STATUS_NO_PLAN without it.
import { STATUS_OK, STATUS_BAD_LENGTH } from '../abi';
import { fft_scratch_bytes, fft_plan, fft_forward, FFT_MAX_N } from './fft';
import { atan2x2 } from '../util/atan2';

const PI: f64 = 3.141592653589793;
const TWO_PI: f64 = 6.283185307179586;

@inline function bufferBytes(n: i32): usize {
  return ((<usize>n << 4) + 63) & ~<usize>63;
}

/** Bytes of scratch for the analytic signal of length n, or −1 when n is out of range. */
export function hilbert_scratch_bytes(n: i32): f64 {
  const f = fft_scratch_bytes(n);
  return f < 0 ? -1 : <f64>bufferBytes(n) + f;
}

/** Build the FFT plan for length n in the scratch. */
export function hilbert_plan(n: i32, scratch: usize): i32 {
  if (n < 1 || n > FFT_MAX_N) return STATUS_BAD_LENGTH;
  return fft_plan(n, scratch + bufferBytes(n));
}

/**
 * The analytic signal of the real x into the scratch buffer, left conjugated and unscaled:
 * the inverse FFT is conj(fft(conj(X·h)))/n, and its final conjugation and 1/n scaling are left to
 * the one pass that reads the result (lanes times (1/n, −1/n)). Returns a status.
 */
function analytic(x: usize, n: i32, scratch: usize): i32 {
  const buf = scratch;
  for (let i = 0; i < n; i++) {
    v128.store(buf + (<usize>i << 4), f64x2(load<f64>(x + (<usize>i << 3)), 0.0));
  }
  const plan = scratch + bufferBytes(n);
  const st = fft_forward(buf, n, plan);
  if (st != STATUS_OK) return st;
  // X·h, conjugated: positive frequencies doubled, negative ones zeroed, DC (and Nyquist for even
  // n) kept once.
  const conj = f64x2(1.0, -1.0);
  const twoConj = f64x2(2.0, -2.0);
  v128.store(buf, f64x2.mul(v128.load(buf), conj));
  const half = (n + 1) >> 1; // indices 1..half−1 are strictly positive frequencies
  for (let k = 1; k < half; k++) {
    const p = buf + (<usize>k << 4);
    v128.store(p, f64x2.mul(v128.load(p), twoConj));
  }
  if ((n & 1) == 0 && n >= 2) {
    const p = buf + (<usize>(n >> 1) << 4);
    v128.store(p, f64x2.mul(v128.load(p), conj));
  }
  const zeroFrom = (n >> 1) + 1;
  if (zeroFrom < n) memory.fill(buf + (<usize>zeroFrom << 4), 0, <usize>(n - zeroFrom) << 4);
  return fft_forward(buf, n, plan);
}

/** z = hilbert(x): real part into outRe, imaginary part into outIm (f64 arrays of n). */
export function hilbert_analytic(x: usize, n: i32, outRe: usize, outIm: usize, scratch: usize): i32 {
  if (n < 1 || n > FFT_MAX_N) return STATUS_BAD_LENGTH;
  const st = analytic(x, n, scratch);
  if (st != STATUS_OK) return st;
  const s = f64x2(1.0 / <f64>n, -1.0 / <f64>n);
  for (let i = 0; i < n; i++) {
    const v = f64x2.mul(v128.load(scratch + (<usize>i << 4)), s);
    store<f64>(outRe + (<usize>i << 3), f64x2.extract_lane(v, 0));
    store<f64>(outIm + (<usize>i << 3), f64x2.extract_lane(v, 1));
  }
  return STATUS_OK;
}

/** numpy.mod(a, 2π) for finite a: fmod, moved into [0, 2π). */
@inline function modTwoPi(a: f64): f64 {
  let m = a % TWO_PI;
  if (m != 0.0) {
    if (m < 0.0) m += TWO_PI;
  } else m = 0.0;
  return m;
}

/**
 * Amplitude, unwrapped phase and instantaneous frequency of x (f64 arrays of n; pass 0 for an
 * output that is not wanted).
 */
export function hilbert_features(x: usize, n: i32, amp: usize, phase: usize, freq: usize, scratch: usize): i32 {
  if (n < 1 || n > FFT_MAX_N) return STATUS_BAD_LENGTH;
  const st = analytic(x, n, scratch);
  if (st != STATUS_OK) return st;
  // Pass 1, two samples at a time: amplitude, and the wrapped angle written back compacted into
  // the first 8·n bytes of the buffer (sample i's angle lands at or below where its value was
  // read, after the read).
  const buf = scratch;
  const inv = f64x2.splat(1.0 / <f64>n);
  const negInv = f64x2.splat(-1.0 / <f64>n);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const c0 = v128.load(buf + (<usize>i << 4));
    const c1 = v128.load(buf + (<usize>i << 4), 16);
    const re = f64x2.mul(v128.shuffle<f64>(c0, c1, 0, 2), inv);
    const im = f64x2.mul(v128.shuffle<f64>(c0, c1, 1, 3), negInv);
    if (amp != 0) v128.store(amp + (<usize>i << 3), f64x2.sqrt(f64x2.add(f64x2.mul(re, re), f64x2.mul(im, im))));
    v128.store(buf + (<usize>i << 3), atan2x2(im, re));
  }
  if (i < n) {
    const re = load<f64>(buf + (<usize>i << 4)) * (1.0 / <f64>n);
    const im = load<f64>(buf + (<usize>i << 4), 8) * (-1.0 / <f64>n);
    if (amp != 0) store<f64>(amp + (<usize>i << 3), Math.sqrt(re * re + im * im));
    store<f64>(buf + (<usize>i << 3), Math.atan2(im, re));
  }
  // Pass 2: numpy.unwrap. dd = Δangle; ddmod = mod(dd + π, 2π) − π, with −π turned to π when
  // dd > 0; the correction ddmod − dd accumulates wherever |dd| ≥ π.
  let prevWrapped: f64 = 0;
  let prevUnwrapped: f64 = 0;
  let correction: f64 = 0;
  for (let k = 0; k < n; k++) {
    const w = load<f64>(buf + (<usize>k << 3));
    let u = w;
    if (k > 0) {
      const dd = w - prevWrapped;
      if (Math.abs(dd) >= PI) {
        let ddmod = modTwoPi(dd + PI) - PI;
        if (ddmod == -PI && dd > 0.0) ddmod = PI;
        correction += ddmod - dd;
      }
      u = w + correction;
      if (freq != 0) store<f64>(freq + (<usize>(k - 1) << 3), (u - prevUnwrapped) / TWO_PI);
    }
    if (phase != 0) store<f64>(phase + (<usize>k << 3), u);
    prevWrapped = w;
    prevUnwrapped = u;
  }
  if (freq != 0) {
    const last = n >= 2 ? load<f64>(freq + (<usize>(n - 2) << 3)) : NaN;
    store<f64>(freq + (<usize>(n - 1) << 3), last);
  }
  return STATUS_OK;
}

/** out_i = atan2(y_i, x_i) by the two-lane atan2 the phase uses (f64 arrays of n). */
export function hilbert_atan2(y: usize, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(out + o, atan2x2(v128.load(y + o), v128.load(x + o)));
  }
  if (i < n) store<f64>(out + (<usize>i << 3), Math.atan2(load<f64>(y + (<usize>i << 3)), load<f64>(x + (<usize>i << 3))));
}
