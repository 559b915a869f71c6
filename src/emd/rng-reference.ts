/**
 * Plain-TS reference of numpy's legacy `RandomState` stream (the twin of assembly/util/rng.ts),
 * for tests and benchmarks: MT19937 (init_genrand seeding), `random_sample` (53-bit doubles from
 * two 32-bit words) and the legacy polar Gaussian with its one-value cache, whose log is glibc's
 * FMA `log` (./glibc-log.ts) so the draws equal numpy's bit for bit.
 */
import { glibcLogFma } from './glibc-log.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

export class NumpyRandomStateReference {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /** `RandomState(seed)` for an integer seed in [0, 2^32). */
  constructor(seed: number) {
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.mt[i] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
  }

  private regenerate(): void {
    const mt = this.mt;
    const twist = (k: number, next: number, far: number): void => {
      const y = ((mt[k]! & UPPER) | (mt[next]! & LOWER)) >>> 0;
      mt[k] = (mt[far]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)) >>> 0;
    };
    let k = 0;
    for (; k < N - M; k++) twist(k, k + 1, k + M);
    for (; k < N - 1; k++) twist(k, k + 1, k + M - N);
    twist(N - 1, 0, M - 1);
    this.pos = 0;
  }

  /** The next tempered 32-bit output. */
  next32(): number {
    if (this.pos >= N) this.regenerate();
    let y = this.mt[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    return (y ^ (y >>> 18)) >>> 0;
  }

  /** One `random_sample()` draw. */
  nextDouble(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** One legacy `normal(0, 1)` draw (`0 + 1·g`). */
  nextGauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * glibcLogFma(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  normal(count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.nextGauss();
    return out;
  }

  randomSample(count: number): Float64Array {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.nextDouble();
    return out;
  }
}
