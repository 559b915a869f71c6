/**
 * Plain-TS reference of the analytic signal and its attributes (the twin of
 * assembly/emd/hilbert.ts), written the way scipy/numpy spell it: h-weighting of the FFT, inverse
 * FFT, `abs`, `angle`, `unwrap` (dd, ddmod, ph_correct, cumsum) and `diff`. For tests and the
 * benchmark baseline.
 */
import { FftReference } from './fft-reference.js';

export interface AnalyticSignalReference {
  re: Float64Array;
  im: Float64Array;
  amplitude: Float64Array;
  phase: Float64Array;
  frequency: Float64Array;
}

/** numpy.mod(a, b) for b > 0. */
function npMod(a: number, b: number): number {
  const m = a % b;
  return m !== 0 ? (m < 0 ? m + b : m) : 0;
}

/** numpy.unwrap(p) with discont = π, period = 2π. */
export function unwrapReference(p: Float64Array): Float64Array {
  const n = p.length;
  const up = Float64Array.from(p);
  let cum = 0;
  for (let i = 1; i < n; i++) {
    const dd = p[i]! - p[i - 1]!;
    let ddmod = npMod(dd + Math.PI, 2 * Math.PI) - Math.PI;
    if (ddmod === -Math.PI && dd > 0) ddmod = Math.PI;
    let corr = ddmod - dd;
    if (Math.abs(dd) < Math.PI) corr = 0;
    cum += corr;
    up[i] = p[i]! + cum;
  }
  return up;
}

export function analyticSignalReference(x: Float64Array, plan: FftReference = new FftReference(x.length)): AnalyticSignalReference {
  const n = x.length;
  const re = Float64Array.from(x);
  const im = new Float64Array(n);
  plan.forward(re, im);
  for (let k = 0; k < n; k++) {
    const h = k === 0 || 2 * k === n ? 1 : 2 * k < n ? 2 : 0;
    re[k] = re[k]! * h;
    im[k] = im[k]! * h;
  }
  plan.inverse(re, im);
  const amplitude = new Float64Array(n);
  const angle = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    amplitude[i] = Math.sqrt(re[i]! * re[i]! + im[i]! * im[i]!);
    angle[i] = Math.atan2(im[i]!, re[i]!);
  }
  const phase = unwrapReference(angle);
  const frequency = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) frequency[i] = (phase[i + 1]! - phase[i]!) / (2 * Math.PI);
  frequency[n - 1] = n >= 2 ? frequency[n - 2]! : NaN;
  return { re, im, amplitude, phase, frequency };
}
