/**
 * emdMany: several series at once on the pool, one task per series. Each result is the bytes of
 * the series' own emd call whatever the worker count, in input order; onDone reports every
 * series; bad input is refused before any work, naming the series. With `hilbert`, the workers'
 * attributes equal the calling thread's imfHilbert of the same IMFs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { emd, emdMany, type EmdResult } from '../../src/emd/emd.js';
import { imfHilbert } from '../../src/emd/hilbert.js';
import { emdSettings } from '../../src/emd/settings.js';
import { CgqError } from '../../src/errors.js';
import { bytesOf, closeEngines, poolEngine, twoTones, type EmdEngine } from './emd-helpers.js';

const engines: EmdEngine[] = [];
let one: EmdEngine;
let two: EmdEngine;
before(() => {
  one = poolEngine(engines, 1, 3000);
  two = poolEngine(engines, 2, 3000);
});
after(() => closeEngines(engines));

// Different lengths and shapes: the worker slots are sized for the longest.
const series = [
  twoTones(3000),
  twoTones(1500).map((v, i) => v + 0.001 * i),
  twoTones(2200).map((v, i) => v * (1 + 0.5 * Math.sin(i / 300))),
  twoTones(800),
];
const settings = emdSettings();

async function alone(maxImf: number): Promise<EmdResult[]> {
  const out: EmdResult[] = [];
  for (const x of series) out.push(await emd(one.exec, one.local, x, settings, maxImf));
  return out;
}

function assertSame(got: EmdResult[], want: EmdResult[], what: string): void {
  assert.equal(got.length, want.length);
  got.forEach((r, i) => {
    assert.equal(r.imfs, want[i]!.imfs, `${what}: series ${i} IMFs`);
    assert.equal(r.sifts, want[i]!.sifts, `${what}: series ${i} siftings`);
    assert.ok(bytesOf(r.rows).equals(bytesOf(want[i]!.rows)), `${what}: series ${i} bytes`);
  });
}

test('emdMany: every series equals its own emd call, on one worker and on two, in input order', async () => {
  const want = await alone(-1);
  assert.ok(want.every((r) => r.imfs >= 3), 'the series decompose into several IMFs');
  for (const [name, e] of [['1 worker', one], ['2 workers', two]] as const) {
    const done: number[] = [];
    const got = await emdMany(e.exec, e.local, series, settings, { onDone: (i) => void done.push(i) });
    assertSame(got, want, name);
    assert.deepEqual([...done].sort(), [0, 1, 2, 3], `${name}: onDone once per series`);
  }
  assertSame(await emdMany(two.exec, two.local, [series[2]!], settings), [want[2]!], 'one series');
  assert.deepEqual(await emdMany(two.exec, two.local, [], settings), []);
});

test('emdMany: --max-imf applies to every series', async () => {
  const want = await alone(2);
  assert.ok(want.every((r) => r.imfs === 2));
  assertSame(await emdMany(two.exec, two.local, series, settings, { maxImf: 2 }), want, 'maxImf 2');
});

test('emdMany: a non-finite value or a bad --max-imf is refused before any work, naming the series', async () => {
  const bad = series.map((x) => x.slice());
  bad[2]![17] = Number.NaN;
  await assert.rejects(
    emdMany(two.exec, two.local, bad, settings, { keys: ['a', 'b', 'c', 'd'] }),
    (e: unknown) => e instanceof CgqError && e.code === 'INPUT_NONFINITE' && /^c: non-finite value \(NaN\) at index 17$/.test(e.message),
  );
  await assert.rejects(emdMany(two.exec, two.local, series, settings, { maxImf: 0 }), (e: unknown) => e instanceof CgqError && e.code === 'USAGE');
  // Nothing was left holding the arena: the next call runs.
  assert.equal((await emdMany(two.exec, two.local, series.slice(0, 2), settings)).length, 2);
});

test('emdMany with hilbert: the workers\' attributes are the bytes of imfHilbert on the calling thread, rows unchanged', async () => {
  const want = await alone(-1);
  for (const [name, e] of [['1 worker', one], ['2 workers', two]] as const) {
    const got = await emdMany(e.exec, e.local, series, settings, { hilbert: true });
    assertSame(got, want, name);
    got.forEach((r, i) => {
      const h = imfHilbert(r.rows.slice(0, r.imfs));
      assert.ok(r.hilbert, `${name}: series ${i} has attributes`);
      for (const f of ['amplitude', 'phase', 'frequency'] as const) {
        assert.equal(r.hilbert[f].length, r.imfs);
        assert.ok(bytesOf(r.hilbert[f]).equals(bytesOf(h[f])), `${name}: series ${i} ${f}`);
      }
      assert.ok(bytesOf([r.hilbert.period]).equals(bytesOf([h.period])), `${name}: series ${i} periods`);
    });
  }
  // Without the option there are none.
  assert.equal((await emdMany(two.exec, two.local, [series[3]!], settings))[0]!.hilbert, undefined);
});
