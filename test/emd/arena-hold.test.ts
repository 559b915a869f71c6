/**
 * One decomposition at a time per arena: the arena's marks are a stack, so a second EMD/CEEMDAN
 * started while one awaits its pool tasks is refused (USAGE) instead of freeing the first one's
 * memory under it. Synchronous kernels may still run meanwhile.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ceemdan } from '../../src/emd/ceemdan.js';
import { emd } from '../../src/emd/emd.js';
import { analyticSignal } from '../../src/emd/hilbert.js';
import { ceemdanSettings, emdSettings } from '../../src/emd/settings.js';
import { CgqError } from '../../src/errors.js';
import { bytesOf, closeEngines, poolEngine, twoTones, type EmdEngine } from './emd-helpers.js';

const engines: EmdEngine[] = [];
let e: EmdEngine;
before(() => {
  e = poolEngine(engines, 2, 2000);
});
after(() => closeEngines(engines));

const inUse = (what: RegExp) => (err: unknown) => err instanceof CgqError && err.code === 'USAGE' && /the arena is in use by/.test(err.message) && what.test(err.message);

for (const scheduler of ['team', 'tasks'] as const) {
  test(`a second decomposition during a CEEMDAN (${scheduler}) is refused; the first one's bytes and the arena are unharmed`, async () => {
    const x = twoTones(1500);
    const settings = ceemdanSettings({ trials: 6 });
    const solo = await ceemdan(e.exec, e.local, [x], { settings, scheduler });
    const top = e.arena.mark();
    const first = ceemdan(e.exec, e.local, [x], { settings, scheduler, keys: ['first'] });
    await assert.rejects(ceemdan(e.exec, e.local, [twoTones(900)], { settings, scheduler }), inUse(/ceemdan of first/));
    await assert.rejects(emd(e.exec, e.local, x, emdSettings()), inUse(/ceemdan of first/));
    // A synchronous kernel job (mark … release with no await) runs fine meanwhile.
    const a = analyticSignal(x.slice(0, 256), e.local);
    assert.equal(a.amplitude.length, 256);
    const out = await first;
    assert.ok(bytesOf(out.results[0]!.rows).equals(bytesOf(solo.results[0]!.rows)));
    assert.equal(e.arena.mark(), top, 'the arena is back at its mark');
    // Free again once the first one ended.
    const again = await ceemdan(e.exec, e.local, [x], { settings, scheduler });
    assert.ok(bytesOf(again.results[0]!.rows).equals(bytesOf(solo.results[0]!.rows)));
  });
}

test('a CEEMDAN during an EMD is refused; an interrupted run frees the arena for the next one', async () => {
  const x = twoTones(1800);
  const running = emd(e.exec, e.local, x, emdSettings(), -1, 'x.f64');
  await assert.rejects(ceemdan(e.exec, e.local, [x], { settings: ceemdanSettings({ trials: 4 }) }), inUse(/emd of x\.f64/));
  const rows = (await running).rows;
  assert.ok(rows.length >= 2);
  const top = e.arena.mark();
  const ac = new AbortController();
  const aborted = ceemdan(e.exec, e.local, [x], { settings: ceemdanSettings({ trials: 8 }), scheduler: 'tasks', signal: ac.signal });
  ac.abort();
  await assert.rejects(aborted, (err: unknown) => err instanceof CgqError && err.code === 'INTERRUPTED');
  assert.equal(e.arena.mark(), top);
  const after = await emd(e.exec, e.local, x, emdSettings());
  assert.ok(bytesOf(after.rows).equals(bytesOf(rows)));
});
