/**
 * CEEMDAN on series it cannot normalise (src/emd/ceemdan.ts, ceemdan-stage.ts checkedScale): a
 * constant series has no components and is its own residue, alone or within a cohort (the other
 * series' bytes unchanged); a series whose std underflows to 0 or overflows is refused with
 * INPUT_RANGE by both schedulers, where PyEMD would return NaN.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ceemdan } from '../../src/emd/ceemdan.js';
import { ceemdanSettings } from '../../src/emd/settings.js';
import { CgqError } from '../../src/errors.js';
import { bytesOf, closeEngines, poolEngine, twoTones, type EmdEngine } from './emd-helpers.js';

const N = 400;
const settings = ceemdanSettings({ trials: 4, seed: 3 });
const engines: EmdEngine[] = [];
let two: EmdEngine;
before(() => {
  two = poolEngine(engines, 2, N);
});
after(async () => {
  await closeEngines(engines);
});

test('a constant series: no components, the series as residue; in a cohort the others are unchanged', async () => {
  for (const level of [0.1, 3.5, -0, 1e300]) {
    const c = new Float64Array(N).fill(level);
    const r = await ceemdan(two.exec, two.local, [c], { settings });
    assert.equal(r.results.length, 1);
    assert.equal(r.results[0]!.rows.length, 1, `level ${level}: the residue only`);
    assert.ok(bytesOf(r.results[0]!.rows).equals(bytesOf([c])), `level ${level}: residue is the series`);
    assert.deepEqual(r.results[0]!.stats, { components: 0, stages: 0, sifts: 0 });
    assert.equal(r.run.noiseSifts, 0, 'no run for constant series alone');
  }
  const x = twoTones(N);
  const y = twoTones(N).map((v, i) => v * 2 + Math.sin(i / 3));
  const c = new Float64Array(N).fill(0.1);
  const pair = await ceemdan(two.exec, two.local, [x, y], { settings, keys: ['x', 'y'] });
  const trio = await ceemdan(two.exec, two.local, [x, c, y], { settings, keys: ['x', 'c', 'y'] });
  assert.ok(pair.results[0]!.rows.length > 2);
  assert.ok(bytesOf(trio.results[0]!.rows).equals(bytesOf(pair.results[0]!.rows)), 'x unchanged');
  assert.ok(bytesOf(trio.results[2]!.rows).equals(bytesOf(pair.results[1]!.rows)), 'y unchanged');
  assert.ok(bytesOf(trio.results[1]!.rows).equals(bytesOf([c])), 'c is its own residue');
  assert.equal(trio.run.noiseSifts, pair.run.noiseSifts, 'the run is the pair\'s');
});

test('a std that underflows or overflows is INPUT_RANGE on both schedulers', async () => {
  const base = twoTones(N);
  for (const [factor, what] of [[1e-300, /underflows to 0/], [1e300, /is Infinity/]] as const) {
    const x = base.map((v) => v * factor);
    for (const scheduler of ['team', 'tasks'] as const) {
      await assert.rejects(
        ceemdan(two.exec, two.local, [x], { settings, scheduler, keys: ['scaled'] }),
        (e: unknown) => e instanceof CgqError && e.code === 'INPUT_RANGE' && /series scaled: its standard deviation/.test(e.message) && what.test(e.message),
        `factor ${factor}, ${scheduler}`,
      );
    }
  }
});
