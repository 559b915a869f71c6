/**
 * Hilbert transform and instantaneous attributes (assembly/emd/hilbert.ts) from TypeScript.
 *
 * Semantics (scipy.signal.hilbert + numpy): the analytic signal z = ifft(fft(x)·h) at full length
 * without padding; amplitude = |z|; phase = numpy.unwrap(angle(z)); frequency (cycles per sample)
 * = diff(phase)/(2π) with the last difference repeated so it has n values (NaN when n = 1).
 * Instantaneous period = 1/max(|frequency|, 1e-9/(2π)), i.e. the original's 2π/max(|Δφ|, 1e-9).
 *
 * Engine use: `planHilbert` once per (n, scratch), then `hilbertFeatures` per series; the scratch
 * (`hilbertScratchBytes(n)`) holds the FFT plan and a complex work buffer.
 */
import { CgqError } from '../errors.js';
import type { LocalKernels } from '../kernels/local.js';
import type { KernelRuntime } from '../kernels/runtime.js';
import { defaultLocal } from './default-local.js';
import { checkFftLength, checkFftStatus } from './fft.js';
import { selectInPlace } from '../stats/select.js';

export interface AnalyticSignal {
  amplitude: Float64Array;
  /** Unwrapped phase, radians. */
  phase: Float64Array;
  /** Instantaneous frequency, cycles per sample (length n; the last difference repeated). */
  frequency: Float64Array;
}

/** Offsets (f64 arrays of n) for `hilbertFeatures`; 0 skips an output. */
export interface HilbertOffsets {
  x: number;
  n: number;
  amplitude: number;
  phase: number;
  frequency: number;
  scratch: number;
}

/** Floor of |Δφ| in the original's instantaneous period 2π/max(|Δφ|, 1e-9), in cycles per sample. */
export const MIN_ABS_FREQUENCY = 1e-9 / (2 * Math.PI);

export function hilbertScratchBytes(runtime: KernelRuntime, n: number): number {
  checkFftLength('hilbert', n);
  return runtime.export<(n: number) => number>('hilbert_scratch_bytes')(n);
}

export function planHilbert(runtime: KernelRuntime, n: number, scratchOff: number): void {
  checkFftLength('hilbert', n);
  checkFftStatus('hilbert_plan', runtime.export<(n: number, s: number) => number>('hilbert_plan')(n, scratchOff), n);
}

/** Amplitude, unwrapped phase and instantaneous frequency of the series at `o.x` (needs planHilbert). */
export function hilbertFeatures(runtime: KernelRuntime, o: HilbertOffsets): void {
  const f = runtime.export<(x: number, n: number, a: number, p: number, fr: number, s: number) => number>('hilbert_features');
  checkFftStatus('hilbert_features', f(o.x, o.n, o.amplitude, o.phase, o.frequency, o.scratch), o.n);
}

/** The analytic signal's real and imaginary parts into f64 arrays at reOff / imOff (needs planHilbert). */
export function hilbertAnalyticInto(runtime: KernelRuntime, xOff: number, n: number, reOff: number, imOff: number, scratchOff: number): void {
  const f = runtime.export<(x: number, n: number, r: number, i: number, s: number) => number>('hilbert_analytic');
  checkFftStatus('hilbert_analytic', f(xOff, n, reOff, imOff, scratchOff), n);
}

/**
 * Largest |x| accepted: the FFT's sums (and Bluestein's convolution, for lengths with large prime
 * factors) grow values by up to ≈ n·m (m the convolution length, ≤ 2^25), so beyond ≈ 2^974 the
 * transform can overflow and the output turns NaN, as scipy's does; measured: n = 100,003 first
 * overflows at 2^989. 2^960 leaves a margin at every accepted length.
 */
const MAX_ABS_X = 2 ** 960;

function checkFinite(x: Float64Array): void {
  checkFftLength('hilbert', x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) throw new CgqError('INPUT_NONFINITE', `hilbert: x[${i}] is ${v}; the analytic signal needs finite input`);
    if (Math.abs(v) > MAX_ABS_X) throw new CgqError('INPUT_RANGE', `hilbert: x[${i}] is ${v}; beyond |x| = 2^960 the FFT can overflow float64 (scipy would return NaN); rescale the series`);
  }
}

function withArena<T>(local: LocalKernels, x: Float64Array, body: (xOff: number, scratch: number) => T): T {
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const scratch = arena.alloc(hilbertScratchBytes(local.runtime, x.length));
    const xOff = arena.putF64(x);
    planHilbert(local.runtime, x.length, scratch);
    return body(xOff, scratch);
  } finally {
    arena.release(mark);
  }
}

/** Amplitude, unwrapped phase and instantaneous frequency of x (finite, length ≥ 1). */
export function analyticSignal(x: Float64Array, local: LocalKernels = defaultLocal()): AnalyticSignal {
  checkFinite(x);
  const n = x.length;
  return withArena(local, x, (xOff, scratch) => {
    const out = local.arena.allocF64(3 * n);
    hilbertFeatures(local.runtime, { x: xOff, n, amplitude: out, phase: out + 8 * n, frequency: out + 16 * n, scratch });
    return {
      amplitude: local.arena.f64(out, n).slice(),
      phase: local.arena.f64(out + 8 * n, n).slice(),
      frequency: local.arena.f64(out + 16 * n, n).slice(),
    };
  });
}

/** scipy.signal.hilbert(x): the analytic signal's real part (≈ x) and imaginary part (the Hilbert transform). */
export function analyticComplex(x: Float64Array, local: LocalKernels = defaultLocal()): { re: Float64Array; im: Float64Array } {
  checkFinite(x);
  const n = x.length;
  return withArena(local, x, (xOff, scratch) => {
    const out = local.arena.allocF64(2 * n);
    hilbertAnalyticInto(local.runtime, xOff, n, out, out + 8 * n, scratch);
    return { re: local.arena.f64(out, n).slice(), im: local.arena.f64(out + 8 * n, n).slice() };
  });
}

/** Instantaneous period in samples: 1/max(|f|, MIN_ABS_FREQUENCY). */
export function instantaneousPeriod(frequency: Float64Array): Float64Array {
  return frequency.map((f) => 1 / Math.max(Math.abs(f), MIN_ABS_FREQUENCY));
}

/** Median of the finite values (NaN when there are none); O(n) expected (selection, no sort). */
export function finiteMedian(values: ArrayLike<number>, from = 0, to = values.length): number {
  const buf = new Float64Array(Math.max(0, to - from));
  let count = 0;
  for (let i = from; i < to; i++) if (Number.isFinite(values[i]!)) buf[count++] = values[i]!;
  if (count === 0) return NaN;
  const m = count >> 1;
  const hi = selectInPlace(buf.subarray(0, count), m, 0);
  if (count % 2) return hi;
  // After the selection every value below index m is <= hi: the lower middle is their maximum.
  let lo = -Infinity;
  for (let i = 0; i < m; i++) if (buf[i]! > lo) lo = buf[i]!;
  return (lo + hi) / 2;
}

/** Round half to even (numpy/Python `round`). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The dominant period in samples: the median instantaneous period P0 over the whole series sets an
 * edge guard g = max(1, round(edgeFraction·P0)) (half to even), and the result is the median over
 * [g, n − g), away from the end effects of the FFT method. NaN when that slice is empty. With the
 * default edgeFraction 0.25 this is the original IMF stage's `period_bars`.
 */
export function dominantPeriod(frequency: Float64Array, opts: { edgeFraction?: number } = {}): number {
  const period = instantaneousPeriod(frequency);
  const p0 = finiteMedian(period);
  if (!Number.isFinite(p0)) return NaN;
  const g = Math.max(1, roundHalfEven((opts.edgeFraction ?? 0.25) * p0));
  if (2 * g >= period.length) return NaN;
  return finiteMedian(period, g, period.length - g);
}

/** The Hilbert attributes of a decomposition's IMF rows (`cgq emd --hilbert`). */
export interface ImfHilbert {
  amplitude: Float64Array[];
  phase: Float64Array[];
  frequency: Float64Array[];
  /** Per IMF: its dominant period in samples (dominantPeriod; NaN when undefined). */
  period: Float64Array;
}

/**
 * The Hilbert attributes of `rows` IMF rows of n samples at `rowsOff` into three blocks at `outOff`
 * (amplitudes, phases, frequencies: rows·n f64 each, row j at offset j·n·8 of its block), with one
 * FFT plan in `scratchOff` (hilbertScratchBytes(n)); returns each row's dominant period. Runs on the
 * calling thread (imfHilbert) and in pool workers (the emd_rows op with `hilbert`), with the same
 * kernels, so both give the same bits.
 */
export function imfHilbertInto(runtime: KernelRuntime, rowsOff: number, rows: number, n: number, outOff: number, scratchOff: number): Float64Array {
  const buf = runtime.memory.buffer;
  for (let j = 0; j < rows; j++) {
    try {
      checkFinite(new Float64Array(buf, rowsOff + j * n * 8, n));
    } catch (e) {
      if (e instanceof CgqError) throw new CgqError(e.code, `IMF ${j + 1}: ${e.message}`);
      throw e;
    }
  }
  const period = new Float64Array(rows);
  if (rows === 0) return period;
  planHilbert(runtime, n, scratchOff);
  const block = rows * n * 8;
  for (let j = 0; j < rows; j++) {
    const at = j * n * 8;
    hilbertFeatures(runtime, { x: rowsOff + at, n, amplitude: outOff + at, phase: outOff + block + at, frequency: outOff + 2 * block + at, scratch: scratchOff });
    period[j] = dominantPeriod(new Float64Array(buf, outOff + 2 * block + at, n));
  }
  return period;
}

/** Copy the three blocks imfHilbertInto wrote out of shared memory. */
export function readImfHilbert(buf: ArrayBufferLike, outOff: number, rows: number, n: number, period: Float64Array): ImfHilbert {
  const block = rows * n * 8;
  const read = (base: number) => Array.from({ length: rows }, (_, j) => new Float64Array(buf, base + j * n * 8, n).slice());
  return { amplitude: read(outOff), phase: read(outOff + block), frequency: read(outOff + 2 * block), period };
}

/** Amplitude, phase, frequency and dominant period of every row of `imfs` (rows of one length), on the calling thread. */
export function imfHilbert(imfs: readonly Float64Array[], local: LocalKernels = defaultLocal()): ImfHilbert {
  const rows = imfs.length;
  const n = rows ? imfs[0]!.length : 0;
  if (rows === 0) return { amplitude: [], phase: [], frequency: [], period: new Float64Array(0) };
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const scratch = arena.alloc(hilbertScratchBytes(local.runtime, n));
    const rowsOff = arena.allocF64(rows * n);
    imfs.forEach((row, j) => {
      if (row.length !== n) throw new CgqError('INTERNAL', `hilbert: IMF rows of ${row.length} and ${n} samples`);
      arena.f64(rowsOff + j * n * 8, n).set(row);
    });
    const out = arena.allocF64(3 * rows * n);
    const period = imfHilbertInto(local.runtime, rowsOff, rows, n, out, scratch);
    return readImfHilbert(arena.memory.buffer, out, rows, n, period);
  } finally {
    arena.release(mark);
  }
}
