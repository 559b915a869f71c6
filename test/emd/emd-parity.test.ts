/**
 * EMD against PyEMD 1.10.2: the n = 2000 fixture (../shared/fixtures/pyemd_emd_n2000.*, made with
 * `PyEMD.EMD()(x[:2000])`), PyEMD's recorded row counts at larger n
 * (../shared/notes/perf_anchors_emd.md), reconstruction, and the edge cases PyEMD's rules decide
 * (constant and monotonic series have no IMF; very short series; non-finite input is refused).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emd } from '../../src/emd/emd.js';
import { emdSettings } from '../../src/emd/settings.js';
import { emdScratchBytes } from '../../src/emd/executor.js';
import { emdKernels } from '../../src/emd/kernels.js';
import { CgqError } from '../../src/errors.js';
import { EMD_N2000, fixtureRows, inThread, maxAbsDiff, reconstructionError, seriesPrefix, stdOf } from './emd-helpers.js';

const PYEMD = emdSettings();

test('EMD of x[:2000] matches PyEMD: same rows, each within 1e-6·std(x) (observed: bit for bit)', async (t) => {
  const x = seriesPrefix(t, 2000);
  const want = fixtureRows(t, EMD_N2000, 2000);
  if (!x || !want) return;
  const { kernels, exec } = inThread();
  const r = await emd(exec, kernels, x, PYEMD);
  assert.equal(r.rows.length, want.length, 'row count');
  assert.equal(r.imfs, want.length - 1, 'the last row is the residue');
  const tol = 1e-6 * stdOf(x);
  let worst = 0;
  r.rows.forEach((row, k) => {
    const d = maxAbsDiff(row, want[k]!);
    worst = Math.max(worst, d);
    assert.ok(d <= tol, `row ${k}: max |diff| ${d} > ${tol}`);
  });
  t.diagnostic(`max |cgq − PyEMD| over all rows: ${worst}`);
  assert.ok(reconstructionError(r.rows, x) < 1e-12);
});

test('EMD row counts equal PyEMD 1.10.2 at n = 8000 (10 rows; perf_anchors_emd.md)', async (t) => {
  const x = seriesPrefix(t, 8000);
  if (!x) return;
  const { kernels, exec } = inThread();
  const r = await emd(exec, kernels, x, PYEMD);
  assert.equal(r.rows.length, 10);
  assert.ok(reconstructionError(r.rows, x) < 1e-12);
});

test('max_imf limits the IMFs; the residue keeps the rest', async (t) => {
  const x = seriesPrefix(t, 2000);
  const want = fixtureRows(t, EMD_N2000, 2000);
  if (!x || !want) return;
  const { kernels, exec } = inThread();
  const r = await emd(exec, kernels, x, PYEMD, 3);
  assert.equal(r.imfs, 3);
  assert.equal(r.rows.length, 4);
  for (let k = 0; k < 3; k++) assert.ok(maxAbsDiff(r.rows[k]!, want[k]!) <= 1e-6 * stdOf(x), `IMF ${k} equals the unlimited run's`);
  assert.ok(reconstructionError(r.rows, x) < 1e-12);
});

test('constant and monotonic series are a trend: no IMF, one residue row equal to the input', async () => {
  const { kernels, exec } = inThread();
  for (const x of [new Float64Array(50).fill(3.25), Float64Array.from({ length: 300 }, (_, i) => 0.01 * i + Math.log(1 + i))]) {
    const r = await emd(exec, kernels, x, PYEMD);
    assert.equal(r.imfs, 0);
    assert.equal(r.rows.length, 1);
    assert.deepEqual(Array.from(r.rows[0]!), Array.from(x));
  }
  // An all-zero series: no IMF and a residue allclose to 0, which PyEMD leaves out.
  const z = await emd(exec, kernels, new Float64Array(40), PYEMD);
  assert.equal(z.rows.length, 0);
});

test('very short series decompose without error and reconstruct', async () => {
  const { kernels, exec } = inThread();
  for (const x of [[1.5], [1, 2], [1, 3, 2], [0, 2, -1, 3, -2], [5, 1, 4, 0, 3, -1, 2]]) {
    const a = Float64Array.from(x);
    const r = await emd(exec, kernels, a, PYEMD);
    assert.ok(reconstructionError(r.rows.length ? r.rows : [new Float64Array(a.length)], a) < 1e-12, `n=${a.length}`);
  }
});

test('NaN or infinite input is a typed error naming the index', async () => {
  const { kernels, exec } = inThread();
  const x = Float64Array.from([1, 2, NaN, 4]);
  await assert.rejects(emd(exec, kernels, x, PYEMD), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_NONFINITE' && /index 2/.test(e.message));
  await assert.rejects(emd(exec, kernels, new Float64Array(0), PYEMD), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_EMPTY');
});

test('the TS scratch-size formula equals the kernel layout', () => {
  const k = emdKernels(inThread().kernels.runtime);
  for (const n of [1, 2, 7, 64, 1000, 2000, 32_768, 129_600]) assert.equal(emdScratchBytes(n), k.scratchBytes(n), `n=${n}`);
});

test('the kernels\' numpy sums: np.std and np.sum(np.abs) in pairwise order', () => {
  const { kernels } = inThread();
  const k = emdKernels(kernels.runtime);
  const arena = kernels.arena;
  const mark = arena.mark();
  try {
    // Values where pairwise and sequential summation differ in the last bits.
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 3));
    const off = arena.putF64(x);
    // numpy 1.24: np.std(x) = 4.257..., np.sum(np.abs(x)) computed with the same recursion in TS.
    const pw = (a: Float64Array): number => {
      const rec = (o: number, m: number): number => {
        if (m < 8) { let s = -0; for (let i = 0; i < m; i++) s += a[o + i]!; return s; }
        if (m <= 128) {
          const r = Array.from({ length: 8 }, (_, j) => a[o + j]!);
          let i = 8;
          for (; i < m - (m % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[o + i + j]!;
          let s = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
          for (; i < m; i++) s += a[o + i]!;
          return s;
        }
        let n2 = m >> 1; n2 -= n2 % 8;
        return rec(o, n2) + rec(o + n2, m - n2);
      };
      return rec(0, a.length);
    };
    assert.equal(k.sumAbs(off, x.length), pw(x.map(Math.abs)));
    const mean = pw(x) / x.length;
    assert.equal(k.std(off, x.length), Math.sqrt(pw(x.map((v) => (v - mean) ** 2)) / x.length));
  } finally {
    arena.release(mark);
  }
});

test('extrema follow PyEMD\'s simple rules, flat-run quirks included', () => {
  const { kernels } = inThread();
  const k = emdKernels(kernels.runtime);
  const arena = kernels.arena;
  // Worked by hand from PyEMD 1.10.2 EMD._find_extrema_simple (d = diff(x)):
  const cases: [number[], number[], number[], number][] = [
    // plateaus 3..6 (max, middle 4.5 -> 4 half to even) and 9..10 (min, 9.5 -> 10)
    [[0, 1, 2, 5, 5, 5, 5, 3, 1, -2, -2, 0, 4, 1, 3, 0, 2, -1, 1, 0, 3, 2, 4, 1], [4, 12, 14, 16, 18, 20, 22], [10, 13, 15, 17, 19, 21], 7],
    // a run starting at d-index 1 is dropped (PyEMD's 1-based test), so the plateau at 1..2 is no maximum
    [[0, 1, 1, 0, 2, 0, 1], [4], [3, 5], 3],
    // a run starting at 0 reads d[-1] (the LAST slope, 4 > 0) and the next slope (-1 < 0): maximum at round(0.5) = 0
    [[2, 2, 1, 3, 0, 4], [0, 3], [2, 4], 1],
    // a run reaching the end is dropped
    [[0, 2, 1, 3, 3], [1], [2], 1],
    // zeros: one sign change plus two runs of zeros
    [[1, 0, 0, -1, 2, 0, 1], [4], [3, 5], 3],
    [[3, 3, 3, 1, 1, 4, 4, 4, 2, 5, 5], [6], [4, 8], 0],
  ];
  const mark = arena.mark();
  try {
    const scratch = arena.alloc(k.scratchBytes(64));
    const out = arena.alloc(4 * 80);
    for (const [x, maxima, minima, zc] of cases) {
      const off = arena.putF64(Float64Array.from(x));
      assert.deepEqual(k.findExtrema(off, x.length, out, scratch), { maxima, minima, zeroCrossings: zc }, JSON.stringify(x));
    }
  } finally {
    arena.release(mark);
  }
});
