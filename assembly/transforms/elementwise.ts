// Element-wise transforms of the baselines' transform space (data_pipeline §4.12, CoinGlass §10):
//   log1p_pos(x) = ln(1 + max(x, 0))          (the "log1p" transform; CoinGlass log1p_pos)
//   asl(x)       = sign(x) · ln(1 + |x|)      (core._asl; sign(±0) = +0, so asl(-0) = +0)
// Non-finite x (NaN, ±inf) gives NaN, as §4.12 says. Stateless. Two values per step with f64x2
// (./log1p_simd.ts, bit-identical to the scalar Math.log1p used for an odd last value).
import { STATUS_OK, col, ld, st } from '../abi';
import { log1pNonNegX2 } from './log1p_simd';

@inline function log1pPos1(v: f64): f64 {
  return isFinite(v) ? Math.log1p(v > 0.0 ? v : 0.0) : NaN;
}

@inline function asl1(v: f64): f64 {
  if (!isFinite(v)) return NaN;
  const m = Math.log1p(Math.abs(v));
  return v > 0.0 ? m : v < 0.0 ? -m : 0.0;
}

export function k_log1p_pos(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const x = col(ins, 0);
  const out = col(outs, 0);
  const zero = f64x2.splat(0.0);
  const inf = f64x2.splat(Infinity);
  const nan = f64x2.splat(NaN);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const off = <usize>i << 3;
    const v = v128.load(x + off);
    const finite = f64x2.lt(f64x2.abs(v), inf); // false for NaN and ±inf
    const pos = v128.and(v, f64x2.gt(v, zero)); // max(x, 0), +0 for the rest
    v128.store(out + off, v128.bitselect(log1pNonNegX2(pos), nan, finite));
  }
  if (i < n) st(out, i, log1pPos1(ld(x, i)));
  return STATUS_OK;
}

export function k_asl(ins: usize, outs: usize, n: i32, params: usize, state: usize, scratch: usize): i32 {
  const x = col(ins, 0);
  const out = col(outs, 0);
  const zero = f64x2.splat(0.0);
  const inf = f64x2.splat(Infinity);
  const nan = f64x2.splat(NaN);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const off = <usize>i << 3;
    const v = v128.load(x + off);
    const a = f64x2.abs(v);
    const finite = f64x2.lt(a, inf);
    const m = log1pNonNegX2(v128.and(a, finite));
    // sign(x)·m with sign(±0) = +0: m where x > 0, −m where x < 0, +0 elsewhere.
    const r = v128.or(v128.and(m, f64x2.gt(v, zero)), v128.and(f64x2.neg(m), f64x2.lt(v, zero)));
    v128.store(out + off, v128.bitselect(r, nan, finite));
  }
  if (i < n) st(out, i, asl1(ld(x, i)));
  return STATUS_OK;
}
