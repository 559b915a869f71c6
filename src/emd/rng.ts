/**
 * numpy's legacy `RandomState(seed)` stream on the wasm kernels (assembly/util/rng.ts): the noise
 * source of CEEMDAN. PyEMD draws its whole noise matrix as `RandomState(seed).normal(size=(trials,
 * n))`, one row-major stream, so filling trials·n values at once (or in successive chunks through
 * the same state block) gives PyEMD's matrix bit for bit.
 *
 * The generator state lives in caller memory (RNG_STATE_BYTES, 8-byte aligned): several streams,
 * workers or chunked fills never share hidden state.
 */
import { CgqError } from '../errors.js';
import type { LocalKernels } from '../kernels/local.js';
import type { KernelRuntime } from '../kernels/runtime.js';
import { defaultLocal } from './default-local.js';

/** Bytes of one generator state: 624 u32 words, i32 index, i32 has_gauss, f64 gauss, batch scratch, reserved. */
export const RNG_STATE_BYTES = 4096;
/** Required alignment of the state block and of output arrays. */
export const RNG_ALIGN = 8;
/** numpy accepts integer seeds in [0, 2^32 − 1]. */
export const MAX_NUMPY_SEED = 0xffffffff;

type SeedFn = (state: number, seed: number) => void;
type FillFn = (state: number, out: number, count: number) => void;

/** Throws unless `seed` is a seed `RandomState(seed)` accepts; returns it. */
export function checkNumpySeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_NUMPY_SEED) {
    throw new CgqError('KERNEL_PARAM', `rng: seed must be an integer in [0, ${MAX_NUMPY_SEED}] like numpy's RandomState (got ${seed})`);
  }
  return seed;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0 || count > 0x7fffffff) {
    throw new CgqError('KERNEL_PARAM', `rng: count must be an integer in [0, 2147483647] (got ${count})`);
  }
}

function checkBlock(runtime: KernelRuntime, what: string, off: number, bytes: number): void {
  const size = runtime.memory.buffer.byteLength;
  if (!Number.isInteger(off) || off <= 0 || off % RNG_ALIGN !== 0 || off + bytes > size) {
    throw new CgqError('INTERNAL', `rng: ${what} at offset ${off} (${bytes} B) is not an 8-byte aligned block inside the ${size} B memory`);
  }
}

/** `RandomState(seed)` into the state block at `stateOff`. */
export function seedNumpyRng(runtime: KernelRuntime, stateOff: number, seed: number): void {
  checkNumpySeed(seed);
  checkBlock(runtime, 'state', stateOff, RNG_STATE_BYTES);
  runtime.export<SeedFn>('rng_seed')(stateOff, seed);
}

/** `count` successive `normal(0, 1)` draws into the f64 array at `outOff` (the Gaussian cache carries over). */
export function fillNumpyNormal(runtime: KernelRuntime, stateOff: number, outOff: number, count: number): void {
  checkCount(count);
  checkBlock(runtime, 'state', stateOff, RNG_STATE_BYTES);
  checkBlock(runtime, 'output', outOff, count * 8);
  runtime.export<FillFn>('rng_fill_normal')(stateOff, outOff, count);
}

/** `count` successive `random_sample()` draws into the f64 array at `outOff`. */
export function fillNumpyUniform(runtime: KernelRuntime, stateOff: number, outOff: number, count: number): void {
  checkCount(count);
  checkBlock(runtime, 'state', stateOff, RNG_STATE_BYTES);
  checkBlock(runtime, 'output', outOff, count * 8);
  runtime.export<FillFn>('rng_fill_uniform')(stateOff, outOff, count);
}

function draw(seed: number, count: number, fill: typeof fillNumpyNormal, local: LocalKernels): Float64Array {
  checkNumpySeed(seed);
  checkCount(count);
  const arena = local.arena;
  const mark = arena.mark();
  try {
    const state = arena.alloc(RNG_STATE_BYTES);
    const out = arena.allocF64(Math.max(count, 1));
    seedNumpyRng(local.runtime, state, seed);
    fill(local.runtime, state, out, count);
    return arena.f64(out, count).slice();
  } finally {
    arena.release(mark);
  }
}

/** `RandomState(seed).normal(size=count)`, computed in wasm on a local arena. */
export function numpyNormal(seed: number, count: number, local: LocalKernels = defaultLocal()): Float64Array {
  return draw(seed, count, fillNumpyNormal, local);
}

/** `RandomState(seed).random_sample(count)`, computed in wasm on a local arena. */
export function numpyUniform(seed: number, count: number, local: LocalKernels = defaultLocal()): Float64Array {
  return draw(seed, count, fillNumpyUniform, local);
}
