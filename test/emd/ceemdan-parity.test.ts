/**
 * CEEMDAN against PyEMD 1.10.2 (`CEEMDAN(trials=20, parallel=False, seed=1337).ceemdan(x[:2000])`,
 * ../shared/fixtures/pyemd_ceemdan_t20_s1337_n2000.*) through the engine pool, and the properties
 * the design promises: identical bytes for every --n-jobs, series decomposed together equal
 * series decomposed alone, reconstruction, PyEMD's recorded row count for 100 trials.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ceemdan } from '../../src/emd/ceemdan.js';
import { ceemdanSettings } from '../../src/emd/settings.js';
import { CgqError } from '../../src/errors.js';
import { CEEMDAN_T20_N2000, bytesOf, closeEngines, fixtureRows, poolEngine, type EmdEngine, maxAbsDiff, reconstructionError, seriesPrefix, stdOf } from './emd-helpers.js';

const engines: EmdEngine[] = [];
const engine = (nJobs: number) => poolEngine(engines, nJobs, 8000);

let one: EmdEngine;
let two: EmdEngine;
before(() => {
  one = engine(1);
  two = engine(2);
});
after(() => closeEngines(engines));

test('CEEMDAN t20 seed 1337 on x[:2000] matches PyEMD (rows, 1e-6·std; observed bit for bit), same bytes for --n-jobs 1 and 2', async (t) => {
  const x = seriesPrefix(t, 2000);
  const want = fixtureRows(t, CEEMDAN_T20_N2000, 2000);
  if (!x || !want) return;
  const settings = ceemdanSettings({ trials: 20, seed: 1337 });
  const a = await ceemdan(one.exec, one.local, [x], { settings });
  const b = await ceemdan(two.exec, two.local, [x], { settings });
  const rows = a.results[0]!.rows;
  assert.equal(rows.length, want.length, 'row count');
  const tol = 1e-6 * stdOf(x);
  let worst = 0;
  rows.forEach((row, k) => {
    const d = maxAbsDiff(row, want[k]!);
    worst = Math.max(worst, d);
    assert.ok(d <= tol, `row ${k}: max |diff| ${d} > ${tol}`);
  });
  t.diagnostic(`max |cgq − PyEMD| over all rows: ${worst}`);
  assert.ok(reconstructionError(rows, x) <= 1e-9, 'IMFs + residue = input within 1e-9 relative');
  assert.ok(bytesOf(rows).equals(bytesOf(b.results[0]!.rows)), '--n-jobs 1 and 2 give identical bytes');
});

test('CEEMDAN t100 on x[:2000] gives PyEMD\'s 8 rows (perf_anchors_emd.md) and reconstructs', async (t) => {
  const x = seriesPrefix(t, 2000);
  if (!x) return;
  const r = await ceemdan(two.exec, two.local, [x], { settings: ceemdanSettings({ trials: 100 }) });
  assert.equal(r.results[0]!.rows.length, 8);
  assert.ok(reconstructionError(r.results[0]!.rows, x) <= 1e-9);
});

test('series decomposed together (one noise bank) equal each series decomposed alone', async (t) => {
  const x = seriesPrefix(t, 3000);
  if (!x) return;
  const a = x.slice(0, 1500);
  const b = x.slice(1500).map((v, i) => v + 0.002 * Math.sin(i / 7));
  const settings = ceemdanSettings({ trials: 6, seed: 7 });
  const both = await ceemdan(two.exec, two.local, [a, b], { settings, keys: ['a', 'b'] });
  const soloA = await ceemdan(two.exec, two.local, [a], { settings });
  const soloB = await ceemdan(one.exec, one.local, [b], { settings });
  assert.ok(bytesOf(both.results[0]!.rows).equals(bytesOf(soloA.results[0]!.rows)), 'series a');
  assert.ok(bytesOf(both.results[1]!.rows).equals(bytesOf(soloB.results[0]!.rows)), 'series b');
  assert.ok(both.run.noiseSifts > 0 && both.run.noiseSifts === soloA.run.noiseSifts, 'the noise EMDs run once for both series');
});

test('max_imf caps the components; a constant series decomposes (std 0 -> scale 1)', async (t) => {
  const x = seriesPrefix(t, 2000);
  if (!x) return;
  const capped = await ceemdan(two.exec, two.local, [x], { settings: ceemdanSettings({ trials: 8, maxImf: 3 }) });
  assert.equal(capped.results[0]!.rows.length, 4);
  assert.ok(reconstructionError(capped.results[0]!.rows, x) <= 1e-9);
  const c = new Float64Array(300).fill(4.5);
  const r = await ceemdan(two.exec, two.local, [c], { settings: ceemdanSettings({ trials: 4 }) });
  assert.ok(r.results[0]!.rows.length >= 1);
  assert.ok(reconstructionError(r.results[0]!.rows, c) <= 1e-9);
});

test('non-finite input and mismatched lengths are typed errors', async () => {
  const settings = ceemdanSettings({ trials: 2 });
  await assert.rejects(ceemdan(two.exec, two.local, [Float64Array.from([1, 2, Infinity, 3])], { settings, keys: ['BTC'] }), (e: unknown) => e instanceof CgqError && e.code === 'INPUT_NONFINITE' && /BTC.*index 2/.test(e.message));
  await assert.rejects(ceemdan(two.exec, two.local, [new Float64Array(10), new Float64Array(11)], { settings }), (e: unknown) => e instanceof CgqError && e.code === 'USAGE');
  await assert.rejects(ceemdan(two.exec, two.local, [Float64Array.from([3])], { settings }), (e: unknown) => e instanceof CgqError && e.code === 'USAGE' && /at least 2/.test(e.message));
  // Two samples is the shortest series CEEMDAN decomposes.
  const r = await ceemdan(two.exec, two.local, [Float64Array.from([1, 2])], { settings });
  assert.ok(reconstructionError(r.results[0]!.rows, Float64Array.from([1, 2])) <= 1e-9);
  assert.throws(() => ceemdanSettings({ trials: 0 }), /--trials/);
  assert.throws(() => ceemdanSettings({ emd: { stop: 's-number', sNumber: 0, maxSiftings: 0 } }), /never stop/);
});
