/**
 * What the EMD bench suites share: the fixture series, a seeded volume-like series, median-based
 * case results in series per minute, and byte comparison of decompositions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from '../src/paths.js';
import { Prng } from '../src/stats/prng.js';
import type { CaseResult } from './harness.js';

export const UNIT = 'series/min';

/** ../shared/fixtures/emd_series_129600.f64 (synthetic 1-minute log price, perf_anchors_emd.md). */
export function fixtureSeries(suite: string): Float64Array {
  const path = join(SHARED_DIR, 'fixtures', 'emd_series_129600.f64');
  if (!existsSync(path)) throw new Error(`bench ${suite} needs ${path}`);
  const buf = readFileSync(path);
  return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}

export function recorded(name: string, group: string, impl: string, sec: number): CaseResult {
  return { name, group, impl, unit: UNIT, medianSec: sec, throughput: 60 / sec, rme: 0, samples: 0 };
}

export function median(a: readonly number[]): number {
  return [...a].sort((p, q) => p - q)[a.length >> 1]!;
}

export function measured(name: string, group: string, impl: string, secs: number[]): CaseResult {
  const med = median(secs);
  return { name, group, impl, unit: UNIT, medianSec: med, throughput: 60 / med, rme: 0, samples: secs.length };
}

/** A seeded volume-like series: log1p of lognormal minute volume with a diurnal cycle and 3 % zero minutes. */
export function volumeLikeSeries(n: number, seed: number): Float64Array {
  const rng = new Prng(seed, 'volume');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const diurnal = 1 + 0.6 * Math.sin((2 * Math.PI * (i % 1440)) / 1440 - 1.2);
    out[i] = rng.uniform() < 0.03 ? 0 : Math.log1p(50 * diurnal * Math.exp(0.8 * rng.normal()));
  }
  return out;
}

export function bytesOf(rows: readonly Float64Array[]): Buffer {
  return Buffer.concat(rows.map((r) => Buffer.from(r.buffer, r.byteOffset, r.byteLength)));
}
