/**
 * Plain-TS FFT for any length: the reference twin of assembly/emd/fft.ts (same algorithm, no SIMD),
 * used by tests and as the benchmark baseline. Lengths whose prime factors are all ≤ 61 run a
 * mixed-radix Stockham autosort FFT (radix 4, 2, 3, 5 butterflies and a direct DFT for 7..61);
 * other lengths run Bluestein's chirp-z algorithm over a 5-smooth length m ≥ 2n − 1.
 * Forward is X_k = Σ x_j e^{−2πi jk/n}; inverse is scaled by 1/n (numpy's convention).
 */

/** Largest prime handled as a direct radix; lengths with a larger prime factor use Bluestein. */
export const MAX_DIRECT_RADIX = 61;

/** Radices of n in execution order (4s, then 2, 3, 5, then larger primes), or undefined when a prime factor exceeds MAX_DIRECT_RADIX. */
export function fftRadices(n: number): number[] | undefined {
  const out: number[] = [];
  let m = n;
  while (m % 4 === 0) {
    out.push(4);
    m /= 4;
  }
  if (m % 2 === 0) {
    out.push(2);
    m /= 2;
  }
  for (let p = 3; m > 1; p += 2) {
    if (p > MAX_DIRECT_RADIX) return undefined;
    while (m % p === 0) {
      out.push(p);
      m /= p;
    }
  }
  return out;
}

/** Smallest 2^a·3^b·5^c ≥ n. */
export function smooth235(n: number): number {
  let best = Infinity;
  for (let a = 1; a < 2 * n + 2; a *= 2) {
    for (let b = a; b < 2 * n + 2; b *= 3) {
      let c = b;
      while (c < n) c *= 5;
      if (c < best) best = c;
    }
  }
  return best;
}

interface Stage {
  radix: number;
  /** Length of the sub-transforms this stage combines. */
  ns: number;
  /** Twiddles e^{−2πi rk/(ns·radix)}, index k·(radix−1) + r − 1. */
  twRe: Float64Array;
  twIm: Float64Array;
  /** For a generic radix: the radix-th roots of unity. */
  rootRe?: Float64Array;
  rootIm?: Float64Array;
}

class StockhamPlan {
  readonly stages: Stage[] = [];
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;
  private readonly vRe: Float64Array;
  private readonly vIm: Float64Array;

  constructor(readonly n: number, radices: readonly number[]) {
    let ns = 1;
    for (const radix of radices) {
      const twRe = new Float64Array(ns * (radix - 1));
      const twIm = new Float64Array(ns * (radix - 1));
      for (let k = 0; k < ns; k++) {
        for (let r = 1; r < radix; r++) {
          const a = (-2 * Math.PI * r * k) / (ns * radix);
          twRe[k * (radix - 1) + r - 1] = Math.cos(a);
          twIm[k * (radix - 1) + r - 1] = Math.sin(a);
        }
      }
      const st: Stage = { radix, ns, twRe, twIm };
      if (radix > 5) {
        st.rootRe = Float64Array.from({ length: radix }, (_, q) => Math.cos((-2 * Math.PI * q) / radix));
        st.rootIm = Float64Array.from({ length: radix }, (_, q) => Math.sin((-2 * Math.PI * q) / radix));
      }
      this.stages.push(st);
      ns *= radix;
    }
    this.workRe = new Float64Array(n);
    this.workIm = new Float64Array(n);
    this.vRe = new Float64Array(MAX_DIRECT_RADIX);
    this.vIm = new Float64Array(MAX_DIRECT_RADIX);
  }

  /** Forward transform in place. */
  forward(re: Float64Array, im: Float64Array): void {
    let inRe = re;
    let inIm = im;
    let outRe = this.workRe;
    let outIm = this.workIm;
    for (const st of this.stages) {
      this.stage(st, inRe, inIm, outRe, outIm);
      [inRe, outRe] = [outRe, inRe];
      [inIm, outIm] = [outIm, inIm];
    }
    if (inRe !== re) {
      re.set(inRe);
      im.set(inIm);
    }
  }

  private stage(st: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const { radix: R, ns, twRe, twIm } = st;
    const n = this.n;
    const stride = n / R;
    const vr = this.vRe;
    const vi = this.vIm;
    for (let j = 0; j < stride; j++) {
      const k = j % ns;
      const base = (j - k) * R + k;
      vr[0] = xr[j]!;
      vi[0] = xi[j]!;
      for (let r = 1; r < R; r++) {
        const a = xr[j + r * stride]!;
        const b = xi[j + r * stride]!;
        const wr = twRe[k * (R - 1) + r - 1]!;
        const wi = twIm[k * (R - 1) + r - 1]!;
        vr[r] = a * wr - b * wi;
        vi[r] = a * wi + b * wr;
      }
      if (R === 4) {
        const ar = vr[0]! + vr[2]!, ai = vi[0]! + vi[2]!;
        const br = vr[0]! - vr[2]!, bi = vi[0]! - vi[2]!;
        const cr = vr[1]! + vr[3]!, ci = vi[1]! + vi[3]!;
        const dr = vi[1]! - vi[3]!, di = vr[3]! - vr[1]!; // −i·(v1 − v3)
        yr[base] = ar + cr;
        yi[base] = ai + ci;
        yr[base + ns] = br + dr;
        yi[base + ns] = bi + di;
        yr[base + 2 * ns] = ar - cr;
        yi[base + 2 * ns] = ai - ci;
        yr[base + 3 * ns] = br - dr;
        yi[base + 3 * ns] = bi - di;
      } else if (R === 2) {
        yr[base] = vr[0]! + vr[1]!;
        yi[base] = vi[0]! + vi[1]!;
        yr[base + ns] = vr[0]! - vr[1]!;
        yi[base + ns] = vi[0]! - vi[1]!;
      } else if (R === 3) {
        const s = Math.sqrt(3) / 2;
        const t1r = vr[1]! + vr[2]!, t1i = vi[1]! + vi[2]!;
        const t2r = vr[0]! - 0.5 * t1r, t2i = vi[0]! - 0.5 * t1i;
        const t3r = s * (vi[1]! - vi[2]!), t3i = -s * (vr[1]! - vr[2]!);
        yr[base] = vr[0]! + t1r;
        yi[base] = vi[0]! + t1i;
        yr[base + ns] = t2r + t3r;
        yi[base + ns] = t2i + t3i;
        yr[base + 2 * ns] = t2r - t3r;
        yi[base + 2 * ns] = t2i - t3i;
      } else if (R === 5) {
        const c1 = Math.cos((2 * Math.PI) / 5), c2 = Math.cos((4 * Math.PI) / 5);
        const s1 = Math.sin((2 * Math.PI) / 5), s2 = Math.sin((4 * Math.PI) / 5);
        const a1r = vr[1]! + vr[4]!, a1i = vi[1]! + vi[4]!;
        const a2r = vr[2]! + vr[3]!, a2i = vi[2]! + vi[3]!;
        const b1r = vr[1]! - vr[4]!, b1i = vi[1]! - vi[4]!;
        const b2r = vr[2]! - vr[3]!, b2i = vi[2]! - vi[3]!;
        const t1r = vr[0]! + c1 * a1r + c2 * a2r, t1i = vi[0]! + c1 * a1i + c2 * a2i;
        const t2r = vr[0]! + c2 * a1r + c1 * a2r, t2i = vi[0]! + c2 * a1i + c1 * a2i;
        const u1r = s1 * b1r + s2 * b2r, u1i = s1 * b1i + s2 * b2i;
        const u2r = s2 * b1r - s1 * b2r, u2i = s2 * b1i - s1 * b2i;
        yr[base] = vr[0]! + a1r + a2r;
        yi[base] = vi[0]! + a1i + a2i;
        // t − i·u = (t_r + u_i, t_i − u_r); t + i·u = (t_r − u_i, t_i + u_r)
        yr[base + ns] = t1r + u1i;
        yi[base + ns] = t1i - u1r;
        yr[base + 4 * ns] = t1r - u1i;
        yi[base + 4 * ns] = t1i + u1r;
        yr[base + 2 * ns] = t2r + u2i;
        yi[base + 2 * ns] = t2i - u2r;
        yr[base + 3 * ns] = t2r - u2i;
        yi[base + 3 * ns] = t2i + u2r;
      } else {
        const rr = st.rootRe!;
        const ri = st.rootIm!;
        for (let q = 0; q < R; q++) {
          let sr = 0;
          let si = 0;
          let idx = 0;
          for (let r = 0; r < R; r++) {
            sr += vr[r]! * rr[idx]! - vi[r]! * ri[idx]!;
            si += vr[r]! * ri[idx]! + vi[r]! * rr[idx]!;
            idx += q;
            if (idx >= R) idx -= R;
          }
          yr[base + q * ns] = sr;
          yi[base + q * ns] = si;
        }
      }
    }
  }
}

class BluesteinPlan {
  private readonly inner: StockhamPlan;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  private readonly bRe: Float64Array;
  private readonly bIm: Float64Array;
  private readonly aRe: Float64Array;
  private readonly aIm: Float64Array;

  constructor(readonly n: number) {
    const m = smooth235(2 * n - 1);
    this.inner = new StockhamPlan(m, fftRadices(m)!);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      // e^{−πi k²/n}, with k² reduced mod 2n exactly (k² < 2^53 for every supported n).
      const a = (-Math.PI * ((k * k) % (2 * n))) / n;
      this.chirpRe[k] = Math.cos(a);
      this.chirpIm[k] = Math.sin(a);
    }
    this.bRe = new Float64Array(m);
    this.bIm = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      this.bRe[k] = this.chirpRe[k]!;
      this.bIm[k] = -this.chirpIm[k]!;
      if (k > 0) {
        this.bRe[m - k] = this.chirpRe[k]!;
        this.bIm[m - k] = -this.chirpIm[k]!;
      }
    }
    this.inner.forward(this.bRe, this.bIm);
    this.aRe = new Float64Array(m);
    this.aIm = new Float64Array(m);
  }

  forward(re: Float64Array, im: Float64Array): void {
    const { n, aRe, aIm, bRe, bIm, chirpRe, chirpIm } = this;
    const m = aRe.length;
    aRe.fill(0);
    aIm.fill(0);
    for (let k = 0; k < n; k++) {
      aRe[k] = re[k]! * chirpRe[k]! - im[k]! * chirpIm[k]!;
      aIm[k] = re[k]! * chirpIm[k]! + im[k]! * chirpRe[k]!;
    }
    this.inner.forward(aRe, aIm);
    // Inverse of the product by the conjugation trick: ifft(z) = conj(fft(conj(z)))/m.
    for (let k = 0; k < m; k++) {
      const r = aRe[k]! * bRe[k]! - aIm[k]! * bIm[k]!;
      const i = aRe[k]! * bIm[k]! + aIm[k]! * bRe[k]!;
      aRe[k] = r;
      aIm[k] = -i;
    }
    this.inner.forward(aRe, aIm);
    for (let k = 0; k < n; k++) {
      const r = aRe[k]! / m;
      const i = -aIm[k]! / m;
      re[k] = r * chirpRe[k]! - i * chirpIm[k]!;
      im[k] = r * chirpIm[k]! + i * chirpRe[k]!;
    }
  }
}

/** A reusable FFT of one length. */
export class FftReference {
  private readonly plan: StockhamPlan | BluesteinPlan;
  readonly bluestein: boolean;

  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer (got ${n})`);
    const radices = fftRadices(n);
    this.bluestein = radices === undefined;
    this.plan = radices ? new StockhamPlan(n, radices) : new BluesteinPlan(n);
  }

  /** In place: X_k = Σ x_j e^{−2πi jk/n}. */
  forward(re: Float64Array, im: Float64Array): void {
    this.plan.forward(re, im);
  }

  /** In place: x_j = (1/n) Σ X_k e^{+2πi jk/n}. */
  inverse(re: Float64Array, im: Float64Array): void {
    for (let k = 0; k < this.n; k++) im[k] = -im[k]!;
    this.plan.forward(re, im);
    const s = 1 / this.n;
    for (let k = 0; k < this.n; k++) {
      re[k] = re[k]! * s;
      im[k] = -im[k]! * s;
    }
  }
}
