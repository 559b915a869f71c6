/**
 * The worker-team scheduler (src/emd/team-op.ts) against the task scheduler: the same bytes for
 * every case and worker count, late-joining team members, abort and failure release every worker
 * and the arena.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ceemdan } from '../../src/emd/ceemdan.js';
import { CFG_BYTES, ceemdanSettings, emdSettings, writeCfg, type CeemdanSettings } from '../../src/emd/settings.js';
import { EMD_ROWS_OP } from '../../src/emd/ops.js';
import { CgqError } from '../../src/errors.js';
import { bytesOf, closeEngines, poolEngine, reconstructionError, seriesPrefix, type EmdEngine } from './emd-helpers.js';

const engines: EmdEngine[] = [];
let one: EmdEngine;
let two: EmdEngine;
before(() => {
  one = poolEngine(engines, 1, 4000);
  two = poolEngine(engines, 2, 4000);
});
after(() => closeEngines(engines));

async function both(e: EmdEngine, x: Float64Array, settings: CeemdanSettings) {
  const team = await ceemdan(e.exec, e.local, [x], { settings, scheduler: 'team' });
  const tasks = await ceemdan(e.exec, e.local, [x], { settings, scheduler: 'tasks' });
  return { team, tasks };
}

test('a worker team gives the task scheduler\'s bytes for 1 and 2 workers (PyEMD and S-number rules, max_imf, exhausted noise, tiny series)', async (t) => {
  const x = seriesPrefix(t, 2000);
  if (!x) return;
  const cases: [string, Float64Array, CeemdanSettings][] = [
    ['n=2000 t20', x, ceemdanSettings({ trials: 20 })],
    ['n=2000 t7 s-number', x, ceemdanSettings({ trials: 7, seed: 3, emd: { stop: 's-number', sNumber: 4, maxSiftings: 50 } })],
    ['n=2000 t8 max_imf 3', x, ceemdanSettings({ trials: 8, maxImf: 3 })],
    // Noise EMDs of 60 samples run out of rows before CEEMDAN ends: trials go on without noise.
    ['n=60 t5', x.slice(0, 60), ceemdanSettings({ trials: 5, seed: 11 })],
    ['n=2 t3', Float64Array.from([1, 2]), ceemdanSettings({ trials: 3 })],
    // Flat but for one step (a constant series has no run at all: ceemdan-degenerate.test.ts).
    ['step n=300', Float64Array.from({ length: 300 }, (_, i) => (i < 150 ? 4.5 : 4.75)), ceemdanSettings({ trials: 4 })],
  ];
  for (const [name, series, settings] of cases) {
    const ref = await ceemdan(one.exec, one.local, [series], { settings, scheduler: 'tasks' });
    const want = bytesOf(ref.results[0]!.rows);
    for (const e of [one, two]) {
      const r = await both(e, series, settings);
      assert.ok(bytesOf(r.team.results[0]!.rows).equals(want), `${name}, ${e.exec.workers} worker(s): team bytes`);
      assert.ok(bytesOf(r.tasks.results[0]!.rows).equals(want), `${name}, ${e.exec.workers} worker(s): task bytes`);
      assert.equal(r.team.results[0]!.stats.components, ref.results[0]!.stats.components, `${name}: components`);
      assert.equal(r.team.run.noiseSifts, ref.run.noiseSifts, `${name}: noise siftings of the stages used`);
      assert.equal(r.team.run.tasks, e.exec.workers, `${name}: one team task per worker`);
    }
    assert.ok(reconstructionError(ref.results[0]!.rows, series) <= 1e-9, `${name}: reconstructs`);
  }
});

test('auto picks a team for one series on a pool, tasks for a cohort; a forced team for a cohort is a usage error', async (t) => {
  const x = seriesPrefix(t, 1000);
  if (!x) return;
  const settings = ceemdanSettings({ trials: 4 });
  const auto = await ceemdan(two.exec, two.local, [x], { settings });
  assert.equal(auto.run.tasks, 2, 'a team of 2 (one task per worker)');
  const cohort = await ceemdan(two.exec, two.local, [x, x], { settings });
  assert.ok(cohort.run.tasks > 2, 'a cohort is scheduled as tasks');
  assert.ok(bytesOf(cohort.results[1]!.rows).equals(bytesOf(auto.results[0]!.rows)));
  await assert.rejects(ceemdan(two.exec, two.local, [x, x], { settings, scheduler: 'team' }), (e: unknown) => e instanceof CgqError && e.code === 'USAGE' && /one series/.test(e.message));
  // Over the slot budget: tasks.
  const small = await ceemdan(two.exec, two.local, [x], { settings, slotBudgetBytes: 1024 });
  assert.ok(small.run.tasks > 2);
  assert.ok(bytesOf(small.results[0]!.rows).equals(bytesOf(auto.results[0]!.rows)));
});

test('a team member queued behind other work joins late (or finds the run over); the bytes are the solo bytes', async (t) => {
  const x = seriesPrefix(t, 4000);
  if (!x) return;
  const series = x.slice(0, 1500);
  const settings = ceemdanSettings({ trials: 10, seed: 5 });
  const solo = await ceemdan(one.exec, one.local, [series], { settings, scheduler: 'tasks' });
  // One worker is busy with a full EMD of 4,000 samples when the team's two tasks are posted.
  const mark = two.arena.mark();
  const xOff = two.arena.putF64(x);
  const out = two.arena.allocF64(40 * 4000);
  const cfg = two.arena.alloc(CFG_BYTES);
  writeCfg(two.arena.memory, cfg, emdSettings());
  const blocker = two.pool.run({ op: EMD_ROWS_OP, key: 'blocker', x: xOff, n: 4000, maxImf: -1, cfg, out, maxRows: 40 });
  const r = await ceemdan(two.exec, two.local, [series], { settings, scheduler: 'team' });
  const b = await blocker;
  assert.ok((b.data as { rows: number }).rows > 3, 'the blocking EMD ran');
  assert.ok(bytesOf(r.results[0]!.rows).equals(bytesOf(solo.results[0]!.rows)));
  assert.equal(r.run.tasks, 2);
  two.arena.release(mark);
});

test('an abort ends a team run as INTERRUPTED, releases its arena, and the pool runs the next series', async (t) => {
  const x = seriesPrefix(t, 4000);
  if (!x) return;
  const settings = ceemdanSettings({ trials: 40 });
  const mark = two.arena.mark();
  const ac = new AbortController();
  const started = performance.now();
  setTimeout(() => ac.abort(), 30);
  await assert.rejects(ceemdan(two.exec, two.local, [x], { settings, signal: ac.signal, scheduler: 'team' }), (e: unknown) => e instanceof CgqError && e.code === 'INTERRUPTED');
  t.diagnostic(`aborted after ${(performance.now() - started).toFixed(0)} ms`);
  assert.equal(two.arena.mark(), mark, 'arena released');
  const small = x.slice(0, 500);
  const s2 = ceemdanSettings({ trials: 4 });
  const after = await ceemdan(two.exec, two.local, [small], { settings: s2, scheduler: 'team' });
  const ref = await ceemdan(one.exec, one.local, [small], { settings: s2, scheduler: 'tasks' });
  assert.ok(bytesOf(after.results[0]!.rows).equals(bytesOf(ref.results[0]!.rows)));
});

test('a failing team ends the run with the worker\'s error and leaves the pool usable', async (t) => {
  const x = seriesPrefix(t, 2000);
  if (!x) return;
  // Workers with scratch for 1,000 samples cannot decompose 2,000: the members throw.
  const tiny = poolEngine(engines, 2, 1000);
  const settings = ceemdanSettings({ trials: 4 });
  const mark = tiny.arena.mark();
  await assert.rejects(ceemdan(tiny.exec, tiny.local, [x], { settings, scheduler: 'team' }), (e: unknown) => e instanceof CgqError && /2000 samples needs .* worker scratch/.test(e.message));
  assert.equal(tiny.arena.mark(), mark, 'arena released');
  const ok = await ceemdan(tiny.exec, tiny.local, [x.slice(0, 800)], { settings, scheduler: 'team' });
  const ref = await ceemdan(one.exec, one.local, [x.slice(0, 800)], { settings, scheduler: 'tasks' });
  assert.ok(bytesOf(ok.results[0]!.rows).equals(bytesOf(ref.results[0]!.rows)));
});
