/**
 * The envelope solve's split dependency chains (assembly/emd/spline.ts vecRunSplit, backPairSplit)
 * give the bits of the single chain: a full EMD with the split on, off, and forced to fall back
 * (a one-step warm-up cannot converge, so the midpoint check fails and the rest runs as one chain)
 * must write the same bytes. The series is synthetic (a seeded random walk plus a cycle), long
 * enough that its envelopes have thousands of knots, so no ../shared data is needed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedArena } from '../../src/engine/arena.js';
import { LocalKernels } from '../../src/kernels/local.js';
import { emdKernels } from '../../src/emd/kernels.js';
import { CFG_BYTES, emdSettings, writeCfg } from '../../src/emd/settings.js';
import { Prng } from '../../src/stats/prng.js';

const N = 16_000;
const MAX_ROWS = 32;

function walk(n: number): Float64Array {
  const rng = new Prng(20261121, 'spline-split');
  const x = new Float64Array(n);
  let level = 0;
  for (let i = 0; i < n; i++) {
    level += rng.normal();
    x[i] = level + 5 * Math.sin((2 * Math.PI * i) / 1440);
  }
  return x;
}

test('split envelope solves write the single chain\'s bits, also when the split falls back', () => {
  const arena = new SharedArena();
  const k = emdKernels(new LocalKernels(arena).runtime);
  const x = walk(N);
  const xOff = arena.putF64(x);
  const cfg = arena.alloc(CFG_BYTES);
  writeCfg(arena.memory, cfg, emdSettings());
  const scratch = arena.alloc(k.scratchBytes(N));
  const out = arena.alloc(MAX_ROWS * N * 8);
  const decompose = (minSteps: number, warm: number) => {
    k.setSolveSplit(minSteps, warm);
    const before = k.solveSplits();
    const rows = k.rows(xOff, N, -1, cfg, out, MAX_ROWS, scratch);
    const after = k.solveSplits();
    const bytes = Buffer.from(arena.memory.buffer.slice(out, out + rows * N * 8));
    return { rows, bytes, splits: after.splits - before.splits, fallbacks: after.fallbacks - before.fallbacks };
  };
  const single = decompose(2 ** 31 - 1, 64);
  const split = decompose(512, 64);
  const forced = decompose(0, 1);
  assert.equal(single.splits, 0, 'a minimum above every chain length splits nothing');
  assert.ok(split.splits > 0, 'the default splits this series\' long chains');
  assert.ok(split.fallbacks < split.splits, `64 warm-up steps converge (fallbacks ${split.fallbacks} of ${split.splits})`);
  assert.ok(forced.fallbacks > 0, 'a one-step warm-up misses at the midpoint and falls back');
  assert.ok(single.rows >= 8, `the walk decomposes into several rows (${single.rows})`);
  assert.equal(split.rows, single.rows);
  assert.equal(forced.rows, single.rows);
  assert.ok(split.bytes.equals(single.bytes), 'split chains: same bytes as one chain');
  assert.ok(forced.bytes.equals(single.bytes), 'fallen-back splits: same bytes as one chain');
});
