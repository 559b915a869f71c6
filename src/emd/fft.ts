/**
 * The wasm FFT (assembly/emd/fft.ts) from TypeScript: any length (mixed radix ≤ 61, Bluestein
 * beyond), in place on interleaved complex f64 at an offset of the shared memory, with its plan in
 * caller scratch of `fftScratchBytes(n)` bytes. `planFft` once per (length, scratch); the
 * transforms then reuse the plan. `fft` is the copying convenience form.
 */
import { CgqError } from '../errors.js';
import type { LocalKernels } from '../kernels/local.js';
import type { KernelRuntime } from '../kernels/runtime.js';
import { defaultLocal } from './default-local.js';

/** Longest transform the kernels accept (assembly FFT_MAX_N). */
export const FFT_MAX_N = 1 << 24;

const STATUS_BAD_LENGTH = 2;
const STATUS_NO_PLAN = 3;

export function checkFftLength(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > FFT_MAX_N) {
    throw new CgqError('KERNEL_PARAM', `${what}: length must be an integer in [1, ${FFT_MAX_N}] (got ${n})`);
  }
}

/** Turn an FFT/Hilbert kernel status into a typed error. */
export function checkFftStatus(what: string, status: number, n: number): void {
  if (status === 0) return;
  if (status === STATUS_BAD_LENGTH) throw new CgqError('KERNEL_PARAM', `${what}: length ${n} is out of range`);
  if (status === STATUS_NO_PLAN) throw new CgqError('INTERNAL', `${what}: the scratch holds no plan for length ${n}; plan it first`);
  throw new CgqError('KERNEL_TRAP', `${what} failed with status ${status}`);
}

/** Bytes of scratch an FFT plan of length n needs. */
export function fftScratchBytes(runtime: KernelRuntime, n: number): number {
  checkFftLength('fft', n);
  return runtime.export<(n: number) => number>('fft_scratch_bytes')(n);
}

export function planFft(runtime: KernelRuntime, n: number, scratchOff: number): void {
  checkFftLength('fft', n);
  checkFftStatus('fft_plan', runtime.export<(n: number, s: number) => number>('fft_plan')(n, scratchOff), n);
}

/** In-place forward FFT of n complex values (re, im interleaved) at `dataOff`. */
export function fftForward(runtime: KernelRuntime, dataOff: number, n: number, scratchOff: number): void {
  checkFftStatus('fft_forward', runtime.export<(d: number, n: number, s: number) => number>('fft_forward')(dataOff, n, scratchOff), n);
}

/** In-place inverse FFT (scaled by 1/n). */
export function fftInverse(runtime: KernelRuntime, dataOff: number, n: number, scratchOff: number): void {
  checkFftStatus('fft_inverse', runtime.export<(d: number, n: number, s: number) => number>('fft_inverse')(dataOff, n, scratchOff), n);
}

/** The FFT (or inverse, scaled by 1/n) of re + i·im, as new arrays. */
export function fft(re: Float64Array, im: Float64Array, opts: { inverse?: boolean } = {}, local: LocalKernels = defaultLocal()): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  if (im.length !== n) throw new CgqError('USAGE', `fft: real part has ${n} values, imaginary part ${im.length}`);
  checkFftLength('fft', n);
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const scratch = arena.alloc(fftScratchBytes(local.runtime, n));
    const data = arena.allocF64(2 * n);
    const d = arena.f64(data, 2 * n);
    for (let i = 0; i < n; i++) {
      d[2 * i] = re[i]!;
      d[2 * i + 1] = im[i]!;
    }
    planFft(local.runtime, n, scratch);
    (opts.inverse ? fftInverse : fftForward)(local.runtime, data, n, scratch);
    const v = arena.f64(data, 2 * n);
    const outRe = new Float64Array(n);
    const outIm = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      outRe[i] = v[2 * i]!;
      outIm[i] = v[2 * i + 1]!;
    }
    return { re: outRe, im: outIm };
  } finally {
    arena.release(mark);
  }
}
