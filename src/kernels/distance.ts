/**
 * Euclidean distance matrices for the clustering inner loops (HDBSCAN, KMeans, DBSCAN), over the
 * f64x2-SIMD wasm exports `dist_pairwise` / `dist_cross` (assembly/distance/pairwise.ts). Points
 * are rows of a row-major n×d Float64Array. Not registry kernels: their output is n×n (or n×m),
 * not one value per input row.
 */
import { CgqError } from '../errors.js';
import type { KernelRuntime } from './runtime.js';
import type { LocalKernels } from './local.js';

export interface DistanceOptions {
  /** Squared distances (no square root): what KMeans needs. */
  squared?: boolean;
}

type PairwiseFn = (x: number, n: number, d: number, out: number, squared: number) => void;
type CrossFn = (a: number, na: number, b: number, nb: number, d: number, out: number, squared: number) => void;

/** wasm32 memory holds 4 GiB; refuse matrices that cannot fit beside their inputs. */
const MAX_MATRIX_BYTES = 2 ** 31;

function checkShape(what: string, data: Float64Array, rows: number, d: number): void {
  if (!Number.isInteger(rows) || rows < 0) throw new CgqError('USAGE', `${what}: row count must be a non-negative integer (got ${rows})`);
  if (!Number.isInteger(d) || d < 1) throw new CgqError('USAGE', `${what}: dimension must be a positive integer (got ${d})`);
  if (data.length !== rows * d) throw new CgqError('USAGE', `${what}: ${data.length} values do not make ${rows} rows of ${d}`);
}

function checkMatrix(rows: number, cols: number): void {
  if (rows * cols * 8 > MAX_MATRIX_BYTES) {
    throw new CgqError('USAGE', `distance matrix of ${rows}×${cols} needs ${((rows * cols * 8) / 2 ** 30).toFixed(1)} GiB; the limit is 2 GiB (compute it in row blocks with crossDistances)`);
  }
}

/** The pairwise export on raw offsets (for workers on shared memory): out = n×n. */
export function pairwiseAt(runtime: KernelRuntime, x: number, n: number, d: number, out: number, squared = false): void {
  runtime.export<PairwiseFn>('dist_pairwise')(x, n, d, out, squared ? 1 : 0);
}

/** The cross export on raw offsets: out = na×nb. */
export function crossAt(runtime: KernelRuntime, a: number, na: number, b: number, nb: number, d: number, out: number, squared = false): void {
  runtime.export<CrossFn>('dist_cross')(a, na, b, nb, d, out, squared ? 1 : 0);
}

/** n×n matrix (row-major) of distances between the rows of x (n×d); symmetric, zero diagonal. */
export function pairwiseDistances(local: LocalKernels, x: Float64Array, n: number, d: number, opts: DistanceOptions = {}): Float64Array {
  checkShape('pairwise distances', x, n, d);
  checkMatrix(n, n);
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const xo = arena.putF64(x);
    const out = arena.allocF64(n * n);
    pairwiseAt(local.runtime, xo, n, d, out, opts.squared);
    return arena.f64(out, n * n).slice();
  } finally {
    arena.release(mark);
  }
}

/** na×nb matrix of distances between the rows of a (na×d) and the rows of b (nb×d). */
export function crossDistances(local: LocalKernels, a: Float64Array, na: number, b: Float64Array, nb: number, d: number, opts: DistanceOptions = {}): Float64Array {
  checkShape('cross distances (a)', a, na, d);
  checkShape('cross distances (b)', b, nb, d);
  checkMatrix(na, nb);
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const ao = arena.putF64(a);
    const bo = arena.putF64(b);
    const out = arena.allocF64(na * nb);
    crossAt(local.runtime, ao, na, bo, nb, d, out, opts.squared);
    return arena.f64(out, na * nb).slice();
  } finally {
    arena.release(mark);
  }
}
