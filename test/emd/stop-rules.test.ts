/**
 * The two sifting stop rules. PyEMD's rule is what the parity tests exercise; here the
 * libeemd-style S-number rule (`--stop s-number --s-number S --max-siftings M`) is checked against
 * its definition: before each sifting, count maxima, minima and zero crossings; when the counts
 * changed by at most 1 in total since the previous sifting for S consecutive siftings and the
 * extrema and zero-crossing counts differ by at most 1, stop; never sift more than M times.
 * The intermediate arrays h_1, h_2, ... are reproduced with the cap alone (S too large to
 * trigger), their counts taken with the kernels' extrema scan, and the rule replayed in TS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emdKernels, EMD_STATE_BYTES } from '../../src/emd/kernels.js';
import { CFG_BYTES, emdSettings, writeCfg, type EmdSettings } from '../../src/emd/settings.js';
import { emd } from '../../src/emd/emd.js';
import { inThread, reconstructionError, seriesPrefix } from './emd-helpers.js';

/** Row 0 of EMD(x, max_imf = 1) and the siftings each row took, run in this thread. */
function firstImf(x: Float64Array, s: EmdSettings): { imf: Float64Array; sifts: number } {
  const { kernels } = inThread();
  const k = emdKernels(kernels.runtime);
  const arena = kernels.arena;
  const n = x.length;
  const mark = arena.mark();
  try {
    const cfg = arena.alloc(CFG_BYTES);
    writeCfg(arena.memory, cfg, s);
    const xOff = arena.putF64(x);
    const acc = arena.allocF64(n);
    const state = arena.alloc(EMD_STATE_BYTES);
    const out = arena.allocF64(n);
    const scratch = arena.alloc(k.scratchBytes(n));
    k.init(state, xOff, acc, n, 1);
    assert.ok(k.next(state, cfg, out, scratch));
    return { imf: arena.f64(out, n).slice(), sifts: k.stateSifts(state) };
  } finally {
    arena.release(mark);
  }
}

function counts(h: Float64Array): { nMax: number; nMin: number; nZero: number } {
  const { kernels } = inThread();
  const k = emdKernels(kernels.runtime);
  const arena = kernels.arena;
  const mark = arena.mark();
  try {
    const off = arena.putF64(h);
    const out = arena.alloc(4 * (h.length + 3));
    const scratch = arena.alloc(k.scratchBytes(h.length));
    const e = k.findExtrema(off, h.length, out, scratch);
    return { nMax: e.maxima.length, nMin: e.minima.length, nZero: e.zeroCrossings };
  } finally {
    arena.release(mark);
  }
}

/** Replay the S-number rule on the arrays h_0 = x, h_1, ... (h_m = x sifted m times). */
function expectedSifts(x: Float64Array, S: number, cap: number): number {
  const never = emdSettings({ stop: 's-number', sNumber: 1000, maxSiftings: 1 });
  let prev: { nMax: number; nMin: number; nZero: number } | undefined;
  let stable = 0;
  for (let j = 1; j <= cap; j++) {
    const h = j === 1 ? x : firstImf(x, { ...never, maxSiftings: j - 1 }).imf;
    const c = counts(h);
    if (c.nMax + c.nMin <= 2) return j - 1; // a trend: no more siftings
    const diff = prev ? Math.abs(c.nMax - prev.nMax) + Math.abs(c.nMin - prev.nMin) + Math.abs(c.nZero - prev.nZero) : Infinity;
    if (diff <= 1) {
      stable++;
      if (stable >= S && Math.abs(c.nMax + c.nMin - c.nZero) <= 1) return j - 1;
    } else {
      stable = 0;
    }
    prev = c;
  }
  return cap;
}

test('S-number rule: the kernels stop exactly where the rule says (S = 2 and 4, cap 50)', (t) => {
  const x = seriesPrefix(t, 1500);
  if (!x) return;
  // The series itself and a rougher one (its increments), so both early and late stops occur.
  const rough = x.map((v, i) => (i ? v - x[i - 1]! : 0));
  for (const sig of [x, rough]) {
    for (const S of [2, 4]) {
      const want = expectedSifts(sig, S, 50);
      const got = firstImf(sig, emdSettings({ stop: 's-number', sNumber: S, maxSiftings: 50 })).sifts;
      assert.equal(got, want, `S = ${S}`);
      t.diagnostic(`S = ${S}: ${got} siftings`);
    }
  }
});

test('S-number rule: the sifting cap alone stops at exactly max_siftings; --s-number 0 turns the count rule off', (t) => {
  const x = seriesPrefix(t, 1500);
  if (!x) return;
  for (const cap of [1, 3, 7]) {
    const capped = firstImf(x, emdSettings({ stop: 's-number', sNumber: 1000, maxSiftings: cap }));
    assert.equal(capped.sifts, cap);
    // S = 0 never fires (libeemd: 0 disables it), so the cap decides: the same siftings and IMF.
    const off = firstImf(x, emdSettings({ stop: 's-number', sNumber: 0, maxSiftings: cap }));
    assert.equal(off.sifts, cap);
    assert.deepEqual(off.imf, capped.imf);
  }
});

test('S-number EMD decomposes and reconstructs; a larger S sifts more', async (t) => {
  const x = seriesPrefix(t, 2000);
  if (!x) return;
  const { kernels, exec } = inThread();
  const s4 = await emd(exec, kernels, x, emdSettings({ stop: 's-number', sNumber: 4, maxSiftings: 50 }));
  const s1 = await emd(exec, kernels, x, emdSettings({ stop: 's-number', sNumber: 1, maxSiftings: 50 }));
  assert.ok(s4.imfs >= 3);
  assert.ok(reconstructionError(s4.rows, x) < 1e-12);
  assert.ok(s4.sifts > s1.sifts, `S=4: ${s4.sifts} siftings, S=1: ${s1.sifts}`);
});
